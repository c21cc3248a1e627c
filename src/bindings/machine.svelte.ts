/**
 * The one place Svelte meets the simulation. A Machine owns a lab engine (a world and one shell
 * session per host); islands read its reactive fields and send it keystrokes or command lines,
 * and never touch kernel objects themselves.
 *
 * Every state the lab can show is a replay: a seed, the chapter's setup lines, and the first
 * `at` commands of the log. That is what makes permalinks, saved progress and stepping back
 * possible with a deterministic kernel and no state dumps.
 */
import { createSubscriber } from 'svelte/reactivity';
import { LabCore, NO_KEYS, type CommandRecord, type Death, type RpcRow } from './lab-core';
import { narrate } from './narrate';
import { HOSTS, type Host, type LogEntry, type Moment } from './permalink';
import type { WorldView } from './view-model';

export type { Death, RpcRow } from './lab-core';

/** How a lab starts: its page, its first host and the lines run before the reader arrives. */
export interface MachineOptions {
	labId: string;
	host: Host;
	setup: readonly string[];
	seed?: number;
}

/** Transcripts longer than this are cut back to their last half, at a line break. */
const TRANSCRIPT_LIMIT = 200_000;

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

	#core: LabCore;
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
		this.#core = new LabCore(options.host, options.setup, {
			output: (host, text) => this.#append(host, text),
			line: (record) => this.#typedLine(record),
			changed: () => {
				for (const update of this.#updates) update();
			},
		});
		this.#restart({ seed: options.seed ?? 1, log: [], at: 0 });
	}

	/**
	 * The drawing of the world as it is now. Reading it inside an effect subscribes to the
	 * kernel's events (the MediaQuery pattern): any event makes readers re-run, and the view is
	 * rebuilt at most once per burst of events, when someone next reads it.
	 */
	get view(): WorldView {
		this.#subscribe();
		return this.#core.view();
	}

	/** The moment the lab shows, for permalinks and saved progress. */
	get moment(): Moment {
		return { seed: this.seed, log: this.log, at: this.at };
	}

	/** Called after every command the reader runs (to save progress). */
	onCommand(callback: (m: Machine) => void): void {
		this.#onCommand = callback;
	}

	/** Feeds keystrokes from the terminal to the active host's shell. */
	write(data: string): void {
		this.#core.shell(this.activeHost).write(data);
	}

	/** Runs a line on a host as if typed there, clearing whatever was half typed first. */
	run(line: string, host: Host = this.activeHost): void {
		this.activeHost = host;
		// Ctrl-U clears a half-typed line so the command runs exactly as written.
		this.#core.shell(host).write('\x15' + line + '\r');
	}

	/** Switches the terminal to another host. */
	switchHost(host: Host): void {
		this.activeHost = host;
	}

	/** Starts again from the chapter's setup, forgetting the log. */
	reset(seed = this.seed): void {
		this.#restart({ seed, log: [], at: 0 });
	}

	/** Replays a moment: fresh world, setup, then the first `at` commands of its log. */
	restore(moment: Moment): void {
		this.#restart(moment);
	}

	/** Moves to another step of the same log (time travel), by replaying from the start. */
	goTo(at: number): void {
		const target = Math.max(0, Math.min(this.log.length, at));
		if (target === this.at) return;
		this.#restart({ seed: this.seed, log: this.log, at: target });
	}

	#restart(moment: Moment): void {
		this.#core.boot(moment.seed);
		const { transcripts, last } = this.#core.replay(moment.log.slice(0, moment.at));
		this.seed = moment.seed;
		this.log = moment.log;
		this.at = moment.at;
		this.transcripts = transcripts;
		this.epoch++;
		if (last) this.activeHost = last.entry.host;
		this.#show(last);
	}

	#show(record: CommandRecord | null): void {
		this.deaths = this.#core.deaths;
		this.wire = this.#core.wire;
		this.lastCommand = record?.entry ?? null;
		this.changed = record?.changed ?? NO_KEYS;
		this.sentences = record ? narrate(record.events, { watched: record.watched }) : [];
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
		this.log = [...this.log.slice(0, this.at), record.entry];
		this.at = this.log.length;
		this.#show(record);
		this.#onCommand?.(this);
	}
}
