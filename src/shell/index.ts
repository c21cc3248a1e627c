/**
 * The shell's public surface: terminal sessions over a simulated world, and a script runner
 * for tests, the headless CLI and the benchmark.
 */
import { createWorld } from '../kernel';
import type { World } from '../kernel';
import { createSession, ShellSession } from './session';
import type { SessionOptions } from './session';
// Node code (tests, the headless runner, the benchmark) has every command at once; only the
// browser's lab loads the rare ones later (see commands/deferred.ts).
import './commands/rare/rare-commands';
import './commands/extra/extra';

export { createSession, ShellSession, padSyscall, PATH } from './session';
export type { LineListener, SessionOptions } from './session';
export { parse, tokenize, ShellSyntaxError } from './parser';
export { commands, builtinNames } from './commands/index';
export {
	CommandNotLoaded,
	loadRareCommands,
	rareCommandsLoaded,
	RARE_COMMANDS,
} from './commands/deferred';

/** Options for runScript. */
export interface ScriptOptions extends SessionOptions {
	/** Seed for a fresh default world (ignored when `world` is given). */
	seed?: number;
	/** Run against this world instead of a fresh one. */
	world?: World;
}

/**
 * Runs command lines in a fresh session and returns the transcript a terminal shows: each
 * prompt with its line, then the line's output.
 */
export function runScript(lines: readonly string[], options: ScriptOptions = {}): string {
	const world = options.world ?? createWorld({ seed: options.seed ?? 1 });
	const session = createSession(world, options);
	let out = '';
	for (const line of lines) {
		out += session.prompt() + line + '\n';
		out += session.runLine(line);
	}
	return out;
}

/** Runs lines and returns the session too, for tests that inspect the world afterwards. */
export function runLines(
	lines: readonly string[],
	options: ScriptOptions = {},
): { transcript: string; session: ShellSession; world: World } {
	const world = options.world ?? createWorld({ seed: options.seed ?? 1 });
	const session = createSession(world, options);
	let transcript = '';
	for (const line of lines) {
		transcript += session.prompt() + line + '\n';
		transcript += session.runLine(line);
	}
	return { transcript, session, world };
}
