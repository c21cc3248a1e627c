/**
 * Bash's job table (jobs.c): job numbers, the current (`+`) and previous (`-`) job, and the
 * notices bash prints when a background job changes state.
 */
import { describeSignal } from './signals';

/** How a process ended, or that it has not. */
export type ProcStatus =
	| { kind: 'running' }
	| { kind: 'stopped'; signal: number }
	| { kind: 'exited'; code: number }
	| { kind: 'signaled'; signal: number; core: boolean };

/** One background job: a pipeline started with `&`. */
export interface Job {
	id: number;
	/** Process ids in the pipeline, leader first. */
	pids: number[];
	/** The command as bash shows it (without the trailing `&`). */
	command: string;
	status: ProcStatus;
	/** Whether the current status has been reported to the reader. */
	notified: boolean;
	/** A pipeline's commands, one per process (`sleep 1`, `cat`), for `jobs -l`. */
	commands?: string[];
	/** How each of a pipeline's processes ended, once reaped. */
	exits?: Map<number, ProcStatus>;
}

/** bash's LONGEST_SIGNAL_DESC: job status texts are padded to this width. */
const STATUS_WIDTH = 24;

/** The exit status the shell sees ($?) for a process status, as in bash's process_exit_status. */
export function exitStatus(status: ProcStatus): number {
	switch (status.kind) {
		case 'exited':
			return status.code;
		case 'signaled':
			return 128 + status.signal;
		case 'stopped':
			return 128 + status.signal;
		default:
			return 0;
	}
}

/** The status word bash shows in `jobs` and notices ("Running", "Done", "Exit 1", "Bus error"). */
export function statusText(status: ProcStatus): string {
	switch (status.kind) {
		case 'running':
			return 'Running';
		case 'stopped':
			return 'Stopped';
		case 'exited':
			return status.code === 0 ? 'Done' : `Exit ${status.code}`;
		case 'signaled':
			return describeSignal(status.signal);
	}
}

/**
 * What bash prints after a foreground command killed by a signal: "Bus error (core dumped)",
 * "Terminated"; nothing but a newline for SIGINT, and nothing for SIGPIPE (jobs.c
 * notify_of_job_status / print_pipeline).
 */
export function foregroundNotice(status: ProcStatus): string {
	if (status.kind !== 'signaled') return '';
	if (status.signal === 13) return '';
	if (status.signal === 2) return '\n';
	return describeSignal(status.signal) + (status.core ? ' (core dumped)' : '') + '\n';
}

/** The job table of one interactive shell. */
export class JobTable {
	#jobs: Job[] = [];
	#current: number | null = null;
	#previous: number | null = null;

	/** All jobs, oldest first. */
	get list(): readonly Job[] {
		return this.#jobs;
	}

	/** Adds a background job and makes it current, as bash's stop_pipeline does. */
	add(pids: number[], command: string, commands?: string[]): Job {
		const id = this.#jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1;
		const job: Job = { id, pids, command, status: { kind: 'running' }, notified: true };
		if (commands && pids.length > 1) {
			job.commands = commands;
			job.exits = new Map();
		}
		this.#jobs.push(job);
		this.#setCurrent(id);
		return job;
	}

	/** Finds a job by a job spec (`%1`, `%%`, `%+`, `%-`, `%sleep`, `%?sle`). */
	find(spec: string): Job | undefined {
		const s = spec.startsWith('%') ? spec.slice(1) : spec;
		if (s === '' || s === '%' || s === '+') return this.byId(this.#current);
		if (s === '-') return this.byId(this.#previous);
		if (/^\d+$/.test(s)) return this.byId(Number(s));
		if (s.startsWith('?')) return this.#jobs.find((j) => j.command.includes(s.slice(1)));
		return [...this.#jobs].reverse().find((j) => j.command.startsWith(s));
	}

	/** The job with this number. */
	byId(id: number | null): Job | undefined {
		return id === null ? undefined : this.#jobs.find((j) => j.id === id);
	}

	/** The job a pid belongs to. */
	byPid(pid: number): Job | undefined {
		return this.#jobs.find((j) => j.pids.includes(pid));
	}

	/** Records a new status for a job's leader; it will be reported by notices(). */
	update(job: Job, status: ProcStatus): void {
		if (sameStatus(job.status, status)) return;
		job.status = status;
		job.notified = false;
		if (status.kind === 'stopped') this.#setCurrent(job.id);
	}

	/** `+`, `-` or a space, depending on whether the job is current or previous. */
	mark(job: Job): string {
		if (job.id === this.#current) return '+';
		if (job.id === this.#previous) return '-';
		return ' ';
	}

	/** Formats one job the way `jobs` and notices do (bash's pretty_print_job). */
	format(job: Job, withPid: boolean): string {
		const text = statusText(job.status);
		// print_pipeline pads with printf("%*s", LONGEST_SIGNAL_DESC - len, ""): a negative
		// width still prints spaces, so overlong texts get padding too.
		const pad = ' '.repeat(Math.abs(STATUS_WIDTH - text.length));
		const core = job.status.kind === 'signaled' && job.status.core ? '(core dumped) ' : '';
		const amp = job.status.kind === 'running' ? ' &' : '';
		// pretty_print_job prints `[%d]%c `, then print_pipeline `%5ld` and a space with -l.
		const pid = withPid ? `${String(job.pids[0]).padStart(5)} ` : ' ';
		if (withPid && job.commands && job.exits) return this.#formatLong(job, job.commands, job.exits);
		return `[${job.id}]${this.mark(job)} ${pid}${text}${pad}${core}${job.command}${amp}`;
	}

	/**
	 * `jobs -l` for a pipeline: a line per process, each with its pid; a later process shows
	 * its status only where it differs from the first one's, then `| ` and its command, and the
	 * last ends with ` &` while the job runs (jobs.c print_pipeline, printable_job_status).
	 */
	#formatLong(job: Job, commands: string[], exits: Map<number, ProcStatus>): string {
		const statusOf = (pid: number): ProcStatus => exits.get(pid) ?? { kind: 'running' };
		const first = statusOf(job.pids[0] as number);
		const lines = job.pids.map((pid, i) => {
			const own = statusOf(pid);
			// printable_job_status: every process of a running job shows `Running`; a later
			// one's status is left out when it matches the first's (both running, or both ended
			// alike).
			let text = job.status.kind === 'running' ? 'Running' : statusText(own);
			if (i > 0 && sameStatus(own, first)) text = '';
			// An empty status is padded as if it were "| " (es = 2 in print_pipeline).
			const pad = ' '.repeat(Math.abs(STATUS_WIDTH - (text.length || 2)));
			const core = own.kind === 'signaled' && own.core ? '(core dumped) ' : '';
			const head = i === 0 ? `[${job.id}]${this.mark(job)}` : '    ';
			const amp = i === job.pids.length - 1 && job.status.kind === 'running' ? ' &' : '';
			const bar = i > 0 ? '| ' : '';
			return `${head} ${String(pid).padStart(5)} ${text}${pad}${core}${bar}${commands[i] ?? ''}${amp}`;
		});
		return lines.join('\n');
	}

	/**
	 * The notices for jobs whose state changed since last reported; dead jobs are removed once
	 * reported (bash's notify_of_job_status followed by cleanup_dead_jobs).
	 */
	notices(): string {
		let out = '';
		for (const job of this.#jobs) {
			if (job.notified) continue;
			job.notified = true;
			out += this.format(job, false) + '\n';
		}
		this.removeDead();
		return out;
	}

	/** Drops reported dead jobs, fixing up current and previous (bash's delete_job). */
	removeDead(): void {
		const before = this.#jobs.length;
		this.#jobs = this.#jobs.filter((j) => !(j.notified && isDead(j.status)));
		if (this.#jobs.length !== before) {
			if (this.byId(this.#current) === undefined) this.#current = null;
			if (this.byId(this.#previous) === undefined) this.#previous = null;
			if (this.#current === null || this.#previous === null) this.#resetCurrent();
		}
	}

	/** Removes a job outright (after `wait` collected it). */
	remove(job: Job): void {
		job.notified = true;
		this.#jobs = this.#jobs.filter((j) => j !== job);
		if (this.#current === job.id) this.#current = null;
		if (this.#previous === job.id) this.#previous = null;
		this.#resetCurrent();
	}

	/** bash's set_current_job: the previous job becomes the newest running job older than it. */
	#setCurrent(id: number): void {
		if (this.#current !== id) {
			this.#previous = this.#current;
			this.#current = id;
		}
		const prev = this.byId(this.#previous);
		if (prev && this.#previous !== this.#current && prev.status.kind === 'stopped') return;
		const cur = this.byId(this.#current);
		if (cur?.status.kind === 'stopped') {
			const stopped = this.#lastWith('stopped', id);
			if (stopped !== null) {
				this.#previous = stopped;
				return;
			}
		}
		const candidate =
			(cur?.status.kind === 'running' ? this.#lastWith('running', id) : null) ??
			this.#lastWith('running', Infinity);
		this.#previous = candidate ?? this.#current;
	}

	/** bash's reset_current: prefer a stopped job, then the newest running job. */
	#resetCurrent(): void {
		const cur = this.byId(this.#current);
		let candidate: number | null = null;
		if (cur?.status.kind === 'stopped') candidate = cur.id;
		else {
			const prev = this.byId(this.#previous);
			if (prev?.status.kind === 'stopped') candidate = prev.id;
			candidate ??= this.#lastWith('stopped', Infinity);
			candidate ??= this.#lastWith('running', Infinity);
		}
		if (candidate !== null) {
			if (candidate === this.#current) {
				const keep = this.#current;
				this.#current = null;
				this.#setCurrent(keep);
			} else this.#setCurrent(candidate);
		} else {
			this.#current = null;
			this.#previous = null;
		}
	}

	/** The newest job in a state with a number below `below`. */
	#lastWith(kind: 'running' | 'stopped', below: number): number | null {
		for (let i = this.#jobs.length - 1; i >= 0; i--) {
			const j = this.#jobs[i] as Job;
			if (j.id < below && j.status.kind === kind) return j.id;
		}
		return null;
	}
}

function isDead(s: ProcStatus): boolean {
	return s.kind === 'exited' || s.kind === 'signaled';
}

function sameStatus(a: ProcStatus, b: ProcStatus): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
