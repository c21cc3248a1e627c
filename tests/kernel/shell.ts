/**
 * A real interactive bash on a pseudo-terminal, driven one line at a time. A terminal matters:
 * bash prints job notices ("[1]+  Bus error  (core dumped) ./server") and "Bus error" for a
 * foreground job only when it is interactive with job control, which needs a controlling tty
 * (bash(1), JOB CONTROL). util-linux `script` provides the pty, so no native module is needed.
 *
 * The prompt is a marker that carries `$?`; each line is sent only after the previous prompt,
 * so output is attributed to the line that produced it, as a reader would see it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const MARKER = /@@PROMPT@@(\d+)@@\r?\n/;

/** What one line printed, and the status bash had afterwards. */
export interface LineResult {
	output: string;
	status: number;
	timedOut: boolean;
}

/** One interactive bash session. */
export class RealShell {
	#child: ChildProcess;
	#buffer = '';
	#waiters: Array<() => void> = [];
	#pidFile: string;
	#sid = NaN;
	#exited = false;

	private constructor(child: ChildProcess, pidFile: string) {
		this.#child = child;
		this.#pidFile = pidFile;
		const take = (chunk: Buffer) => {
			this.#buffer += chunk.toString('utf8');
			for (const wake of this.#waiters.splice(0)) wake();
		};
		child.stdout?.on('data', take);
		child.stderr?.on('data', take);
		child.on('exit', () => {
			this.#exited = true;
			for (const wake of this.#waiters.splice(0)) wake();
		});
	}

	/**
	 * Starts bash in `cwd` with `env`; `rcLines` run before the first prompt (their output is
	 * dropped).
	 */
	static async start(options: {
		dir: string;
		cwd: string;
		env: NodeJS.ProcessEnv;
		rcLines: string[];
	}): Promise<RealShell> {
		const rc = `${options.dir}/bashrc`;
		const pidFile = `${options.dir}/bash.pid`;
		writeFileSync(
			rc,
			[
				// No echo of typed lines: the transcript shows each line once, from the scenario.
				'stty -echo',
				'set +H',
				`echo $$ > '${pidFile}'`,
				`cd '${options.cwd}'`,
				...options.rcLines,
				"PS1='@@PROMPT@@$?@@\\n'",
				"PS2=''",
			].join('\n') + '\n',
		);
		const child = spawn(
			'script',
			['-qfec', `bash --noprofile --rcfile '${rc}' --noediting -i`, '/dev/null'],
			{ env: { ...options.env, TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'], detached: true },
		);
		const shell = new RealShell(child, pidFile);
		const first = await shell.#untilPrompt(20_000);
		if (first.timedOut) {
			shell.kill();
			throw new Error(`bash did not start: ${first.output}`);
		}
		// script may start bash through `sh -c`, so bash need not lead the session; ask the kernel.
		shell.#sid = sessionOf(Number(readFileSync(pidFile, 'utf8').trim()));
		return shell;
	}

	/** Sends one line and returns what it printed before the next prompt. */
	async run(line: string, timeoutMs = 30_000): Promise<LineResult> {
		this.#child.stdin?.write(line + '\n');
		const result = await this.#untilPrompt(timeoutMs);
		// A program may print just after bash showed the prompt (e.g. a daemon reacting to a
		// signal that `kill` only queued); that output belongs to this line too.
		await new Promise((r) => setTimeout(r, 150));
		const late = this.#buffer;
		this.#buffer = '';
		return { ...result, output: clean(result.output + late) };
	}

	async #untilPrompt(timeoutMs: number): Promise<LineResult> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const m = MARKER.exec(this.#buffer);
			if (m) {
				const output = this.#buffer.slice(0, m.index);
				this.#buffer = this.#buffer.slice(m.index + m[0].length);
				return { output: clean(output), status: Number(m[1]), timedOut: false };
			}
			const left = deadline - Date.now();
			if (left <= 0 || this.#exited) {
				const output = this.#buffer;
				this.#buffer = '';
				return { output: clean(output), status: -1, timedOut: true };
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.#waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	/**
	 * Kills everything the session started: bash put background jobs in process groups of their
	 * own, so killing script's group is not enough; every process in bash's session goes.
	 */
	kill(): void {
		let sid = this.#sid;
		if (!Number.isInteger(sid)) {
			try {
				sid = sessionOf(Number(readFileSync(this.#pidFile, 'utf8').trim()));
			} catch {
				// bash never wrote its pid: only script's own group is left to kill.
			}
		}
		if (Number.isInteger(sid) && sid > 1) {
			for (const pid of sessionMembers(sid)) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
		}
		if (this.#child.pid !== undefined && !this.#exited) {
			try {
				process.kill(-this.#child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
	}

	/** Resolves when script has exited (after kill()). */
	async closed(timeoutMs = 5_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!this.#exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	}
}

/** The session id of a process (field 6 of /proc/PID/stat, proc(5)), or NaN if it is gone. */
export function sessionOf(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name may contain spaces and parentheses; fields resume after the last ')'.
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
	} catch {
		return NaN;
	}
}

/** Pids in session `sid`. */
export function sessionMembers(sid: number): number[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number)
		.filter((pid) => sessionOf(pid) === sid);
}

/** Terminal line ends to `\n`, without the carriage returns a pty adds. */
function clean(text: string): string {
	return text.replace(/\r\n/g, '\n').replace(/\r/g, '');
}
