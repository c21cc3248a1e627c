/**
 * The seam between a Machine and one shell session. It keeps the lab's bookkeeping (which line
 * ran, what the world looked like just before) in one place, so the Machine stays independent
 * of how the session is built.
 *
 * The session runs every line, typed or replayed, through its public `runLine`; the line
 * editor calls it through the instance, so wrapping that method on the instance is how the lab
 * learns that a typed line is about to run and has finished. (A hook in the session's API would
 * be cleaner; see the lab's notes.)
 */
import type { World } from '../kernel';
import { createSession } from '../shell/session';

/** What the Machine needs from a terminal session. */
export interface ShellPort {
	/** Keystrokes, as xterm's onData reports them. */
	write(data: string): void;
	/** Runs a line directly, as a replay does, returning what the terminal shows after it. */
	runLine(line: string): string;
	/** The prompt the terminal shows now. */
	prompt(): string;
	/** Completion candidates for a line at a cursor position. */
	complete(line: string, cursor: number): { start: number; candidates: string[] };
	/** Stops forwarding output. */
	dispose(): void;
}

/** Callbacks a port reports to. */
export interface ShellPortHooks {
	/** Terminal output caused by keystrokes (echo, command output, prompts). */
	output(text: string): void;
	/** A line is about to run. */
	beforeLine(line: string): void;
	/** A line has run; the editor prints its output right after this returns. */
	afterLine(line: string): void;
}

/** Opens a session on `host` of `world` and wires it to the hooks. */
export function openShell(world: World, host: string, hooks: ShellPortHooks): ShellPort {
	const session = createSession(world, { host, cwd: '/root' });
	const run = session.runLine.bind(session);
	let replaying = false;
	session.runLine = (line: string): string => {
		if (replaying) return run(line);
		hooks.beforeLine(line);
		const out = run(line);
		hooks.afterLine(line);
		return out;
	};
	const off = session.onOutput((text) => hooks.output(text));
	return {
		write: (data) => session.write(data),
		runLine: (line) => {
			replaying = true;
			try {
				return run(line);
			} finally {
				replaying = false;
			}
		},
		prompt: () => session.prompt(),
		complete: (line, cursor) => session.complete(line, cursor),
		dispose: off,
	};
}
