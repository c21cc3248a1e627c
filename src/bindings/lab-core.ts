/**
 * The lab's engine without any reactivity: a world, one shell session per host, and the
 * bookkeeping of what each command did (its events, the drawing before and after, deaths and
 * NFS calls). The Machine wraps it for Svelte; keeping it plain means none of this needs a
 * component to run, and none of its internal sets and maps are mistaken for reactive state.
 */
import { createWorld, type KernelEvent, type Subscription, type World } from '../kernel';
import { describeExit } from './narrate';
import type { Host, LogEntry } from './permalink';
import { openShell, type ShellPort } from './shell-port';
import { viewOf, type WorldView } from './view-model';

/** A program that died during the lab, kept so the drawing can show how it ended. */
export interface Death {
	key: string;
	host: string;
	pid: number;
	comm: string;
	description: string;
}

/** One NFS call as the wire shows it. */
export interface RpcRow {
	seq: number;
	time: number;
	client: string;
	server: string;
	op: string;
	name?: string;
	status: string;
	/** Sent during the most recent command. */
	fresh: boolean;
}

/** What one command did. */
export interface CommandRecord {
	entry: LogEntry;
	before: WorldView;
	after: WorldView;
	events: KernelEvent[];
	/** Host-qualified pids of the programs drawn before or after the command. */
	watched: ReadonlySet<string>;
	/** Keys of the drawn items that changed. */
	changed: ReadonlySet<string>;
}

/** Callbacks from the engine to whoever shows it. */
export interface LabCoreHooks {
	/** Terminal output caused by keystrokes on a host's terminal. */
	output(host: Host, text: string): void;
	/** A typed line has run. */
	line(record: CommandRecord): void;
	/** Something in the world changed (any kernel event). */
	changed(): void;
}

/**
 * The hosts with a terminal, in the order their sessions open (which fixes their pids): the
 * same list as HOSTS in permalink.ts, written out again so that the engine chunk imports nothing
 * from the lab's first load. A unit test keeps the two equal.
 */
export const TERMINAL_HOSTS: readonly Host[] = ['app', 'build', 'filer'];

const WIRE_LENGTH = 40;
const DEATHS_PER_HOST = 4;

/** A world plus its terminals, replayable from a seed, setup lines and a command log. */
export class LabCore {
	readonly startHost: Host;
	readonly setup: readonly string[];
	deaths: Death[] = [];
	wire: RpcRow[] = [];
	#hooks: LabCoreHooks;
	#world!: World;
	#shells = new Map<Host, ShellPort>();
	#events: KernelEvent[] = [];
	#subscription: Subscription | null = null;
	#rpcSeq = 0;
	#version = 0;
	#viewVersion = -1;
	#view: WorldView | null = null;
	#before: WorldView | null = null;
	#watched = new Set<string>();
	#freshDeaths = new Set<string>();

	constructor(startHost: Host, setup: readonly string[], hooks: LabCoreHooks) {
		this.startHost = startHost;
		this.setup = setup;
		this.#hooks = hooks;
	}

	/**
	 * The drawing of the world now, rebuilt only when an event has happened since. The chapters'
	 * figures ask for `cells` per page strip (one per page) and get a fresh, uncached drawing.
	 */
	view(cells?: number): WorldView {
		if (cells) return viewOf(this.#world.snapshot(), cells);
		if (this.#viewVersion !== this.#version || !this.#view) {
			this.#view = viewOf(this.#world.snapshot());
			this.#viewVersion = this.#version;
		}
		return this.#view;
	}

	/** A host's terminal session. */
	shell(host: Host): ShellPort {
		let port = this.#shells.get(host);
		if (!port) {
			port = openShell(this.#world, host, {
				output: (text) => this.#hooks.output(host, text),
				beforeLine: () => this.#beginCommand(),
				afterLine: (line) => this.#hooks.line(this.#endCommand({ host, line })),
			});
			this.#shells.set(host, port);
		}
		return port;
	}

	/** A fresh world from `seed`, terminals on every host, and the setup run silently. */
	boot(seed: number): void {
		for (const shell of this.#shells.values()) shell.dispose();
		this.#shells.clear();
		this.#world = createWorld({ seed });
		this.deaths = [];
		this.wire = [];
		this.#rpcSeq = 0;
		this.#subscription = this.#world.on((event) => {
			this.#events.push(event);
			this.#version++;
			this.#hooks.changed();
		});
		// Sessions open in a fixed order, so pids are the same live and in every replay.
		for (const h of TERMINAL_HOSTS) this.shell(h);
		const port = this.shell(this.startHost);
		for (const line of this.setup) port.runLine(line);
		this.#events = [];
		this.#version++;
	}

	/**
	 * Replays log entries on the current world. Returns each host's transcript (prompt, line,
	 * output) and the record of the last entry.
	 */
	replay(entries: readonly LogEntry[]): {
		transcripts: Record<Host, string>;
		last: CommandRecord | null;
	} {
		const transcripts = { app: '', build: '', filer: '' } satisfies Record<Host, string>;
		for (const h of TERMINAL_HOSTS) transcripts[h] = this.shell(h).prompt();
		let last: CommandRecord | null = null;
		for (const [i, entry] of entries.entries()) {
			const port = this.shell(entry.host);
			// Only the last step is shown, so only it pays for drawing the world before and after.
			const shown = i === entries.length - 1;
			this.#beginCommand(shown);
			const output = port.runLine(entry.line);
			transcripts[entry.host] += `${entry.line}\n${output}${port.prompt()}`;
			if (shown) last = this.#endCommand(entry);
			else this.#record(this.#events);
		}
		return { transcripts, last };
	}

	#beginCommand(drawn = true): void {
		this.#events = [];
		// A step that is not shown keeps only its deaths and NFS calls (#record), so the world
		// need not build the rest of its events (a syscall event for every call, above all).
		this.#subscription?.only(drawn ? null : ['exit', 'rpc']);
		this.#before = drawn ? this.view() : null;
		this.#watched = new Set();
		for (const name of this.#world.hostNames()) {
			for (const p of this.#world.host(name).processes()) {
				if (p.pid !== 1 && p.comm !== 'bash') this.#watched.add(`${name}:${p.pid}`);
			}
		}
	}

	#endCommand(entry: LogEntry): CommandRecord {
		const events = this.#events;
		this.#record(events);
		const before = this.#before ?? this.view();
		const after = this.view();
		const watched = new Set(this.#watched);
		for (const h of after.hosts) for (const p of h.procs) watched.add(`${h.name}:${p.pid}`);
		return {
			entry,
			before,
			after,
			events,
			watched,
			changed: diffKeys(before, after, this.#freshDeaths),
		};
	}

	/** Keeps the deaths and NFS calls of one command. */
	#record(events: readonly KernelEvent[]): void {
		const deaths = [...this.deaths];
		this.#freshDeaths = new Set();
		const wire = this.wire.map((r) => (r.fresh ? { ...r, fresh: false } : r));
		for (const e of events) {
			if (
				e.type === 'exit' &&
				e.comm !== 'bash' &&
				(e.status.kind === 'signaled' || this.#watched.has(`${e.host}:${e.pid}`))
			) {
				const key = `${e.host}:dead:${e.pid}:${e.time}`;
				this.#freshDeaths.add(key);
				deaths.push({ key, host: e.host, pid: e.pid, comm: e.comm, description: describeExit(e) });
			} else if (e.type === 'rpc') {
				wire.push({
					seq: ++this.#rpcSeq,
					time: e.time,
					client: e.client,
					server: e.server,
					op: e.op,
					name: e.name,
					status: e.status,
					fresh: true,
				});
			}
		}
		const perHost = new Map<string, number>();
		this.deaths = deaths
			.reverse()
			.filter((d) => {
				const n = (perHost.get(d.host) ?? 0) + 1;
				perHost.set(d.host, n);
				return n <= DEATHS_PER_HOST;
			})
			.reverse();
		this.wire = wire.slice(-WIRE_LENGTH);
	}
}

function fileFingerprint(f: WorldView['hosts'][number]['files'][number]): string {
	// The attribute cache timer counts down on every command; only its other facts count as change.
	return JSON.stringify({ ...f, nfs: f.nfs && { ...f.nfs, expiresIn: f.nfs.expiresIn > 0 } });
}

/** Keys of every drawn item that differs between two views, plus deaths that are new. */
export function diffKeys(
	before: WorldView,
	after: WorldView,
	freshDeaths: ReadonlySet<string>,
): Set<string> {
	const old = new Map<string, string>();
	for (const h of before.hosts) {
		for (const f of h.files) old.set(f.key, fileFingerprint(f));
		for (const p of h.procs) old.set(p.key, JSON.stringify(p));
	}
	const changed = new Set<string>(freshDeaths);
	for (const h of after.hosts) {
		// Memory moves by a page or two on almost every command; flag only visible moves (1%).
		const was = before.hosts.find((b) => b.name === h.name)?.memory;
		const moved = was
			? Math.abs(was.cache - h.memory.cache) + Math.abs(was.anon - h.memory.anon)
			: 0;
		if (moved > h.memory.total / 100) changed.add(`${h.name}:mem`);
		for (const f of h.files) if (old.get(f.key) !== fileFingerprint(f)) changed.add(f.key);
		for (const p of h.procs) if (old.get(p.key) !== JSON.stringify(p)) changed.add(p.key);
	}
	return changed;
}
