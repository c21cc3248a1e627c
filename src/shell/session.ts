/**
 * The interpreter: one ShellSession is one terminal. It keeps a stack of shells (the login
 * shell, then one per `ssh HOST`), runs parsed command lines against the kernel, prints job
 * notices at the moments interactive bash 5.2 prints them, and collects everything the terminal
 * would show.
 */
import type {
	Errno,
	ExitStatus,
	Host,
	KernelEvent,
	SignalName,
	Subscription,
	SysResult,
	World,
} from '../kernel';
import { signalName } from './signals';
import {
	errnoTable,
	O_APPEND,
	O_CREAT,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	parseInterval,
	utf8Encode,
} from '../kernel';
import { builtinNames, lookup } from './commands/index';
import { debianPackageOf, toolVersion } from './commands/deferred';
import { absPath, errText, interruptNote, LoopControl, Runaway, setVar, ToolExit } from './context';
import { ArithError, expansionMessage } from './arith';
import type { CommandContext, ShellState, Sink, TraceOptions } from './context';
import { expandString, expandWords } from './expand';
import type { ExpandContext } from './expand';
import { exitStatus, foregroundNotice, JobTable } from './jobs';
import type { Job, ProcStatus } from './jobs';
import { LineEditor } from './line-editor';
import { commandText, isCompound, parse, ShellSyntaxError, syntaxMessage } from './parser';
import type {
	AndOrList,
	CompoundCommand,
	ListItem,
	Pipeline,
	Redirect,
	SimpleCommand,
} from './parser';
import { completeLine } from './complete';
import { CommandHash, searchPath } from './lookup';
import { binaryToBytes, ByteBuffer, FileInput } from './bytes';
import { bytesToBinary, decodeUtf8, procKind, procList, procWrite } from './proc';

/** Options for createSession. */
export interface SessionOptions {
	/** The host the terminal logs in to (default `app`). */
	host?: string;
	/** The starting directory (default `/root`). */
	cwd?: string;
}

/** The PATH every shell searches, as on Debian for root. */
export const PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Callbacks around each line a session runs (see ShellSession.onLine). */
export interface LineListener {
	before?(line: string): void;
	after?(line: string, output: string): void;
}

/** Simulated time an external command takes, so that attribute caches and the daemon age. */
const COMMAND_MS = 10;
/** How long a foreground program may run before the simulation interrupts it with SIGINT. */
const FOREGROUND_LIMIT_MS = 10_000;
/**
 * Kernel calls one tool process may make, and bytes it may read, before the simulation takes it
 * to be endless (cat /dev/zero): enough for dd bs=4K over the largest file in the world (26 MiB
 * is 6,700 reads and as many writes) and for filling the 64 MiB tmpfs, small enough that a
 * browser tab never freezes.
 */
export const TOOL_CALL_LIMIT = 40_000;
export const TOOL_READ_LIMIT = 80 * 1024 * 1024;
/**
 * Reads from an endless device (/dev/zero) that a tool may make while writing into a pipe.
 * Pipe data is held in memory here, so the writer is stopped after 2 MiB rather than 80.
 */
export const DEVICE_PIPE_READS = 16;
/** What a pipe holds before its writer blocks (pipe(7): 16 pages since Linux 2.6.11). */
const PIPE_CAPACITY = 65536;
/** Rounds of a `while` loop before it counts as endless (its builtins take no simulated time). */
const LOOP_LIMIT = 10_000;
/** The note for a foreground program stopped at FOREGROUND_LIMIT_MS (see interruptNote). */
export const INTERRUPT_NOTE = interruptNote(FOREGROUND_LIMIT_MS);
/**
 * Terminal output kept per command line. A binary file sent to the terminal (`cat server`)
 * still makes every read, but only this much of the garbage is shown.
 */
const OUTPUT_LIMIT = 256 * 1024;

/** Thrown to unwind the interpreter when a shell runs `exit`. */
class ExitSignal {
	/** `after` is an error bash prints right after announcing the exit (`exit x`). */
	constructor(
		readonly code: number,
		readonly after = '',
	) {}
}

/**
 * Thrown to unwind the interpreter when the terminal's shell process was killed by a signal
 * (`kill -9 $$`): bash is gone, so nothing more of the line runs.
 */
class ShellKilled {
	constructor(readonly status: ExitStatus & { kind: 'signaled' }) {}
}

/**
 * Signals an interactive bash ignores (sig.c initialize_shell_signals and jobs.c
 * initialize_job_control: SIGTERM, SIGQUIT, and with job control SIGTSTP, SIGTTIN and SIGTTOU).
 * SIGINT is caught rather than ignored, which leaves the shell running too. Children get the
 * default dispositions back before they run anything (restore_original_signals).
 */
const INTERACTIVE_IGNORED: readonly SignalName[] = [
	'SIGTERM',
	'SIGQUIT',
	'SIGINT',
	'SIGTSTP',
	'SIGTTIN',
	'SIGTTOU',
];

/** The kernel events a terminal reads when nothing is traced. */
const SESSION_EVENTS: readonly KernelEvent['type'][] = ['console', 'exit'];

/** Converts a kernel exit status into the job table's form. */
function toProcStatus(s: ExitStatus): ProcStatus {
	return s.kind === 'exited'
		? { kind: 'exited', code: s.code }
		: { kind: 'signaled', signal: s.signo, core: s.core };
}

/** A command's redirections, opened by the shell (see ShellSession.#redirect). */
interface Redirection {
	/** Where fd 1 or 2 was redirected, or undefined when it is the caller's (see `from`). */
	sink(fd: number): Sink | undefined;
	/** The caller's fd that fd 1 or 2 copies (`2>&1` → 1); the fd itself when not redirected. */
	from(fd: number): number;
	stdin: ByteBuffer | null;
	/** fds 3 and up a child gets: the shell's fd to dup2 there, or null for one closed (`3>&-`). */
	childFds: ReadonlyMap<number, number | null>;
	/** Keeps an fd the redirections opened from being closed with them (`exec 3< file`). */
	release(fd: number): void;
	close(writer?: string): void;
}

/** What one fd of a command leads to while its redirections are applied. */
type FdEntry =
	/** The caller's fd 0, 1 or 2. */
	| { kind: 'inherit'; fd: number }
	/** A sink; `fd` is the shell's kernel fd behind it, if any. */
	| { kind: 'sink'; sink: Sink; fd?: number }
	/** Standard input read from a file. */
	| { kind: 'input'; data: ByteBuffer }
	| { kind: 'closed' };

/** The redirections of a command that has none. */
const NO_REDIRECTION: Redirection = Object.freeze({
	sink: (): Sink | undefined => undefined,
	from: (fd: number): number => fd,
	stdin: null,
	childFds: new Map<number, number | null>(),
	release: (): void => {},
	close: (): void => {},
});

/** A pipeline stage's process, forked before any stage runs (ShellSession.#forkStages). */
interface StageProcess {
	/** The shell that forked it. */
	owner: ShellState;
	pid: number;
	cmd: SimpleCommand | CompoundCommand;
	/** The pipe it writes into, or the terminal for the last stage. */
	out: Sink;
	/** Whether the stages form a job with a process group of their own. */
	group: boolean;
	/** A program's expanded words. */
	argv?: string[];
	/** A program's redirections, open until the stage has run. */
	streams?: { redir: Redirection; out: Sink; err: Sink };
	/** A redirection failed: the stage exits 1 without running. */
	failed?: boolean;
	/** What exec of the program gave. */
	spawned?: { ok: true; value: number } | { ok: false; errno: Errno };
}

/** Whether a path names a terminal: /dev/tty or a pseudo-terminal (/dev/pts/N). */
function isTerminalPath(path: string): boolean {
	return path === '/dev/tty' || path.startsWith('/dev/pts/');
}

/** The path a process's fd leads to, as /proc/PID/fd shows it, or undefined if not open. */
function fdPath(host: Host, pid: number, fd: number): string | undefined {
	return host.fdTable(pid).find((f) => f.fd === fd)?.path;
}

/** Whether a process's fd leads to a terminal (isatty(3)). */
function isTerminal(host: Host, pid: number, fd: number): boolean {
	const path = fdPath(host, pid, fd);
	return path !== undefined && isTerminalPath(path);
}

/** A terminal logged in to one host of a world. */

/**
 * The state of a shell forked from `sh` as process `pid`: variables are copied, and jobs and their
 * statuses belong to the parent, as after fork(2) in bash.
 */
function forkState(sh: ShellState, pid: number, interactive: boolean): ShellState {
	return {
		...sh,
		pid,
		vars: new Map(sh.vars),
		hash: sh.hash.fork(),
		jobs: new JobTable(),
		bgStatus: new Map(),
		interactive,
		// A new bash (bash -c, a script) is a shell of its own: its `$$` is its pid.
		dollarPid: pid,
	};
}

/**
 * A subshell (`( … )`, a pipeline stage, a background list): a fork of the same bash, where `$$`
 * still names the parent shell and only `$BASHPID` is the new process (bash(1) Special
 * Parameters).
 */
function subshellState(sh: ShellState, pid: number): ShellState {
	return { ...forkState(sh, pid, false), dollarPid: sh.dollarPid ?? sh.pid };
}

/** Tools that print their real --help text themselves. */
const OWN_HELP = new Set(['sed']);

/**
 * `TOOL --help` or `TOOL --version` as the whole command line, for a tool whose version text the
 * simulation has: every such tool answers them before anything else, including those that parse
 * their options by hand (ps, free, dd, md5sum). Returns the status, or null to run the tool.
 */
function standardOption(ctx: CommandContext): number | null {
	const [name, option, ...rest] = ctx.argv;
	if (rest.length > 0 || (option !== '--help' && option !== '--version')) return null;
	const tool = (name ?? '').split('/').pop() ?? '';
	if (option === '--help' && OWN_HELP.has(tool)) return null;
	const version = toolVersion(tool);
	if (version === null) return null;
	ctx.out(
		option === '--version'
			? version
			: `[simulation: the text of ${tool} --help is not reproduced here]\n`,
	);
	return 0;
}

/** The note for a program Debian 12 installs that the simulated hosts do not have. */
function notModelledNote(name: string, pkg: string): string {
	return `[simulation: ${name} is in Debian 12 (package ${pkg}), but this simulation does not model it]\n`;
}

export class ShellSession {
	readonly world: World;
	#stack: ShellState[] = [];
	#history: string[] = [];
	#output: string[] = [];
	/** Bytes of terminal output this line, and bytes dropped past OUTPUT_LIMIT. */
	#outputBytes = 0;
	#dropped = 0;
	/** Shell pids, per host, whose descendants write to this terminal. */
	#terminalPids = new Map<string, Set<number>>();
	/** Output of traced commands is interleaved by strace itself, so it is held back here. */
	#straceHookFn: ((event: KernelEvent) => void) | null = null;

	get #straceHook(): ((event: KernelEvent) => void) | null {
		return this.#straceHookFn;
	}

	/**
	 * strace reads every event of its tracees; otherwise the terminal needs only their output,
	 * and the exits that tell it one of its shells was killed.
	 */
	set #straceHook(hook: ((event: KernelEvent) => void) | null) {
		this.#straceHookFn = hook;
		this.#subscription.only(hook ? null : SESSION_EVENTS);
	}
	#editor: LineEditor;
	#loginHost: string;
	#loginCwd: string;
	#subscription: Subscription;

	constructor(world: World, options: SessionOptions = {}) {
		this.world = world;
		this.#loginHost = options.host ?? 'app';
		this.#loginCwd = options.cwd ?? '/root';
		this.#stack.push(this.#login(this.#loginHost, this.#loginCwd, true));
		this.#subscription = world.on((event) => this.#onEvent(event), SESSION_EVENTS);
		this.#editor = new LineEditor({
			prompt: () => this.prompt(),
			run: (line) => this.runLine(line),
			incomplete: (line) => this.#incomplete(line),
			complete: (line, cursor) => this.complete(line, cursor),
			history: () => this.#history,
		});
	}

	/** Stops listening to the world (the terminal was closed). */
	dispose(): void {
		this.#subscription.dispose();
	}

	/** The name of the host the terminal is on now (changes with `ssh HOST` and `exit`). */
	get host(): string {
		return this.#shell.host.name;
	}

	/** The current working directory of the current shell. */
	get cwd(): string {
		return this.#shell.cwd;
	}

	/** The bash process's pid on the current host. */
	get pid(): number {
		return this.#shell.pid;
	}

	/** Lines entered so far, oldest first. */
	get history(): readonly string[] {
		return this.#history;
	}

	get #shell(): ShellState {
		return this.#stack[this.#stack.length - 1] as ShellState;
	}

	/** PS1: `root@HOST:CWD# ` with `~` for /root. */
	prompt(): string {
		const cwd = this.#shell.cwd;
		const shown = cwd === '/root' ? '~' : cwd.startsWith('/root/') ? `~${cwd.slice(5)}` : cwd;
		return `root@${this.host}:${shown}# `;
	}

	/** Completion candidates for the word before `cursor` (commands or paths). */
	complete(line: string, cursor: number): { start: number; candidates: string[] } {
		return completeLine(line, cursor, {
			commands: () => this.#commandNames(),
			readdir: (dir) => this.#listDir(dir),
			isDir: (path) => {
				if (path === '/proc' || path.startsWith('/proc/'))
					return procKind(this.#shell.host, path, this.#shell.pid) === 'dir';
				const st = this.#shell.host.stat(this.#shell.pid, path);
				return st.ok && st.value.type === 'dir';
			},
			cwd: this.#shell.cwd,
			home: '/root',
		});
	}

	/** Feeds keystrokes from the terminal (xterm's onData). */
	write(data: string): void {
		this.#editor.write(data);
	}

	/** Subscribes to terminal output produced by write(); returns an unsubscribe function. */
	onOutput(cb: (data: string) => void): () => void {
		return this.#editor.onOutput(cb);
	}

	/** Shows the first prompt through onOutput (call once after subscribing). */
	start(): void {
		this.#editor.start();
	}

	/**
	 * Runs one command line as if typed at the prompt and returns exactly what the terminal shows
	 * after the line (output, errors and job notices), without the next prompt.
	 */
	runLine(line: string): string {
		for (const l of this.#lineListeners) l.before?.(line);
		const out = this.#runLine(line);
		for (const l of this.#lineListeners) l.after?.(line, out);
		return out;
	}

	/**
	 * Subscribes to every line the session runs, typed or passed to runLine: `before` just
	 * before it runs, `after` with its output. Returns an unsubscribe function.
	 */
	onLine(listener: LineListener): () => void {
		this.#lineListeners.push(listener);
		return () => {
			this.#lineListeners = this.#lineListeners.filter((l) => l !== listener);
		};
	}

	#lineListeners: LineListener[] = [];

	#runLine(typed: string): string {
		const line = this.#historyExpand(typed);
		if (line === null) {
			const out = this.#output.join('');
			this.#output = [];
			return out;
		}
		// bash shows a line that history expansion changed before running it.
		if (line !== typed) this.#print(`${line}\n`);
		if (line.trim() !== '') this.#history.push(historyLine(line));
		// Children that died while the reader was typing (or right after a builtin such as kill
		// returned) were reaped by bash's SIGCHLD handler; they are reported before the next
		// prompt, after this line's own output.
		this.#reapBackground(this.#shell);
		this.#outputBytes = 0;
		this.#dropped = 0;
		this.#run(line);
		// A shell killed while it was not the one reading lines (from a nested bash, or by a
		// background job) is noticed once the line is done.
		for (let k = this.#killed.get(this.#shell); k; k = this.#killed.get(this.#shell)) {
			this.#shellKilled(k);
		}
		if (this.#utf8Carry !== '') {
			// The sequence never ended: the terminal shows a replacement character.
			this.#output.push(decodeUtf8(this.#utf8Carry));
			this.#utf8Carry = '';
		}
		if (this.#dropped > 0) {
			// Not something bash prints: the simulation says what it left out.
			this.#output.push(`\n[${this.#dropped} more bytes of output not shown]\n`);
		}
		this.#notify();
		const out = this.#output.join('');
		this.#output = [];
		return out;
	}

	/**
	 * History expansion of `!!` (the previous line) and `!$` (its last word), outside single
	 * quotes, as bash's lib/readline/histexpand.c does; other `!` events are left alone. Returns
	 * null after printing `bash: !!: event not found` when there is no previous line.
	 */
	#historyExpand(line: string): string | null {
		if (!line.includes('!')) return line;
		const prev = this.#history[this.#history.length - 1];
		let out = '';
		let quote: string | null = null;
		for (let i = 0; i < line.length; i++) {
			const c = line[i] as string;
			if (c === '\\' && quote !== "'") {
				out += c + (line[i + 1] ?? '');
				i++;
				continue;
			}
			if (c === "'" && quote !== '"') quote = quote === "'" ? null : "'";
			else if (c === '"' && quote !== "'") quote = quote === '"' ? null : '"';
			const next = line[i + 1];
			if (c === '!' && quote !== "'" && (next === '!' || next === '$')) {
				if (prev === undefined) {
					this.#print(`${this.#prefix(this.#shell)}!${next}: event not found\n`);
					return null;
				}
				out += next === '!' ? prev : (prev.trim().split(/\s+/).pop() ?? '');
				i++;
				continue;
			}
			out += c;
		}
		return out;
	}

	// ------------------------------------------------------------------ shells

	#login(hostName: string, cwd: string, interactive: boolean): ShellState {
		const host = this.world.host(hostName);
		const pid = host.login({ cwd });
		const sh: ShellState = {
			host,
			pid,
			cwd,
			vars: new Map([
				['HOME', '/root'],
				['PATH', PATH.join(':')],
				['USER', 'root'],
				['SHELL', '/bin/bash'],
				['HOSTNAME', hostName],
			]),
			status: 0,
			lastBg: null,
			jobs: new JobTable(),
			bgStatus: new Map(),
			interactive,
			hash: new CommandHash(),
		};
		this.#pids(hostName).add(pid);
		if (interactive) {
			for (const sig of INTERACTIVE_IGNORED) host.sigaction(pid, sig, 'ignore');
			// An interactive bash keeps the terminal on fd 255 for job control, close-on-exec
			// (jobs.c initialize_job_control: move_to_high_fd), so children never see it.
			host.dup2(pid, 2, 255);
		}
		return sh;
	}

	#pids(hostName: string): Set<number> {
		let set = this.#terminalPids.get(hostName);
		if (!set) {
			set = new Set();
			this.#terminalPids.set(hostName, set);
		}
		return set;
	}

	/** Interactive shells of this terminal that a signal killed, until the terminal notices. */
	#killed = new Map<ShellState, ExitStatus & { kind: 'signaled' }>();

	/** Unwinds the line if the terminal's shell process has been killed (ShellKilled). */
	#checkAlive(sh: ShellState): void {
		if (sh !== this.#shell) return;
		const status = this.#killed.get(sh);
		if (status) throw new ShellKilled(status);
	}

	/**
	 * fork(2) for the shell. An interactive bash ignores some signals itself; its children get
	 * the default dispositions back before they run anything (sig.c restore_original_signals).
	 */
	#fork(host: Host, parent: number): SysResult<number> {
		const child = host.fork(parent);
		if (child.ok && this.#stack.some((s) => s.pid === parent && s.host === host)) {
			for (const sig of INTERACTIVE_IGNORED) host.sigaction(child.value, sig, 'default');
		}
		return child;
	}

	#logout(sh: ShellState): void {
		this.#pids(sh.host.name).delete(sh.pid);
		sh.host.exit(sh.pid, sh.status);
	}

	#onEvent(event: KernelEvent): void {
		if (this.#straceHook) this.#straceHook(event);
		if (event.type === 'exit' && event.status.kind === 'signaled') {
			const status = event.status;
			const sh = this.#stack.find((s) => s.pid === event.pid && s.host.name === event.host);
			if (sh) this.#killed.set(sh, status);
			return;
		}
		if (event.type !== 'console') return;
		if (!this.#ours(event.host, event.pid)) return;
		if (this.#straceHook && this.#straceCapture(event)) return;
		if (this.#outputBytes >= OUTPUT_LIMIT) {
			this.#dropped += event.text.length;
			return;
		}
		this.#outputBytes += event.text.length;
		// A terminal decodes the byte stream, not each write: a UTF-8 sequence split between two
		// writes (cat's 128 KiB pieces) is held until its last byte arrives.
		let bytes = this.#utf8Carry + event.text;
		const cut = incompleteUtf8Tail(bytes);
		this.#utf8Carry = cut > 0 ? bytes.slice(bytes.length - cut) : '';
		if (cut > 0) bytes = bytes.slice(0, bytes.length - cut);
		if (bytes !== '') this.#output.push(decodeUtf8(bytes));
	}

	/** The first bytes of a UTF-8 sequence the terminal has not seen the end of yet. */
	#utf8Carry = '';

	/** Whether a process writes to this terminal: it descends from one of our shells. */
	#ours(hostName: string, pid: number): boolean {
		const shells = this.#terminalPids.get(hostName);
		if (!shells || shells.size === 0) return false;
		const host = this.world.host(hostName);
		let p: number | undefined = pid;
		for (let guard = 0; p !== undefined && p > 1 && guard < 64; guard++) {
			if (shells.has(p)) return true;
			p = host.process(p)?.ppid;
		}
		return false;
	}

	/** Set by strace while it runs: follows a tool that was forked without an exec. */
	#traceAdopt: ((pid: number) => void) | null = null;

	/** Set by strace while it runs: returns true when it consumed the console event. */
	#straceCapture: (event: KernelEvent & { type: 'console' }) => boolean = () => false;

	/** Whether more lines are needed to finish a command (an open quote). */
	#incomplete(line: string): boolean {
		try {
			parse(line);
			return false;
		} catch (e) {
			return e instanceof ShellSyntaxError && e.incomplete;
		}
	}

	// ------------------------------------------------------------------ running lines

	#print(text: string): void {
		if (text !== '') this.#output.push(text);
	}

	/** bash's error prefix: `bash: ` interactively, `bash: line 1: ` in `bash -c`/ssh. */
	#prefix(sh: ShellState): string {
		return sh.prefix ?? (sh.interactive ? 'bash: ' : 'bash: line 1: ');
	}

	/**
	 * Runs source in a non-interactive bash as process `pid`, line by line so that errors name
	 * their line (`NAME: line N: …`), or starts a nested interactive shell when source is null.
	 */
	#subshell(sh: ShellState, pid: number, source: string | null, name: string | null): number {
		if (source === null) {
			const nested: ShellState = forkState(sh, pid, true);
			delete nested.prefix;
			this.#nested.add(nested);
			this.#stack.push(nested);
			this.#pids(sh.host.name).add(pid);
			// Like the login shell, it keeps the terminal on fd 255 and ignores job-control signals.
			for (const sig of INTERACTIVE_IGNORED) sh.host.sigaction(pid, sig, 'ignore');
			sh.host.dup2(pid, 2, 255);
			// The process stays alive as the new shell; the parent does not wait for it now.
			this.#detached = pid;
			return 0;
		}
		const sub: ShellState = { ...forkState(sh, pid, false), status: 0 };
		sub.vars.set('0', name ?? 'bash');
		const lines = source.split('\n');
		for (let i = 0; i < lines.length; i++) {
			const line = lines[i] as string;
			if (i === 0 && line.startsWith('#!')) continue;
			sub.prefix = name === null ? 'bash: line 1: ' : `${name}: line ${i + 1}: `;
			let items;
			try {
				items = parse(line);
			} catch (e) {
				if (!(e instanceof ShellSyntaxError)) throw e;
				this.#print(syntaxMessage(e, sub.prefix));
				sub.status = 2;
				continue;
			}
			try {
				for (const item of items) {
					if (item.background) this.#background(sub, item.list);
					else this.#andOr(sub, item.list, { kind: 'fd', pid, fd: 1 });
				}
			} catch (e) {
				if (e instanceof ExitSignal) return e.code;
				if (e instanceof ArithError) {
					this.#print(expansionMessage(e, sub.prefix));
					sub.status = 1;
					continue;
				}
				if (e instanceof LoopControl) continue;
				throw e;
			}
		}
		return sub.status;
	}

	/** Nested interactive shells (`bash` typed at a prompt); `exit` leaves them quietly. */
	#nested = new Set<ShellState>();
	/** A tool process that became a nested shell and must not be ended when the tool returns. */
	#detached: number | null = null;

	#run(line: string): void {
		const sh = this.#shell;
		let items;
		try {
			items = parse(line);
		} catch (e) {
			if (!(e instanceof ShellSyntaxError)) throw e;
			this.#print(syntaxMessage(e, this.#prefix(sh)));
			sh.status = 2;
			return;
		}
		try {
			for (const item of items) {
				if (item.background) this.#background(sh, item.list);
				else this.#andOr(sh, item.list, this.#terminal(sh));
			}
		} catch (e) {
			if (e instanceof ArithError) {
				// An expansion error abandons the rest of the line (bash 5.2: `echo $((1/0)); echo
				// next` prints only the error).
				this.#print(expansionMessage(e, this.#prefix(sh)));
				sh.status = 1;
				return;
			}
			if (e instanceof LoopControl) return;
			if (e instanceof ShellKilled) {
				this.#shellKilled(e.status);
				return;
			}
			if (!(e instanceof ExitSignal)) throw e;
			this.#exitShell(e.code, e.after);
		}
	}

	/** The sink for the terminal of a shell. */
	#terminal(sh: ShellState): Sink {
		return { kind: 'fd', pid: sh.pid, fd: 1 };
	}

	/** `exit`: leaves an ssh session, or ends the login shell and starts a fresh one. */
	#exitShell(code: number, after = ''): void {
		const sh = this.#stack.pop() as ShellState;
		sh.status = code;
		if (this.#nested.has(sh)) {
			// Leaving a nested bash ends its process; the parent shell reaps it.
			this.#nested.delete(sh);
			this.#print('exit\n' + after);
			this.#pids(sh.host.name).delete(sh.pid);
			sh.host.exit(sh.pid, code);
			const parent = this.#shell;
			sh.host.wait4(parent.pid, sh.pid);
			parent.status = code;
			return;
		}
		if (this.#stack.length > 0) {
			this.#print('logout\n' + after);
			this.#logout(sh);
			this.#print(`Connection to ${sh.host.name} closed.\n`);
			this.#shell.status = code;
			// ssh was a foreground command of the shell below: jobs that changed meanwhile are
			// reported as soon as it returns.
			this.#reapBackground(this.#shell);
			this.#notify();
			return;
		}
		this.#print('exit\n' + after);
		this.#logout(sh);
		// The terminal stays open on a new login, as a terminal emulator would reconnect.
		this.#stack.push(this.#login(this.#loginHost, this.#loginCwd, true));
	}

	/**
	 * The terminal's shell was killed by a signal. bash prints nothing as it dies; what follows
	 * is what its parent shows. A nested bash's parent reports it like any foreground job
	 * (`Killed`, status 137). Under `ssh HOST`, sshd sends exit-signal, which the OpenSSH client
	 * does not turn into a status: it prints `Connection to HOST closed.` and exits 255
	 * (clientloop.c client_loop: exit_status stays -1). The login shell's terminal would close;
	 * the simulation says so and logs in again, as reopening the terminal would.
	 */
	#shellKilled(status: ExitStatus & { kind: 'signaled' }): void {
		const sh = this.#stack.pop() as ShellState;
		this.#killed.delete(sh);
		this.#pids(sh.host.name).delete(sh.pid);
		if (status.signal === 'SIGHUP') this.#hangUpJobs(sh);
		const shellStatus = 128 + status.signo;
		if (this.#nested.has(sh)) {
			this.#nested.delete(sh);
			const parent = this.#shell;
			sh.host.wait4(parent.pid, sh.pid);
			this.#print(foregroundNotice({ kind: 'signaled', signal: status.signo, core: status.core }));
			parent.status = shellStatus;
			return;
		}
		if (this.#stack.length > 0) {
			this.#print(`Connection to ${sh.host.name} closed.\n`);
			this.#shell.status = 255;
			this.#reapBackground(this.#shell);
			this.#notify();
			return;
		}
		const fresh = this.#login(this.#loginHost, this.#loginCwd, true);
		this.#print(
			`[simulation: the login shell (pid ${sh.pid}) was killed by ${status.signal}, which would close this terminal; logged in again as pid ${fresh.pid}]\n`,
		);
		this.#stack.push(fresh);
	}

	/**
	 * What bash does on SIGHUP before it dies (sig.c termsig_sighandler → jobs.c
	 * hangup_all_jobs): every job's process group gets SIGHUP, and a stopped one SIGCONT after it.
	 * A SIGKILL leaves bash no chance, so its jobs keep running, reparented to init.
	 */
	#hangUpJobs(sh: ShellState): void {
		for (const job of sh.jobs.list) {
			if (job.status.kind !== 'running' && job.status.kind !== 'stopped') continue;
			const leader = job.pids[0] as number;
			for (const p of sh.host.processes()) {
				if (p.pgid !== leader || p.state === 'Z') continue;
				sh.host.kill(sh.pid, p.pid, 'SIGHUP');
				if (job.status.kind === 'stopped') sh.host.kill(sh.pid, p.pid, 'SIGCONT');
			}
		}
	}

	#andOr(sh: ShellState, list: AndOrList, terminal: Sink): number {
		let status = this.#pipeline(sh, list.first, terminal);
		this.#checkAlive(sh);
		for (const { op, pipeline } of list.rest) {
			if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
			status = this.#pipeline(sh, pipeline, terminal);
			this.#checkAlive(sh);
		}
		return status;
	}

	/**
	 * A pipeline. A single command runs as it is. For several, bash forks every stage, left to
	 * right, before any of them runs (execute_cmd.c execute_pipeline), and a program's child
	 * expands its words, opens its redirections and execs at once, so that `ps | cat` lists
	 * `cat` and `ps -ef | grep server` lists the grep: #forkStages does that. The stages then
	 * run one after the other over byte buffers, with what bash's processes would show: a
	 * builtin or `{ …; }` stage runs in its forked copy of the shell (so `cd /tmp | cat` changes
	 * nothing), a tool writing into the pipe stays alive until its reader is done and then dies
	 * of SIGPIPE if the reader exited leaving bytes unread (#finishWriter), and the status is the
	 * last stage's, or the last failing one's under `set -o pipefail`.
	 */
	#pipeline(sh: ShellState, p: Pipeline, terminal: Sink): number {
		if (p.commands.length > 1) return this.#multiPipeline(sh, p, terminal);
		const cmd = p.commands[0] as SimpleCommand | CompoundCommand;
		this.#stdinEndless = false;
		const status = isCompound(cmd)
			? this.#compound(sh, cmd, null, terminal)
			: this.#simple(sh, cmd, null, terminal, terminal);
		return this.#pipelineStatus(sh, p.negate, [status]);
	}

	#multiPipeline(sh: ShellState, p: Pipeline, terminal: Sink): number {
		const stages = this.#forkStages(sh, p, terminal);
		const group = stages[0]?.group === true;
		for (const s of stages) this.#stagePids.add(s.pid);
		let stdin: (Sink & { kind: 'buffer' }) | null = null;
		const statuses: number[] = [];
		try {
			stages.forEach((stage, i) => {
				const status = this.#runFedStage(sh, stage, stdin, terminal);
				if (stdin) statuses[i - 1] = this.#finishWriter(sh, stdin, statuses[i - 1] ?? 0);
				statuses[i] = status;
				stdin = stage.out.kind === 'buffer' ? stage.out : null;
			});
		} finally {
			// A stage that threw (an expansion error) leaves no writer blocked on the pipe, and
			// no stage process behind.
			if (stdin !== null) this.#finishWriter(sh, stdin, 0);
			this.#endStages(sh, stages);
			for (const s of stages) this.#stagePids.delete(s.pid);
			if (group) sh.host.tcsetpgrp(sh.pid, sh.pid);
		}
		return this.#pipelineStatus(sh, p.negate, statuses);
	}

	/**
	 * Forks a process for every stage of a pipeline, left to right, before any stage runs, as
	 * bash does: an interactive bash puts them all in the first one's process group and gives it
	 * the terminal (jobs.c make_child, give_terminal_to). A program's words are expanded, its
	 * redirections opened and the program exec'd now; a tool that has not run yet waits in
	 * read(2) on its pipe (S in ps). Builtins and compound commands run later in their process,
	 * a forked copy of the shell.
	 */
	#forkStages(
		sh: ShellState,
		p: Pipeline,
		terminal: Sink,
		foreground = true,
		lastOut: Sink = terminal,
	): StageProcess[] {
		const stages: StageProcess[] = [];
		const group = sh.interactive && sh === this.#shell;
		try {
			p.commands.forEach((cmd, i) => {
				const last = i === p.commands.length - 1;
				const out: Sink = last ? lastOut : { kind: 'buffer', data: new ByteBuffer(), pipe: true };
				const child = this.#fork(sh.host, sh.pid);
				if (!child.ok) throw new Error(`fork: ${errText(child.errno)}`);
				const pid = child.value;
				const leader = stages[0]?.pid ?? pid;
				if (group) sh.host.setpgid(sh.pid, pid, leader);
				const stage: StageProcess = { owner: sh, pid, cmd, out, group };
				stages.push(stage);
				const first = isCompound(cmd) ? undefined : cmd.words[0];
				if (isCompound(cmd) || first === undefined || builtinNames.includes(first.raw)) return;
				const argv = expandWords(cmd.words, this.#expandCtx(sh));
				stage.argv = argv;
				const name = argv[0];
				if (name === undefined || builtinNames.includes(name)) return;
				// The child opens its redirections itself (fds of its own, dup2'ed by #launch).
				const streams = this.#openStreams({ ...sh, pid }, cmd, out, terminal);
				if (streams === null) {
					// bash's child reports the redirection and exits 1.
					stage.failed = true;
					return;
				}
				stage.streams = streams;
				const path = this.#resolve(sh, name);
				if (path === null) return;
				const fd = (s: Sink, n: number): number | undefined =>
					s.kind === 'fd' && s.fd !== n ? s.fd : undefined;
				const spawned = this.#launch(
					sh,
					sh.pid,
					path,
					argv,
					fd(streams.out, 1),
					fd(streams.err, 2),
					pid,
					streams.redir.stdin,
					streams.redir.childFds,
				);
				stage.spawned = spawned;
			});
			for (const stage of stages.slice(1))
				if (sh.host.process(stage.pid)?.program === 'generic')
					sh.host.sleepUntil(stage.pid, undefined);
			if (group && foreground && stages[0]) sh.host.tcsetpgrp(sh.pid, stages[0].pid);
		} catch (e) {
			this.#endStages(sh, stages);
			if (group && foreground) sh.host.tcsetpgrp(sh.pid, sh.pid);
			throw e;
		}
		return stages;
	}

	/**
	 * Runs a stage fed by the previous stage's pipe (or by nothing), noting for #runaway whether
	 * that pipe never ends.
	 */
	#runFedStage(
		sh: ShellState,
		stage: StageProcess,
		stdin: (Sink & { kind: 'buffer' }) | null,
		terminal: Sink,
	): number {
		this.#stdinEndless = stdin?.endless === true;
		try {
			return this.#runStage(sh, stage, stdin?.data ?? null, terminal);
		} finally {
			this.#stdinEndless = false;
		}
	}

	/** Runs one stage of a pipeline in the process #forkStages made for it. */
	#runStage(sh: ShellState, stage: StageProcess, input: ByteBuffer | null, terminal: Sink): number {
		const { cmd, out } = stage;
		if (stage.failed) {
			sh.host.exit(stage.pid, 1);
			return this.#reapStage(sh, stage, 1);
		}
		const argv = stage.argv;
		const streams = stage.streams;
		if (isCompound(cmd) || argv === undefined || streams === undefined) {
			// A builtin, a compound command, or words that expanded to a builtin or to nothing.
			const run = (s: ShellState, o: Sink, t: Sink): number =>
				isCompound(cmd)
					? this.#compound(s, cmd, input, o)
					: argv === undefined
						? this.#simple(s, cmd, input, o, t)
						: this.#simpleExpanded(s, cmd, argv, input, o, t);
			this.#stage = stage;
			try {
				return this.#pipeStage(sh, out, terminal, run);
			} finally {
				this.#stage = null;
			}
		}
		const { redir } = streams;
		// A `<` redirection replaces the pipe.
		this.#stdinEndless = this.#stdinEndless && redir.stdin === null;
		this.#stage = stage;
		let status: number;
		try {
			status = this.#command(sh, argv, redir.stdin ?? input, streams.out, streams.err);
		} finally {
			this.#stage = null;
			delete stage.streams;
			redir.close(argv[0]);
		}
		return this.#reapStage(sh, stage, status);
	}

	/**
	 * A stage's process that the command did not take over (a builtin reached through an
	 * expansion, a redirection that failed) exits with the stage's status and is reaped.
	 */
	#reapStage(sh: ShellState, stage: StageProcess, status: number): number {
		const proc = sh.host.process(stage.pid);
		if (!proc || proc.ppid !== sh.pid) return status;
		if (stage.out.kind === 'buffer' && stage.out.writer?.pid === stage.pid) return status;
		if (proc.state !== 'Z') sh.host.exit(stage.pid, status);
		const waited = sh.host.wait4(sh.pid, stage.pid);
		return waited.ok && waited.value ? waited.value.shellStatus : status;
	}

	/**
	 * Ends the processes of stages that never ran (an expansion error abandoned the line) and
	 * closes the redirections they held.
	 */
	#endStages(sh: ShellState, stages: StageProcess[]): void {
		for (const stage of stages) {
			stage.streams?.redir.close();
			delete stage.streams;
			const proc = sh.host.process(stage.pid);
			if (!proc || proc.ppid !== sh.pid) continue;
			if (proc.state !== 'Z') sh.host.exit(stage.pid, 1);
			sh.host.wait4(sh.pid, stage.pid);
		}
	}

	/** The stage whose process the command starting now takes over (see #forkStages). */
	#stage: StageProcess | null = null;
	/** Processes of the pipeline running now: its group already has the terminal. */
	#stagePids = new Set<number>();

	/** Takes the current stage's process for a command the shell `sh` starts as `parent`. */
	#takeStage(sh: ShellState, parent: number): StageProcess | null {
		const stage = this.#stage;
		if (stage === null || stage.owner !== sh || parent !== sh.pid) return null;
		this.#stage = null;
		return stage;
	}

	/**
	 * A pipeline's status from its stages' statuses: the last stage's, or with `set -o pipefail`
	 * the last non-zero one, inverted by `!`; PIPESTATUS keeps them all (bash(1), Pipelines).
	 */
	#pipelineStatus(sh: ShellState, negate: boolean, statuses: number[]): number {
		let status = statuses[statuses.length - 1] ?? 0;
		if (sh.pipefail) status = [...statuses].reverse().find((s) => s !== 0) ?? 0;
		if (negate) status = status === 0 ? 1 : 0;
		sh.pipestatus = statuses;
		sh.status = status;
		return status;
	}

	/**
	 * A builtin or compound stage of a pipeline: bash forks a subshell for it (execute_cmd.c
	 * execute_pipeline), so its `cd`, assignments and `exit` stay there. The job table is the
	 * parent's, as bash keeps it for `jobs | cat`.
	 */
	#pipeStage(
		sh: ShellState,
		out: Sink,
		terminal: Sink,
		run: (sub: ShellState, out: Sink, terminal: Sink) => number,
	): number {
		const stage = this.#takeStage(sh, sh.pid);
		const child = stage ? { ok: true as const, value: stage.pid } : this.#fork(sh.host, sh.pid);
		if (!child.ok) {
			this.#print(`${this.#prefix(sh)}fork: ${errText(child.errno)}\n`);
			return 254;
		}
		const pid = child.value;
		sh.host.wakeUp(pid);
		const sub: ShellState = { ...subshellState(sh, pid), jobs: sh.jobs };
		sub.prefix = this.#prefix(sh);
		const mine = (s: Sink): Sink => (s.kind === 'fd' && s.pid === sh.pid ? { ...s, pid } : s);
		let status: number;
		try {
			status = run(sub, mine(out), mine(terminal));
		} catch (e) {
			if (e instanceof ExitSignal) status = e.code;
			else if (e instanceof LoopControl) status = 0;
			else throw e;
		}
		if (
			out.kind === 'buffer' &&
			out.pipe &&
			out.data.length > PIPE_CAPACITY &&
			sh.host.process(pid)?.state !== 'Z'
		) {
			// Like a tool, it lives until its reader is done (#finishWriter), blocked in write(2).
			out.writer = { pid, code: status };
			sh.host.sleepUntil(pid, undefined);
			return status;
		}
		if (sh.host.process(pid)?.state !== 'Z') sh.host.exit(pid, status);
		const waited = sh.host.wait4(sh.pid, pid);
		return waited.ok && waited.value ? waited.value.shellStatus : status;
	}

	/**
	 * Ends the tool that wrote into a pipe once its reader is done (pipe(7)): the pipe holds
	 * 64 KiB, so a writer with more bytes than the reader took plus that was blocked in write(2)
	 * when the reader exited, gets EPIPE and dies of SIGPIPE (status 141; bash prints no notice
	 * for it). A smaller writer is taken to have finished first, the usual outcome of that race
	 * (`echo hi | true` is 0 in most runs of bash, 141 in some). Returns the writer's status.
	 */
	#finishWriter(sh: ShellState, pipe: Sink & { kind: 'buffer' }, status: number): number {
		const w = pipe.writer;
		if (!w) return status;
		delete pipe.writer;
		const proc = sh.host.process(w.pid);
		if (!proc) return status;
		if (proc.state !== 'Z') {
			const unread = pipe.data.length - pipe.data.consumed;
			if (unread > PIPE_CAPACITY) sh.host.brokenPipe(w.pid);
			else sh.host.exit(w.pid, w.code);
		}
		return this.#waitForeground(sh, w.pid);
	}

	/** Runs list items in order; returns the last status. */
	#runItems(sh: ShellState, items: ListItem[], out: Sink): number {
		let status = 0;
		for (const item of items) {
			if (item.background) {
				this.#background(sh, item.list);
				status = 0;
			} else status = this.#andOr(sh, item.list, out);
		}
		return status;
	}

	/**
	 * A compound command: `for`, `while`/`until`, `if`, `{ …; }` or `( … )`. Its redirections
	 * apply to the whole body. The body's commands read the terminal, not the pipe (`… | while
	 * read` is not modelled: there is no `read` builtin).
	 */
	#compound(sh: ShellState, cmd: CompoundCommand, stdin: ByteBuffer | null, stdout: Sink): number {
		const ectx = this.#expandCtx(sh);
		const redir = this.#redirect(sh, cmd.redirs, ectx);
		if (!redir) return 1;
		const out = redir.sink(1) ?? stdout;
		void stdin;
		this.#stdinEndless = false;
		try {
			return this.#runCompound(sh, cmd, out);
		} finally {
			redir.close();
		}
	}

	#runCompound(sh: ShellState, cmd: CompoundCommand, out: Sink): number {
		switch (cmd.compound) {
			case 'group':
				return this.#runItems(sh, cmd.body, out);
			case 'if': {
				for (const b of cmd.branches) {
					if (this.#runItems(sh, b.cond, out) === 0) return this.#runItems(sh, b.body, out);
				}
				return cmd.orElse ? this.#runItems(sh, cmd.orElse, out) : 0;
			}
			case 'subshell': {
				// `( … )` runs in a forked copy of the shell: its cd and variables stay there.
				const child = this.#fork(sh.host, sh.pid);
				if (!child.ok) return 1;
				const pid = child.value;
				const sub: ShellState = subshellState(sh, pid);
				sub.prefix = this.#prefix(sh);
				const sink: Sink = out.kind === 'fd' && out.pid === sh.pid ? { ...out, pid } : out;
				let status: number;
				try {
					status = this.#runItems(sub, cmd.body, sink);
				} catch (e) {
					if (!(e instanceof ExitSignal)) throw e;
					status = e.code;
				}
				if (sh.host.process(pid)?.state !== 'Z') sh.host.exit(pid, status);
				sh.host.wait4(sh.pid, pid);
				return status;
			}
			default:
				return this.#loop(sh, cmd, out);
		}
	}

	/**
	 * `for` and `while`/`until`. A loop that would run forever (`while true`) is stopped like an
	 * endless program: after LOOP_LIMIT rounds or FOREGROUND_LIMIT_MS of simulated time.
	 */
	#loop(
		sh: ShellState,
		cmd: CompoundCommand & { compound: 'for' | 'while' | 'until' },
		out: Sink,
	): number {
		const start = this.world.now();
		let status = 0;
		let rounds = 0;
		const words =
			cmd.compound === 'for' ? (cmd.words ? expandWords(cmd.words, this.#expandCtx(sh)) : []) : [];
		sh.loops = (sh.loops ?? 0) + 1;
		try {
			for (;;) {
				if (cmd.compound === 'for') {
					if (rounds >= words.length) break;
					setVar(sh, cmd.name, words[rounds] as string);
				} else {
					const c = this.#runItems(sh, cmd.cond, out);
					if ((c === 0) !== (cmd.compound === 'while')) break;
				}
				rounds++;
				try {
					status = this.#runItems(sh, cmd.body, out);
				} catch (e) {
					if (!(e instanceof LoopControl)) throw e;
					if (e.levels > 1) throw new LoopControl(e.kind, e.levels - 1);
					if (e.kind === 'break') break;
				}
				if (
					cmd.compound !== 'for' &&
					(rounds >= LOOP_LIMIT || this.world.now() - start >= FOREGROUND_LIMIT_MS)
				) {
					this.#advance(Math.max(0, FOREGROUND_LIMIT_MS - (this.world.now() - start)));
					this.#print(INTERRUPT_NOTE + '\n');
					return 130;
				}
			}
		} finally {
			sh.loops -= 1;
		}
		return status;
	}

	/** Whether the stage about to run reads from an endless pipe (see #runaway). */
	#stdinEndless = false;

	/** What word expansion calls back into, made once per session (see ShellExpansion). */
	readonly #expandHooks: ExpandHooks = {
		variable: (sh, name) => this.#variable(sh, name),
		substitute: (sh, source) => this.#substitute(sh, source),
		readdir: (sh, dir) => this.#listDir(dir, sh),
	};

	#expandCtx(sh: ShellState): ExpandContext {
		return new ShellExpansion(this.#expandHooks, sh, sh.cwd);
	}

	#variable(sh: ShellState, name: string): string | undefined {
		switch (name) {
			case '?':
				return String(sh.status);
			case '!':
				return sh.lastBg === null ? '' : String(sh.lastBg);
			case '$':
				return String(sh.dollarPid ?? sh.pid);
			case 'BASHPID':
				return String(sh.pid);
			case 'PIPESTATUS':
			case 'PIPESTATUS[0]':
				return String(sh.pipestatus?.[0] ?? sh.status);
			case 'PIPESTATUS[@]':
			case 'PIPESTATUS[*]':
				return (sh.pipestatus ?? [sh.status]).join(' ');
			case '#':
				return '0';
			case '0':
				return sh.vars.get('0') ?? '-bash';
			default: {
				const element = /^PIPESTATUS\[(\d+)\]$/.exec(name);
				if (element) return sh.pipestatus?.[Number(element[1])]?.toString() ?? '';
				return sh.vars.get(name);
			}
		}
	}

	/**
	 * `$(…)`: runs the source in the same shell, capturing standard output. The bytes are read
	 * as text; NUL bytes cannot be part of a shell word and are dropped with bash's warning
	 * (subst.c read_comsub).
	 */
	#substitute(sh: ShellState, source: string): string {
		const sink: Sink = { kind: 'buffer', data: new ByteBuffer() };
		try {
			for (const item of parse(source)) this.#andOr(sh, item.list, sink);
		} catch (e) {
			if (e instanceof ShellSyntaxError) this.#print(syntaxMessage(e, this.#prefix(sh)));
			else if (!(e instanceof ExitSignal)) throw e;
		}
		const bytes = sink.data.binary();
		if (!bytes.includes('\0')) return decodeUtf8(bytes);
		this.#print(`${this.#prefix(sh)}warning: command substitution: ignored null byte in input\n`);
		return decodeUtf8(bytes.replace(/\0/g, ''));
	}

	/** Directory entries for globbing and completion. */
	#listDir(dir: string, sh: ShellState = this.#shell): string[] | null {
		if (dir === '/proc' || dir.startsWith('/proc/')) return procList(sh.host, dir, sh.pid);
		// Like bash, completion and globbing read the directory (on NFS: READDIRPLUS).
		const entries = sh.host.readdir(sh.pid, dir);
		if (!entries.ok) return null;
		return entries.value.map((e) => e.name).filter((n) => n !== '.' && n !== '..');
	}

	#commandNames(): string[] {
		// bash offers builtins and the files in the directories of the shell's PATH.
		const names = new Set<string>(builtinNames);
		const dirs = (this.#shell.vars.get('PATH') ?? '').split(':').filter((d) => d.startsWith('/'));
		for (const dir of dirs) for (const n of this.#listDir(dir) ?? []) names.add(n);
		return [...names].sort();
	}

	/** Runs a simple command: assignments, expansion, redirections, then the command itself. */
	#simple(
		sh: ShellState,
		cmd: SimpleCommand,
		stdin: ByteBuffer | null,
		stdout: Sink,
		terminal: Sink,
	): number {
		// Only the command itself reads the pipe, not a `$(…)` in its words.
		const endless = this.#stdinEndless;
		this.#stdinEndless = false;
		const argv = expandWords(cmd.words, this.#expandCtx(sh));
		this.#stdinEndless = endless;
		return this.#simpleExpanded(sh, cmd, argv, stdin, stdout, terminal);
	}

	/** A simple command whose words are expanded to `argv`: assignments, redirections, run. */
	#simpleExpanded(
		sh: ShellState,
		cmd: SimpleCommand,
		argv: string[],
		stdin: ByteBuffer | null,
		stdout: Sink,
		terminal: Sink,
	): number {
		const endless = this.#stdinEndless;
		this.#stdinEndless = false;
		if (argv.length === 0) {
			const ectx = this.#expandCtx(sh);
			for (const a of cmd.assigns) setVar(sh, a.name, expandString(a.value, ectx));
			// Redirections without a command still open (and create or truncate) their files.
			const opened = this.#redirect(sh, cmd.redirs, ectx);
			if (!opened) return 1;
			opened.close();
			return 0;
		}
		const streams = this.#openStreams(sh, cmd, stdout, terminal);
		if (!streams) return 1;
		const { redir, out, err } = streams;
		const input = redir.stdin ?? stdin;
		// A `<` redirection replaces the pipe.
		this.#stdinEndless = endless && redir.stdin === null;
		const prevFds = this.#childFds;
		this.#childFds = redir.childFds;
		try {
			if (argv[0] === 'exec' && sh === this.#shell) return this.#exec(sh, cmd, argv, redir);
			return this.#command(sh, argv, input, out, err);
		} finally {
			this.#childFds = prevFds;
			redir.close(argv[0]);
		}
	}

	/** Opens a command's redirections: its stdout and stderr sinks, or null after an error. */
	#openStreams(
		sh: ShellState,
		cmd: SimpleCommand,
		stdout: Sink,
		terminal: Sink,
	): { redir: Redirection; out: Sink; err: Sink } | null {
		const redir = this.#redirect(sh, cmd.redirs, this.#expandCtx(sh));
		if (!redir) return null;
		const stderr: Sink = terminal.kind === 'fd' ? { ...terminal, fd: 2 } : terminal;
		return { redir, ...this.#streams(redir, stdout, stderr) };
	}

	/**
	 * Opens a command's redirections in the shell process (bash opens them in the child after
	 * fork; here the shell holds them for the command's duration). They apply left to right over
	 * a table of fds (redir.c do_redirection_internal), so `> f 2>&1` sends both to f while
	 * `2>&1 > f` leaves stderr where stdout was. `>&N` copies fd N as it is at that point: one of
	 * the command's own, or one the shell holds open (`exec 3< file`).
	 */
	#redirect(sh: ShellState, redirs: Redirect[], ectx: ExpandContext): Redirection | null {
		// Most commands have none: nothing to open, nothing to close.
		if (redirs.length === 0) return NO_REDIRECTION;
		const table = new Map<number, FdEntry>();
		const opened: number[] = [];
		const procFiles: { path: string; sink: Sink & { kind: 'buffer' } }[] = [];
		const fail = (msg: string): null => {
			for (const fd of opened) sh.host.close(sh.pid, fd);
			this.#print(`${this.#prefix(sh)}${msg}\n`);
			return null;
		};
		const entry = (fd: number): FdEntry | null => {
			const set = table.get(fd);
			if (set) return set;
			if (fd <= 2) return { kind: 'inherit', fd };
			if (sh.fds?.has(fd)) return { kind: 'sink', sink: { kind: 'fd', pid: sh.pid, fd }, fd };
			return null;
		};
		const assign = (r: Redirect, e: FdEntry): void => {
			if (r.op === '&>' || r.op === '&>>' || r.op === '>&') {
				table.set(1, e);
				table.set(2, e);
			} else table.set(r.fd, e);
		};
		for (const r of redirs) {
			const target = expandString(r.target, ectx);
			if (r.op === '>&' || r.op === '<&') {
				if (target === '-') {
					table.set(r.fd, { kind: 'closed' });
					continue;
				}
				if (/^\d+$/.test(target)) {
					const from = entry(Number(target));
					if (from === null || from.kind === 'closed')
						return fail(`${target}: ${errText('EBADF')}`);
					table.set(r.fd, from);
					continue;
				}
				// `>& file` is `&> file`.
				if (r.op === '<&') return fail(`${target}: ambiguous redirect`);
			}
			const path = absPath(sh.cwd, target);
			if (target === '') return fail(`: No such file or directory`);
			if (r.op === '<') {
				const fd = sh.host.openat(sh.pid, target, O_RDONLY);
				if (!fd.ok) return fail(`${target}: ${errText(fd.errno)}`);
				if (r.fd !== 0) {
					// `3< file` gives the command an fd of its own to read.
					opened.push(fd.value);
					table.set(r.fd, {
						kind: 'sink',
						sink: { kind: 'fd', pid: sh.pid, fd: fd.value },
						fd: fd.value,
					});
					continue;
				}
				// Nothing is read here: the command reads its standard input if it wants to
				// (`: < FILE` only opens and closes the file), see FileInput.
				opened.push(fd.value);
				table.set(0, {
					kind: 'input',
					data: new FileInput(sh.host, sh.pid, fd.value, fdPath(sh.host, sh.pid, fd.value) ?? path),
				});
				continue;
			}
			if (path.startsWith('/proc/')) {
				const sink: Sink & { kind: 'buffer' } = { kind: 'buffer', data: new ByteBuffer() };
				procFiles.push({ path, sink });
				assign(r, { kind: 'sink', sink });
				continue;
			}
			if (path === '/dev/null') {
				assign(r, { kind: 'sink', sink: { kind: 'null' } });
				continue;
			}
			const append = r.op === '>>' || r.op === '&>>';
			const flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
			const fd = sh.host.openat(sh.pid, target, flags, 0o666);
			if (!fd.ok) return fail(`${target}: ${errText(fd.errno)}`);
			opened.push(fd.value);
			assign(r, { kind: 'sink', sink: { kind: 'fd', pid: sh.pid, fd: fd.value }, fd: fd.value });
		}
		// Standard input from a redirection: a file the command reads if it wants to, from the
		// fd the shell opened or one it holds (`cat <&3` moves the shared offset to the end).
		const input = table.get(0);
		let stdin: ByteBuffer | null = null;
		if (input?.kind === 'input') stdin = input.data;
		else if (input?.kind === 'sink' && input.fd !== undefined) {
			const fd = input.fd;
			stdin = new FileInput(sh.host, sh.pid, fd, fdPath(sh.host, sh.pid, fd) ?? '');
		} else if (input?.kind === 'closed') stdin = new ByteBuffer();
		const childFds = new Map<number, number | null>();
		for (const [fd, e] of table) {
			if (fd <= 2) continue;
			if (e.kind === 'closed') childFds.set(fd, null);
			else if (e.kind === 'sink' && e.fd !== undefined) childFds.set(fd, e.fd);
		}
		return {
			sink: (fd) => {
				const e = table.get(fd);
				if (!e || e.kind === 'input') return undefined;
				// A closed stdout or stderr: the output is lost (bash's write error is not modelled).
				if (e.kind === 'closed') return { kind: 'null' };
				return e.kind === 'sink' ? e.sink : undefined;
			},
			from: (fd) => {
				const e = table.get(fd);
				return e?.kind === 'inherit' ? e.fd : fd;
			},
			stdin,
			childFds,
			release: (fd) => {
				const at = opened.indexOf(fd);
				if (at >= 0) opened.splice(at, 1);
			},
			close: (writer) => {
				for (const fd of opened) sh.host.close(sh.pid, fd);
				for (const { path, sink } of procFiles) {
					const error = procWrite(sh.host, path, decodeUtf8(sink.data.binary()), sh.pid);
					if (error === null || writer === undefined) continue;
					// The writing command reports the failed write(2), as `echo: write error: …`.
					const who = builtinNames.includes(writer) ? `${this.#prefix(sh)}${writer}` : writer;
					this.#print(`${who}: ${error}\n`);
				}
			},
		};
	}

	/**
	 * A command's stdout and stderr after its redirections: its own sinks, or what the caller
	 * gives for the fd each one copies (`2>&1` before any `>` takes the caller's stdout).
	 */
	#streams(redir: Redirection, stdout: Sink, stderr: Sink): { out: Sink; err: Sink } {
		const pick = (fd: number): Sink => {
			const own = redir.sink(fd);
			if (own) return own;
			const source = redir.from(fd);
			if (source === 1) return stdout;
			if (source === 2) return stderr;
			return fd === 1 ? stdout : stderr;
		};
		return { out: pick(1), err: pick(2) };
	}

	/**
	 * Writes to a sink; for kernel fds this is a write(2) by that process (its errno, if any).
	 * A process writing into a pipe (`writer`) makes its write(2) too, for strace to show.
	 */
	#write(
		sink: Sink,
		data: string | Uint8Array,
		writer?: { pid: number; fd: number; host: Host },
	): Errno | null {
		if (sink.kind === 'null') return null;
		if (sink.kind === 'buffer') {
			if (typeof data === 'string') sink.data.pushText(data);
			else sink.data.pushBytes(data);
			if (writer && sink.pipe && data.length > 0) {
				// strace shows 32 bytes of the data; only those are converted.
				const head =
					typeof data === 'string'
						? utf8Encode(data.slice(0, 33))
						: bytesToBinary(data.subarray(0, 33));
				const length = typeof data === 'string' ? utf8Encode(data).length : data.length;
				writer.host.pipeWrite(writer.pid, writer.fd, head, length);
			}
			return null;
		}
		const host = this.#hostOfPid(sink.pid);
		// Like stdio and coreutils' full_write, a short write is followed by one for the rest,
		// which is the one that fails (ENOSPC on a full tmpfs).
		let rest = data;
		for (;;) {
			const r = host?.write(sink.pid, sink.fd, rest);
			if (!r) return null;
			if (!r.ok) return r.errno;
			// The kernel took r.value bytes of the UTF-8 encoding (one char per byte here).
			const encoded = typeof rest === 'string' ? utf8Encode(rest) : rest;
			if (r.value >= encoded.length || r.value === 0) return null;
			rest =
				typeof encoded === 'string'
					? Uint8Array.from(encoded.slice(r.value), (c: string) => c.charCodeAt(0))
					: encoded.subarray(r.value);
		}
	}

	#hostOfPid(pid: number): Host | undefined {
		return this.#runningHost?.process(pid) ? this.#runningHost : this.#shell.host;
	}

	/** The host the command being run lives on (set while a command runs). */
	#runningHost: Host | undefined;

	/**
	 * The file a command name runs, as bash's search_for_command() finds it: a name with a slash
	 * is itself; a remembered name is its remembered file, not checked again (checkhash is off);
	 * otherwise the shell's PATH is searched. Only the shell's own look-up (`remember`: a
	 * foreground simple command) counts a hit or remembers a new file; a forked child (a
	 * pipeline stage, a background command) looks in its own copy, so the shell learns nothing.
	 */
	#resolve(sh: ShellState, name: string, remember = false): string | null {
		if (name.includes('/')) return name;
		const known = remember ? sh.hash.find(name) : sh.hash.peek(name);
		if (known !== undefined) return known;
		const found = searchPath(sh.host, sh.cwd, sh.vars.get('PATH'), name);
		if (found.kind === 'none') return null;
		if (remember && found.kind === 'file') sh.hash.insert(name, found.path, 1);
		return found.path;
	}

	/** strace's own search of PATH (it has no table of remembered names). */
	#searchOnly(sh: ShellState, name: string): string | null {
		if (name.includes('/')) return name;
		const found = searchPath(sh.host, sh.cwd, sh.vars.get('PATH'), name);
		return found.kind === 'file' ? found.path : null;
	}

	/** Runs a builtin, an external tool or a kernel program with the given streams. */
	#command(sh: ShellState, argv: string[], stdin: ByteBuffer | null, out: Sink, err: Sink): number {
		const name = argv[0] as string;
		// `command NAME …` runs NAME; with no functions or aliases here there is nothing for it
		// to skip (builtins/command.def). Its -v and -V forms are the builtin's.
		if (name === 'command' && argv.length > 1) {
			const rest = argv[1] === '--' ? argv.slice(2) : argv.slice(1);
			if (rest.length === 0) return 0;
			if (!(rest[0] as string).startsWith('-') || argv[1] === '--')
				return this.#command(sh, rest, stdin, out, err);
		}
		const builtin = builtinNames.includes(name) ? lookup(name) : undefined;
		const prev = this.#runningHost;
		this.#runningHost = sh.host;
		try {
			if (builtin) {
				try {
					return builtin(this.#context(sh, sh.pid, argv, stdin, out, err));
				} catch (e) {
					if (!(e instanceof Runaway)) throw e;
					// A builtin waiting for the end of an endless pipe: interrupted like a program.
					this.#advance(FOREGROUND_LIMIT_MS);
					this.#print(INTERRUPT_NOTE + (sh.interactive ? '\n' : ''));
					return 130;
				}
			}
			return this.#external(sh, argv, stdin, out, err);
		} finally {
			this.#runningHost = prev;
		}
	}

	/** What a command's context calls back into, made once per session (see ToolContext). */
	readonly #hooks: SessionHooks = {
		write: (sink, text, writer) => this.#write(sink, text, writer),
		remote: (sh, hostName, line, out) => this.#remote(sh, hostName, line, out),
		subshell: (sh, pid, source, name) => this.#subshell(sh, pid, source, name),
		trace: (sh, pid, args, options, stdin, out, err) =>
			this.#trace(sh, pid, args, options, stdin, out, err),
		advance: (ms) => this.#advance(ms),
		waitChild: (sh, child, limit) => this.#waitChild(sh, child, limit),
		foreground: (sh, child) => this.#waitForeground(sh, child),
		notify: () => this.#notify(),
		reapJobs: (sh) => this.#reapBackground(sh),
		history: () => this.#history,
		commandNames: () => this.#commandNames(),
	};

	#context(
		sh: ShellState,
		pid: number,
		argv: string[],
		stdin: ByteBuffer | null,
		out: Sink,
		err: Sink,
	): CommandContext {
		// A tool process runs under a budget of kernel calls (see #budget).
		const host =
			pid === sh.pid ? sh.host : budget(sh.host, pid, out.kind === 'buffer' && out.pipe === true);
		// The tool reads a redirected file through its own budget, like any other read.
		if (stdin instanceof FileInput && stdin.reader.pid === pid && !stdin.filled)
			stdin.readBy(host, pid, stdin.reader.fd);
		return new ToolContext(
			this.#hooks,
			this.world,
			sh,
			host,
			pid,
			argv,
			stdin,
			this.#stdinEndless,
			out,
			err,
			this.#prefix(sh),
		);
	}

	/** The fds 3 and up the command being run gets from its redirections (see #launch). */
	#childFds: ReadonlyMap<number, number | null> = NO_REDIRECTION.childFds;

	/**
	 * `exec` with redirections only: they stay in effect in the shell (builtins/exec.def with no
	 * command: redirections are not undone). fds 3 and up are modelled: `exec 3< file`,
	 * `exec 4> file`, `exec 5>&4`, `exec 3>&-`. Replacing the shell with a program, or moving
	 * its own stdin, stdout or stderr, is not.
	 */
	#exec(sh: ShellState, cmd: SimpleCommand, argv: string[], redir: Redirection): number {
		const note = (what: string): number => {
			this.#print(`[simulation: ${what} is not supported in this simulated shell]\n`);
			// The status the simulation gives every bash feature it does not model.
			return 2;
		};
		if (argv.length > 1) return note('exec of a command (replacing the shell)');
		if (cmd.redirs.some((r) => r.fd <= 2 || r.op === '&>' || r.op === '&>>'))
			return note('exec moving the shell’s own stdin, stdout or stderr');
		const fds = new Set(sh.fds ?? []);
		for (const [fd, from] of redir.childFds) {
			if (from === null) {
				// Closing an fd that is not open is no error for bash (close_buffered_fd).
				if (fds.delete(fd)) sh.host.close(sh.pid, fd);
				continue;
			}
			if (from !== fd) sh.host.dup2(sh.pid, from, fd);
			else redir.release(fd);
			fds.add(fd);
		}
		sh.fds = fds;
		return 0;
	}

	/** An error bash itself prints about a command it could not run, on that command's stderr. */
	#shellError(sh: ShellState, err: Sink, text: string): void {
		this.#write(err.kind === 'fd' ? { ...err, pid: sh.pid } : err, text);
	}

	/**
	 * Runs an external command: fork + exec of the file found on PATH. Tools the shell implements
	 * (cp, ls …) then run as that process; kernel programs (server, sleep, memhog) run by
	 * themselves and the shell waits, letting simulated time pass.
	 */
	#external(
		sh: ShellState,
		argv: string[],
		stdin: ByteBuffer | null,
		out: Sink,
		err: Sink,
		parent: number = sh.pid,
	): number {
		const name = argv[0] as string;
		const traced = parent !== sh.pid;
		// A pipeline stage's process was forked (and its program exec'd) before the pipeline ran.
		const stage = this.#takeStage(sh, parent);
		// strace searches PATH itself (no table); a stage's child looked on its own.
		const path = traced ? this.#searchOnly(sh, name) : this.#resolve(sh, name, stage === null);
		if (path === null) {
			// A program a real Debian 12 host has would have been found: say that it is only the
			// simulation that lacks it, rather than claim the host has no such command.
			const pkg = name.includes('/') ? null : debianPackageOf(name);
			if (pkg !== null) {
				this.#shellError(sh, err, notModelledNote(name, pkg));
				if (stage) {
					sh.host.exit(stage.pid, 127);
					sh.host.wait4(sh.pid, stage.pid);
				}
				return 127;
			}
			if (traced) {
				this.#shellError(sh, err, `strace: Can't stat '${name}': No such file or directory\n`);
				return 1;
			}
			this.#shellError(sh, err, `${this.#prefix(sh)}${name}: command not found\n`);
			if (stage) {
				// bash's child searched PATH in vain (execute_cmd.c execute_disk_command).
				sh.host.exit(stage.pid, 127);
				sh.host.wait4(sh.pid, stage.pid);
			}
			return 127;
		}
		const stdoutFd = out.kind === 'fd' && out.fd !== 1 ? out.fd : undefined;
		const stderrFd = err.kind === 'fd' && err.fd !== 2 ? err.fd : undefined;
		const spawned =
			stage?.spawned ??
			this.#launch(sh, parent, path, argv, stdoutFd, stderrFd, stage?.pid, stdin, this.#childFds);
		if (!spawned.ok) {
			const e = spawned.errno;
			if (e === 'ENOEXEC') {
				// A text file without #! is run by bash itself in a forked copy (execute_cmd.c).
				const text = this.#readText(sh, path);
				if (text !== null) {
					const child = this.#fork(sh.host, parent);
					if (!child.ok) return 126;
					const code = this.#subshell(sh, child.value, text, name);
					if (sh.host.process(child.value)?.state !== 'Z') sh.host.exit(child.value, code);
					return this.#waitForeground(sh, child.value, parent);
				}
				this.#shellError(
					sh,
					err,
					`${this.#prefix(sh)}${path}: cannot execute binary file: Exec format error\n`,
				);
				return 126;
			}
			if (
				e === 'EISDIR' ||
				(e === 'EACCES' && sh.host.peekStat(absPath(sh.cwd, path))?.type === 'dir')
			) {
				this.#shellError(sh, err, `${this.#prefix(sh)}${path}: Is a directory\n`);
				return 126;
			}
			// bash names the file it tried, which for a name found on PATH is its full path.
			this.#shellError(sh, err, `${this.#prefix(sh)}${path}: ${errText(e)}\n`);
			return e === 'ENOENT' ? 127 : 126;
		}
		const pid = spawned.value;
		const proc = sh.host.process(pid);
		if (proc && proc.program === 'generic') {
			const image = proc.vmas.find((v) => v.expect)?.expect?.name ?? name;
			const tool = lookup(image) ?? lookup(name.split('/').pop() ?? name);
			if (tool && !builtinNames.includes(image)) {
				const [o, e] = this.#childStreams(sh, pid, out, err, false);
				return this.#inForeground(sh, pid, parent, () =>
					this.#driveGeneric(sh, pid, tool, argv, stdin, o, e, parent),
				);
			}
			// An executable the simulation has no behaviour for exits at once.
			sh.host.exit(pid, 0);
		}
		return this.#inForeground(sh, pid, parent, () => this.#waitForeground(sh, pid, parent));
	}

	/**
	 * fork + dup2 + close + execve, as bash does for an external command: the child gets the
	 * redirections on fds 1 and 2 and no other descriptors. If exec fails the child exits
	 * (126, or 127 for ENOENT) and is reaped, and the errno is returned for bash's message.
	 */
	#launch(
		sh: ShellState,
		parent: number,
		path: string,
		argv: string[],
		stdoutFd: number | undefined,
		stderrFd: number | undefined,
		forked?: number,
		stdin: ByteBuffer | null = null,
		childFds: ReadonlyMap<number, number | null> = NO_REDIRECTION.childFds,
	): { ok: true; value: number } | { ok: false; errno: Errno } {
		const h = sh.host;
		// A pipeline stage was forked already, and put in the pipeline's process group.
		const child =
			forked === undefined ? this.#fork(h, parent) : { ok: true as const, value: forked };
		if (!child.ok) return child;
		const pid = child.value;
		this.#stdinFrom(h, pid, stdin);
		// `2>&1 > f`: stderr copies the old stdout before stdout moves.
		if (stderrFd === 1) h.dup2(pid, 1, 2);
		if (stdoutFd !== undefined) h.dup2(pid, stdoutFd, 1);
		if (stderrFd !== undefined && stderrFd !== 1) h.dup2(pid, stderrFd, 2);
		// The command's own fds 3 and up (`3> file`), then the shell's user fds, which children
		// inherit; the rest (redirection fds under other numbers, bash's fd 255) are not theirs.
		const keep = new Set(sh.fds ?? []);
		for (const [fd, from] of childFds) {
			if (from === null) keep.delete(fd);
			else {
				if (from !== fd) h.dup2(pid, from, fd);
				keep.add(fd);
			}
		}
		for (const fd of Object.keys(h.process(pid)?.fds ?? {}))
			if (Number(fd) > 2 && !keep.has(Number(fd))) h.close(pid, Number(fd));
		// An interactive bash puts each job in its own process group (jobs.c make_child).
		if (sh.interactive && parent === sh.pid && forked === undefined) h.setpgid(sh.pid, pid, pid);
		const refused = this.#sleepOperands(sh, path, argv);
		if (refused !== null) {
			// The kernel's /bin/sleep takes plain seconds only; coreutils' messages for operands
			// it would reject are written here by the child, which then exits 1 as sleep does.
			h.write(pid, 2, refused);
			h.exit(pid, 1);
			return { ok: true, value: pid };
		}
		const done = h.execve(pid, path, argv);
		if (!done.ok) {
			h.exit(pid, done.errno === 'ENOENT' ? 127 : 126);
			h.wait4(parent, pid);
			return done;
		}
		return { ok: true, value: pid };
	}

	/**
	 * A `< FILE` redirection becomes the child's fd 0 (dup2 of the descriptor the redirection
	 * opened; the close of the other descriptors follows), and the child reads it from there. A
	 * child forked by a child (strace's tracee) inherits that fd 0 and reads it too.
	 */
	#stdinFrom(h: Host, pid: number, stdin: ByteBuffer | null): void {
		if (!(stdin instanceof FileInput) || stdin.filled) return;
		const fds = h.fdTable(pid);
		const from = stdin.reader.fd;
		if (from !== 0 && fds.some((f) => f.fd === from && f.path === stdin.path)) h.dup2(pid, from, 0);
		else if (!fds.some((f) => f.fd === 0 && f.path === stdin.path)) return;
		stdin.readBy(h, pid, 0);
	}

	/**
	 * What coreutils 9.1 sleep says about its operands when it would not sleep (missing operand,
	 * invalid intervals, each reported, then one Try line), or null when they are fine.
	 */
	#sleepOperands(sh: ShellState, path: string, argv: string[]): string | null {
		if (!path.endsWith('/sleep') || !this.#isKernelProgram(sh, path)) return null;
		const ops = argv.slice(1);
		const tryLine = "Try 'sleep --help' for more information.\n";
		if (ops.length === 0) return `sleep: missing operand\n${tryLine}`;
		const first = ops[0] as string;
		if (/^-[^-\d.]/.test(first) || /^-\d/.test(first))
			return `sleep: invalid option -- '${first.slice(1, 2)}'\n${tryLine}`;
		const bad = ops.filter((op) => parseInterval(op) === null);
		if (bad.length > 0)
			return bad.map((op) => `sleep: invalid time interval \u2018${op}\u2019\n`).join('') + tryLine;
		return null;
	}

	/**
	 * A child's standard streams: its own fds 1 and 2, which fork inherited or spawn dup2'ed
	 * from the redirections, so that its writes are its own system calls. `dup` does the dup2
	 * for children that were only forked.
	 */
	#childStreams(sh: ShellState, pid: number, out: Sink, err: Sink, dup: boolean): [Sink, Sink] {
		const stream = (s: Sink, n: number): Sink => {
			if (s.kind !== 'fd') return s;
			if (dup && s.fd !== n) sh.host.dup2(pid, s.fd, n);
			return { kind: 'fd', pid, fd: n };
		};
		// `2>&1 > f`: stderr copies the old stdout before stdout moves.
		if (err.kind === 'fd' && err.fd === 1) {
			const e = stream(err, 2);
			return [stream(out, 1), e];
		}
		return [stream(out, 1), stream(err, 2)];
	}

	/**
	 * Gives the terminal to a foreground job's process group while it runs and takes it back
	 * after (jobs.c give_terminal_to), so ps shows `+` on the right processes.
	 */
	#inForeground(sh: ShellState, pid: number, parent: number, run: () => number): number {
		// A pipeline's stages share the group that #forkStages gave the terminal.
		if (!sh.interactive || parent !== sh.pid || this.#stagePids.has(pid)) return run();
		if (sh.host.process(pid)?.pgid !== pid) sh.host.setpgid(sh.pid, pid, pid);
		sh.host.tcsetpgrp(sh.pid, pid);
		try {
			return run();
		} finally {
			sh.host.tcsetpgrp(sh.pid, sh.pid);
		}
	}

	/** Runs a tool implemented here as process `pid`, then exits and reaps it. */
	#driveGeneric(
		sh: ShellState,
		pid: number,
		tool: (ctx: CommandContext) => number,
		argv: string[],
		stdin: ByteBuffer | null,
		out: Sink,
		err: Sink,
		parent: number,
	): number {
		// A pipeline stage waiting for its input runs now.
		sh.host.wakeUp(pid);
		const ctx = this.#context(sh, pid, argv, stdin, out, err);
		let code: number;
		try {
			code = standardOption(ctx) ?? tool(ctx);
		} catch (e) {
			if (e instanceof ExitSignal || e instanceof ToolExit) code = e.code;
			else if (e instanceof Runaway) return this.#runaway(sh, pid, out, parent);
			else throw e;
		}
		if (this.#detached === pid) {
			this.#detached = null;
			return 0;
		}
		this.#advance(COMMAND_MS);
		if (
			out.kind === 'buffer' &&
			out.pipe &&
			out.data.length > PIPE_CAPACITY &&
			parent === sh.pid &&
			sh.host.process(pid)?.state !== 'Z'
		) {
			// A writer with more than the pipe holds is still blocked in write(2): it lives until
			// its reader is done (#finishWriter). A smaller one wrote everything and exits now.
			out.writer = { pid, code };
			sh.host.sleepUntil(pid, undefined);
			return code;
		}
		// A tool may have been killed while it ran (a signal to itself, or a fault).
		if (sh.host.process(pid)?.state !== 'Z') sh.host.exit(pid, code);
		return this.#waitForeground(sh, pid, parent);
	}

	/**
	 * A tool that would never end. Writing into a pipe, it stops here and the reader gets what it
	 * wrote so far, marked endless; the writer dies of SIGPIPE as it would once the reader exits
	 * (the pipeline's stages run one after the other here, so it is killed before the reader
	 * runs). Anything else is endless in the foreground: the time limit passes, then SIGINT.
	 */
	#runaway(sh: ShellState, pid: number, out: Sink, parent: number): number {
		if (out.kind === 'buffer' && out.pipe) {
			out.endless = true;
			sh.host.brokenPipe(pid);
			const waited = sh.host.wait4(parent, pid);
			return waited.ok && waited.value ? waited.value.shellStatus : 141;
		}
		this.#advance(FOREGROUND_LIMIT_MS);
		if (sh.host.process(pid)?.state !== 'Z') {
			this.#print(INTERRUPT_NOTE);
			sh.host.kill(sh.pid, pid, 'SIGINT');
		}
		return this.#waitForeground(sh, pid, parent);
	}

	/**
	 * Waits for a foreground child: lets time pass until it exits (up to a limit, after which the
	 * reader is taken to have pressed Ctrl-C), reaps it, prints what bash prints for a death by
	 * signal, then any job notices.
	 */
	#waitForeground(sh: ShellState, pid: number, parent: number = sh.pid): number {
		if (this.#waitChild(sh, pid, FOREGROUND_LIMIT_MS) === 'timeout') {
			this.#print(INTERRUPT_NOTE);
			sh.host.kill(sh.pid, pid, 'SIGINT');
		}
		const waited = sh.host.wait4(parent, pid);
		if (parent !== sh.pid || this.#backgroundStage) {
			// A child of a tool (strace's tracee): the tool reports, not the shell. A stage of a
			// background pipeline is reported with its job, before a later prompt.
			return waited.ok && waited.value ? waited.value.shellStatus : 0;
		}
		let status = 0;
		if (waited.ok && waited.value) {
			const s = toProcStatus(waited.value.status);
			status = exitStatus(s);
			if (sh.interactive) this.#print(foregroundNotice(s));
			else if (s.kind === 'signaled' && s.signal !== 2 && s.signal !== 13) {
				// A non-interactive bash reports like `bash: line 1: 1234 Bus error (core dumped) cmd`.
				const proc = waited.value;
				this.#print(
					`bash: line 1: ${proc.pid} ${foregroundNotice(s).replace(/\n$/, '')}\n`.replace(
						/ {2,}/g,
						' ',
					),
				);
			}
		}
		this.#reapBackground(sh);
		if (sh.interactive && sh === this.#shell) this.#notify();
		return status;
	}

	/** Lets time pass until a child is a zombie or `limitMs` has passed. */
	#waitChild(sh: ShellState, pid: number, limitMs: number): 'done' | 'timeout' {
		// Only time spent running counts against the limit: a sleeping process (sleep 100)
		// wakes by itself, so the clock jumps straight to its wake-up time. A job that sleeps
		// again and again (`while true; do sleep 1; done &`) would be waited for forever, as
		// bash would until Ctrl-C: once it has woken more than once and the limit has passed
		// on the clock, the wait is interrupted.
		let busy = 0;
		let wakes = 0;
		const start = this.world.now();
		for (;;) {
			this.#settleSsh();
			const proc = sh.host.process(pid);
			if (!proc || proc.state === 'Z') return 'done';
			// A background job that is a copy of the shell wakes when the program it waits for does.
			const task = this.#tasks.find((t) => t.sh.pid === pid && t.sh.host === sh.host);
			const waited = task?.waiting ?? null;
			const wake = task
				? waited === null
					? undefined
					: sh.host.process(waited)?.wakeAt
				: proc.wakeAt;
			if (wakes > 1 && this.world.now() - start >= limitMs) return 'timeout';
			if (wake !== undefined && wake > this.world.now()) {
				this.#advance(wake - this.world.now());
				wakes++;
				continue;
			}
			if (busy >= limitMs) return 'timeout';
			// A program that never sleeps (the daemon) runs in one-second steps for the first
			// minute, then in larger ones (a long `wait` on a daemon that never exits).
			const step = Math.min(busy < 60_000 ? 1000 : 60_000, limitMs - busy);
			this.#advance(step);
			busy += step;
		}
	}

	/** A small file's text when it looks like text (no NUL in its first bytes), else null. */
	#readText(sh: ShellState, path: string): string | null {
		const fd = sh.host.openat(sh.pid, path, O_RDONLY);
		if (!fd.ok) return null;
		const data = sh.host.read(sh.pid, fd.value, 65536);
		sh.host.close(sh.pid, fd.value);
		if (!data.ok) return null;
		const text = bytesToBinary(data.value);
		return text.includes('\0') ? null : decodeUtf8(text);
	}

	/** Collects state changes of background jobs (SIGCHLD handling). */
	#reapBackground(sh: ShellState): void {
		// A background copy of the shell whose program ended goes on at once (its SIGCHLD).
		this.#pumpTasks();
		this.#settleSsh();
		for (const job of sh.jobs.list) {
			if (job.exits) {
				this.#reapPipelineJob(sh, job, job.exits);
				continue;
			}
			const leader = job.pids[0] as number;
			// A pipeline stage sees its parent's jobs (`jobs | cat`) but cannot wait for them.
			const ppid = sh.host.process(leader)?.ppid;
			if (ppid !== undefined && ppid !== sh.pid) continue;
			const waited = sh.host.wait4(sh.pid, leader);
			if (!waited.ok) {
				if (job.status.kind === 'running') sh.jobs.update(job, { kind: 'exited', code: 0 });
				continue;
			}
			if (waited.value) {
				const s = toProcStatus(waited.value.status);
				sh.bgStatus.set(leader, exitStatus(s));
				sh.jobs.update(job, s);
				continue;
			}
			// wait4(WUNTRACED | WCONTINUED): a stopped job is reported; a continued one runs again
			// without a notice.
			const state = sh.host.process(leader)?.state;
			if (state === 'T' && job.status.kind === 'running')
				sh.jobs.update(job, { kind: 'stopped', signal: 19 });
			else if (state !== 'T' && job.status.kind === 'stopped') {
				sh.jobs.update(job, { kind: 'running' });
				job.notified = true;
			}
		}
	}

	/**
	 * A background pipeline: each process is reaped as it ends; the job is done once all have
	 * ended, with the last one's status (jobs.c: a job is dead when all its processes are).
	 */
	#reapPipelineJob(sh: ShellState, job: Job, exits: Map<number, ProcStatus>): void {
		for (const pid of job.pids) {
			if (exits.has(pid)) continue;
			const waited = sh.host.wait4(sh.pid, pid);
			if (!waited.ok) exits.set(pid, { kind: 'exited', code: 0 });
			else if (waited.value) {
				exits.set(pid, toProcStatus(waited.value.status));
				sh.bgStatus.set(pid, waited.value.shellStatus);
			}
		}
		const last = exits.get(job.pids[job.pids.length - 1] as number);
		if (last && job.pids.every((pid) => exits.has(pid))) {
			sh.jobs.update(job, last);
			return;
		}
		const state = sh.host.process(job.pids[0] as number)?.state;
		if (state === 'T' && job.status.kind === 'running')
			sh.jobs.update(job, { kind: 'stopped', signal: 19 });
		else if (state !== 'T' && job.status.kind === 'stopped') {
			sh.jobs.update(job, { kind: 'running' });
			job.notified = true;
		}
	}

	/** Prints notices for jobs whose change bash has seen (bash's notify_of_job_status). */
	#notify(): void {
		const sh = this.#shell;
		if (sh.interactive) this.#print(sh.jobs.notices());
	}

	/** Starts a list in the background: `[1] PID`, then it runs as simulated time passes. */
	#background(sh: ShellState, list: AndOrList): void {
		// `! cmd &` alone: bash runs cmd as the job and neither shows nor applies the `!` (the
		// job is `Done`, and `wait $!` gives cmd's own status); in a list (`! a && b &`) it stays.
		if (list.rest.length === 0 && list.first.negate)
			list = { ...list, first: { ...list.first, negate: false } };
		const text = commandText(list);
		const first =
			list.rest.length === 0 && list.first.commands.length === 1 && !list.first.negate
				? list.first.commands[0]
				: undefined;
		const simple = first && !isCompound(first) ? first : undefined;
		let pid: number | null = null;
		// Output the new process writes while starting belongs after bash's `[1] PID` line.
		const mark = this.#output.length;
		if (list.rest.length === 0 && list.first.commands.length > 1) {
			this.#backgroundPipeline(sh, list.first, text);
			return;
		}
		if (simple) {
			const ectx = this.#expandCtx(sh);
			const argv = expandWords(simple.words, ectx);
			const name = argv[0];
			const path = name === undefined ? null : this.#resolve(sh, name);
			const redir = this.#redirect(sh, simple.redirs, ectx);
			if (redir && name !== undefined) {
				const { out, err } = this.#streams(redir, this.#terminal(sh), {
					kind: 'fd',
					pid: sh.pid,
					fd: 2,
				});
				if (simple.redirs.length === 0 && this.#backgroundSsh(sh, argv, text, mark)) {
					redir.close();
					return;
				}
				const isBuiltin = builtinNames.includes(name);
				const isKernelProgram = path !== null && !isBuiltin && this.#isKernelProgram(sh, path);
				if (isKernelProgram) {
					// A long-running program: spawn it and let it run as time passes.
					const spawned = this.#launch(
						sh,
						sh.pid,
						path,
						argv,
						out.kind === 'fd' && out.fd !== 1 ? out.fd : undefined,
						err.kind === 'fd' && err.fd !== 2 ? err.fd : undefined,
						undefined,
						null,
						redir.childFds,
					);
					if (spawned.ok) pid = spawned.value;
					else {
						// The child forked and failed to exec: bash reports it from the child.
						const child = this.#fork(sh.host, sh.pid);
						if (child.ok) {
							pid = child.value;
							this.#announce(sh, pid, text, mark);
							const msg =
								spawned.errno === 'ENOEXEC'
									? 'cannot execute binary file: Exec format error'
									: errText(spawned.errno);
							sh.host.write(pid, 2, `${this.#prefix(sh)}${path}: ${msg}\n`);
							sh.host.exit(pid, spawned.errno === 'ENOENT' ? 127 : 126);
							redir.close();
							return;
						}
					}
				}
				redir.close();
			}
		}
		if (pid === null) {
			// Anything else (a list, a compound command, a builtin) runs in a forked copy of the
			// shell that is the job (execute_cmd.c: execute_command_internal forks for `&`). Its
			// commands run as simulated time passes; the subshell exits with the list's status.
			const child = this.#fork(sh.host, sh.pid);
			if (!child.ok) return;
			pid = child.value;
			// An interactive bash gives each job its own process group (jobs.c make_child).
			if (sh.interactive) sh.host.setpgid(sh.pid, pid, pid);
			this.#announce(sh, pid, text, this.#output.length);
			const sub: ShellState = subshellState(sh, pid);
			sub.prefix = this.#prefix(sh);
			const out: Sink = { kind: 'fd', pid, fd: 1 };
			// `( … ) &` is one process: the subshell's body runs in the job itself.
			const only = list.rest.length === 0 && !list.first.negate ? list.first.commands : [];
			const body =
				only.length === 1 &&
				isCompound(only[0] as SimpleCommand | CompoundCommand) &&
				(only[0] as CompoundCommand).compound === 'subshell' &&
				(only[0] as CompoundCommand).redirs.length === 0
					? (only[0] as CompoundCommand & { compound: 'subshell' }).body
					: [{ list, background: false }];
			this.#tasks.push({ sh: sub, gen: this.#taskItems(sub, body, out), waiting: null });
			this.#pumpTasks();
			return;
		}
		this.#announce(sh, pid, text, mark);
	}

	/**
	 * Background jobs that are copies of the shell (`( sleep 5; echo hi ) &`, `a && b &`): each
	 * is a generator that runs the job's commands until one must wait for a program (sleep), then
	 * yields that program's pid. #pumpTasks resumes it once the program has ended.
	 */
	#tasks: {
		sh: ShellState;
		gen: Generator<number, number>;
		waiting: number | null;
		/** A background pipeline's stages: the task ends by itself, not with a process. */
		stages?: true;
	}[] = [];
	/** How many times tasks have waited for a program (a loop that never waits is endless). */
	#taskYields = 0;
	/** Set while a task runs, so that time it lets pass does not resume tasks re-entrantly. */
	#pumping = false;

	/** Resumes every background task whose program has ended, until none can go on. */
	#pumpTasks(): void {
		if (this.#pumping) return;
		this.#pumping = true;
		const prevHost = this.#runningHost;
		try {
			for (let progressed = true, guard = 0; progressed && guard < 1000; guard++) {
				progressed = false;
				for (const task of [...this.#tasks]) {
					const { host, pid } = task.sh;
					const self = host.process(pid);
					if (!task.stages && (!self || self.state === 'Z')) {
						// The job was killed: nothing of it runs any more.
						this.#tasks = this.#tasks.filter((t) => t !== task);
						continue;
					}
					if (self?.state === 'T') continue;
					if (task.waiting !== null) {
						const child = host.process(task.waiting);
						if (child && child.state !== 'Z') continue;
					}
					progressed = true;
					this.#runningHost = host;
					let status: number | null = null;
					try {
						const step = task.gen.next();
						if (step.done) status = step.value;
						else task.waiting = step.value;
					} catch (e) {
						if (e instanceof ExitSignal) status = e.code;
						else if (e instanceof ArithError) {
							this.#print(expansionMessage(e, this.#prefix(task.sh)));
							status = 1;
						} else if (e instanceof LoopControl) status = 0;
						else throw e;
					}
					if (status !== null) {
						this.#tasks = this.#tasks.filter((t) => t !== task);
						if (!task.stages && host.process(pid)?.state !== 'Z') host.exit(pid, status);
					}
				}
			}
		} finally {
			this.#runningHost = prevHost;
			this.#pumping = false;
		}
	}

	/** When the earliest program a background task waits for wakes up (null: none sleeps). */
	#nextTaskWake(): number | null {
		let next: number | null = null;
		for (const task of this.#tasks) {
			if (task.waiting === null) continue;
			const wake = task.sh.host.process(task.waiting)?.wakeAt;
			if (wake !== undefined && (next === null || wake < next)) next = wake;
		}
		return next;
	}

	/**
	 * Lets simulated time pass, stopping at each moment a background task's program wakes so
	 * that the task's next commands run at their own time (a `kill` after `sleep 2` happens 2 s
	 * in, not when the foreground command ends).
	 */
	#advance(ms: number): void {
		const target = this.world.now() + ms;
		for (let guard = 0; guard < 10_000 && !this.#pumping; guard++) {
			this.#pumpTasks();
			const next = this.#nextTaskWake();
			const now = this.world.now();
			if (next === null || next >= target) break;
			this.world.advance(Math.max(1, next - now));
		}
		if (target > this.world.now()) this.world.advance(target - this.world.now());
		this.#pumpTasks();
	}

	/** The items of a list, run by a background task (see #tasks). */
	*#taskItems(sh: ShellState, items: ListItem[], out: Sink): Generator<number, number> {
		let status = 0;
		for (const item of items) {
			if (item.background) {
				this.#background(sh, item.list);
				status = 0;
			} else status = yield* this.#taskAndOr(sh, item.list, out);
		}
		return status;
	}

	*#taskAndOr(sh: ShellState, list: AndOrList, out: Sink): Generator<number, number> {
		let status = yield* this.#taskPipeline(sh, list.first, out);
		for (const { op, pipeline } of list.rest) {
			if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
			status = yield* this.#taskPipeline(sh, pipeline, out);
		}
		return status;
	}

	/**
	 * One pipeline of a background task, stage after stage as #pipeline runs them. A program
	 * (sleep) is started and waited for by yielding; a lone compound command runs its body the
	 * same way; builtins and tools run at once, as in the foreground.
	 */
	*#taskPipeline(sh: ShellState, p: Pipeline, out: Sink): Generator<number, number> {
		if (p.commands.length > 1) return yield* this.#taskMultiPipeline(sh, p, out);
		let status = 0;
		let stdin: ByteBuffer | null = null;
		let endless = false;
		const statuses: number[] = [];
		for (let i = 0; i < p.commands.length; i++) {
			const cmd = p.commands[i] as SimpleCommand | CompoundCommand;
			const last = i === p.commands.length - 1;
			const o: Sink = last ? out : { kind: 'buffer', data: new ByteBuffer(), pipe: true };
			if (isCompound(cmd)) {
				status =
					p.commands.length === 1
						? yield* this.#taskCompound(sh, cmd, o)
						: this.#compound(sh, cmd, stdin, o);
			} else {
				this.#stdinEndless = endless;
				const started = this.#taskStart(sh, cmd, stdin, o);
				this.#stdinEndless = false;
				if (started.kind === 'status') status = started.status;
				else {
					for (;;) {
						const proc = sh.host.process(started.pid);
						if (!proc || proc.state === 'Z') break;
						this.#taskYields++;
						yield started.pid;
					}
					const waited = sh.host.wait4(sh.pid, started.pid);
					status = waited.ok && waited.value ? waited.value.shellStatus : 0;
				}
			}
			stdin = o.kind === 'buffer' && !last ? o.data : null;
			endless = o.kind === 'buffer' && o.endless === true;
			if (o.kind === 'buffer' && o.writer) {
				// Inside a background job a writer simply exits (no SIGPIPE modelled here).
				if (sh.host.process(o.writer.pid)?.state !== 'Z') sh.host.exit(o.writer.pid, o.writer.code);
				sh.host.wait4(sh.pid, o.writer.pid);
				delete o.writer;
			}
			statuses.push(status);
		}
		return this.#pipelineStatus(sh, p.negate, statuses);
	}

	/**
	 * A pipeline of several stages in a background task: every stage is forked before any runs
	 * (#forkStages), as in the foreground; the task waits for a program stage (sleep) to end,
	 * and runs the others in turn, like #multiPipeline.
	 */
	*#taskMultiPipeline(sh: ShellState, p: Pipeline, out: Sink): Generator<number, number> {
		const terminal: Sink = out.kind === 'fd' ? out : { kind: 'fd', pid: sh.pid, fd: 1 };
		const stages = this.#forkStages(sh, p, terminal, false, out);
		const statuses: number[] = [];
		let stdin: (Sink & { kind: 'buffer' }) | null = null;
		try {
			for (const [i, stage] of stages.entries()) {
				const proc = sh.host.process(stage.pid);
				let status: number;
				if (proc && stage.spawned?.ok && proc.program !== 'generic') {
					while (sh.host.process(stage.pid) && sh.host.process(stage.pid)?.state !== 'Z') {
						this.#taskYields++;
						yield stage.pid;
					}
					stage.streams?.redir.close();
					delete stage.streams;
					status = this.#reapStage(sh, stage, 0);
				} else {
					status = this.#runFedStage(sh, stage, stdin, terminal);
				}
				if (stdin) statuses[i - 1] = this.#finishWriter(sh, stdin, statuses[i - 1] ?? 0);
				statuses[i] = status;
				stdin = stage.out.kind === 'buffer' ? stage.out : null;
			}
		} finally {
			if (stdin !== null) this.#finishWriter(sh, stdin, 0);
			this.#endStages(sh, stages);
		}
		return this.#pipelineStatus(sh, p.negate, statuses);
	}

	/**
	 * A simple command of a background task: a kernel program is spawned and its pid returned
	 * (the task waits for it); anything else runs now and its status is returned.
	 */
	#taskStart(
		sh: ShellState,
		cmd: SimpleCommand,
		stdin: ByteBuffer | null,
		out: Sink,
	): { kind: 'pid'; pid: number } | { kind: 'status'; status: number } {
		const endless = this.#stdinEndless;
		this.#stdinEndless = false;
		const ectx = this.#expandCtx(sh);
		const argv = expandWords(cmd.words, ectx);
		const name = argv[0];
		const path = name === undefined ? null : this.#resolve(sh, name);
		if (
			name === undefined ||
			path === null ||
			builtinNames.includes(name) ||
			!this.#isKernelProgram(sh, path) ||
			cmd.assigns.length > 0
		) {
			this.#stdinEndless = endless;
			const terminal: Sink = out.kind === 'buffer' ? { kind: 'fd', pid: sh.pid, fd: 1 } : out;
			return { kind: 'status', status: this.#simpleExpanded(sh, cmd, argv, stdin, out, terminal) };
		}
		const redir = this.#redirect(sh, cmd.redirs, ectx);
		if (!redir) return { kind: 'status', status: 1 };
		const { out: o, err: e } = this.#streams(
			redir,
			out,
			out.kind === 'fd' ? { ...out, fd: 2 } : out,
		);
		try {
			if (this.#sleepOperands(sh, path, argv) !== null)
				return { kind: 'status', status: this.#command(sh, argv, null, o, e) };
			const spawned = this.#launch(
				sh,
				sh.pid,
				path,
				argv,
				o.kind === 'fd' && o.fd !== 1 ? o.fd : undefined,
				e.kind === 'fd' && e.fd !== 2 ? e.fd : undefined,
				undefined,
				null,
				redir.childFds,
			);
			if (!spawned.ok) {
				const msg =
					spawned.errno === 'ENOEXEC'
						? 'cannot execute binary file: Exec format error'
						: errText(spawned.errno);
				this.#write(e, `${this.#prefix(sh)}${path}: ${msg}\n`);
				return { kind: 'status', status: spawned.errno === 'ENOENT' ? 127 : 126 };
			}
			return { kind: 'pid', pid: spawned.value };
		} finally {
			redir.close();
		}
	}

	/** A compound command of a background task, with the same yielding as #taskPipeline. */
	*#taskCompound(sh: ShellState, cmd: CompoundCommand, stdout: Sink): Generator<number, number> {
		const redir = this.#redirect(sh, cmd.redirs, this.#expandCtx(sh));
		if (!redir) return 1;
		const out = redir.sink(1) ?? stdout;
		try {
			switch (cmd.compound) {
				case 'group':
					return yield* this.#taskItems(sh, cmd.body, out);
				case 'if': {
					for (const b of cmd.branches) {
						if ((yield* this.#taskItems(sh, b.cond, out)) === 0)
							return yield* this.#taskItems(sh, b.body, out);
					}
					return cmd.orElse ? yield* this.#taskItems(sh, cmd.orElse, out) : 0;
				}
				case 'subshell': {
					const child = this.#fork(sh.host, sh.pid);
					if (!child.ok) return 1;
					const pid = child.value;
					const sub: ShellState = subshellState(sh, pid);
					const sink: Sink = out.kind === 'fd' && out.pid === sh.pid ? { ...out, pid } : out;
					let status: number;
					try {
						status = yield* this.#taskItems(sub, cmd.body, sink);
					} catch (e) {
						if (!(e instanceof ExitSignal)) throw e;
						status = e.code;
					}
					if (sh.host.process(pid)?.state !== 'Z') sh.host.exit(pid, status);
					sh.host.wait4(sh.pid, pid);
					return status;
				}
				default:
					return yield* this.#taskLoop(sh, cmd, out);
			}
		} finally {
			redir.close();
		}
	}

	/** `for`, `while` and `until` in a background task, with #loop's limits. */
	*#taskLoop(
		sh: ShellState,
		cmd: CompoundCommand & { compound: 'for' | 'while' | 'until' },
		out: Sink,
	): Generator<number, number> {
		let status = 0;
		let rounds = 0;
		let idle = 0;
		const words =
			cmd.compound === 'for' ? (cmd.words ? expandWords(cmd.words, this.#expandCtx(sh)) : []) : [];
		sh.loops = (sh.loops ?? 0) + 1;
		try {
			for (;;) {
				if (cmd.compound === 'for') {
					if (rounds >= words.length) break;
					setVar(sh, cmd.name, words[rounds] as string);
				} else {
					const c = yield* this.#taskItems(sh, cmd.cond, out);
					if ((c === 0) !== (cmd.compound === 'while')) break;
				}
				rounds++;
				const yields = this.#taskYields;
				try {
					status = yield* this.#taskItems(sh, cmd.body, out);
				} catch (e) {
					if (!(e instanceof LoopControl)) throw e;
					if (e.levels > 1) throw new LoopControl(e.kind, e.levels - 1);
					if (e.kind === 'break') break;
				}
				// A loop that waits for programs runs as long as time passes; one that never waits
				// would spin forever without time passing, and is ended after LOOP_LIMIT rounds.
				idle = this.#taskYields === yields ? idle + 1 : 0;
				if (cmd.compound !== 'for' && idle >= LOOP_LIMIT) return 130;
			}
		} finally {
			sh.loops -= 1;
		}
		return status;
	}

	/** Background `ssh HOST CMD`: the local ssh lives as long as the remote command does. */
	#sshJobs: { sh: ShellState; local: number; remote: ShellState; child: number }[] = [];

	/**
	 * `ssh HOST CMD &` with one simple remote command: the remote bash starts CMD and the local
	 * ssh process stays, relaying its output, until CMD ends; then ssh exits with CMD's status
	 * (#settleSsh). Returns false when the line is not of that form.
	 */
	#backgroundSsh(sh: ShellState, argv: string[], text: string, mark: number): boolean {
		const dest = argv[1];
		if (argv[0] !== 'ssh' || dest === undefined || dest.startsWith('-') || argv.length < 3)
			return false;
		const hostName = dest.includes('@') ? dest.slice(dest.indexOf('@') + 1) : dest;
		if (!this.world.hasHost(hostName)) return false;
		const line = argv.slice(2).join(' ');
		let items;
		try {
			items = parse(line);
		} catch {
			return false;
		}
		const only = items[0];
		if (
			items.length !== 1 ||
			!only ||
			only.background ||
			only.list.rest.length > 0 ||
			only.list.first.commands.length !== 1 ||
			only.list.first.negate ||
			isCompound(only.list.first.commands[0] as SimpleCommand | CompoundCommand)
		)
			return false;
		const path = this.#resolve(sh, 'ssh');
		const started =
			path === null
				? this.#fork(sh.host, sh.pid)
				: this.#launch(sh, sh.pid, path, argv, undefined, undefined);
		if (!started.ok) return false;
		const local = started.value;
		this.#announce(sh, local, text, mark);
		const remote = this.#login(hostName, '/root', false);
		remote.lastBg = null;
		this.#background(remote, only.list);
		const child = remote.lastBg as number | null;
		if (child === null) {
			this.#logout(remote);
			sh.host.exit(local, remote.status);
			return true;
		}
		this.#sshJobs.push({ sh, local, remote, child });
		this.#settleSsh();
		return true;
	}

	/** Ends the local ssh of every background ssh whose remote command has ended. */
	#settleSsh(): void {
		for (const job of [...this.#sshJobs]) {
			const proc = job.remote.host.process(job.child);
			if (proc && proc.state !== 'Z') {
				// ssh dies with its connection if it is killed locally.
				if (job.sh.host.process(job.local)?.state !== 'Z') continue;
			}
			const waited = job.remote.host.wait4(job.remote.pid, job.child);
			const status = waited.ok && waited.value ? waited.value.shellStatus : 0;
			job.remote.status = status;
			this.#logout(job.remote);
			if (job.sh.host.process(job.local)?.state !== 'Z') job.sh.host.exit(job.local, status);
			this.#sshJobs = this.#sshJobs.filter((j) => j !== job);
		}
	}

	#announce(sh: ShellState, pid: number, text: string, at: number): void {
		const job = sh.jobs.add([pid], text);
		sh.lastBg = pid;
		if (sh.interactive) this.#output.splice(at, 0, `[${job.id}] ${pid}\n`);
		sh.status = 0;
	}

	/**
	 * `a | b &`: the stages themselves are the job, as in bash: forked left to right into one
	 * process group, announced with the last one's pid (which `$!` holds), listed one per line
	 * by `jobs -l`. They run as simulated time passes (a tool stage once the stage before it
	 * has ended), and the job is done when all have ended, with the last one's status.
	 */
	#backgroundPipeline(sh: ShellState, p: Pipeline, text: string): void {
		const terminal = this.#terminal(sh);
		const stages = this.#forkStages(sh, p, terminal, false);
		const last = stages[stages.length - 1] as StageProcess;
		const pids = stages.map((s) => s.pid);
		const job = sh.jobs.add(
			pids,
			text,
			p.commands.map((c) => commandText({ first: { negate: false, commands: [c] }, rest: [] })),
		);
		sh.lastBg = last.pid;
		if (sh.interactive) this.#print(`[${job.id}] ${last.pid}\n`);
		sh.status = 0;
		for (const pid of pids) this.#stagePids.add(pid);
		const task: ShellState = { ...sh, pid: last.pid, hash: sh.hash.fork() };
		this.#tasks.push({
			sh: task,
			gen: this.#taskStages(sh, stages, job),
			waiting: null,
			stages: true,
		});
		this.#pumpTasks();
	}

	/** Set while a stage of a background pipeline runs (see #waitForeground). */
	#backgroundStage = false;

	/** Runs the stages of a background pipeline (see #backgroundPipeline) as a task. */
	*#taskStages(sh: ShellState, stages: StageProcess[], job: Job): Generator<number, number> {
		const record = (pid: number, status: number): void => {
			// The process was reaped as it ended; the job takes its status from here.
			if (sh.host.process(pid)) return;
			job.exits?.set(
				pid,
				status > 128 && status < 160
					? { kind: 'signaled', signal: status - 128, core: false }
					: { kind: 'exited', code: status },
			);
		};
		let stdin: (Sink & { kind: 'buffer' }) | null = null;
		let prevStatus = 0;
		try {
			for (const [i, stage] of stages.entries()) {
				const proc = sh.host.process(stage.pid);
				if (proc && proc.state !== 'Z') {
					if (stage.spawned?.ok && proc.program !== 'generic') {
						// A program (sleep) runs by itself: the task waits for it to end.
						while (sh.host.process(stage.pid) && sh.host.process(stage.pid)?.state !== 'Z') {
							this.#taskYields++;
							yield stage.pid;
						}
						stage.streams?.redir.close();
						delete stage.streams;
					} else {
						this.#stdinEndless = stdin?.endless === true;
						this.#backgroundStage = true;
						let status: number;
						try {
							status = this.#runStage(sh, stage, stdin?.data ?? null, this.#terminal(sh));
						} finally {
							this.#stdinEndless = false;
							this.#backgroundStage = false;
						}
						record(stage.pid, status);
					}
				}
				if (stdin && i > 0) {
					const writer = stdin.writer?.pid;
					this.#backgroundStage = true;
					try {
						const status = this.#finishWriter(sh, stdin, prevStatus);
						if (writer !== undefined) record(writer, status);
					} finally {
						this.#backgroundStage = false;
					}
				}
				stdin = stage.out.kind === 'buffer' ? stage.out : null;
				prevStatus = 0;
			}
		} finally {
			for (const stage of stages) this.#stagePids.delete(stage.pid);
		}
		return 0;
	}

	#isKernelProgram(sh: ShellState, path: string): boolean {
		const st = sh.host.peekStat(absPath(sh.cwd, path));
		if (!st || st.type !== 'file') return true;
		const name = path.split('/').pop() ?? path;
		// Tools the shell drives are 'generic' images named after themselves in /bin and /usr/bin.
		return !(lookup(name) && /^\/(usr\/)?s?bin\//.test(absPath(sh.cwd, path)));
	}

	// ------------------------------------------------------------------ ssh and strace

	/**
	 * `ssh HOST CMD…` runs CMD in a fresh non-interactive bash on HOST; `ssh HOST` switches this
	 * terminal to an interactive shell there until `exit`.
	 */
	#remote(sh: ShellState, hostName: string, line: string | null, out: Sink): number {
		if (line === null) {
			this.#stack.push(this.#login(hostName, '/root', true));
			return 0;
		}
		const remote = this.#login(hostName, '/root', false);
		// ssh relays the remote command's output: to this terminal, or into whatever the local
		// ssh's standard output was redirected to.
		const toTerminal = out.kind === 'fd' && isTerminal(sh.host, out.pid, out.fd);
		const sink: Sink = toTerminal
			? this.#terminal(remote)
			: { kind: 'buffer', data: new ByteBuffer() };
		try {
			this.#runRemote(remote, line, sink);
		} finally {
			this.#logout(remote);
		}
		if (sink.kind === 'buffer')
			for (const chunk of sink.data.chunks()) this.#write(out, binaryToBytes(chunk));
		return remote.status;
	}

	/** Runs a line in a non-interactive shell (bash -c, as sshd runs a command). */
	#runRemote(sh: ShellState, line: string, out: Sink): void {
		let items;
		try {
			items = parse(line);
		} catch (e) {
			if (!(e instanceof ShellSyntaxError)) throw e;
			this.#print(syntaxMessage(e, 'bash: -c: line 1: '));
			sh.status = 2;
			return;
		}
		try {
			for (const item of items) {
				if (item.background) this.#background(sh, item.list);
				else this.#andOr(sh, item.list, out);
			}
		} catch (e) {
			if (e instanceof ArithError) {
				this.#print(expansionMessage(e, 'bash: line 1: '));
				sh.status = 1;
				return;
			}
			if (e instanceof LoopControl) return;
			if (!(e instanceof ExitSignal)) throw e;
			sh.status = e.code;
		}
	}

	/**
	 * strace: runs argv as a child and prints every system call it makes, as strace does on
	 * standard error, ending with `+++ exited with N +++` or `+++ killed by SIGBUS +++`.
	 */
	#trace(
		sh: ShellState,
		stracePid: number,
		argv: string[],
		options: TraceOptions,
		stdin: ByteBuffer | null,
		out: Sink,
		err: Sink,
	): number {
		const { follow, only } = options;
		const traced = new Set<number>();
		let first: number | null = null;
		const lines: string[] = [];
		// strace writes to its standard error; when that is the terminal, its lines interleave
		// with the tracee's output as they happen.
		const errIsTerminal =
			options.output === null && err.kind === 'fd' && isTerminal(sh.host, err.pid, err.fd);
		const emitLine = (text: string): void => {
			if (errIsTerminal) this.#output.push(text);
			else lines.push(text);
		};
		let pendingConsole: string | null = null;
		const prevHook = this.#straceHook;
		const prevCapture = this.#straceCapture;
		this.#straceHook = (event) => {
			// The tracee is followed from its execve (strace starts it that way); with -f, the
			// children it forks are followed from the fork.
			if ('host' in event && event.host === sh.host.name) {
				if (event.type === 'exec' && sh.host.process(event.pid)?.ppid === stracePid) {
					traced.add(event.pid);
					first ??= event.pid;
				}
				if (event.type === 'spawn' && follow && traced.has(event.ppid)) traced.add(event.pid);
			}
			if (
				event.type === 'syscall' &&
				traced.has(event.pid) &&
				event.host === sh.host.name &&
				only !== null &&
				!only.has(event.name) &&
				event.name === 'write' &&
				pendingConsole !== null
			) {
				// A filtered-out write: the program's output still reaches the terminal then.
				this.#output.push(pendingConsole);
				pendingConsole = null;
			}
			if (
				event.type === 'syscall' &&
				traced.has(event.pid) &&
				event.host === sh.host.name &&
				(only === null || only.has(event.name))
			) {
				let line = padSyscall(event.line);
				if (pendingConsole !== null && event.name === 'write') {
					// strace prints the call before it returns, so the program's own output lands
					// between the arguments and the result (exactly as on a real terminal).
					const cut = line.lastIndexOf(
						')',
						line.indexOf(' = ') >= 0 ? line.lastIndexOf(' = ') : line.length,
					);
					line = line.slice(0, cut) + pendingConsole + line.slice(cut);
					pendingConsole = null;
				}
				const prefix = follow && traced.size > 1 ? `[pid ${String(event.pid).padStart(5)}] ` : '';
				emitLine(prefix + line + '\n');
			}
			if (event.type === 'signal' && traced.has(event.pid) && event.disposition !== 'ignored') {
				const addr = event.address !== undefined ? `, si_addr=0x${event.address.toString(16)}` : '';
				const sender = event.senderPid !== undefined ? `, si_pid=${event.senderPid}, si_uid=0` : '';
				emitLine(
					`--- ${event.signal} {si_signo=${event.signal}, si_code=${event.codeName}${sender}${addr}} ---\n`,
				);
			}
			if (event.type === 'exit' && traced.has(event.pid)) {
				const s = event.status;
				const leader = event.pid === first;
				const tag =
					follow && traced.size > 1 && !leader ? `[pid ${String(event.pid).padStart(5)}] ` : '';
				const what =
					s.kind === 'exited'
						? `exited with ${s.code}`
						: `killed by ${s.signal}${s.core ? ' (core dumped)' : ''}`;
				emitLine(`${tag}+++ ${what} +++\n`);
			}
			prevHook?.(event);
		};
		const prevAdopt = this.#traceAdopt;
		this.#traceAdopt = (pid) => {
			if (sh.host.process(pid)?.ppid !== stracePid) return prevAdopt?.(pid);
			traced.add(pid);
			first ??= pid;
		};
		this.#straceCapture = (event) => {
			if (!traced.has(event.pid)) return prevCapture(event);
			pendingConsole = (pendingConsole ?? '') + decodeUtf8(event.text);
			return true;
		};
		let status: number;
		try {
			status = this.#external(sh, argv, stdin, out, err, stracePid);
		} finally {
			this.#straceHook = prevHook;
			this.#straceCapture = prevCapture;
			this.#traceAdopt = prevAdopt;
		}
		if (pendingConsole !== null) this.#output.push(pendingConsole);
		if (options.output !== null) {
			// -o FILE: strace opens the file itself before starting the tracee; here it writes
			// the collected lines once the tracee is done.
			const fd = sh.host.openat(stracePid, options.output, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
			if (fd.ok) {
				sh.host.write(stracePid, fd.value, lines.join(''));
				sh.host.close(stracePid, fd.value);
			} else this.#write(err, `strace: Can't fopen '${options.output}': ${errText(fd.errno)}\n`);
		} else for (const l of lines) this.#write(err, l);
		// strace ends the way its tracee did: killed by the same signal, or with its status.
		if (status > 128) {
			const name = signalName(status - 128);
			if (name !== null) sh.host.kill(stracePid, stracePid, `SIG${name}` as SignalName);
		}
		return status;
	}
}

/**
 * How many bytes at the end of `bytes` (one char per byte) start a UTF-8 sequence that is not
 * complete yet: 0 when the text ends on a whole character.
 */
export function incompleteUtf8Tail(bytes: string): number {
	for (let k = 1; k <= 3 && k <= bytes.length; k++) {
		const b = bytes.charCodeAt(bytes.length - k);
		if (b >> 6 === 2) continue;
		const need = b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

/**
 * Pads a kernel syscall line so that ` = ` starts at column 40, as strace aligns results;
 * exit_group never returns, so strace shows `?`.
 */
export function padSyscall(line: string): string {
	const at = line.lastIndexOf(') = ');
	if (at < 0) return line;
	const call = line.slice(0, at + 1);
	const result = call.startsWith('exit_group(') ? '?' : line.slice(at + 4);
	return `${call.padEnd(39)} = ${result}`;
}

/**
 * A multi-line command as bash's cmdhist saves it: one line, the pieces joined by `; `, or by a
 * space after a word or operator that cannot take a `;` (`do`, `then`, `|`, `&&` …).
 */
function historyLine(line: string): string {
	if (!line.includes('\n')) return line;
	const parts = line.split('\n').map((l) => l.trim());
	let out = parts[0] ?? '';
	for (const p of parts.slice(1)) {
		if (p === '') continue;
		const glue = /(^|[\s;|&(])(do|then|else|\{|in)$|[|&(;]$/.test(out) || out === '' ? ' ' : '; ';
		out = out === '' ? p : out + glue + p;
	}
	return out;
}

/** Every strerror() text, for splitting messages the way glibc's error() writes them. */
const STRERRORS = new Set<string>(Object.values(errnoTable).map(([, text]) => text));

/**
 * The write(2) calls a tool's message to an unbuffered stderr makes. glibc's error() writes
 * `PROG: `, the message, `: strerror` and the newline separately (strace cp shows
 * `write(2, "cp: ", 4)` …); other lines (`Try 'cp --help' …`, one fprintf) are written whole.
 */
export function errorWrites(text: string, argv0: string): string[] {
	const prog = argv0.split('/').pop() ?? argv0;
	const writes: string[] = [];
	// Text that is not an error() message is one fprintf, hence one write.
	let plain = '';
	for (const line of text.split(/(?<=\n)/)) {
		if (prog === '' || !line.startsWith(`${prog}: `) || !line.endsWith('\n')) {
			plain += line;
			continue;
		}
		writes.push(plain);
		plain = '';
		const body = line.slice(prog.length + 2, -1);
		const cut = body.lastIndexOf(': ');
		const tail = cut >= 0 ? body.slice(cut + 2) : '';
		writes.push(`${prog}: `);
		if (cut >= 0 && STRERRORS.has(tail)) writes.push(body.slice(0, cut), `: ${tail}`);
		else writes.push(body);
		writes.push('\n');
	}
	writes.push(plain);
	return writes.filter((w) => w !== '');
}

/** The session's side of word expansion. */
interface ExpandHooks {
	variable(sh: ShellState, name: string): string | undefined;
	substitute(sh: ShellState, source: string): string;
	readdir(sh: ShellState, dir: string): string[] | null;
}

/** Word expansion in one shell, with the working directory it had when expansion began. */
class ShellExpansion implements ExpandContext {
	constructor(
		private readonly hooks: ExpandHooks,
		private readonly sh: ShellState,
		readonly cwd: string,
	) {}

	variable(name: string): string | undefined {
		return this.hooks.variable(this.sh, name);
	}

	home(user: string): string | undefined {
		return user === '' || user === 'root' ? (this.sh.vars.get('HOME') ?? '/root') : undefined;
	}

	substitute(source: string): string {
		return this.hooks.substitute(this.sh, source);
	}

	readdir(dir: string): string[] | null {
		return this.hooks.readdir(this.sh, dir);
	}
}

/** The session's side of a command's context: its private methods, bound once. */
interface SessionHooks {
	write(
		sink: Sink,
		text: string | Uint8Array,
		writer?: { pid: number; fd: number; host: Host },
	): Errno | null;
	remote(sh: ShellState, hostName: string, line: string | null, out: Sink): number;
	subshell(sh: ShellState, pid: number, source: string | null, name: string | null): number;
	trace(
		sh: ShellState,
		pid: number,
		args: string[],
		options: TraceOptions,
		stdin: ByteBuffer | null,
		out: Sink,
		err: Sink,
	): number;
	advance(ms: number): void;
	waitChild(sh: ShellState, child: number, limitMs: number): 'done' | 'timeout';
	foreground(sh: ShellState, child: number): number;
	notify(): void;
	reapJobs(sh: ShellState): void;
	history(): readonly string[];
	commandNames(): string[];
}

/**
 * What one command runs with. A class rather than an object of closures: a command line runs
 * many commands, and each would otherwise allocate a dozen functions nobody calls.
 */
class ToolContext implements CommandContext {
	constructor(
		// Plain properties, not #private ones: a tool may run a helper with a derived context
		// (Object.create(ctx) with other argv), and #fields do not follow the prototype chain.
		private readonly hooks: SessionHooks,
		readonly world: World,
		readonly sh: ShellState,
		readonly host: Host,
		readonly pid: number,
		readonly argv: string[],
		private readonly input: ByteBuffer | null,
		readonly stdinEndless: boolean,
		private readonly output: Sink,
		private readonly errors: Sink,
		readonly prefix: string,
	) {
		this.tool = argv[0] ?? '';
	}

	/** The name error messages start with (the command as run, even in a derived context). */
	private readonly tool: string;

	get stdin(): ByteBuffer | null {
		if (this.stdinEndless) throw new Runaway();
		return this.input;
	}

	get stdinPrefix(): ByteBuffer | null {
		return this.input;
	}

	get stdoutIsTerminal(): boolean {
		const o = this.output;
		return o.kind === 'fd' && isTerminal(this.sh.host, o.pid, o.fd);
	}

	get stdoutIsNull(): boolean {
		const o = this.output;
		return (
			o.kind === 'null' || (o.kind === 'fd' && fdPath(this.sh.host, o.pid, o.fd) === '/dev/null')
		);
	}

	out(text: string | Uint8Array): Errno | null {
		return this.hooks.write(this.output, text, { pid: this.pid, fd: 1, host: this.sh.host });
	}

	err(text: string): void {
		const e = this.errors;
		const writer = { pid: this.pid, fd: 2, host: this.sh.host };
		if (this.pid === this.sh.pid || e.kind !== 'fd') {
			this.hooks.write(e, text, writer);
			return;
		}
		for (const piece of errorWrites(text, this.tool)) this.hooks.write(e, piece, writer);
	}

	remote(hostName: string, line: string | null): number {
		return this.hooks.remote(this.sh, hostName, line, this.output);
	}

	subshell(source: string | null, name: string): number {
		return this.hooks.subshell(this.sh, this.pid, source, source === null ? null : name);
	}

	trace(args: string[], options: TraceOptions): number {
		return this.hooks.trace(this.sh, this.pid, args, options, this.input, this.output, this.errors);
	}

	exit(code: number, after?: string): never {
		throw new ExitSignal(code, after);
	}

	advance(ms: number): void {
		this.hooks.advance(ms);
	}

	waitChild(child: number, limit: number): 'done' | 'timeout' {
		return this.hooks.waitChild(this.sh, child, limit);
	}

	foreground(child: number): number {
		return this.hooks.foreground(this.sh, child);
	}

	notify(): void {
		this.hooks.notify();
	}

	reapJobs(): void {
		this.hooks.reapJobs(this.sh);
	}

	history(): readonly string[] {
		return this.hooks.history();
	}

	commandNames(): string[] {
		return this.hooks.commandNames();
	}
}

/**
 * Wraps a host for one tool process: each call counts against TOOL_CALL_LIMIT and each read
 * against TOOL_READ_LIMIT; beyond them the tool is endless and Runaway unwinds it between two
 * system calls. readAll of a character device that has data (/dev/zero) never ends either.
 */
function budget(host: Host, pid: number, pipeOut: boolean): Host {
	let calls = 0;
	let bytes = 0;
	let deviceReads = 0;
	// One counting wrapper per method, made on first use: a tool calls the same few many times.
	const wrappers = new Map<string | symbol, (...args: unknown[]) => unknown>();
	return new Proxy(host, {
		get(target, prop) {
			const value: unknown = Reflect.get(target, prop, target);
			if (typeof value !== 'function') return value;
			const known = wrappers.get(prop);
			if (known) return known;
			const wrapper = (...args: unknown[]): unknown => {
				if (++calls > TOOL_CALL_LIMIT || bytes > TOOL_READ_LIMIT) throw new Runaway();
				if ((prop === 'readAll' || (prop === 'read' && pipeOut)) && args[0] === pid) {
					const path = fdPath(target, pid, args[1] as number);
					const st = path === undefined ? null : target.peekStat(path);
					const endless = st?.type === 'chr' && path !== '/dev/null' && !isTerminalPath(path ?? '');
					if (endless && (prop === 'readAll' || ++deviceReads > DEVICE_PIPE_READS))
						throw new Runaway();
				}
				const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
				if (
					(prop === 'read' || prop === 'readAll') &&
					result !== null &&
					typeof result === 'object' &&
					'value' in result &&
					result.value instanceof Uint8Array
				)
					bytes += result.value.length;
				return result;
			};
			wrappers.set(prop, wrapper);
			return wrapper;
		},
	});
}

/** Creates a terminal session logged in to `host` (default `app`) in `cwd` (default /root). */
export function createSession(world: World, options: SessionOptions = {}): ShellSession {
	return new ShellSession(world, options);
}
