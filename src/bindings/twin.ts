/**
 * Two worlds, one deploy. The same steps (start the server, copy a new build over its file,
 * ask it to reload, wait, start a fresh copy) run in two fresh simulated worlds: in one the
 * server's file is on app's local ext4 disk, in the other on the NFS share, where the copy is
 * made by `build`. Everything shown comes from the engine: the terminal output of each line, and
 * a summary of the file and the server drawn from the same view model the lab uses.
 *
 * Every state is a replay from the start (fresh worlds, then the first `at` steps), so stepping
 * back is as exact as stepping forward.
 */
import { createWorld, type KernelEvent, type World } from '../kernel';
import { createSession, type ShellSession } from '../shell/session';
import { describeExit } from './narrate';
import { SIDES, TWIN_HOST, TWIN_SETUP, TWIN_STEPS, WORLDS, type Side } from './twin-steps';
import { formatSize, viewOf, type FileRow, type PageStatus, type ProcRow } from './view-model';

export {
	SIDES,
	TWIN_HOST,
	TWIN_SETUP,
	TWIN_STEPS,
	WORLDS,
	type Side,
	type TwinStep,
} from './twin-steps';

/** One line as a terminal shows it: the prompt, what was typed, what it printed. */
export interface TranscriptEntry {
	step: number;
	prompt: string;
	line: string;
	output: string;
}

/** A fact of the summary. `same` is what two sides compare to decide whether they diverge. */
export interface Fact {
	key: 'inode' | 'size' | 'writes' | 'server' | 'pages';
	label: string;
	value: string;
	same: string;
}

/** One world after some steps. */
export interface SideState {
	transcript: TranscriptEntry[];
	facts: Fact[];
	/** How the most recent server died, if one did. */
	death: string | null;
}

/** Both worlds after the first `at` steps. */
export interface TwinState {
	at: number;
	sides: Record<Side, SideState>;
	/** Keys of facts that differ between the worlds. */
	diverged: ReadonlySet<Fact['key']>;
	/** Whether the last step printed different things in the two worlds. */
	outputDiffers: boolean;
	/** One sentence about the last step, for the live region. */
	narration: string;
}

const PAGE_WORDS: Record<PageStatus, string> = {
	resident: 'in memory',
	absent: 'not read yet',
	stale: 'in memory but out of date',
	changed: 'not read yet, file now differs',
	eof: 'beyond end of file',
};
const TROUBLE: readonly PageStatus[] = ['stale', 'changed', 'eof'];

function fileFacts(side: Side, file: FileRow | undefined): Fact[] {
	if (!file) {
		// An NFS client has no inode for a file until something on it looks the name up.
		const none = side === 'nfs' ? 'not looked up by app yet' : 'no file by that name';
		return [{ key: 'inode', label: 'File', value: none, same: none }];
	}
	const links = `${file.nlink} ${file.nlink === 1 ? 'link' : 'links'}`;
	const server = file.nfs?.serverSize;
	const size =
		server !== undefined && server !== null && server !== file.size
			? `${formatSize(file.size)} here, ${formatSize(server)} on filer`
			: formatSize(file.size);
	const writes = file.deniesWrite
		? side === 'nfs'
			? 'denied on app only: a running program there maps it'
			: 'denied: a running program maps it'
		: file.writers > 0
			? 'open for writing'
			: 'allowed';
	return [
		// Inode numbers differ between filesystems for no interesting reason, so they never count.
		{ key: 'inode', label: 'Inode', value: `${file.ino}, ${links}`, same: links },
		// The size says whether a new build landed, and whether this client has noticed yet.
		{ key: 'size', label: 'Size', value: size, same: size },
		{ key: 'writes', label: 'Writes', value: writes, same: file.deniesWrite ? 'denied' : writes },
	];
}

function serverFacts(procs: ProcRow[], death: string | null): Fact[] {
	const proc = procs.at(-1);
	if (!proc) {
		const value = death ? `dead: ${death}` : 'not running';
		return [{ key: 'server', label: 'Server', value, same: death ? 'dead' : 'none' }];
	}
	const pids = procs.map((p) => p.pid);
	const running =
		pids.length === 1 ? `running as pid ${proc.pid}` : `running as pids ${pids.join(' and ')}`;
	const facts: Fact[] = [{ key: 'server', label: 'Server', value: running, same: 'running' }];
	const counts = proc.text?.counts;
	if (counts) {
		const parts = (Object.keys(PAGE_WORDS) as PageStatus[])
			.filter((s) => counts[s] > 0)
			.map((s) => `${counts[s]} ${PAGE_WORDS[s]}`);
		const trouble = TROUBLE.filter((s) => counts[s] > 0).join(',') || 'ok';
		const label = pids.length === 1 ? 'Code pages' : `Code pages of ${proc.pid}`;
		facts.push({ key: 'pages', label, value: parts.join('; '), same: trouble });
	}
	return facts;
}

/** One world with its terminal, replaying the shared steps. */
class TwinWorld {
	readonly side: Side;
	readonly world: World;
	readonly session: ShellSession;
	transcript: TranscriptEntry[] = [];
	death: string | null = null;

	constructor(side: Side, seed: number) {
		this.side = side;
		this.world = createWorld({ seed });
		this.world.on(
			(event: KernelEvent) => {
				if (event.type === 'exit' && event.host === TWIN_HOST && event.comm === 'server') {
					this.death = describeExit(event);
				}
			},
			['exit'],
		);
		this.session = createSession(this.world, { host: TWIN_HOST, cwd: '/root' });
		for (const line of TWIN_SETUP) this.session.runLine(line);
	}

	run(step: number): void {
		const line = TWIN_STEPS[step]!.lines[this.side];
		const prompt = this.session.prompt();
		// A fresh server replaces the dead one in the summary.
		if (/server &$/.test(line)) this.death = null;
		this.transcript.push({ step, prompt, line, output: this.session.runLine(line) });
	}

	state(): SideState {
		const host = viewOf(this.world.snapshot()).hosts.find((h) => h.name === TWIN_HOST);
		const path = WORLDS[this.side].path;
		const file = host?.files.find((f) => f.names.includes(path));
		// Servers still alive (a zombie is already dead), oldest first.
		const procs = host?.procs.filter((p) => p.comm === 'server' && p.state !== 'Z') ?? [];
		return {
			transcript: this.transcript,
			facts: [...fileFacts(this.side, file), ...serverFacts(procs, this.death)],
			death: this.death,
		};
	}
}

/** The output of a step with each world's own paths and pids taken out, so worlds compare. */
function comparable(side: Side, output: string): string {
	return output
		.replaceAll(WORLDS[side].path, 'PATH')
		.replace(/\[\d+\] \d+/g, '[N] PID')
		.replace(/server\[\d+\]/g, 'server[PID]');
}

function lastOutput(state: SideState): string | undefined {
	return state.transcript.at(-1)?.output;
}

const fact = (state: SideState, key: Fact['key']) => state.facts.find((f) => f.key === key);

/**
 * The sentence for the step just taken. Each explanation is only used when the engine's
 * outcome is the one it explains; otherwise a plain description of what differs is given.
 */
function narrate(at: number, sides: Record<Side, SideState>, differs: boolean): string {
	if (at === 0) return 'Both worlds are fresh: nothing has run yet.';
	const local = sides.local;
	const nfs = sides.nfs;
	const localOut = lastOutput(local) ?? '';
	const nfsOut = lastOutput(nfs) ?? '';
	const prefix = `Step ${at}: `;
	switch (at) {
		case 1:
			if (!differs && fact(local, 'writes')?.same === fact(nfs, 'writes')?.same)
				return `${prefix}both servers start the same build and the kernel marks each file as denying writes while it runs; the only difference so far is where the file lives.`;
			break;
		case 2:
			if (/Text file busy/.test(localOut) && nfsOut === '')
				return `${prefix}locally cp is refused with Text file busy because the running server denies writes to its inode, but on NFS the copy runs on build, whose kernel knows nothing about the server on app, and it rewrites the same file on filer.`;
			break;
		case 3:
			if (/reloaded/.test(localOut) && !/reloaded/.test(nfsOut))
				return `${prefix}the local server reloads from the unchanged file, while the NFS server faults in code pages it never read and gets the new build's bytes at the old build's offsets.`;
			break;
		case 4: {
			const death = nfs.death;
			if (death && !local.death && /\(core dumped\)/.test(nfsOut))
				return `${prefix}bash reports that the NFS server was ${death}, while the local server is still running the build it started with.`;
			break;
		}
		case 5:
			if (/build v1/.test(localOut) && /build v2/.test(nfsOut))
				return `${prefix}a fresh local server still gets the old build because the copy never happened, while a fresh NFS server gets the new one: the deploy succeeded there, and crashed the running copy on the way.`;
			break;
	}
	const title = TWIN_STEPS[at - 1]?.title.toLowerCase() ?? 'this step';
	return differs
		? `${prefix}${title}: the two worlds printed different things.`
		: `${prefix}${title}: both worlds printed the same thing.`;
}

/** Runs fresh worlds from `seed` through the first `at` steps and describes where they stand. */
export function runTwin(at: number, seed = 1): TwinState {
	const target = Math.max(0, Math.min(TWIN_STEPS.length, Math.floor(at)));
	const worlds = SIDES.map((side) => new TwinWorld(side, seed));
	for (let step = 0; step < target; step++) for (const w of worlds) w.run(step);
	const sides = { local: worlds[0]!.state(), nfs: worlds[1]!.state() };
	const diverged = new Set<Fact['key']>();
	// Before anything runs, the only difference is that app has not looked up the NFS file.
	if (target > 0)
		for (const f of sides.local.facts) {
			const other = fact(sides.nfs, f.key);
			if (other && other.same !== f.same) diverged.add(f.key);
		}
	if (target > 0)
		for (const f of sides.nfs.facts) if (!fact(sides.local, f.key)) diverged.add(f.key);
	const outputDiffers =
		target > 0 &&
		comparable('local', lastOutput(sides.local) ?? '') !==
			comparable('nfs', lastOutput(sides.nfs) ?? '');
	return {
		at: target,
		sides,
		diverged,
		outputDiffers,
		narration: narrate(target, sides, outputDiffers),
	};
}
