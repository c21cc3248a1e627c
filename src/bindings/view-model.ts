/**
 * Turns a kernel snapshot (plain `WorldState` data) into what the lab draws: per host the files
 * worth showing with their inode facts, each process with the state of its text pages, and the
 * memory picture. It is pure and DOM-free, so it can run during server rendering as well.
 *
 * It runs only where the engine runs (at build time and in the engine chunk): components import
 * the values they need from view-format.ts, so that this code stays out of the lab's first load.
 *
 * "Worth showing" means the files the story is about: system directories (/bin, /usr, /dev,
 * /proc …) are left out unless an inode there is orphaned, so the tables stay readable.
 */
import type {
	FileDataState,
	FsState,
	HostState,
	InodeState,
	PageContent,
	ProcessState,
	VmaState,
	WorldState,
} from '../kernel';
import type { PageStatus } from './view-format';

const PAGE_SIZE = 4096;
const HIDDEN_PREFIXES = ['/bin/', '/usr/', '/sbin/', '/lib', '/dev/', '/proc/', '/etc/', '/sys/'];
/** How many cells the page strip of one process is drawn with, at most. */
const MAX_CELLS = 64;

export { formatSize, PAGE_STATUSES, type PageStatus } from './view-format';

const CELL_PRIORITY: readonly PageStatus[] = ['absent', 'resident', 'stale', 'changed', 'eof'];

/** One file the lab shows, with the inode facts the chapters talk about. */
export interface FileRow {
	/** Stable across commands: host, filesystem and inode id. */
	key: string;
	/** Every name that points at the inode (hard links), or none once it is deleted. */
	names: string[];
	fsType: FsState['type'];
	/** For a symbolic link: the path it points to. */
	target?: string;
	ino: number;
	nlink: number;
	size: number;
	/** Held open, mapped, or executed by some process. */
	inUse: boolean;
	/** i_writecount < 0: a running program denies writes (ETXTBSY). */
	deniesWrite: boolean;
	/** i_writecount > 0: open for writing right now. */
	writers: number;
	/** Pages of the file in this host's page cache, and how many the file has. */
	resident: number;
	pages: number;
	/** NFS client inodes: the attribute cache and invalidation flags. */
	nfs?: {
		/** Milliseconds until the cached attributes expire (≤ 0: the next use asks the server). */
		expiresIn: number;
		attrtimeo: number;
		invalid: boolean;
		stale: boolean;
		silly: boolean;
		/** The file's size on the filer right now, which this client may not know yet. */
		serverSize: number | null;
	};
}

/** The text mapping of a process, summarised for drawing. */
export interface TextView {
	path: string;
	pages: number;
	counts: Record<PageStatus, number>;
	/** The page strip: each cell stands for `perCell` pages and shows the worst state among them. */
	cells: PageStatus[];
	perCell: number;
}

/** One process the lab shows. */
export interface ProcRow {
	key: string;
	pid: number;
	comm: string;
	state: ProcessState['state'];
	exe: string;
	text?: TextView;
}

/** Memory of one host, in pages. */
export interface MemoryView {
	total: number;
	other: number;
	anon: number;
	cache: number;
	free: number;
	/** True when free memory is at the kernel's watermark and reclaim has to run. */
	pressure: boolean;
}

/** Everything drawn for one host. */
export interface HostView {
	name: string;
	address: string;
	role: string;
	files: FileRow[];
	procs: ProcRow[];
	memory: MemoryView;
}

/** The whole drawing at one moment. */
export interface WorldView {
	now: number;
	hosts: HostView[];
}

function pageToken(content: PageContent | null | undefined): string {
	if (!content) return 'z';
	if (content.k === 'i')
		return `i:${content.name}:${content.build}:${content.page}:${content.patch}`;
	const trimmed = content.b.replace(/\0+$/, '');
	return trimmed === '' ? 'z' : `b:${trimmed}`;
}

function dataPage(data: FileDataState | undefined, index: number): PageContent | null {
	if (!data) return null;
	const own = data.pages[index];
	if (own) return own;
	if (data.image && index < data.image.pages) {
		return { k: 'i', name: data.image.name, build: data.image.build, page: index, patch: 0 };
	}
	return null;
}

const pagesOf = (size: number) => Math.ceil(size / PAGE_SIZE);

/** Finds the server-side inode behind an NFS client inode, decoding the handle as the server does. */
function serverInode(world: WorldState, fs: FsState, inode: InodeState): InodeState | null {
	const fh = inode.nfs?.fh;
	const server = fs.nfs ? world.hosts[fs.nfs.server] : undefined;
	if (!fh || fh.length !== 32 || !server) return null;
	const dev = parseInt(fh.slice(8, 16), 16);
	const id = parseInt(fh.slice(16, 24), 16);
	const generation = parseInt(fh.slice(24, 32), 16);
	const sfs = Object.values(server.filesystems).find((f) => f.dev === dev);
	const found = sfs?.inodes[id];
	if (!found || found.generation !== generation || found.nlink === 0) return null;
	return found;
}

/** Full paths of every inode reachable by name on one filesystem, under its mount point. */
function namesOf(host: HostState, fs: FsState): Map<number, string[]> {
	const names = new Map<number, string[]>();
	const mount = host.mounts.find((m) => m.fsId === fs.id);
	if (!mount) return names;
	const prefix = mount.target === '/' ? '' : mount.target;
	const stack: Array<{ id: number; path: string }> = [{ id: fs.rootId, path: prefix }];
	const seen = new Set<number>();
	while (stack.length) {
		const { id, path } = stack.pop()!;
		if (seen.has(id)) continue;
		seen.add(id);
		const dir = fs.inodes[id];
		for (const [name, child] of Object.entries(dir?.entries ?? {})) {
			const full = `${path}/${name}`;
			const list = names.get(child) ?? [];
			list.push(full);
			names.set(child, list);
			if (fs.inodes[child]?.type === 'dir') stack.push({ id: child, path: full });
		}
	}
	return names;
}

const hidden = (path: string) => HIDDEN_PREFIXES.some((p) => path.startsWith(p));

function fileRows(world: WorldState, host: HostState): FileRow[] {
	const rows: FileRow[] = [];
	for (const fs of Object.values(host.filesystems)) {
		if (fs.type === 'proc') continue;
		const names = namesOf(host, fs);
		for (const inode of Object.values(fs.inodes)) {
			if (inode.type !== 'file' && inode.type !== 'symlink') continue;
			const paths = (names.get(inode.id) ?? []).sort();
			const orphan = paths.length === 0;
			// A client forgets nothing it never looked up, so unnamed NFS inodes with no users are noise.
			if (orphan && inode.refs === 0) continue;
			if (!orphan && paths.every(hidden)) continue;
			const nfs = inode.nfs;
			const truth = fs.type === 'nfs' ? serverInode(world, fs, inode) : inode;
			rows.push({
				key: `${host.name}:${fs.id}:${inode.id}`,
				names: paths,
				fsType: fs.type,
				target: inode.type === 'symlink' ? (inode.target ?? '') : undefined,
				// st_ino: an NFS client reports the server's file id, as ls -i shows (fs/nfs/inode.c: nfs_fhget).
				ino: inode.nfs ? inode.nfs.fileid : inode.ino,
				nlink: inode.nlink,
				size: inode.size,
				inUse: inode.refs > 0,
				deniesWrite: inode.writecount < 0,
				writers: Math.max(0, inode.writecount),
				resident: Object.keys(inode.pages).length,
				pages: pagesOf(inode.size),
				nfs: nfs && {
					expiresIn: nfs.readCacheTime + nfs.attrtimeo - world.now,
					attrtimeo: nfs.attrtimeo,
					invalid: nfs.invalidData,
					stale: nfs.stale || truth === null,
					silly: !!nfs.silly || paths.some((p) => /\/\.nfs[0-9a-f]+$/.test(p)),
					serverSize: truth?.size ?? null,
				},
			});
		}
	}
	return rows.sort((a, b) => (a.names[0] ?? '~').localeCompare(b.names[0] ?? '~'));
}

function textView(
	world: WorldState,
	host: HostState,
	vma: VmaState,
	maxCells: number,
): TextView | undefined {
	const fs = vma.fsId ? host.filesystems[vma.fsId] : undefined;
	const inode = fs && vma.inodeId !== undefined ? fs.inodes[vma.inodeId] : undefined;
	if (!fs || !inode) return undefined;
	const pages = Math.max(1, Math.round((vma.end - vma.start) / PAGE_SIZE));
	// The truth the next fault will meet: the server's inode for NFS, the inode itself locally.
	const truth = fs.type === 'nfs' ? serverInode(world, fs, inode) : inode;
	const truthPages = truth ? pagesOf(truth.size) : 0;
	const counts: Record<PageStatus, number> = {
		resident: 0,
		stale: 0,
		absent: 0,
		changed: 0,
		eof: 0,
	};
	const perCell = Math.max(1, Math.ceil(pages / maxCells));
	const cells: PageStatus[] = [];
	// A cell shows its most telling page: trouble first, then any resident page over absent ones.
	const rank = (s: PageStatus) => CELL_PRIORITY.indexOf(s);
	for (let k = 0; k < pages; k++) {
		const index = vma.pgoff + k;
		const cached = inode.pages[index];
		const expected = vma.expect
			? `i:${vma.expect.name}:${vma.expect.build}:${index}:0`
			: pageToken(dataPage(inode.data, index));
		const now = truth && index < truthPages ? pageToken(dataPage(truth.data, index)) : null;
		let status: PageStatus;
		if (cached) {
			const mine = cached.content ? pageToken(cached.content) : expected;
			status = now !== null && now !== mine ? 'stale' : 'resident';
		} else if (now === null) {
			status = 'eof';
		} else {
			status = now === expected ? 'absent' : 'changed';
		}
		counts[status]++;
		const cell = Math.floor(k / perCell);
		const prev = cells[cell];
		if (prev === undefined || rank(status) > rank(prev)) cells[cell] = status;
	}
	return { path: vma.path ?? '?', pages, counts, cells, perCell };
}

function procRows(world: WorldState, host: HostState, maxCells: number): ProcRow[] {
	return Object.values(host.processes)
		.filter((p) => p.pid !== 1 && p.comm !== 'bash')
		.sort((a, b) => a.pid - b.pid)
		.map((p) => {
			const vma = p.vmas.find((v) => v.exec && v.kind === 'file');
			return {
				key: `${host.name}:${p.pid}:${p.startTime}`,
				pid: p.pid,
				comm: p.comm,
				state: p.state,
				exe: p.exe?.path ?? '',
				text: vma ? textView(world, host, vma, maxCells) : undefined,
			};
		});
}

function memoryView(host: HostState): MemoryView {
	const anon = Object.values(host.processes).reduce((n, p) => n + p.anonPages, 0);
	let shmem = 0;
	for (const fs of Object.values(host.filesystems)) if (fs.type === 'tmpfs') shmem += fs.usedPages;
	const cache = host.cachePages + shmem;
	const used = host.reservedPages + anon + cache;
	const free = Math.max(0, host.memTotalPages - used);
	return {
		total: host.memTotalPages,
		other: host.reservedPages,
		anon,
		cache,
		free,
		pressure: free <= host.minFreePages * 2,
	};
}

function roleOf(host: HostState): string {
	if (host.exports.length > 0) return `NFS server, exports ${host.exports.join(', ')}`;
	const nfs = host.mounts.filter((m) => host.filesystems[m.fsId]?.type === 'nfs');
	if (nfs.length > 0)
		return `NFS client, ${nfs.map((m) => `${m.source} on ${m.target}`).join(', ')}`;
	return 'local disk only';
}

/**
 * Builds the drawing for a snapshot, hosts in the world's own order. Page strips get at most
 * `maxCells` cells; the chapters' figures ask for one cell per page, to draw runs of pages.
 */
export function viewOf(world: WorldState, maxCells = MAX_CELLS): WorldView {
	return {
		now: world.now,
		hosts: world.hostOrder.flatMap((name) => {
			const host = world.hosts[name];
			if (!host) return [];
			return [
				{
					name,
					address: host.address,
					role: roleOf(host),
					files: fileRows(world, host),
					procs: procRows(world, host, maxCells),
					memory: memoryView(host),
				},
			];
		}),
	};
}
