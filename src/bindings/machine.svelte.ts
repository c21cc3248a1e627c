/**
 * The one place Svelte meets the simulation. A Machine owns a lab engine (a world and one shell
 * session per host); islands read its reactive fields and send it keystrokes or command lines,
 * and never touch kernel objects themselves.
 *
 * Every state the lab can show is a replay: a seed, the chapter's setup lines, and the first
 * `at` commands of the log. That is what makes permalinks, saved progress and stepping back
 * possible with a deterministic kernel and no state dumps.
 *
 * The engine (kernel and shell) is a chunk of its own, imported on the reader's first action.
 * Until then the Machine shows the snapshot the page was built with, which is the state after
 * the setup, and queues whatever the reader does; once the engine is in, it replays the setup,
 * then the queued actions in order, so no keystroke is lost.
 *
 * The rare commands (strace, nfsstat, dd, …; see src/shell/commands/deferred.ts) are a further
 * chunk, fetched in idle time once the first action has run. A line that needs one before it has
 * arrived stops with CommandNotLoaded; the Machine then waits for the code, replays the lab to
 * the moment before that line (every state is a replay, so this is exact) and types the line
 * again, with any later actions queued behind it as while the engine loads. The tools no chapter
 * uses, and the list of Debian programs the simulation lacks, are one more chunk that is only
 * fetched that way, when a line first needs it.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { CommandRecord, Death, LabCore, RpcRow } from './lab-core';
import { HOSTS, type Host, type LogEntry, type Moment } from './permalink';
import type { LabSnapshot } from './snapshot';
import type { WorldView } from './view-model';

export type { Death, RpcRow } from './lab-core';

/** What the dynamic import of the engine chunk provides. */
export type Engine = typeof import('./engine');

/**
 * Where the engine is: not asked for yet, on its way, running, or failed to arrive (the
 * reader is probably offline; the next action tries again).
 */
export type EngineState = 'idle' | 'loading' | 'ready' | 'failed';

/** How a lab starts: its page, its first host and the lines run before the reader arrives. */
export interface MachineOptions {
	labId: string;
	host: Host;
	setup: readonly string[];
	/** The state after `setup`, computed at build time (see snapshot.ts). */
	initial: LabSnapshot;
	/** Fetches the engine; tests pass their own. */
	load?: () => Promise<Engine>;
}

/** Something the reader did, run once the engine (and any code it needs) is here. */
interface Action {
	run(core: LabCore): void;
	/** Keystrokes on a host: kept in #partial until their line runs, so they can be typed again. */
	keys?: { host: Host; data: string };
}

/** Runs `task` when the browser is idle, or soon where there is no idle callback (Node, Safari). */
function whenIdle(task: () => void): void {
	if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2000 });
	else setTimeout(task, 200);
}

/** Transcripts longer than this are cut back to their last half, at a line break. */
const TRANSCRIPT_LIMIT = 200_000;

/** An empty set of keys, shared so that "nothing changed" allocates nothing. */
const NO_KEYS: ReadonlySet<string> = new Set();

const sameTranscripts = (a: Record<Host, string>, b: Record<Host, string>) =>
	HOSTS.every((h) => a[h] === b[h]);

/** The reactive model of one lab. */
export class Machine {
	readonly labId: string;
	readonly startHost: Host;
	readonly hosts: readonly Host[] = HOSTS;

	/** The host whose terminal is showing. */
	activeHost: Host = $state('app');
	/** What each host's terminal has printed since the last redraw. */
	transcripts: Record<Host, string> = $state.raw({ app: '', build: '', filer: '' });
	/** Bumped whenever transcripts restart, so the terminal redraws instead of appending. */
	epoch = $state(0);
	/** Every command the reader has run (or replayed), and how many of them are applied. */
	log: LogEntry[] = $state.raw([]);
	at = $state(0);
	seed = $state(1);
	/** Programs that died, newest last. */
	deaths: Death[] = $state.raw([]);
	/** Recent NFS calls, oldest first. */
	wire: RpcRow[] = $state.raw([]);
	/** Keys of the drawn items the last command changed. */
	changed: ReadonlySet<string> = $state.raw(NO_KEYS);
	/** The last command's changes as sentences. */
	sentences: string[] = $state.raw([]);
	/** The last command, for the "what changed" heading. */
	lastCommand: LogEntry | null = $state.raw(null);
	/** Whether the simulation has been loaded. */
	engine: EngineState = $state('idle');

	#setup: readonly string[];
	#initial: LabSnapshot;
	#load: () => Promise<Engine>;
	#loading: Promise<boolean> | null = null;
	#core: LabCore | null = null;
	#narrate: Engine['narrate'] | null = null;
	#engine: Engine | null = null;
	/** What the reader did before the engine (or the rare commands) arrived, oldest first. */
	#queue: Action[] = [];
	/** Set while a line waits for the rare commands; resolves when the queue has run. */
	#waiting: Promise<boolean> | null = null;
	#draining = false;
	/** Per host, what was typed since its last line ran (the line editor's state, as keys). */
	#partial: Record<Host, string> = { app: '', build: '', filer: '' };
	/** A permalink or saved moment that could not be opened because the engine failed to load. */
	#pending: Moment | null = null;
	#updates: Array<() => void> = [];
	#subscribe = createSubscriber((update) => {
		this.#updates.push(update);
		return () => {
			this.#updates = this.#updates.filter((u) => u !== update);
		};
	});
	#onCommand: ((m: Machine) => void) | null = null;

	constructor(options: MachineOptions) {
		this.labId = options.labId;
		this.startHost = options.host;
		this.activeHost = options.host;
		this.#setup = options.setup;
		this.#initial = options.initial;
		this.#load = options.load ?? (() => import('./engine'));
		this.seed = options.initial.seed;
		this.transcripts = options.initial.transcripts;
		this.deaths = options.initial.deaths;
		this.wire = options.initial.wire;
	}

	/**
	 * The drawing of the world as it is now. Reading it inside an effect subscribes to the
	 * kernel's events (the MediaQuery pattern): any event makes readers re-run, and the view is
	 * rebuilt at most once per burst of events, when someone next reads it. Until the engine
	 * runs, it is the snapshot the page was built with.
	 */
	get view(): WorldView {
		this.#subscribe();
		return this.#core ? this.#core.view() : this.#initial.view;
	}

	/** The moment the lab shows, for permalinks and saved progress. */
	get moment(): Moment {
		return { seed: this.seed, log: this.log, at: this.at };
	}

	/** Called after every command the reader runs (to save progress). */
	onCommand(callback: (m: Machine) => void): void {
		this.#onCommand = callback;
	}

	/**
	 * Starts fetching the engine if it is not here yet, as when the reader focuses the terminal.
	 * Resolves to whether it is ready.
	 */
	prepare(): Promise<boolean> {
		if (this.#waiting) return this.#waiting;
		if (this.#core) return Promise.resolve(true);
		this.#loading ??= this.#fetchEngine();
		return this.#loading;
	}

	/** Feeds keystrokes from the terminal to the active host's shell. */
	write(data: string): void {
		// One action per line, so that a line that must wait for code waits alone.
		for (const part of data.match(/[^\r]*\r|[^\r]+/g) ?? []) this.#keys(this.activeHost, part);
	}

	/** Runs a line on a host as if typed there, clearing whatever was half typed first. */
	run(line: string, host: Host = this.activeHost): void {
		this.activeHost = host;
		// Ctrl-U clears a half-typed line so the command runs exactly as written.
		this.#keys(host, '\x15' + line + '\r');
	}

	/** Switches the terminal to another host. */
	switchHost(host: Host): void {
		this.activeHost = host;
	}

	/** Starts again from the chapter's setup, forgetting the log. */
	reset(seed = this.seed): void {
		this.#whenLive(() => this.#restart({ seed, log: [], at: 0 }));
	}

	/**
	 * Replays a moment: fresh world, setup, then the first `at` commands of its log. It waits
	 * its turn behind anything the reader did first. Resolves to false if the engine could not
	 * be loaded; rejects if the moment cannot be replayed.
	 */
	restore(moment: Moment): Promise<boolean> {
		return new Promise((resolve, reject) => {
			this.#whenLive(() => {
				try {
					this.#restart(moment);
					resolve(true);
				} catch (error) {
					if (this.#needsCode(error)) throw error;
					reject(error);
				}
			});
			void this.prepare().then((ok) => {
				if (ok) return;
				// Kept so that the reader's saved steps come back when a later action loads the
				// engine, instead of being overwritten by a log that starts from the setup.
				this.#pending = moment;
				resolve(false);
			});
		});
	}

	/** Moves to another step of the same log (time travel), by replaying from the start. */
	goTo(at: number): void {
		this.#whenLive(() => {
			const target = Math.max(0, Math.min(this.log.length, at));
			if (target === this.at) return;
			this.#restart({ seed: this.seed, log: this.log, at: target });
		});
	}

	/** Types keys on a host's terminal. */
	#keys(host: Host, data: string): void {
		this.#whenLive(
			(core) => {
				this.#partial[host] += data;
				core.shell(host).write(data);
			},
			{ host, data },
		);
	}

	/** Runs `action` now if the engine is here, or queues it and fetches the engine. */
	#whenLive(run: (core: LabCore) => void, keys?: Action['keys']): void {
		this.#queue.push({ run, keys });
		if (this.#core && !this.#waiting) this.#drain();
		else void this.prepare();
	}

	#needsCode(error: unknown): boolean {
		return !!this.#engine && error instanceof this.#engine.CommandNotLoaded;
	}

	/**
	 * Runs the queued actions in order. One that needs the rare commands before they have
	 * arrived stops the queue until they do (see the header).
	 */
	#drain(): void {
		// An action that causes another (a hook that types) queues it behind itself.
		if (this.#draining) return;
		this.#draining = true;
		try {
			while (this.#core && !this.#waiting && this.#queue.length > 0) {
				const action = this.#queue.shift() as Action;
				const before = this.moment;
				try {
					action.run(this.#core);
				} catch (error) {
					if (!this.#needsCode(error)) throw error;
					// Keys are typed again from #partial, so only other actions go back in the queue.
					if (!action.keys) this.#queue.unshift(action);
					this.#waiting = this.#fetchRare(before, (error as { chunk: 'rare' | 'extra' }).chunk);
				}
			}
		} finally {
			this.#draining = false;
		}
	}

	/** Loads the code `missing` needs, rewinds to `before` and runs what was queued. */
	async #fetchRare(before: Moment, missing: 'rare' | 'extra'): Promise<boolean> {
		const engine = this.#engine as Engine;
		this.engine = 'loading';
		let ok = true;
		try {
			await engine.loadChunk(missing);
		} catch {
			ok = false;
		}
		const partial = this.#partial;
		this.#partial = { app: '', build: '', filer: '' };
		try {
			this.#restart(before);
		} catch {
			// Only a moment that itself needs the missing code gets here; the setup state remains.
		}
		this.#waiting = null;
		if (!ok) {
			// As when the engine fails to load: the reader is told, the half-run line is gone,
			// and the next action tries again.
			this.#queue = [];
			this.engine = 'failed';
			return false;
		}
		this.engine = 'ready';
		const again = HOSTS.filter((h) => partial[h]).map((host): Action => ({
			keys: { host, data: partial[host] },
			run: (core) => {
				this.#partial[host] += partial[host];
				core.shell(host).write(partial[host]);
			},
		}));
		this.#queue.unshift(...again);
		this.#drain();
		return this.#waiting ?? true;
	}

	async #fetchEngine(): Promise<boolean> {
		this.engine = 'loading';
		let engine: Engine;
		try {
			engine = await this.#load();
		} catch {
			// What was typed cannot run; the reader is told, and the next action fetches again.
			this.#queue = [];
			this.#loading = null;
			this.engine = 'failed';
			return false;
		}
		this.#engine = engine;
		this.#narrate = engine.narrate;
		const core = new engine.LabCore(this.startHost, this.#setup, {
			output: (host, text) => this.#append(host, text),
			line: (record) => this.#typedLine(record),
			changed: () => {
				for (const update of this.#updates) update();
			},
		});
		this.#core = core;
		const pending = this.#pending;
		this.#pending = null;
		this.#queue.unshift(
			// Replaying the setup gives the state the snapshot shows, so the screen stays as it was.
			{ run: () => this.#restart({ seed: this.seed, log: [], at: 0 }) },
			{
				run: () => {
					if (!pending) return;
					try {
						this.#restart(pending);
					} catch (error) {
						if (this.#needsCode(error)) throw error;
						// A moment that cannot be replayed leaves the setup state, as a fresh lab would.
						this.#restart({ seed: this.seed, log: [], at: 0 });
					}
				},
			},
		);
		this.engine = 'ready';
		this.#drain();
		// The rest of the simulation's code arrives while the reader reads the first output.
		whenIdle(() => void engine.loadRareCommands().catch(() => {}));
		return this.#waiting ?? true;
	}

	#restart(moment: Moment): void {
		const core = this.#core;
		if (!core) throw new Error('the simulated machine is not loaded');
		// Fresh sessions: nothing is half typed any more.
		this.#partial = { app: '', build: '', filer: '' };
		core.boot(moment.seed);
		const { transcripts, last } = core.replay(moment.log.slice(0, moment.at));
		this.seed = moment.seed;
		this.log = moment.log;
		this.at = moment.at;
		// The same text means the same screen, so the terminal is only redrawn when it differs;
		// that way the setup state the page was built with stays put when the engine takes over.
		if (!sameTranscripts(this.transcripts, transcripts)) {
			this.transcripts = transcripts;
			this.epoch++;
		}
		if (last) this.activeHost = last.entry.host;
		this.#show(last);
		for (const update of this.#updates) update();
	}

	#show(record: CommandRecord | null): void {
		const core = this.#core;
		if (!core) return;
		this.deaths = core.deaths;
		this.wire = core.wire;
		this.lastCommand = record?.entry ?? null;
		this.changed = record?.changed ?? NO_KEYS;
		this.sentences =
			record && this.#narrate ? this.#narrate(record.events, { watched: record.watched }) : [];
	}

	#append(host: Host, text: string): void {
		let next = this.transcripts[host] + text;
		if (next.length > TRANSCRIPT_LIMIT) {
			const cut = next.indexOf('\n', next.length - TRANSCRIPT_LIMIT / 2);
			next = next.slice(cut + 1);
			this.epoch++;
		}
		this.transcripts = { ...this.transcripts, [host]: next };
	}

	/** A line the reader typed (or a Try button sent) has run: log it and describe what changed. */
	#typedLine(record: CommandRecord): void {
		// Typing after stepping back drops the steps that were ahead, as an editor's undo does.
		this.#partial[record.entry.host] = '';
		this.log = [...this.log.slice(0, this.at), record.entry];
		this.at = this.log.length;
		this.#show(record);
		this.#onCommand?.(this);
	}
}
