/**
 * Commands whose code loads on demand. The browser's first command should not wait for tools
 * that the chapters rarely use, so their implementations live in ./rare/ and the command table
 * holds a stand-in for each name: it runs the real implementation once that is loaded, and
 * throws CommandNotLoaded before then. The name is known either way, so `type`, completion and
 * PATH lookups behave the same before and after the code arrives.
 *
 * Everything that runs in Node (tests, the headless runner, the build's snapshots) loads the
 * rare commands at once through ../index.ts or ./rare/rare-commands.ts. The browser's lab calls
 * loadRareCommands() after its first command and, if a line needs a rare command sooner,
 * catches CommandNotLoaded, waits for the code and replays the lab to the moment before that
 * line, which is exact because the simulation is deterministic.
 *
 * Adding a rare command: implement it in ./rare/, add it to the table in ./rare/rare-commands.ts and
 * its name to RARE_COMMANDS (a unit test checks the two lists agree).
 *
 * A second chunk, ./extra/, is fetched only when a line needs it: the tools no chapter uses
 * (EXTRA_COMMANDS) and the list of programs a Debian 12 host has that the simulation does not
 * model, which a name not found on PATH is checked against, and the tools' --version texts.
 * CommandNotLoaded names the chunk a line needs, and loadChunk() fetches it.
 */
import type { CommandFn } from '../context';

/** The names of the commands implemented in ./rare/. */
export const RARE_COMMANDS = [
	'head',
	'tail',
	'stat',
	'rmdir',
	'touch',
	'chmod',
	'readlink',
	'dd',
	'rsync',
	'wc',
	'grep',
	'df',
	'nfsstat',
	'strace',
] as const;

/** Which of the two chunks of ./deferred.ts code a line needs. */
export type Chunk = 'rare' | 'extra';

/** Thrown when a line needs code (a command, a table) before its chunk has loaded. */
export class CommandNotLoaded extends Error {
	constructor(
		readonly command: string,
		readonly chunk: Chunk = 'rare',
	) {
		super(`the code ${command} needs has not loaded yet`);
		this.name = 'CommandNotLoaded';
	}
}

/**
 * One chunk of code fetched later: `import()` runs once, a failed fetch (offline) is retried by
 * the next call, and tests can take the code away again with provide(null).
 */
class LaterChunk<T> {
	code: T | null = null;
	#loading: Promise<void> | null = null;

	constructor(readonly fetch: () => Promise<T>) {}

	load(): Promise<void> {
		if (this.code) return Promise.resolve();
		this.#loading ??= this.fetch().then(
			(code) => {
				this.code = code;
			},
			(error: unknown) => {
				this.#loading = null;
				throw error;
			},
		);
		return this.#loading;
	}
}

/** What ./extra/extra.ts provides. */
export interface ExtraCode {
	commands: Readonly<Record<string, CommandFn>>;
	/** The Debian 12 package of a program the simulation does not model, or null. */
	debianPackage(name: string): string | null;
	/** What `TOOL --version` prints, or null where the simulation lacks the text. */
	versionText(tool: string): string | null;
}

const rare = new LaterChunk(() => import('./rare/rare-commands').then((m) => m.rareCommands));
const extra = new LaterChunk(() => import('./extra/extra').then((m) => m.extraCode));

/**
 * Installs the rare commands' implementations (the table from ./rare/rare-commands.ts); null takes
 * them away again, so that tests can play a browser that has not fetched them yet.
 */
export function provideRareCommands(table: Readonly<Record<string, CommandFn>> | null): void {
	rare.code = table;
}

/** Installs ./extra/ (or takes it away again, for tests). */
export function provideExtraCode(code: ExtraCode | null): void {
	extra.code = code;
}

/** Whether the rare commands can run now. */
export function rareCommandsLoaded(): boolean {
	return rare.code !== null;
}

/** Fetches the rare commands' code (once); resolves when they can run. */
export function loadRareCommands(): Promise<void> {
	return rare.load();
}

/** Fetches a chunk (the one a CommandNotLoaded names). */
export function loadChunk(chunk: Chunk): Promise<void> {
	return chunk === 'rare' ? rare.load() : extra.load();
}

/** The names of the commands implemented in ./extra/ (fetched only when one is run). */
export const EXTRA_COMMANDS = [
	'sed',
	'od',
	'fallocate',
	'md5sum',
	'sha256sum',
	'cmp',
	'yes',
	'hostname',
	'date',
	'vmtouch',
] as const satisfies readonly string[];

/** Stand-ins for a chunk's commands, for the command table: each runs the real one once loaded. */
function standIns(
	names: readonly string[],
	chunk: Chunk,
	table: () => Readonly<Record<string, CommandFn>> | undefined,
): Record<string, CommandFn> {
	return Object.fromEntries(
		names.map((name): [string, CommandFn] => [
			name,
			(ctx) => {
				const impl = table()?.[name];
				if (!impl) throw new CommandNotLoaded(name, chunk);
				return impl(ctx);
			},
		]),
	);
}

export const rareStandIns = standIns(RARE_COMMANDS, 'rare', () => rare.code ?? undefined);
export const extraStandIns = standIns(EXTRA_COMMANDS, 'extra', () => extra.code?.commands);

/** ./extra/'s code, or CommandNotLoaded naming `name` until it has arrived. */
function extraCode(name: string): ExtraCode {
	if (!extra.code) throw new CommandNotLoaded(name, 'extra');
	return extra.code;
}

/**
 * The Debian 12 package of a program the world has no file for, or null if Debian has none of
 * that name either; throws CommandNotLoaded until ./extra/ has arrived.
 */
export function debianPackageOf(name: string): string | null {
	return extraCode(name).debianPackage(name);
}

/** What `tool --version` prints (null if unknown); throws CommandNotLoaded until ./extra/ is in. */
export function toolVersion(tool: string): string | null {
	return extraCode(tool).versionText(tool);
}
