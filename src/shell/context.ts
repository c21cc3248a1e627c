/**
 * The types commands and the interpreter share: a command's context (its process, arguments
 * and standard streams) and the per-host shell state.
 */
import type { Errno, Host, World } from '../kernel';
import { strerror } from '../kernel';
import type { ByteBuffer } from './bytes';
import type { JobTable } from './jobs';
import type { CommandHash } from './lookup';

/** Where one of a command's standard streams goes. */
export type Sink =
	/** A file descriptor of a kernel process (the terminal, or a redirected file). */
	| { kind: 'fd'; pid: number; fd: number }
	/**
	 * An in-memory buffer: the next command in a pipeline (`pipe`), or `$(…)`. `endless` marks a
	 * pipe whose writer would never have stopped (cat /dev/zero): the reader sees only a prefix.
	 */
	| {
			kind: 'buffer';
			data: ByteBuffer;
			pipe?: boolean;
			endless?: boolean;
			/**
			 * The tool writing into this pipe, kept alive until its reader is done: then it exits
			 * with `code`, or dies of SIGPIPE if the reader left bytes it could not take.
			 */
			writer?: { pid: number; code: number };
	  }
	/** Discarded. */
	| { kind: 'null' };

/** One interactive or non-interactive bash on one host. */
export interface ShellState {
	host: Host;
	/** The bash process's pid on that host. */
	pid: number;
	cwd: string;
	vars: Map<string, string>;
	/** `$?`. */
	status: number;
	/** `$!`, or null before any background job. */
	lastBg: number | null;
	jobs: JobTable;
	/** Statuses of reaped background pids, for `wait PID` after the job was reported (bgpids). */
	bgStatus: Map<number, number>;
	/** Interactive shells print job notices and say `bash:`; others say `bash: line 1:`. */
	interactive: boolean;
	/** How many `for`/`while`/`until` loops are running (for `break` and `continue`). */
	loops?: number;
	/** The error prefix of a script (`./deploy.sh: line 3: `), replacing the default. */
	prefix?: string;
	/** `${PIPESTATUS[@]}`: the statuses of the last pipeline's stages. */
	pipestatus?: number[];
	/** `$$` in a subshell: the pid of the shell it was forked from (its own pid is $BASHPID). */
	dollarPid?: number;
	/** `set -o pipefail`: a pipeline's status is that of its last failing stage. */
	pipefail?: boolean;
	/** The files of command names found so far (the `hash` builtin's table). */
	hash: CommandHash;
	/** fds 3 and up that `exec 3< file` and the like left open in the shell; children inherit them. */
	fds?: Set<number>;
}

/** Sets a shell variable; assigning PATH, even its own value, forgets every remembered command (variables.c sv_path). */
export function setVar(sh: ShellState, name: string, value: string): void {
	sh.vars.set(name, value);
	if (name === 'PATH') sh.hash.clear();
}

/** Unsets a shell variable, with the same effect on PATH as setVar. */
export function unsetVar(sh: ShellState, name: string): void {
	sh.vars.delete(name);
	if (name === 'PATH') sh.hash.clear();
}

/** What a command runs with. */
export interface CommandContext {
	world: World;
	sh: ShellState;
	host: Host;
	/** The process the command runs as: a child for external tools, the shell for builtins. */
	pid: number;
	argv: string[];
	/** Writes to standard output; returns the errno of a failed write(2) (ENOSPC), else null. */
	out(text: string | Uint8Array): Errno | null;
	/** Writes to standard error. */
	err(text: string): void;
	/**
	 * Standard input when it is a pipe or a file (its bytes); null when it is the terminal.
	 * Reading it when the pipe's writer is endless throws Runaway (the tool would wait for EOF
	 * forever).
	 */
	readonly stdin: ByteBuffer | null;
	/** The pipe's writer never ends (cat /dev/zero |): `stdinPrefix` is what it wrote so far. */
	stdinEndless: boolean;
	/** Standard input without the endless check, for tools that stop early (head -c N). */
	stdinPrefix: ByteBuffer | null;
	/** Whether standard output is the terminal (isatty(1)): ls picks columns only then. */
	stdoutIsTerminal: boolean;
	/**
	 * Whether standard output is /dev/null: GNU grep then stops at the first match and says
	 * nothing, as -q does (grep.c dev_null_output).
	 */
	stdoutIsNull: boolean;
	/** Runs a command line in a fresh shell on another host (ssh) and returns its status. */
	remote(hostName: string, line: string | null): number;
	/** Runs a command as a traced child (strace) and returns its status. */
	trace(argv: string[], options: TraceOptions): number;
	/**
	 * Runs shell source in a non-interactive bash that is process `pid` (bash -c, bash FILE),
	 * with `name` in its error messages; null starts a nested interactive shell. Returns $?.
	 */
	subshell(source: string | null, name: string): number;
	/** Leaves the shell (the `exit` builtin); `after` is printed after bash's `exit` line. */
	exit(code: number, after?: string): never;
	/** Lets simulated time pass. */
	advance(ms: number): void;
	/** Waits for a child of the shell to end, letting time pass; returns its wait status. */
	waitChild(pid: number, limitMs: number): 'done' | 'timeout';
	/** Waits for a child as for a foreground command (fg): notices, status, reaping. */
	foreground(pid: number): number;
	/** Collects state changes of background jobs without printing anything. */
	reapJobs(): void;
	/** Prints pending job notices. */
	notify(): void;
	/** The history list, oldest first. */
	history(): readonly string[];
	/** Every command name the shell knows (builtins, tools, files on PATH). */
	commandNames(): string[];
	/** `bash: ` for an interactive shell, `bash: line 1: ` otherwise. */
	prefix: string;
}

/** strace's options: -f, -e trace=NAME,…, -o FILE. */
export interface TraceOptions {
	follow: boolean;
	/** Only these system calls are shown (null: all). */
	only: ReadonlySet<string> | null;
	/** Write the trace to this file instead of standard error. */
	output: string | null;
}

/** A command implementation: returns the exit status. */
export type CommandFn = (ctx: CommandContext) => number;

/** The message part of an errno, as perror() prints it. */
export function errText(errno: Errno): string {
	return strerror(errno);
}

/** Absolute form of a path relative to the shell's cwd, with `.` and `..` resolved. */
export function absPath(cwd: string, path: string): string {
	const parts = path.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return '/' + parts.join('/');
}

/**
 * Thrown when a tool would run forever (reading /dev/zero, waiting for the end of an endless
 * pipe) or has made more system calls than the simulation allows one program. The shell then
 * lets the foreground time limit pass and interrupts the program.
 */
export class Runaway {}

/** Thrown by a tool that has finished early with `code` (after --help or --version). */
export class ToolExit {
	constructor(readonly code: number) {}
}

/** Thrown by `break N` / `continue N` to unwind to the enclosing loop (builtins/break.def). */
export class LoopControl {
	constructor(
		readonly kind: 'break' | 'continue',
		readonly levels: number,
	) {}
}

/**
 * Printed where bash would echo `^C`: a command line runs to completion before the terminal
 * can deliver another key, so no reader pressed Ctrl-C; the simulation sent SIGINT itself.
 */
export function interruptNote(ms: number): string {
	const when = ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 1000} s`;
	return `[simulation: still running after ${when} of simulated time; interrupted with SIGINT as Ctrl-C would]`;
}
