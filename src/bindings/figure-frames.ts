/**
 * Runs a figure's script through the same engine the lab uses (LabCore, as the lab snapshot
 * does) and keeps, after each step, the part of the world the figure is about: the inodes it
 * follows, the programs it follows, their deaths and the NFS calls. Every frame also gets a plain
 * description written from that data, for the caption and the live region. It runs at build time
 * only; the page ships the frames as static HTML.
 */
import type { KernelEvent } from '../kernel';
import { LabCore, diffKeys, type Death, type RpcRow } from './lab-core';
import { figureScript, type FigurePath, type FigureScript } from './figures';
import type { LogEntry } from './permalink';
import { DEFAULT_SEED } from './snapshot';
import { formatSize, type PageStatus } from './view-format';
import type { FileRow, ProcRow, TextView, WorldView } from './view-model';

/** A followed inode in one frame: its row, or the fact that it has been freed. */
export type FrameFile =
	| (FileRow & { host: string; gone: false; changed: boolean })
	| { key: string; host: string; ino: number; gone: true; changed: boolean };

/** A stretch of neighbouring text pages in the same state. */
export interface PageRun {
	status: PageStatus;
	/** Index of the run's first page in the mapping, and how many pages it has. */
	start: number;
	count: number;
}

/** A followed program: its text pages as runs, since a figure has room for a few shapes only. */
export type FrameProc = Omit<ProcRow, 'text'> & {
	host: string;
	changed: boolean;
	text?: { path: string; pages: number; counts: Record<PageStatus, number>; runs: PageRun[] };
};

/** A signal a page fault raised, with the mapping it hit. */
export interface FrameSignal {
	host: string;
	pid: number;
	comm: string;
	signal: string;
	code: number;
	codeName: string;
	address: number;
	/** The file behind the faulting page, and the page's index in it. */
	path?: string;
	page?: number;
}

/** One command line of a step and what it printed. */
export interface FrameLine {
	entry: LogEntry;
	output: string;
}

export interface FigureFrame {
	id: string;
	label: string;
	lines: FrameLine[];
	files: FrameFile[];
	procs: FrameProc[];
	/** Followed programs that died during this step. */
	deaths: Death[];
	/** Signals that page faults raised during this step. */
	signals: FrameSignal[];
	/** NFS calls sent during this step (only when the figure shows the wire). */
	rpcs: RpcRow[];
	/** Whether the figure shows the wire at all. */
	wire: boolean;
	/** The frame in sentences: what the drawing shows. */
	description: string;
}

const silent = { output() {}, line() {}, changed() {} };

function matches(paths: readonly FigurePath[] | undefined, host: string, names: string[]) {
	return !!paths?.some((p) => p.host === host && names.includes(p.path));
}

/** Runs one line and returns what it printed (the transcript minus the prompts and the line). */
function runLine(
	core: LabCore,
	entry: LogEntry,
): { output: string; rpcs: RpcRow[]; signals: FrameSignal[] } {
	const before = core.shell(entry.host).prompt();
	const { transcripts, last } = core.replay([entry]);
	const text = transcripts[entry.host];
	const after = core.shell(entry.host).prompt();
	const output = text.slice(before.length + entry.line.length + 1, text.length - after.length);
	return {
		output,
		rpcs: core.wire.filter((r) => r.fresh),
		signals: faultSignals(last?.events ?? []),
	};
}

/**
 * Signals raised by page faults (not sent with kill), each with the fault that raised it: the
 * kernel fills si_code and si_addr for those (arch/x86/mm/fault.c: do_sigbus).
 */
function faultSignals(events: readonly KernelEvent[]): FrameSignal[] {
	const signals: FrameSignal[] = [];
	let fault: Extract<KernelEvent, { type: 'fault' }> | undefined;
	for (const e of events) {
		if (e.type === 'fault' && e.outcome !== 'ok') fault = e;
		if (e.type !== 'signal' || e.address === undefined) continue;
		const cause = fault && fault.pid === e.pid && fault.host === e.host ? fault : undefined;
		signals.push({
			host: e.host,
			pid: e.pid,
			comm: e.comm,
			signal: e.signal,
			code: e.code,
			codeName: e.codeName,
			address: e.address,
			path: cause?.path,
			page: cause?.page,
		});
	}
	return signals;
}

function names(list: string[]): string {
	if (list.length <= 1) return list.join('');
	return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Neighbouring pages in the same state as one run (the view has one cell per page here). */
function runsOf(text: TextView): PageRun[] {
	const runs: PageRun[] = [];
	text.cells.forEach((status, i) => {
		const last = runs[runs.length - 1];
		if (last?.status === status) last.count++;
		else runs.push({ status, start: i, count: 1 });
	});
	return runs;
}

/** One sentence about a followed inode. */
export function describeFile(f: FrameFile): string {
	if (f.gone) return `Inode ${f.ino} is freed: no name points at it and nothing uses it.`;
	const parts = [
		f.names.length > 0
			? `${f.names.length === 1 ? 'name' : 'names'} ${names(f.names)}`
			: 'no names left (deleted)',
		`link count ${f.nlink}`,
	];
	if (f.target !== undefined) parts.push(`a symbolic link to ${f.target}`);
	else parts.push(`${formatSize(f.size)}`);
	if (f.resident > 0) parts.push(`${f.resident} of its ${f.pages} pages in the page cache`);
	parts.push(f.inUse ? 'in use' : 'not in use');
	if (f.deniesWrite) parts.push('writes denied while it runs');
	if (f.nfs) {
		const left = f.nfs.expiresIn;
		parts.push(
			left > 0
				? `attributes trusted for ${(left / 1000).toFixed(0)} more s`
				: 'attributes expired: the next use asks the filer',
		);
		if (f.nfs.serverSize !== null && f.nfs.serverSize !== f.size)
			parts.push(`the filer's copy is ${formatSize(f.nfs.serverSize)}`);
		if (f.nfs.stale) parts.push('gone on the filer (stale handle)');
	}
	return `On ${f.host}, inode ${f.ino}: ${parts.join(', ')}.`;
}

/** One sentence about a signal a fault raised. */
export function describeSignal(s: FrameSignal): string {
	const where = s.path ? ` on page ${s.page} of ${s.path}` : '';
	return `${s.comm} (pid ${s.pid}) got ${s.signal} with si_code ${s.codeName} (${s.code})${where}.`;
}

/** One sentence about a followed program. */
export function describeProc(p: FrameProc, exe = false): string {
	const t = p.text;
	const who = `${p.comm} (pid ${p.pid})${exe ? `, started from ${p.exe},` : ''}`;
	if (!t) return `${who} is running.`;
	const c = t.counts;
	const parts = [`${c.resident} of ${t.pages} text pages in memory`];
	if (c.absent) parts.push(`${c.absent} not yet loaded`);
	if (c.stale) parts.push(`${c.stale} stale`);
	if (c.changed) parts.push(`${c.changed} not loaded and changed in the file`);
	if (c.eof) parts.push(`${c.eof} beyond the end of the file`);
	// The mapping keeps the path it was made with, which may name another inode by now.
	return `${who} has ${parts.join(', ')}.`;
}

function describe(frame: Omit<FigureFrame, 'description'>, exe: boolean): string {
	const said = frame.lines.flatMap((l) => {
		const out = l.output.trim().split('\n').filter(Boolean);
		return out.length > 0 ? [`${l.entry.line} printed: ${out.join('; ')}.`] : [];
	});
	const sentences = [
		...said,
		...frame.files.map(describeFile),
		...frame.procs.map((p) => describeProc(p, exe)),
		...frame.deaths.map((d) => `${d.comm} (pid ${d.pid}) ${d.description}.`),
		...frame.signals.map(describeSignal),
	];
	if (frame.rpcs.length > 0)
		sentences.push(
			`NFS calls: ${rpcGroups(frame.rpcs)
				.map(
					(g) => `${g.client} sent ${g.op}${g.count > 1 ? ` ${g.count} times` : ''} (${g.status})`,
				)
				.join(', ')}.`,
		);
	else if (frame.wire) sentences.push('No NFS calls.');
	return sentences.join(' ');
}

/** One line of the wire: a run of the same call from the same client, with its count. */
export interface RpcGroup {
	client: string;
	server: string;
	op: string;
	status: string;
	count: number;
}

/** Runs of identical calls as one line each, so 28 WRITEs read as one line with a count. */
export function rpcGroups(rpcs: readonly RpcRow[]): RpcGroup[] {
	const groups: RpcGroup[] = [];
	for (const r of rpcs) {
		const last = groups[groups.length - 1];
		if (last && last.client === r.client && last.op === r.op && last.status === r.status)
			last.count++;
		else groups.push({ client: r.client, server: r.server, op: r.op, status: r.status, count: 1 });
	}
	return groups;
}

/** The frames of a figure: one per step, computed by running its script on a fresh world. */
export function figureFrames(idOrScript: string | FigureScript, seed = DEFAULT_SEED) {
	const script = typeof idOrScript === 'string' ? figureScript(idOrScript) : idOrScript;
	const core = new LabCore(script.host, script.setup, silent);
	core.boot(seed);
	const files = new Map<string, { host: string; ino: number }>();
	const procs = new Set<string>();
	let prev: WorldView = core.view(Infinity);
	const frames: FigureFrame[] = [];
	for (const step of script.steps) {
		const lines: FrameLine[] = [];
		const rpcs: RpcRow[] = [];
		const signals: FrameSignal[] = [];
		const deathsBefore = new Set(core.deaths.map((d) => d.key));
		for (const item of step.run) {
			const entry = typeof item === 'string' ? { host: script.host, line: item } : item;
			const ran = runLine(core, entry);
			lines.push({ entry, output: ran.output });
			rpcs.push(...ran.rpcs);
			signals.push(...ran.signals);
		}
		const view = core.view(Infinity);
		const changed = diffKeys(prev, view, new Set());
		const rows = new Map<string, FrameFile>();
		const procRows: FrameProc[] = [];
		for (const h of view.hosts) {
			for (const f of h.files) {
				if (files.has(f.key) || matches(script.files, h.name, f.names)) {
					files.set(f.key, { host: h.name, ino: f.ino });
					rows.set(f.key, { ...f, host: h.name, gone: false, changed: changed.has(f.key) });
				}
			}
			for (const p of h.procs) {
				if (procs.has(p.key) || matches(script.programs, h.name, [p.exe])) {
					procs.add(p.key);
					const { text, ...rest } = p;
					procRows.push({
						...rest,
						host: h.name,
						changed: changed.has(p.key),
						text: text && {
							path: text.path,
							pages: text.pages,
							counts: text.counts,
							runs: runsOf(text),
						},
					});
				}
			}
		}
		// A freed inode is drawn in the frame where it goes, then left out.
		const fileRows = [...files].flatMap(([key, { host, ino }]): FrameFile[] => {
			const row = rows.get(key);
			if (row) return [row];
			return prevHad(frames, key) ? [{ key, host, ino, gone: true, changed: true }] : [];
		});
		const deaths = core.deaths.filter(
			(d) =>
				!deathsBefore.has(d.key) && [...procs].some((k) => k.startsWith(`${d.host}:${d.pid}:`)),
		);
		const frame = {
			id: step.id,
			label: step.label,
			lines,
			files: fileRows,
			procs: procRows,
			deaths,
			signals,
			rpcs: script.wire ? rpcs : [],
			wire: !!script.wire,
		};
		frames.push({ ...frame, description: describe(frame, !!script.exe) });
		prev = view;
	}
	return frames;
}

/** Whether the previous frame showed a file as present (so its freeing is news). */
function prevHad(frames: readonly FigureFrame[], key: string): boolean {
	const last = frames[frames.length - 1];
	return !!last?.files.some((f) => f.key === key && !f.gone);
}
