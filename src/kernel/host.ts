/**
 * One simulated Linux machine: its filesystems, page cache, processes and NFS client and server.
 * Every public method that is a system call takes the calling pid first and records a `syscall`
 * event that strace can print.
 */
import {
	AT_FDCWD,
	AT_REMOVEDIR,
	AT_SYMLINK_NOFOLLOW,
	BUS_ADRERR,
	MAXSYMLINKS,
	ILL_ILLOPN,
	MAP_SHARED,
	O_ACCMODE,
	O_APPEND,
	O_CLOEXEC,
	O_CREAT,
	O_DIRECTORY,
	O_EXCL,
	O_NOFOLLOW,
	O_PATH,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	PAGE_SIZE,
	PROT_EXEC,
	PROT_READ,
	PROT_WRITE,
	RENAME_NOREPLACE,
	S_IFCHR,
	S_IFDIR,
	S_IFLNK,
	S_IFREG,
	SEEK_CUR,
	SEEK_END,
	SEEK_SET,
	SEGV_MAPERR,
	SI_USER,
	START_EPOCH_MS,
	formatOpenFlags,
	siCodeName,
	signalDefaultAction,
	signalNumber,
	type SignalName,
} from './constants';
import {
	bytesToString,
	copyPages,
	emptyData,
	hasPage,
	pageBytes,
	pageContent,
	isImagePage,
	pagesOf,
	stringToBytes,
	truncateData,
	utf8Encode,
	writeRange,
} from './data';
import { errnoNumber, fail, ok, strerror, type Errno, type SysResult } from './errno';
import type {
	EvictReason,
	ExitStatus,
	KernelEvent,
	KernelEventType,
	NfsOp,
	NfsStatus,
	SyscallArg,
} from './events';
import { programs } from './programs';
import { newProcessState } from './process';
import { hashString } from './random';
import { LATER_PROGRAMS, PTS_PATH } from './later';
import type {
	CachedPageState,
	FileDataState,
	FsState,
	HostState,
	InodeState,
	MountState,
	NfsMountOptions,
	OpenFileState,
	PageContent,
	ProcessState,
	VmaState,
	WorldState,
} from './state';
import { nameTable } from './state';

/** What a Host needs from its World. */
export interface WorldContext {
	state(): WorldState;
	emit(event: KernelEvent): void;
	/** Whether some listener wants events of this type. */
	wants(type: KernelEventType): boolean;
	random(): number;
	host(name: string): Host;
}

/**
 * stat(2) fields. Times come from the wall clock, as nanoseconds since START_EPOCH_MS (the
 * story's start), which keeps them exact in a double for months either side; add them to
 * START_EPOCH_MS (`fileTimeMs`) for the calendar time.
 */
export interface Stat {
	dev: number;
	ino: number;
	mode: number;
	type: 'file' | 'dir' | 'chr' | 'symlink';
	nlink: number;
	uid: number;
	gid: number;
	size: number;
	blocks: number;
	blksize: number;
	atime: number;
	mtime: number;
	ctime: number;
	/**
	 * statx's stx_btime, or null when the filesystem gives none: ext4 keeps i_crtime in its
	 * 256-byte inodes (ext4_getattr), tmpfs since Linux 5.18 (shmem_getattr sets STATX_BTIME
	 * from info->i_crtime, commit f7cd16a55837 "tmpfs: support for file creation time", so 6.1
	 * has it); NFSv3 and procfs set no STATX_BTIME.
	 */
	btime: number | null;
	/** The filesystem the inode lives on (for views). */
	fsId: string;
	fsType: FsState['type'];
}

/** A directory entry as getdents(2) reports it. */
export interface DirEntry {
	name: string;
	ino: number;
	type: 'file' | 'dir' | 'chr' | 'symlink';
}

/** A /proc/PID/maps line, structured. */
export interface MapsEntry {
	start: number;
	end: number;
	perms: string;
	offset: number;
	dev: string;
	inode: number;
	path: string;
	deleted: boolean;
}

/** /proc/meminfo fields in KiB. */
export interface MemInfo {
	memTotal: number;
	memFree: number;
	memAvailable: number;
	buffers: number;
	cached: number;
	shmem: number;
	activeFile: number;
	inactiveFile: number;
	anonPages: number;
	mapped: number;
}

/** Per-file page cache residency (fincore, mincore). */
export interface Residency {
	size: number;
	pages: number;
	resident: number[];
}

/** An NFSv3 file attribute set (fattr3, abridged). */
interface Fattr {
	type: 'file' | 'dir' | 'chr' | 'symlink';
	mode: number;
	nlink: number;
	size: number;
	/** fattr3 `used`: bytes of disk the server has allocated for the object. */
	used?: number;
	fileid: number;
	atime: number;
	mtime: number;
	ctime: number;
}

/** An NFS reply: status, result, post-op attributes of the object and, for LOOKUP, of the directory. */
type NfsReply<T> = { status: NfsStatus; value?: T; attr?: Fattr; dirAttr?: Fattr };

interface Located {
	fs: FsState;
	dir: InodeState;
	name: string;
	inode: InodeState | null;
	path: string;
	/** The path ended in a slash: the final name must be a directory. */
	slash: boolean;
}

/** One directory reached by a path walk, with the name it was reached by. */
interface Step {
	fs: FsState;
	inode: InodeState;
	name: string;
	/** The root of a mounted filesystem. */
	mount: boolean;
	/** The absolute path of this step along the names walked (`/` for the root). */
	path: string;
}

const nfsErrno: Record<NfsStatus, Errno> = {
	NFS3_OK: 'EIO',
	NFS3ERR_NOENT: 'ENOENT',
	NFS3ERR_IO: 'EIO',
	NFS3ERR_EXIST: 'EEXIST',
	NFS3ERR_NOTDIR: 'ENOTDIR',
	NFS3ERR_ISDIR: 'EISDIR',
	NFS3ERR_INVAL: 'EINVAL',
	NFS3ERR_NOSPC: 'ENOSPC',
	NFS3ERR_NOTEMPTY: 'ENOTEMPTY',
	NFS3ERR_STALE: 'ESTALE',
};

/** knfsd's nfserrno(): -ETXTBSY and other unlisted errors become NFS3ERR_IO (fs/nfsd/vfs.c). */
function errnoToNfs(errno: Errno): NfsStatus {
	const table: Partial<Record<Errno, NfsStatus>> = {
		ENOENT: 'NFS3ERR_NOENT',
		EEXIST: 'NFS3ERR_EXIST',
		ENOTDIR: 'NFS3ERR_NOTDIR',
		EISDIR: 'NFS3ERR_ISDIR',
		EINVAL: 'NFS3ERR_INVAL',
		ENOSPC: 'NFS3ERR_NOSPC',
		ENOTEMPTY: 'NFS3ERR_NOTEMPTY',
		ESTALE: 'NFS3ERR_STALE',
	};
	return table[errno] ?? 'NFS3ERR_IO';
}

/** Quotes a string the way strace does, cutting it at 32 characters. */
function quote(text: string, limit = 32): string {
	const cut = text.length > limit;
	const body = (cut ? text.slice(0, limit) : text).replace(/[\\"\n\t\r\0]|[^\x20-\x7e]/g, (ch) => {
		if (ch === '\n') return '\\n';
		if (ch === '\t') return '\\t';
		if (ch === '\r') return '\\r';
		if (ch === '\\' || ch === '"') return `\\${ch}`;
		return `\\${ch.charCodeAt(0).toString(8)}`;
	});
	return `"${body}"${cut ? '...' : ''}`;
}

function formatArg(arg: SyscallArg): string {
	switch (arg.kind) {
		case 'int':
			// Values past 2^53 (cp's SSIZE_MAX-sized copy_file_range) print exactly, as strace does.
			return Number.isSafeInteger(arg.value) || !Number.isInteger(arg.value)
				? String(arg.value)
				: BigInt(arg.value).toString();
		case 'fd':
			return arg.value === AT_FDCWD ? 'AT_FDCWD' : String(arg.value);
		case 'path':
			return quote(arg.value, 4096);
		case 'flags':
			return arg.value;
		case 'mode':
			return `0${arg.value.toString(8)}`;
		case 'raw':
			return arg.value;
	}
}

/** Anonymous pages (stack, heap, data) every freshly exec'd program starts with: 256 KiB. */
export const EXEC_ANON_PAGES = 64;

/** A stat buffer the way strace abbreviates it: `{st_mode=S_IFREG|0755, st_size=42, ...}`. */
function formatStat(result: SysResult<Stat>): string {
	if (!result.ok) return '0x7ffd8a3b1c40';
	const st = result.value;
	const type =
		st.type === 'dir'
			? 'S_IFDIR'
			: st.type === 'chr'
				? 'S_IFCHR'
				: st.type === 'symlink'
					? 'S_IFLNK'
					: 'S_IFREG';
	const perms = (st.mode & 0o7777).toString(8).padStart(4, '0');
	const size = st.type === 'chr' ? 'st_rdev=makedev(0x1, 0x3)' : `st_size=${st.size}`;
	return `{st_mode=${type}|${perms}, ${size}, ...}`;
}

/** fallocate(2)'s FALLOC_FL_KEEP_SIZE (include/uapi/linux/falloc.h). */
const FALLOC_FL_KEEP_SIZE = 1;

/** fadvise64's advice names by number (include/uapi/linux/fadvise.h, x86-64). */
const FADVICE: Record<number, string> = {
	0: 'POSIX_FADV_NORMAL',
	1: 'POSIX_FADV_RANDOM',
	2: 'POSIX_FADV_SEQUENTIAL',
	3: 'POSIX_FADV_WILLNEED',
	4: 'POSIX_FADV_DONTNEED',
	5: 'POSIX_FADV_NOREUSE',
};

const hex = (n: number, width = 0): string => n.toString(16).padStart(width, '0');

/** Splits a path into components relative to `cwd`, resolving `.` and `..` lexically. */
export function normalizePath(cwd: string, path: string): string[] {
	const parts = path.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return parts;
}

/** Each mount's target split into names, remembered with the target it was split from. */
const targetParts = new WeakMap<MountState, { target: string; parts: string[] }>();

/** The names of a mount's target (`/mnt/nfs` → mnt, nfs); callers must not change the array. */
function mountTargetParts(mount: MountState): string[] {
	const known = targetParts.get(mount);
	if (known && known.target === mount.target) return known.parts;
	const parts = mount.target.split('/').filter(Boolean);
	targetParts.set(mount, { target: mount.target, parts });
	return parts;
}

/**
 * A dmesg entry's stamp as util-linux dmesg prints it, `[%5lu.%06lu]` of seconds and
 * microseconds since boot: `[    3.000000]`, `[2002629.312491]`.
 */
export function formatPrintkTime(ms: number): string {
	const micros = Math.round(ms * 1000);
	const secs = Math.floor(micros / 1e6);
	return `[${String(secs).padStart(5)}.${String(micros % 1e6).padStart(6, '0')}]`;
}

/**
 * A path walk of Host.#locateQuiet, remembered with everything it read: the mount table (each
 * mount object with its filesystem and target), and for each component the directory looked in,
 * the name, the inode number found there (or none) and the inode object it led to.
 */
interface QuietWalk {
	mounts: MountState[];
	fsIds: string[];
	targets: string[];
	filesystems: Record<string, FsState>;
	steps: {
		fs: FsState;
		root: InodeState;
		dir: InodeState;
		name: string;
		id: number | undefined;
		child?: InodeState | undefined;
		type?: InodeState['type'] | undefined;
	}[];
	/** A symbolic link was followed: the walk depends on its target too, and is not kept. */
	linked: boolean;
	answer: { fs: FsState; inode: InodeState } | null;
}

/** How many walks a host remembers before it starts afresh. */
const QUIET_WALKS_LIMIT = 256;

/** The path of the top step of a walk, or of `name` inside it: the names walked, joined. */
function stepPath(steps: Step[], root: Step, name?: string): string {
	const base = (steps[steps.length - 1] ?? root).path;
	if (name === undefined) return base;
	return base === '/' ? `/${name}` : `${base}/${name}`;
}

/** A simulated Linux host. */
export class Host {
	#ctx: WorldContext;
	/** True while reclaim runs, so that faults taken by busy processes meanwhile do not recurse. */
	#reclaiming = false;
	/** LOOKUP_REVAL: set while a path walk is retried after ESTALE (see #retryEstale). */
	#reval = false;
	readonly name: string;

	constructor(ctx: WorldContext, name: string) {
		this.#ctx = ctx;
		this.name = name;
	}

	/** This host's state. A world never replaces it (a restore builds a new world), so it is looked up once. */
	#hState: HostState | null = null;

	get #h(): HostState {
		if (this.#hState) return this.#hState;
		const h = this.#ctx.state().hosts[this.name];
		if (!h) throw new Error(`no host ${this.name}`);
		this.#hState = h;
		return h;
	}

	/** Simulated milliseconds since boot (CLOCK_BOOTTIME: what dmesg, /proc/uptime and ps count). */
	now(): number {
		return this.#ctx.state().now;
	}

	/**
	 * The wall clock (CLOCK_REALTIME) in milliseconds since the Unix epoch: the boot epoch plus
	 * the uptime. File times, `date` and `dmesg -T` read it.
	 */
	wallClockMs(): number {
		return (this.#ctx.state().bootEpochMs ?? START_EPOCH_MS) + this.now();
	}

	/** The strerror(3) text of an errno. */
	strerror(errno: Errno): string {
		return strerror(errno);
	}

	/** The raw state of this host (read-only by convention; views should use snapshots). */
	state(): Readonly<HostState> {
		return this.#h;
	}

	// ---------------------------------------------------------------- events and helpers

	#emit(event: KernelEvent): void {
		this.#ctx.emit(event);
	}

	/**
	 * current_time(): an inode timestamp from the wall clock, in nanoseconds since
	 * START_EPOCH_MS (see Stat), never going backwards on one host.
	 */
	/**
	 * retry_estale(): a path-based call that fails with ESTALE walks the path once more with
	 * LOOKUP_REVAL (do_filp_open, filename_lookup and the *at calls in fs/namei.c), in which NFS
	 * trusts no cached name: each one goes to the server again (nfs_do_lookup_revalidate).
	 */
	#retryEstale<T>(run: () => SysResult<T>): SysResult<T> {
		const first = run();
		if (first.ok || first.errno !== 'ESTALE' || this.#reval) return first;
		this.#reval = true;
		try {
			return run();
		} finally {
			this.#reval = false;
		}
	}

	#stamp(): number {
		const h = this.#h;
		const ns = (this.wallClockMs() - START_EPOCH_MS) * 1e6;
		h.lastStamp = ns > h.lastStamp ? ns : h.lastStamp + 1;
		return h.lastStamp;
	}

	#trace<T>(
		pid: number,
		name: string,
		args: SyscallArg[],
		result: SysResult<T>,
		value?: number,
	): SysResult<T> {
		if (!this.#ctx.wants('syscall')) return result;
		const proc = this.#h.processes[pid];
		const retval = result.ok
			? (value ?? (typeof result.value === 'number' ? result.value : 0))
			: -1;
		const event: KernelEvent = {
			type: 'syscall',
			time: this.now(),
			host: this.name,
			pid,
			comm: proc?.comm ?? '?',
			name,
			args,
			result: retval,
			// Formatted when read (strace, a view): nearly every call is never printed.
			get line(): string {
				const shown = name === 'mmap' && result.ok ? `0x${hex(retval)}` : String(retval);
				const tail = result.ok ? shown : `-1 ${result.errno} (${strerror(result.errno)})`;
				return `${name}(${args.map(formatArg).join(', ')}) = ${tail}`;
			},
		};
		if (!result.ok) event.errno = result.errno;
		this.#emit(event);
		return result;
	}

	/**
	 * printk(): the stamp is local_clock() in nanoseconds, printed by dmesg as `[%5lu.%06lu]`.
	 * The simulated clock moves in milliseconds, so the microseconds within one are derived from
	 * the seed, the host and the line's position (not the world's random sequence), and lines
	 * logged in the same millisecond keep increasing.
	 */
	#dmesg(text: string): void {
		const h = this.#h;
		const world = this.#ctx.state();
		// A world that boots as the story starts keeps whole-millisecond stamps (its transcripts
		// were written that way); one created with an uptime gets the microseconds.
		const booted = (world.bootEpochMs ?? START_EPOCH_MS) < START_EPOCH_MS;
		const last = h.dmesg[h.dmesg.length - 1]?.time ?? -1;
		let time = this.now();
		if (booted) {
			const micros = hashString(`${world.seed}:${this.name}:${h.dmesg.length}`) % 1000;
			time += micros / 1000;
			// Later lines of one burst come some microseconds after the first, within the same ms.
			if (time <= last)
				time = Math.min(Math.floor(last) + 0.999, last + (1 + (micros % 40)) / 1000);
			time = Math.round(time * 1000) / 1000;
		}
		h.dmesg.push({ time, text });
		this.#emit({ type: 'dmesg', time, host: this.name, text });
	}

	#proc(pid: number): ProcessState | null {
		const p = this.#h.processes[pid];
		return p && p.state !== 'Z' ? p : null;
	}

	#fs(id: string): FsState {
		const fs = this.#h.filesystems[id];
		if (!fs) throw new Error(`no filesystem ${id} on ${this.name}`);
		return fs;
	}

	#inode(fs: FsState, id: number): InodeState {
		const inode = fs.inodes[id];
		if (!inode) throw new Error(`no inode ${id} on ${fs.id}`);
		return inode;
	}

	#random(): number {
		return this.#ctx.random();
	}

	// ---------------------------------------------------------------- inodes

	#newInode(fs: FsState, type: InodeState['type'], mode: number, parent: number): InodeState {
		// Like ext4's allocator, never hand out a number in use (seeded files sit at fixed ones).
		while (fs.inodes[fs.nextId]) fs.nextId++;
		const id = fs.nextId++;
		const t = this.#stamp();
		const inode: InodeState = {
			id,
			ino: id,
			type,
			mode,
			uid: 0,
			gid: 0,
			nlink: type === 'dir' ? 2 : 1,
			size: 0,
			generation: fs.nextGeneration++,
			atime: t,
			mtime: t,
			ctime: t,
			writecount: 0,
			refs: 0,
			parent,
			pages: {},
		};
		// __ext4_new_inode and shmem_get_inode stamp the creation time once.
		if (fs.type === 'ext4' || fs.type === 'tmpfs') inode.btime = t;
		if (type === 'dir') inode.entries = nameTable();
		if (type === 'file') inode.data = emptyData();
		fs.inodes[id] = inode;
		return inode;
	}

	/** Frees an inode that has no names and no users (iput → evict). */
	#maybeFree(fs: FsState, inode: InodeState): void {
		if (inode.refs > 0) return;
		if (fs.type === 'nfs') {
			this.#nfsRelease(fs, inode);
			return;
		}
		if (inode.nlink > 0) return;
		this.#dropAllPages(fs, inode, 'inode-freed');
		if (fs.type === 'tmpfs') fs.usedPages -= Object.keys(inode.data?.pages ?? {}).length;
		// ext4_evict_inode → ext4_truncate gives the blocks back to the free count.
		if (fs.type === 'ext4') fs.usedPages -= this.#blocksOf(fs, inode);
		delete fs.inodes[inode.id];
		this.#emit({
			type: 'inode-freed',
			time: this.now(),
			host: this.name,
			fs: fs.id,
			ino: inode.ino,
		});
	}

	/** igrab(): one more user of the inode. */
	#get(inode: InodeState): void {
		inode.refs++;
	}

	#put(fs: FsState, inode: InodeState): void {
		inode.refs--;
		this.#maybeFree(fs, inode);
	}

	#pathOf(fs: FsState, inode: InodeState): string {
		const names: string[] = [];
		let cur: InodeState | undefined = inode;
		let guard = 0;
		while (cur && cur.id !== fs.rootId && guard++ < 64) {
			const parent: InodeState | undefined = fs.inodes[cur.parent];
			if (!parent?.entries) break;
			const curId: number = cur.id;
			// The first name in the directory that leads to this inode, in insertion order.
			let name: string | undefined;
			for (const n in parent.entries) {
				if (parent.entries[n] === curId) {
					name = n;
					break;
				}
			}
			if (name === undefined) return '';
			names.unshift(name);
			cur = parent;
		}
		const mount = this.#h.mounts.find((m) => m.fsId === fs.id);
		const base = mount ? mount.target : '';
		const joined = [base === '/' ? '' : base, ...names].join('/');
		return joined === '' ? '/' : joined;
	}

	// ---------------------------------------------------------------- path walk

	#mountAt(parts: string[]): { mount: MountState; rest: string[] } {
		let best: MountState | undefined;
		let bestLen = -1;
		for (const mount of this.#h.mounts) {
			const target = mountTargetParts(mount);
			if (target.length > parts.length || target.length <= bestLen) continue;
			let i = 0;
			while (i < target.length && parts[i] === target[i]) i++;
			if (i === target.length) {
				best = mount;
				bestLen = target.length;
			}
		}
		if (!best) throw new Error('no root mount');
		return { mount: best, rest: parts.slice(bestLen) };
	}

	#lookup(fs: FsState, dir: InodeState, name: string, open: boolean): SysResult<InodeState | null> {
		if (dir.type !== 'dir') return fail('ENOTDIR');
		if (fs.type === 'nfs') return this.#nfsLookup(fs, dir, name, open);
		const id = dir.entries?.[name];
		return ok(id === undefined ? null : (fs.inodes[id] ?? null));
	}

	/**
	 * Resolves a path to its parent directory and final name the way path_lookupat() walks it
	 * (fs/namei.c): component by component from the root or the cwd, `..` through the directory
	 * actually reached (so `link/..` is the parent of the link's target), mounts crossed, and
	 * symbolic links followed. Links in the middle are always followed; the last one only when
	 * `follow` (LOOKUP_FOLLOW) or when the path ends in a slash. More than MAXSYMLINKS links in
	 * one walk is ELOOP. `/proc/PID/exe` is a magic link that jumps to the process's executable
	 * even when that inode has no name any more (proc_exe_link → nd_jump_link).
	 */
	#locate(pid: number, path: string, open = false, follow = true): SysResult<Located> {
		if (path === '') return fail('ENOENT');
		const proc = this.#h.processes[pid];
		const rootFs = this.#fs(this.#mountAt([]).mount.fsId);
		const root: Step = {
			fs: rootFs,
			inode: this.#inode(rootFs, rootFs.rootId),
			name: '',
			mount: true,
			path: '/',
		};
		let stack: Step[] = [root];
		const todo = path.split('/').filter(Boolean);
		if (!path.startsWith('/')) todo.unshift(...(proc?.cwd ?? '/').split('/').filter(Boolean));
		// A trailing slash makes the last component a directory, followed even by lstat (fs/namei.c
		// LOOKUP_DIRECTORY and "Trailing slashes" in path_resolution(7)).
		const slash = /[^/]\/+$/.test(path);
		let links = 0;
		let lastDot = false;
		while (todo.length > 0) {
			const part = todo.shift() ?? '';
			const last = todo.length === 0;
			const top = stack[stack.length - 1] ?? root;
			lastDot = part === '.' || part === '..';
			if (part === '.') continue;
			if (part === '..') {
				if (stack.length > 1) stack.pop();
				continue;
			}
			if (top.fs.type === 'proc' && top.inode.id === top.fs.rootId)
				return this.#procLocate(top, part, todo, follow || slash, proc);
			const found = this.#lookup(top.fs, top.inode, part, open && last);
			if (!found.ok) return fail(found.errno);
			const child = found.value;
			if (!child) {
				if (!last) return fail('ENOENT');
				return ok({
					fs: top.fs,
					dir: top.inode,
					name: part,
					inode: null,
					path: stepPath(stack, root, part),
					slash,
				});
			}
			const childPath = stepPath(stack, root, part);
			const sub = this.#h.mounts.find((m) => m.target === childPath && m.fsId !== top.fs.id);
			if (sub) {
				const mfs = this.#fs(sub.fsId);
				stack.push({
					fs: mfs,
					inode: this.#inode(mfs, mfs.rootId),
					name: part,
					mount: true,
					path: childPath,
				});
				continue;
			}
			if (child.type === 'symlink' && (!last || follow || slash)) {
				if (++links > MAXSYMLINKS) return fail('ELOOP');
				const target = this.#readLink(top.fs, child);
				if (!target.ok) return fail(target.errno);
				if (target.value === '') return fail('ENOENT');
				if (target.value.startsWith('/')) stack = [root];
				todo.unshift(...target.value.split('/').filter(Boolean));
				continue;
			}
			if (!last && child.type !== 'dir') return fail('ENOTDIR');
			stack.push({ fs: top.fs, inode: child, name: part, mount: false, path: childPath });
		}
		const top = stack[stack.length - 1] ?? root;
		if (slash && top.inode.type !== 'dir') return fail('ENOTDIR');
		const parent = stack[stack.length - 2];
		if (!parent || top.mount || lastDot)
			return ok({
				fs: top.fs,
				dir: top.inode,
				name: '',
				inode: top.inode,
				path: stepPath(stack, root),
				slash,
			});
		return ok({
			fs: top.fs,
			dir: parent.inode,
			name: top.name,
			inode: top.inode,
			path: stepPath(stack, root),
			slash,
		});
	}

	/**
	 * A walk that reached the root of /proc. The simulation's procfs holds only the magic link
	 * `/proc/PID/exe` (and `/proc/self/exe`); the shell renders the other files from `process()`.
	 * Not followed, the link is a symlink whose target is what `exeLink()` prints (size 0, as
	 * procfs reports); followed, the walk jumps to the exe inode itself, named or not.
	 */
	#procLocate(
		top: Step,
		part: string,
		todo: string[],
		follow: boolean,
		caller: ProcessState | undefined,
	): SysResult<Located> {
		const pid =
			part === 'self' ? (caller?.pid ?? 0) : /^[1-9][0-9]*$/.test(part) ? Number(part) : 0;
		const target = this.#proc(pid);
		if (!target || todo[0] !== 'exe') return fail('ENOENT');
		const rest = todo.slice(1);
		const exe = target.exe;
		const link = this.exeLink(pid);
		if (!exe || link === null) return fail('ENOENT');
		const path = `/proc/${part}/exe`;
		if (rest.length === 0 && !follow) {
			// procfs stamps its inodes when it makes them; the process's start is close enough.
			const bootEpoch = this.#ctx.state().bootEpochMs ?? START_EPOCH_MS;
			const t = (bootEpoch - START_EPOCH_MS + target.startTime) * 1e6;
			const inode: InodeState = {
				id: -pid,
				ino: 0x10000 + pid,
				type: 'symlink',
				mode: 0o777,
				uid: 0,
				gid: 0,
				nlink: 1,
				size: 0,
				generation: 0,
				atime: t,
				mtime: t,
				ctime: t,
				writecount: 0,
				refs: 0,
				parent: top.inode.id,
				pages: {},
				target: link,
			};
			return ok({ fs: top.fs, dir: top.inode, name: 'exe', inode, path, slash: false });
		}
		const fs = this.#fs(exe.fsId);
		const inode = this.#inode(fs, exe.inodeId);
		if (rest.length > 0) return fail('ENOTDIR');
		const dir = fs.inodes[inode.parent] ?? inode;
		const name = exe.path.split('/').pop() ?? '';
		return ok({ fs, dir, name, inode, path: exe.path, slash: false });
	}

	/**
	 * The target of a symbolic link. On NFS the client caches it like file data: the attributes
	 * are revalidated as for any inode, and READLINK goes out only when nothing is cached
	 * (nfs_get_link in fs/nfs/symlink.c).
	 */
	#readLink(fs: FsState, inode: InodeState): SysResult<string> {
		if (inode.type !== 'symlink') return fail('EINVAL');
		if (fs.type !== 'nfs' || inode.id < 0) return ok(inode.target ?? '');
		// nfs_revalidate_mapping(): GETATTR once the link's attributes (acregmin..acregmax, as for
		// any non-directory) have expired; a removed link answers NFS3ERR_STALE, and the walk
		// fails with ESTALE (retried with LOOKUP_REVAL by the caller).
		const fresh = this.#nfsRevalidate(fs, inode, false);
		if (!fresh.ok) return fail(fresh.errno);
		if (inode.nfs?.invalidData) {
			inode.nfs.invalidData = false;
			delete inode.target;
		}
		if (inode.target !== undefined) return ok(inode.target);
		const nfs = inode.nfs;
		if (!nfs) return fail('EIO');
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'READLINK', inode, undefined, () => server.nfsdReadlink(nfs.fh));
		if (reply.status !== 'NFS3_OK' || reply.value === undefined)
			return fail(nfsErrno[reply.status]);
		if (reply.attr) this.#nfsUpdate(fs, inode, reply.attr);
		inode.target = reply.value;
		return ok(reply.value);
	}

	#stat(fs: FsState, inode: InodeState): Stat {
		const typeBits =
			inode.type === 'dir'
				? S_IFDIR
				: inode.type === 'chr'
					? S_IFCHR
					: inode.type === 'symlink'
						? S_IFLNK
						: S_IFREG;
		let size = inode.size;
		let blocks = 0;
		if (inode.nfs) {
			// The client shows the server's numbers (fattr3 size and used, nfs_fattr_to_inode).
			blocks = Math.ceil((inode.used ?? pagesOf(inode.size) * PAGE_SIZE) / 512);
		} else if (inode.type === 'dir') {
			if (fs.type === 'ext4') {
				// An ext4 directory is at least one block: size 4096, 8 sectors.
				size = Math.max(inode.size, PAGE_SIZE);
				blocks = 8;
			} else if (fs.type === 'tmpfs') {
				// shmem counts BOGO_DIRENT_SIZE (20) per entry, . and .. included, and no blocks.
				size = 20 * (2 + Object.keys(inode.entries ?? {}).length);
			}
		} else if (inode.type === 'file') {
			// st_blocks counts allocated data only: holes (truncate -s, seeks) take none.
			blocks = this.#allocatedPages(inode) * 8;
		}
		return {
			dev: fs.dev,
			ino: inode.nfs ? inode.nfs.fileid : inode.ino,
			mode: typeBits | (inode.mode & 0o7777),
			type: inode.type,
			nlink: inode.nlink,
			uid: inode.uid,
			gid: inode.gid,
			size,
			blocks,
			// procfs reports 1024 (stat /proc/self/exe on the reference machine: IO Block: 1024).
			blksize: fs.type === 'nfs' ? 1048576 : fs.type === 'proc' ? 1024 : PAGE_SIZE,
			atime: inode.atime,
			mtime: inode.mtime,
			ctime: inode.ctime,
			btime: fs.type === 'ext4' || fs.type === 'tmpfs' ? (inode.btime ?? null) : null,
			fsId: fs.id,
			fsType: fs.type,
		};
	}

	/**
	 * The blocks an ext4 inode holds: a file's allocated pages, one block for a directory, one
	 * for a symlink whose target does not fit in the inode (ext4 keeps targets under 60 bytes in
	 * i_block: fs/ext4/namei.c, ext4_symlink). Other filesystems: 0.
	 */
	#blocksOf(fs: FsState, inode: InodeState): number {
		if (fs.type !== 'ext4') return 0;
		if (inode.type === 'file') return this.#allocatedPages(inode);
		if (inode.type === 'dir') return 1;
		if (inode.type === 'symlink') return inode.size >= 60 ? 1 : 0;
		return 0;
	}

	/**
	 * How many more pages a write may allocate on a local filesystem. tmpfs: up to size=. ext4
	 * as ext4_has_free_clusters() (fs/ext4/balloc.c) answers root (CAP_SYS_RESOURCE), the only
	 * user here: the root reserve (s_r_blocks_count) may be used, s_resv_clusters may not, so
	 * root fills the disk until df shows 0 available and 100 %.
	 */
	#room(fs: FsState): number {
		if (fs.type === 'tmpfs') return fs.capacityPages - fs.usedPages;
		if (fs.type === 'ext4') return fs.capacityPages - fs.usedPages - (fs.resvPages ?? 0);
		return Infinity;
	}

	/** Pages of a local file that hold data (the program image's, then written pages) within its size. */
	#allocatedPages(inode: InodeState): number {
		const data = inode.data;
		if (!data) return 0;
		const within = pagesOf(inode.size);
		const image = Math.min(data.image?.pages ?? 0, within);
		// Written pages past the image count; so do pages past the end of the file, which only
		// fallocate -n (FALLOC_FL_KEEP_SIZE) leaves (truncate drops them).
		let extra = 0;
		for (const key of Object.keys(data.pages)) {
			const index = Number(key);
			if (index >= image) extra++;
		}
		return image + extra;
	}

	// ---------------------------------------------------------------- page cache

	#freePages(): number {
		const h = this.#h;
		let anon = 0;
		for (const p of Object.values(h.processes)) anon += p.anonPages;
		let shmem = 0;
		for (const fs of Object.values(h.filesystems)) if (fs.type === 'tmpfs') shmem += fs.usedPages;
		return h.memTotalPages - h.reservedPages - h.otherCachePages - h.cachePages - anon - shmem;
	}

	#cacheAdd(
		fs: FsState,
		inode: InodeState,
		index: number,
		content?: PageContent | null,
	): CachedPageState {
		if (!this.#reclaiming && this.#freePages() <= this.#h.minFreePages) this.#reclaim(32);
		const page: CachedPageState = {
			active: false,
			referenced: false,
			young: false,
			mapcount: 0,
			stamp: ++this.#h.lruClock,
		};
		if (fs.type === 'nfs') page.content = content ? { ...content } : { k: 'b', b: '' };
		inode.pages[index] = page;
		this.#h.cachePages++;
		return page;
	}

	/** mark_page_accessed(): a second access while inactive activates the page (mm/swap.c). */
	#markAccessed(page: CachedPageState): void {
		if (!page.active && page.referenced) {
			page.active = true;
			page.referenced = false;
			page.stamp = ++this.#h.lruClock;
		} else if (!page.referenced) {
			page.referenced = true;
		}
	}

	/** Removes page table entries for a page from every process mapping it (unmap_mapping_folio). */
	#unmapPage(fs: FsState, inode: InodeState, index: number): number[] {
		const pids: number[] = [];
		const page = inode.pages[index];
		if (!page || page.mapcount === 0) return pids;
		for (const proc of Object.values(this.#h.processes)) {
			for (const vma of proc.vmas) {
				if (vma.fsId === fs.id && vma.inodeId === inode.id && vma.ptes[index]) {
					delete vma.ptes[index];
					page.mapcount--;
					if (!pids.includes(proc.pid)) pids.push(proc.pid);
				}
			}
		}
		return pids;
	}

	#cacheRemove(fs: FsState, inode: InodeState, indices: number[], reason: EvictReason): number[] {
		const unmapped: number[] = [];
		const gone: number[] = [];
		for (const index of indices) {
			if (!inode.pages[index]) continue;
			for (const pid of this.#unmapPage(fs, inode, index))
				if (!unmapped.includes(pid)) unmapped.push(pid);
			delete inode.pages[index];
			// tmpfs pages are shmem: counted by the filesystem, not as page cache.
			if (fs.type !== 'tmpfs') this.#h.cachePages--;
			gone.push(index);
		}
		if (gone.length > 0 && this.#ctx.wants('page-cache')) {
			this.#emit({
				type: 'page-cache',
				time: this.now(),
				host: this.name,
				action: 'evict',
				reason,
				fs: fs.id,
				ino: inode.nfs ? inode.nfs.fileid : inode.ino,
				path: this.#pathOf(fs, inode),
				pages: gone,
			});
		}
		return unmapped;
	}

	#dropAllPages(fs: FsState, inode: InodeState, reason: EvictReason): number[] {
		return this.#cacheRemove(fs, inode, Object.keys(inode.pages).map(Number), reason);
	}

	/** truncate_pagecache(): drop and unmap cached pages wholly past the new size. */
	#truncatePages(fs: FsState, inode: InodeState, size: number): void {
		const keep = pagesOf(size);
		const beyond = Object.keys(inode.pages)
			.map(Number)
			.filter((i) => i >= keep);
		this.#cacheRemove(fs, inode, beyond, 'truncate');
	}

	/**
	 * Frees page cache under memory pressure, after mm/vmscan.c: the inactive list is scanned oldest
	 * first; a page whose PTEs were referenced is kept (activated if it is executable file text, or
	 * referenced twice); an unreferenced page is unmapped and freed. The active list is aged by
	 * shrink_active_list, which lets referenced VM_EXEC pages go round once more.
	 */
	#reclaim(wanted: number): number {
		if (this.#reclaiming) return 0;
		this.#reclaiming = true;
		try {
			return this.#shrink(wanted);
		} finally {
			this.#reclaiming = false;
		}
	}

	#shrink(wanted: number): number {
		const h = this.#h;
		let freed = 0;
		let scanned = 0;
		let activated = 0;
		for (let pass = 0; pass < 8 && freed < wanted; pass++) {
			const entries: Array<{
				fs: FsState;
				inode: InodeState;
				index: number;
				page: CachedPageState;
			}> = [];
			for (const fs of Object.values(h.filesystems)) {
				if (fs.type === 'tmpfs' || fs.type === 'proc') continue;
				for (const inode of Object.values(fs.inodes)) {
					for (const [key, page] of Object.entries(inode.pages)) {
						entries.push({ fs, inode, index: Number(key), page });
					}
				}
			}
			entries.sort((a, b) => a.page.stamp - b.page.stamp);
			const active = entries.filter((e) => e.page.active);
			const before = entries.filter((e) => !e.page.active).length;
			// shrink_active_list: age the active list when it outweighs the inactive one.
			if (active.length > before || before === 0) {
				for (const e of active.slice(0, Math.max(32, wanted - freed))) {
					scanned++;
					const young = e.page.young && e.page.mapcount > 0;
					e.page.young = false;
					if (young && this.#mappedExec(e.fs, e.inode, e.index)) {
						e.page.stamp = ++h.lruClock;
						continue;
					}
					e.page.active = false;
					e.page.stamp = ++h.lruClock;
				}
			}
			// shrink_inactive_list with folio_check_references; deactivated pages queue at the end.
			const inactive = entries
				.filter((e) => !e.page.active)
				.sort((a, b) => a.page.stamp - b.page.stamp);
			for (const e of inactive) {
				if (freed >= wanted) break;
				scanned++;
				const ptes = e.page.young && e.page.mapcount > 0 ? (e.page.mapcount > 1 ? 2 : 1) : 0;
				const referencedFolio = e.page.referenced;
				e.page.young = false;
				e.page.referenced = false;
				if (ptes > 0) {
					e.page.referenced = true;
					if (referencedFolio || ptes > 1 || this.#mappedExec(e.fs, e.inode, e.index)) {
						e.page.active = true;
						activated++;
					}
					e.page.stamp = ++h.lruClock;
					continue;
				}
				this.#cacheRemove(e.fs, e.inode, [e.index], 'reclaim');
				freed++;
			}
			// The rest of the system's mapped, busy cache competes like our hot pages do: it gives
			// way only after unreferenced pages (ours included) had their second look.
			if (pass >= 1 && freed < wanted && h.otherCachePages > 0) {
				const take = Math.min(h.otherCachePages, wanted - freed);
				h.otherCachePages -= take;
				freed += take;
			}
			// Busy processes keep running while kswapd works: their hot pages stay young.
			if (freed < wanted) this.#touchHotPages();
		}
		this.#emit({
			type: 'reclaim',
			time: this.now(),
			host: this.name,
			wanted,
			freed,
			scanned,
			activated,
		});
		return freed;
	}

	#mappedExec(fs: FsState, inode: InodeState, index: number): boolean {
		for (const proc of Object.values(this.#h.processes)) {
			for (const vma of proc.vmas) {
				if (vma.exec && vma.fsId === fs.id && vma.inodeId === inode.id && vma.ptes[index])
					return true;
			}
		}
		return false;
	}

	#touchHotPages(): void {
		for (const proc of Object.values(this.#h.processes)) {
			if (proc.state === 'Z' || proc.state === 'T') continue;
			programs[proc.program]?.touchHot?.(this, proc.pid);
		}
	}

	/**
	 * Reserves pages of anonymous memory for a process, reclaiming or OOM-killing as needed;
	 * `mappedRest` is the part of its mapping not yet touched, which the OOM report counts.
	 */
	allocAnon(pid: number, bytes: number, mappedRest = 0): boolean {
		const proc = this.#proc(pid);
		if (!proc) return false;
		const want = pagesOf(bytes);
		const short = want - (this.#freePages() - this.#h.minFreePages);
		if (short > 0) {
			// Busy processes run while the allocation faults in, chunk after chunk (memhog), so
			// their hot pages are referenced again before each reclaim, not only between passes.
			this.#touchHotPages();
			this.#reclaim(short);
		}
		if (this.#freePages() - this.#h.minFreePages < want) {
			// The program touches its allocation page by page, so when the OOM killer runs it
			// holds everything that was left; it is then the biggest process and the victim.
			const got = Math.max(0, this.#freePages() - this.#h.minFreePages);
			proc.anonPages += got;
			this.#oomKill(proc, want - got + pagesOf(mappedRest));
			return false;
		}
		proc.anonPages += want;
		this.#emit({
			type: 'memory',
			time: this.now(),
			host: this.name,
			pid,
			anonPages: proc.anonPages,
		});
		return true;
	}

	/**
	 * out_of_memory() for a page fault of `proc` (mm/oom_kill.c): dump_header()'s first line,
	 * dump_oom_victim()'s one-line summary, __oom_kill_process()'s "Out of memory: Killed
	 * process" with the victim's counters, then the oom_reaper's report once the memory is back.
	 * The stack trace, Mem-Info and task dump that sit between them on a real console are left
	 * out. `untouched` is the part of the allocation that never got a page.
	 */
	#oomKill(proc: ProcessState, untouched: number): void {
		// An anonymous fault allocates a zeroed movable folio: GFP_HIGHUSER_MOVABLE | __GFP_COMP |
		// __GFP_ZERO, printed with %pGg as 6.x kernels do.
		this.#dmesg(
			`${proc.comm} invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0`,
		);
		this.#dmesg(
			`oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=${proc.comm},pid=${proc.pid},uid=0`,
		);
		let filePages = 0;
		let mappedPages = 0;
		for (const vma of proc.vmas) {
			mappedPages += (vma.end - vma.start) / PAGE_SIZE;
			if (vma.fsId !== undefined) filePages += Object.keys(vma.ptes).length;
		}
		// total_vm counts every mapping, including the untouched rest of the allocation.
		const totalVm = mappedPages + proc.anonPages + untouched;
		const rss = proc.anonPages + filePages;
		// One page-table page maps 512 pages; the upper levels add a few more.
		const pgtables = (Math.ceil(rss / 512) + 4) * 4;
		this.#dmesg(
			`Out of memory: Killed process ${proc.pid} (${proc.comm}) total-vm:${totalVm * 4}kB, anon-rss:${proc.anonPages * 4}kB, file-rss:${filePages * 4}kB, shmem-rss:0kB, UID:0 pgtables:${pgtables}kB oom_score_adj:0`,
		);
		this.#signalFatal(proc, 'SIGKILL', SI_USER, undefined);
		// oom_reap_task_mm() unmaps the anonymous memory and reports what is left.
		this.#dmesg(
			`oom_reaper: reaped process ${proc.pid} (${proc.comm}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
		);
	}

	/**
	 * A write(2) of `text` to /proc/sys/vm/drop_caches by process `pid` (drop_caches_sysctl_handler
	 * in fs/drop_caches.c). proc_dointvec_minmax takes one integer within extra1..extra2 = 1..4,
	 * anything else is EINVAL; bit 1 drops the page cache, bit 2 the slab caches (here: unused NFS
	 * inodes and dentries). Every accepted write logs `comm (pid): drop_caches: N` with pr_info
	 * until a write with bit 4 set, after which the kernel stays silent (`stfu |= value & 4`).
	 */
	writeDropCaches(pid: number, text: string, fd = 1): SysResult<number> {
		const match = /^\s*([+-]?\d+)(?:\s|$)/.exec(text);
		const value = match ? Number(match[1]) : NaN;
		let result: SysResult<number> = ok(text.length);
		if (!(value >= 1 && value <= 4)) result = fail('EINVAL');
		else {
			this.dropCaches(value);
			const h = this.#h;
			if (!h.dropCachesQuiet) {
				const proc = h.processes[pid];
				this.#dmesg(`${proc?.comm ?? '?'} (${pid}): drop_caches: ${value}`);
			}
			if (value & 4) h.dropCachesQuiet = true;
		}
		return this.#trace(
			pid,
			'write',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'path', value: text },
				{ kind: 'int', value: text.length },
			],
			result,
		);
	}

	/**
	 * A read of /proc/sys/vm/drop_caches: the sysctl's mode is 0200, and sysctl_perm() checks the
	 * owner bits even for root, so opening it for reading is EACCES (`cat: …: Permission denied`).
	 */
	readDropCaches(pid: number): SysResult<number> {
		return this.#trace(
			pid,
			'openat',
			[
				{ kind: 'fd', value: AT_FDCWD },
				{ kind: 'path', value: '/proc/sys/vm/drop_caches' },
				{ kind: 'flags', value: formatOpenFlags(O_RDONLY) },
			],
			fail('EACCES'),
		);
	}

	/** The effect of drop_caches N without the sysctl write: 1 clean unmapped pages, 2 unused NFS inodes, 3 both. */
	dropCaches(level: number): void {
		for (const fs of Object.values(this.#h.filesystems)) {
			if (fs.type === 'tmpfs' || fs.type === 'proc') continue;
			for (const inode of Object.values(fs.inodes)) {
				if (level & 1) {
					// mapping_evict_folio() refuses folios that are mapped (invalidate_mapping_pages).
					const clean = Object.entries(inode.pages)
						.filter(([, page]) => page.mapcount === 0)
						.map(([key]) => Number(key));
					this.#cacheRemove(fs, inode, clean, 'drop_caches');
				}
			}
			if (level & 2 && fs.type === 'nfs') this.#nfsShrinkDcache(fs);
		}
	}

	// ---------------------------------------------------------------- data access

	/** Reads a page's content from the backing store of a local filesystem. */
	#localPage(inode: InodeState, index: number): PageContent | null {
		return inode.data ? pageContent(inode.data, index) : null;
	}

	/**
	 * Brings a page into the cache through the read path and returns its content. Pages added
	 * are pushed onto `added` so the caller can report them in one event.
	 */
	#readPage(
		fs: FsState,
		inode: InodeState,
		index: number,
		added: number[],
	): SysResult<PageContent | null> {
		const cached = inode.pages[index];
		if (cached) {
			this.#markAccessed(cached);
			return ok(fs.type === 'nfs' ? (cached.content ?? null) : this.#localPage(inode, index));
		}
		if (fs.type === 'tmpfs') return ok(this.#localPage(inode, index));
		let content: PageContent | null;
		if (fs.type === 'nfs') {
			const got = this.#nfsReadPage(fs, inode, index);
			if (!got.ok) return got;
			content = got.value;
			if (index >= pagesOf(inode.size)) return ok(null);
		} else {
			content = this.#localPage(inode, index);
		}
		const page = this.#cacheAdd(fs, inode, index, content);
		page.referenced = true;
		added.push(index);
		return ok(content);
	}

	/**
	 * Reads the missing pages of a range from the server in rsize chunks, as readahead does, so a
	 * 24 MiB file costs 24 READs rather than 6,000.
	 */
	#nfsFill(
		fs: FsState,
		inode: InodeState,
		first: number,
		last: number,
		added: number[],
	): SysResult<number> {
		const nfs = inode.nfs;
		if (!nfs) return fail('EIO');
		const chunk = fs.nfs ? fs.nfs.options.rsize / PAGE_SIZE : 256;
		let index = first;
		while (index <= last) {
			if (inode.pages[index]) {
				index++;
				continue;
			}
			let count = 1;
			while (index + count <= last && count < chunk && !inode.pages[index + count]) count++;
			if (nfs.stale) return fail('ESTALE');
			const server = this.#nfsServer(fs);
			const reply = this.#rpc(fs, 'READ', inode, undefined, () =>
				server.nfsdRead(nfs.fh, index, count),
			);
			if (reply.status !== 'NFS3_OK' || !reply.value) return fail(nfsErrno[reply.status]);
			if (reply.attr) this.#nfsUpdate(fs, inode, reply.attr);
			const valid = Math.min(index + count, pagesOf(inode.size));
			for (let i = index; i < valid; i++) {
				if (inode.pages[i]) continue;
				const page = this.#cacheAdd(fs, inode, i, pageContent(reply.value, i - index));
				page.referenced = true;
				added.push(i);
			}
			index += count;
		}
		return ok(0);
	}

	#emitCacheAdd(fs: FsState, inode: InodeState, pages: number[]): void {
		// The path is worked out from the dentries, so the event is built only for a listener.
		if (pages.length === 0 || !this.#ctx.wants('page-cache')) return;
		this.#emit({
			type: 'page-cache',
			time: this.now(),
			host: this.name,
			action: 'add',
			fs: fs.id,
			ino: inode.nfs ? inode.nfs.fileid : inode.ino,
			path: this.#pathOf(fs, inode),
			pages,
		});
	}

	/** Reads bytes from a file through the page cache (generic_file_read_iter / nfs_file_read). */
	#readBytes(fs: FsState, inode: InodeState, offset: number, count: number): SysResult<string> {
		if (fs.type === 'nfs') {
			const valid = this.#nfsRevalidateMapping(fs, inode);
			if (!valid.ok) return fail(valid.errno);
		}
		const added: number[] = [];
		const parts: string[] = [];
		let end = Math.min(inode.size, offset + count);
		if (fs.type === 'nfs' && end > offset) {
			const filled = this.#nfsFill(
				fs,
				inode,
				Math.floor(offset / PAGE_SIZE),
				Math.floor((end - 1) / PAGE_SIZE),
				added,
			);
			if (!filled.ok) {
				this.#emitCacheAdd(fs, inode, added);
				return fail(filled.errno);
			}
			// The READ replies' post-op attributes may have moved the end of the file.
			end = Math.min(inode.size, offset + count);
		}
		let pos = offset;
		while (pos < end) {
			const index = Math.floor(pos / PAGE_SIZE);
			const within = pos - index * PAGE_SIZE;
			const take = Math.min(PAGE_SIZE - within, end - pos);
			const content = this.#readPage(fs, inode, index, added);
			if (!content.ok) {
				this.#emitCacheAdd(fs, inode, added);
				return parts.length > 0 ? ok(parts.join('')) : fail(content.errno);
			}
			const bytes = pageBytes(content.value);
			parts.push(
				within === 0 && take === bytes.length
					? bytes
					: bytes.padEnd(PAGE_SIZE, '\0').slice(within, within + take),
			);
			pos += take;
			if (pos >= inode.size) break;
		}
		this.#emitCacheAdd(fs, inode, added);
		inode.atime = Math.max(inode.atime, this.#stamp());
		return ok(parts.join(''));
	}

	/** Writes bytes into a local file, keeping cached pages coherent. */
	#localWrite(fs: FsState, inode: InodeState, offset: number, bytes: string): SysResult<number> {
		if (!inode.data) return fail('EINVAL');
		if (fs.type === 'tmpfs' || fs.type === 'ext4') {
			const data = inode.data;
			const room = this.#room(fs);
			const first = Math.floor(offset / PAGE_SIZE);
			const last = Math.floor((offset + Math.max(bytes.length, 1) - 1) / PAGE_SIZE);
			let fresh = 0;
			for (let i = first; i <= last; i++) {
				if (hasPage(data, i)) continue;
				if (fresh + 1 > room) {
					// generic_perform_write() stops at the first page shmem or ext4
					// (ext4_da_write_begin → ext4_da_reserve_space) cannot have and returns what it
					// copied before it; only a write that copied nothing fails.
					const fit = Math.max(0, i * PAGE_SIZE - offset);
					if (fit === 0) return fail('ENOSPC');
					bytes = bytes.slice(0, fit);
					break;
				}
				fresh++;
			}
			// writeRange stores every page the bytes touch: the new ones are the pages allocated.
			const end =
				bytes.length === 0 ? first - 1 : Math.floor((offset + bytes.length - 1) / PAGE_SIZE);
			for (let i = first; i <= end; i++) if (!hasPage(data, i)) fs.usedPages++;
			writeRange(data, offset, bytes);
		} else {
			writeRange(inode.data, offset, bytes);
		}
		const t = this.#stamp();
		inode.size = Math.max(inode.size, offset + bytes.length);
		inode.mtime = t;
		inode.ctime = t;
		return ok(bytes.length);
	}

	#localTruncate(fs: FsState, inode: InodeState, size: number): SysResult<number> {
		if (inode.type === 'dir') return fail('EISDIR');
		if (!inode.data) return ok(0);
		const tmpfs = fs.type === 'tmpfs';
		const before = tmpfs ? Object.keys(inode.data.pages).length : 0;
		// ext4 frees the blocks past the new end; growing leaves a hole that takes none.
		const blocksBefore = this.#blocksOf(fs, inode);
		truncateData(inode.data, inode.size, size);
		if (tmpfs) fs.usedPages += Object.keys(inode.data.pages).length - before;
		if (size < inode.size) this.#truncatePages(fs, inode, size);
		inode.size = size;
		if (fs.type === 'ext4') fs.usedPages += this.#blocksOf(fs, inode) - blocksBefore;
		const t = this.#stamp();
		inode.mtime = t;
		inode.ctime = t;
		return ok(0);
	}

	// ---------------------------------------------------------------- write access (ETXTBSY)

	/** get_write_access(): fails with ETXTBSY while the inode is being executed (include/linux/fs.h). */
	#getWriteAccess(inode: InodeState): SysResult<number> {
		if (inode.writecount < 0) return fail('ETXTBSY');
		inode.writecount++;
		return ok(0);
	}

	/** deny_write_access(): fails with ETXTBSY while the inode is open for writing. */
	#denyWriteAccess(inode: InodeState): SysResult<number> {
		if (inode.writecount > 0) return fail('ETXTBSY');
		inode.writecount--;
		return ok(0);
	}

	// ---------------------------------------------------------------- system calls: files

	/** openat(2). Relative paths resolve against the process's cwd. */
	openat(
		pid: number,
		path: string,
		flags: number,
		mode = 0o666,
		dirfd = AT_FDCWD,
	): SysResult<number> {
		const args: SyscallArg[] = [
			{ kind: 'fd', value: dirfd },
			{ kind: 'path', value: path },
			{ kind: 'flags', value: formatOpenFlags(flags) },
		];
		if (flags & O_CREAT) args.push({ kind: 'mode', value: mode });
		return this.#trace(
			pid,
			'openat',
			args,
			this.#retryEstale(() => this.#open(pid, path, flags, mode)),
		);
	}

	/** open(2) by path, as openat(AT_FDCWD, …). */
	open(pid: number, path: string, flags: number, mode = 0o666): SysResult<number> {
		return this.openat(pid, path, flags, mode);
	}

	#open(pid: number, path: string, flags: number, mode: number): SysResult<number> {
		const proc = this.#proc(pid);
		if (!proc) return fail('ESRCH');
		// O_NOFOLLOW and O_CREAT|O_EXCL do not follow a final symlink (do_last / open_last_lookups).
		const follow = !(flags & O_NOFOLLOW) && !(flags & O_CREAT && flags & O_EXCL);
		const found = this.#locate(pid, path, true, follow);
		if (!found.ok) return found;
		const { fs, dir, name } = found.value;
		let inode = found.value.inode;
		const access = flags & O_ACCMODE;
		if (!inode && flags & O_CREAT && found.value.slash) return fail('EISDIR');
		const wantsWrite = access === O_WRONLY || access === O_RDWR || (flags & O_APPEND) !== 0;
		if (!inode) {
			if (!(flags & O_CREAT)) return fail('ENOENT');
			if (name === '') return fail('EISDIR');
			const created = this.#create(
				fs,
				dir,
				name,
				'file',
				mode & 0o777 & ~0o022,
				(flags & O_EXCL) !== 0,
			);
			if (!created.ok) return created;
			inode = created.value;
		} else {
			if (flags & O_CREAT && flags & O_EXCL) return fail('EEXIST');
			if (inode.type === 'dir' && (wantsWrite || flags & O_TRUNC)) return fail('EISDIR');
			if (flags & O_DIRECTORY && inode.type !== 'dir') return fail('ENOTDIR');
		}
		if (flags & O_DIRECTORY && inode.type !== 'dir') return fail('ENOTDIR');
		// do_open(): ENOTDIR is checked before may_open() refuses a symlink with ELOOP; an O_PATH
		// open (do_o_path) skips may_open and gives a descriptor for the link itself.
		if (inode.type === 'symlink' && (!(flags & O_PATH) || inode.id < 0)) return fail('ELOOP');
		if (flags & O_PATH) {
			const file = this.#newFile(
				fs,
				inode,
				flags & (O_PATH | O_NOFOLLOW | O_DIRECTORY),
				found.value.path,
			);
			return ok(this.#installFd(proc, file));
		}
		let writing = false;
		if (inode.type === 'file' && (wantsWrite || flags & O_TRUNC)) {
			// do_dentry_open() → file_get_write_access(); handle_truncate() for O_TRUNC even when read-only.
			const got = this.#getWriteAccess(inode);
			if (!got.ok) return got;
			writing = true;
		}
		if (flags & O_TRUNC && inode.type === 'file' && inode.size > 0) {
			const cut = this.#setSize(fs, inode, 0);
			if (!cut.ok) {
				inode.writecount--;
				return cut;
			}
		}
		if (writing && !wantsWrite) inode.writecount--;
		const file = this.#newFile(fs, inode, flags, found.value.path);
		return ok(this.#installFd(proc, file));
	}

	#newFile(fs: FsState, inode: InodeState, flags: number, path: string): OpenFileState {
		const h = this.#h;
		const file: OpenFileState = {
			id: h.nextFileId++,
			fsId: fs.id,
			inodeId: inode.id,
			flags,
			offset: 0,
			refs: 0,
			path,
		};
		h.files[file.id] = file;
		this.#get(inode);
		return file;
	}

	#installFd(proc: ProcessState, file: OpenFileState, min = 0): number {
		let fd = min;
		while (proc.fds[fd] !== undefined) fd++;
		proc.fds[fd] = file.id;
		file.refs++;
		return fd;
	}

	#fileOf(pid: number, fd: number): OpenFileState | null {
		const proc = this.#proc(pid);
		const id = proc?.fds[fd];
		return id === undefined ? null : (this.#h.files[id] ?? null);
	}

	#releaseFile(file: OpenFileState): void {
		file.refs--;
		if (file.refs > 0) return;
		delete this.#h.files[file.id];
		const fs = this.#fs(file.fsId);
		const inode = this.#inode(fs, file.inodeId);
		const access = file.flags & O_ACCMODE;
		if (
			inode.type === 'file' &&
			(access === O_WRONLY || access === O_RDWR || file.flags & O_APPEND)
		) {
			inode.writecount--;
		}
		this.#put(fs, inode);
	}

	/** close(2). */
	close(pid: number, fd: number): SysResult<number> {
		const file = this.#fileOf(pid, fd);
		const proc = this.#proc(pid);
		let result: SysResult<number> = fail('EBADF');
		if (file && proc) {
			delete proc.fds[fd];
			this.#releaseFile(file);
			result = ok(0);
		}
		return this.#trace(pid, 'close', [{ kind: 'fd', value: fd }], result);
	}

	/** dup2(2): used by the shell for redirections. */
	dup2(pid: number, oldfd: number, newfd: number): SysResult<number> {
		const proc = this.#proc(pid);
		const file = this.#fileOf(pid, oldfd);
		let result: SysResult<number> = fail('EBADF');
		if (proc && file) {
			if (oldfd !== newfd) {
				const existing = this.#fileOf(pid, newfd);
				if (existing) {
					delete proc.fds[newfd];
					this.#releaseFile(existing);
				}
				proc.fds[newfd] = file.id;
				file.refs++;
			}
			result = ok(newfd);
		}
		return this.#trace(
			pid,
			'dup2',
			[
				{ kind: 'fd', value: oldfd },
				{ kind: 'fd', value: newfd },
			],
			result,
		);
	}

	/** read(2): returns the bytes read (empty at end of file). */
	read(pid: number, fd: number, count: number): SysResult<Uint8Array> {
		const result = this.#read(pid, fd, count);
		const args: SyscallArg[] = [
			{ kind: 'fd', value: fd },
			{ kind: 'raw', value: result.ok ? quote(result.value) : '0x7ffc00000000' },
			{ kind: 'int', value: count },
		];
		const traced = this.#trace(pid, 'read', args, result, result.ok ? result.value.length : -1);
		return traced.ok ? ok(stringToBytes(traced.value)) : fail(traced.errno);
	}

	/** read(2) of a whole file into a string (UTF-8 decoding is the caller's business). */
	readAll(pid: number, fd: number): SysResult<Uint8Array> {
		const parts: Uint8Array[] = [];
		let total = 0;
		for (;;) {
			const chunk = this.read(pid, fd, 1 << 20);
			if (!chunk.ok) return chunk;
			// An endless device such as /dev/zero stops at 64 MiB rather than hanging the simulation.
			if (chunk.value.length === 0 || total > 64 << 20) break;
			parts.push(chunk.value);
			total += chunk.value.length;
		}
		const out = new Uint8Array(total);
		let at = 0;
		for (const part of parts) {
			out.set(part, at);
			at += part.length;
		}
		return ok(out);
	}

	#read(pid: number, fd: number, count: number): SysResult<string> {
		const file = this.#fileOf(pid, fd);
		if (!file) return fail('EBADF');
		if ((file.flags & O_ACCMODE) === O_WRONLY || file.flags & O_PATH) return fail('EBADF');
		const fs = this.#fs(file.fsId);
		const inode = this.#inode(fs, file.inodeId);
		if (inode.type === 'dir') return fail('EISDIR');
		if (inode.type === 'chr') return ok(inode.device === 'zero' ? '\0'.repeat(count) : '');
		const got = this.#readBytes(fs, inode, file.offset, count);
		if (got.ok) file.offset += got.value.length;
		return got;
	}

	/** write(2): strings are written as UTF-8. */
	write(pid: number, fd: number, data: Uint8Array | string): SysResult<number> {
		const bytes = typeof data === 'string' ? utf8Encode(data) : bytesToString(data);
		const result = this.#write(pid, fd, bytes);
		const args: SyscallArg[] = [
			{ kind: 'fd', value: fd },
			{ kind: 'raw', value: quote(bytes) },
			{ kind: 'int', value: bytes.length },
		];
		return this.#trace(pid, 'write', args, result);
	}

	/**
	 * The SIGPIPE a write into a pipe with no reader left raises (fs/pipe.c pipe_write:
	 * send_sig(SIGPIPE, current, 0)): SI_USER, sent by the writer itself, with no kill(2).
	 */
	brokenPipe(pid: number): void {
		const proc = this.#proc(pid);
		if (proc && proc.state !== 'Z') this.#deliver(proc, 'SIGPIPE', SI_USER, undefined, pid);
	}

	/**
	 * write(2) into a pipe. A pipeline's pipes are buffers the shell keeps between its stages,
	 * so the kernel only records the call, as strace shows it: `head` is the start of the data
	 * (one char per byte) and all `length` bytes are taken.
	 */
	pipeWrite(pid: number, fd: number, head: string, length: number): void {
		const args: SyscallArg[] = [
			{ kind: 'fd', value: fd },
			{ kind: 'raw', value: quote(head) },
			{ kind: 'int', value: length },
		];
		this.#trace(pid, 'write', args, ok(length));
	}

	#write(pid: number, fd: number, bytes: string): SysResult<number> {
		const file = this.#fileOf(pid, fd);
		if (!file) return fail('EBADF');
		if ((file.flags & O_ACCMODE) === O_RDONLY && !(file.flags & O_APPEND)) return fail('EBADF');
		if (file.flags & O_PATH) return fail('EBADF');
		const fs = this.#fs(file.fsId);
		const inode = this.#inode(fs, file.inodeId);
		if (inode.type === 'chr') {
			if (inode.device === 'tty') {
				this.#emit({ type: 'console', time: this.now(), host: this.name, pid, fd, text: bytes });
			}
			return ok(bytes.length);
		}
		if (file.flags & O_APPEND) {
			if (fs.type === 'nfs') {
				const fresh = this.#nfsRevalidate(fs, inode, true);
				if (!fresh.ok) return fresh;
			}
			file.offset = inode.size;
		}
		const done = this.#writeAt(fs, inode, file.offset, bytes);
		if (done.ok) file.offset += done.value;
		return done;
	}

	#writeAt(fs: FsState, inode: InodeState, offset: number, bytes: string): SysResult<number> {
		if (fs.type === 'nfs') return this.#nfsWrite(fs, inode, offset, bytes);
		const done = this.#localWrite(fs, inode, offset, bytes);
		if (done.ok) this.#refreshCachedPages(fs, inode, offset, done.value);
		return done;
	}

	/** Local page cache pages always hold the file's bytes; NFS client pages hold copies. */
	#refreshCachedPages(fs: FsState, inode: InodeState, offset: number, length: number): void {
		if (fs.type !== 'nfs' || !inode.data) return;
		const first = Math.floor(offset / PAGE_SIZE);
		const last = Math.floor((offset + Math.max(length, 1) - 1) / PAGE_SIZE);
		for (let i = first; i <= last; i++) {
			const page = inode.pages[i];
			if (page) page.content = pageContent(inode.data, i) ?? { k: 'b', b: '' };
		}
	}

	/** lseek(2). */
	lseek(pid: number, fd: number, offset: number, whence: number): SysResult<number> {
		const file = this.#fileOf(pid, fd);
		let result: SysResult<number> = fail('EBADF');
		if (file) {
			const inode = this.#inode(this.#fs(file.fsId), file.inodeId);
			const base =
				whence === SEEK_SET
					? 0
					: whence === SEEK_CUR
						? file.offset
						: whence === SEEK_END
							? inode.size
							: NaN;
			const next = base + offset;
			if (Number.isNaN(next) || next < 0) result = fail('EINVAL');
			else {
				file.offset = next;
				result = ok(next);
			}
		}
		const whenceName = ['SEEK_SET', 'SEEK_CUR', 'SEEK_END'][whence] ?? String(whence);
		return this.#trace(
			pid,
			'lseek',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'int', value: offset },
				{ kind: 'raw', value: whenceName },
			],
			result,
		);
	}

	/**
	 * fadvise64(2): advice about how a file will be read (coreutils' fdadvise before a
	 * sequential read). Readahead is not modelled, so only the descriptor is checked
	 * (mm/fadvise.c: EBADF, ESPIPE for a pipe, EINVAL for unknown advice).
	 */
	fadvise64(
		pid: number,
		fd: number,
		offset: number,
		len: number,
		advice: number,
	): SysResult<number> {
		const file = this.#fileOf(pid, fd);
		const name = FADVICE[advice];
		const result: SysResult<number> = !file ? fail('EBADF') : name ? ok(0) : fail('EINVAL');
		return this.#trace(
			pid,
			'fadvise64',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'int', value: offset },
				{ kind: 'int', value: len },
				{ kind: 'raw', value: name ?? String(advice) },
			],
			result,
		);
	}

	/**
	 * copy_file_range(2) from the current offsets; copies symbolic program pages without expanding
	 * them, which is how `cp` moves a 24 MiB binary cheaply.
	 */
	copyFileRange(pid: number, fdIn: number, fdOut: number, length: number): SysResult<number> {
		const result = this.#copy(pid, fdIn, fdOut, length);
		return this.#trace(
			pid,
			'copy_file_range',
			[
				{ kind: 'fd', value: fdIn },
				{ kind: 'raw', value: 'NULL' },
				{ kind: 'fd', value: fdOut },
				{ kind: 'raw', value: 'NULL' },
				{ kind: 'int', value: length },
				{ kind: 'int', value: 0 },
			],
			result,
		);
	}

	#copy(pid: number, fdIn: number, fdOut: number, length: number): SysResult<number> {
		const src = this.#fileOf(pid, fdIn);
		const dst = this.#fileOf(pid, fdOut);
		if (!src || !dst || src.flags & O_PATH) return fail('EBADF');
		if ((src.flags & O_ACCMODE) === O_WRONLY) return fail('EBADF');
		if ((dst.flags & O_ACCMODE) === O_RDONLY) return fail('EBADF');
		const sfs = this.#fs(src.fsId);
		const sinode = this.#inode(sfs, src.inodeId);
		const dfs = this.#fs(dst.fsId);
		const dinode = this.#inode(dfs, dst.inodeId);
		if (sinode.type !== 'file' || dinode.type !== 'file') return fail('EINVAL');
		if (dst.flags & O_APPEND) dst.offset = dinode.size;
		const count = Math.max(0, Math.min(length, sinode.size - src.offset));
		if (count === 0) return ok(0);
		const aligned = src.offset % PAGE_SIZE === 0 && dst.offset % PAGE_SIZE === 0;
		if (!aligned || dinode.type !== 'file') {
			const bytes = this.#readBytes(sfs, sinode, src.offset, count);
			if (!bytes.ok) return fail(bytes.errno);
			const done = this.#writeAt(dfs, dinode, dst.offset, bytes.value);
			if (!done.ok) return done;
			src.offset += done.value;
			dst.offset += done.value;
			return done;
		}
		// Page-aligned: gather the source pages symbolically.
		const body = this.#gather(sfs, sinode, src.offset, count);
		if (!body.ok) return fail(body.errno);
		const done = this.#putPages(dfs, dinode, dst.offset, body.value, count);
		if (!done.ok) return done;
		src.offset += done.value;
		dst.offset += done.value;
		return done;
	}

	/** Collects pages of a file as a symbolic body (through READs on NFS). */
	#gather(fs: FsState, inode: InodeState, offset: number, count: number): SysResult<FileDataState> {
		const first = offset / PAGE_SIZE;
		const n = pagesOf(count);
		if (fs.type !== 'nfs') {
			const body = emptyData();
			if (inode.data) copyPages(inode.data, first, body, 0, n);
			return ok(body);
		}
		const valid = this.#nfsRevalidateMapping(fs, inode);
		if (!valid.ok) return fail(valid.errno);
		const server = this.#nfsServer(fs);
		const body = emptyData();
		const chunk = fs.nfs ? fs.nfs.options.rsize / PAGE_SIZE : 256;
		for (let i = 0; i < n; i += chunk) {
			const reply = this.#rpc(fs, 'READ', inode, undefined, () =>
				server.nfsdRead(inode.nfs?.fh ?? '', first + i, Math.min(chunk, n - i)),
			);
			if (reply.status !== 'NFS3_OK' || !reply.value) return fail(nfsErrno[reply.status]);
			copyPages(reply.value, 0, body, i, Math.min(chunk, n - i));
		}
		return ok(body);
	}

	/** Writes `count` bytes of whole pages of `body`, from its page `from`, at `offset`. */
	#putPages(
		fs: FsState,
		inode: InodeState,
		offset: number,
		body: FileDataState,
		count: number,
		from = 0,
	): SysResult<number> {
		const first = offset / PAGE_SIZE;
		const n = pagesOf(count);
		if (fs.type === 'nfs') {
			const server = this.#nfsServer(fs);
			const chunk = fs.nfs ? fs.nfs.options.wsize / PAGE_SIZE : 256;
			for (let i = 0; i < n; i += chunk) {
				// Each WRITE carries pages i … i + chunk - 1 of the body, as the client sends its
				// page cache pages without copying them.
				const bytes = Math.min(count - i * PAGE_SIZE, chunk * PAGE_SIZE);
				const reply = this.#rpc(fs, 'WRITE', inode, undefined, () =>
					server.nfsdWritePages(inode.nfs?.fh ?? '', first + i, body, bytes, i),
				);
				if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
				if (reply.attr) this.#nfsOwnChange(fs, inode, reply.attr);
				// The client's cached pages of the range now hold what was written. Few pages are
				// usually cached, so look at those rather than at every index of the range.
				const lo = first + i;
				const hi = lo + Math.min(chunk, n - i);
				let cached = 0;
				for (const key in inode.pages)
					if (Object.hasOwn(inode.pages, key) && ++cached > hi - lo) break;
				const indices =
					cached > hi - lo
						? Array.from({ length: hi - lo }, (_, j) => lo + j)
						: Object.keys(inode.pages).map(Number);
				for (const index of indices) {
					const page = inode.pages[index];
					if (page && index >= lo && index < hi)
						page.content = pageContent(body, index - first) ?? { k: 'b', b: '' };
				}
			}
			return ok(count);
		}
		if (!inode.data) return fail('EINVAL');
		if (fs.type === 'tmpfs') {
			// shmem gets pages one at a time: the copy stops at the first page it cannot have and
			// returns what it copied (do_splice_direct's short count); only a copy that got no
			// page at all fails with ENOSPC.
			let fit = 0;
			let fresh = 0;
			for (; fit < n; fit++) {
				if (inode.data.pages[first + fit]) continue;
				if (fs.usedPages + fresh + 1 > fs.capacityPages) break;
				fresh++;
			}
			if (fit === 0) return fail('ENOSPC');
			fs.usedPages += fresh;
			for (let i = 0; i < fit; i++)
				inode.data.pages[first + i] = pageContent(body, from + i) ?? { k: 'b', b: '' };
			if (fit < n) count = fit * PAGE_SIZE;
		} else if (fs.type === 'ext4') {
			// A hole copied onto a hole stays one (the copy keeps files sparse); data onto a hole
			// needs a block. ext4 stops at the first block it cannot have, as shmem does above.
			const room = this.#room(fs);
			const data = inode.data;
			let fit = 0;
			let fresh = 0;
			for (; fit < n; fit++) {
				if (hasPage(data, first + fit) || !hasPage(body, from + fit)) continue;
				if (fresh + 1 > room) break;
				fresh++;
			}
			if (fit === 0 && n > 0) return fail('ENOSPC');
			fs.usedPages += fresh;
			copyPages(body, from, data, first, fit);
			if (fit < n) count = fit * PAGE_SIZE;
		} else {
			copyPages(body, from, inode.data, first, n);
		}
		inode.size = Math.max(inode.size, offset + count);
		const t = this.#stamp();
		inode.mtime = t;
		inode.ctime = t;
		return ok(count);
	}

	#setSize(fs: FsState, inode: InodeState, size: number): SysResult<number> {
		if (fs.type === 'nfs') {
			const server = this.#nfsServer(fs);
			const reply = this.#rpc(fs, 'SETATTR', inode, undefined, () =>
				server.nfsdSetattr(inode.nfs?.fh ?? '', { size }),
			);
			if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
			if (size < inode.size) this.#truncatePages(fs, inode, size);
			if (reply.attr) this.#nfsOwnChange(fs, inode, reply.attr);
			return ok(0);
		}
		return this.#localTruncate(fs, inode, size);
	}

	/**
	 * fallocate(2), mode 0 or FALLOC_FL_KEEP_SIZE (1): gives the range blocks (unwritten, reading
	 * as zeros), so df's Used grows, and the size grows to its end unless KEEP_SIZE. ext4 and
	 * tmpfs have it; NFSv3 has no ALLOCATE, so nfs_fallocate answers EOPNOTSUPP (fs/nfs/nfs4file.c
	 * is v4.2 only). A range that does not fit fails with ENOSPC and allocates nothing, as
	 * shmem_fallocate undoes its pages (ext4 may keep part of it; not modelled).
	 */
	fallocate(pid: number, fd: number, mode: number, offset: number, len: number): SysResult<number> {
		const run = (): SysResult<number> => {
			const file = this.#fileOf(pid, fd);
			if (!file) return fail('EBADF');
			if ((file.flags & O_ACCMODE) === O_RDONLY) return fail('EBADF');
			if (offset < 0 || len <= 0) return fail('EINVAL');
			const fs = this.#fs(file.fsId);
			const inode = this.#inode(fs, file.inodeId);
			if (inode.type === 'dir') return fail('EISDIR');
			if (inode.type !== 'file') return fail('ENODEV');
			if (fs.type === 'nfs' || fs.type === 'proc' || !inode.data) return fail('EOPNOTSUPP');
			if ((mode & ~FALLOC_FL_KEEP_SIZE) !== 0) return fail('EOPNOTSUPP');
			const data = inode.data;
			const first = Math.floor(offset / PAGE_SIZE);
			const last = Math.floor((offset + len - 1) / PAGE_SIZE);
			let fresh = 0;
			for (let i = first; i <= last; i++) if (!hasPage(data, i)) fresh++;
			if (fresh > this.#room(fs)) return fail('ENOSPC');
			const tmpfs = fs.type === 'tmpfs';
			const before = tmpfs ? Object.keys(data.pages).length : 0;
			const blocksBefore = this.#blocksOf(fs, inode);
			for (let i = first; i <= last; i++) if (!hasPage(data, i)) data.pages[i] = { k: 'b', b: '' };
			if (tmpfs) fs.usedPages += Object.keys(data.pages).length - before;
			if (fs.type === 'ext4') fs.usedPages += this.#blocksOf(fs, inode) - blocksBefore;
			const t = this.#stamp();
			if ((mode & FALLOC_FL_KEEP_SIZE) === 0 && offset + len > inode.size) {
				inode.size = offset + len;
				inode.mtime = t;
			}
			inode.ctime = t;
			return ok(0);
		};
		return this.#trace(
			pid,
			'fallocate',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'raw', value: mode === FALLOC_FL_KEEP_SIZE ? 'FALLOC_FL_KEEP_SIZE' : String(mode) },
				{ kind: 'int', value: offset },
				{ kind: 'int', value: len },
			],
			run(),
		);
	}

	/** fsync(2): writes here go straight to the backing store, so there is nothing left to flush. */
	fsync(pid: number, fd: number): SysResult<number> {
		const result: SysResult<number> = this.#fileOf(pid, fd) ? ok(0) : fail('EBADF');
		return this.#trace(pid, 'fsync', [{ kind: 'fd', value: fd }], result);
	}

	/** truncate(2): needs write access, so a running executable gives ETXTBSY (vfs_truncate). */
	truncate(pid: number, path: string, length: number): SysResult<number> {
		const run = (): SysResult<number> => {
			if (length < 0) return fail('EINVAL');
			const found = this.#locate(pid, path);
			if (!found.ok) return found;
			const { fs, inode } = found.value;
			if (!inode) return fail('ENOENT');
			if (inode.type === 'dir') return fail('EISDIR');
			const access = this.#getWriteAccess(inode);
			if (!access.ok) return access;
			const done = this.#setSize(fs, inode, length);
			inode.writecount--;
			return done;
		};
		return this.#trace(
			pid,
			'truncate',
			[
				{ kind: 'path', value: path },
				{ kind: 'int', value: length },
			],
			this.#retryEstale(run),
		);
	}

	/** ftruncate(2) on a file open for writing. */
	ftruncate(pid: number, fd: number, length: number): SysResult<number> {
		const run = (): SysResult<number> => {
			const file = this.#fileOf(pid, fd);
			if (!file) return fail('EBADF');
			if ((file.flags & O_ACCMODE) === O_RDONLY) return fail('EINVAL');
			if (length < 0) return fail('EINVAL');
			const fs = this.#fs(file.fsId);
			return this.#setSize(fs, this.#inode(fs, file.inodeId), length);
		};
		return this.#trace(
			pid,
			'ftruncate',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'int', value: length },
			],
			run(),
		);
	}

	/** stat(2): follows symbolic links. */
	stat(pid: number, path: string): SysResult<Stat> {
		return this.#statAt(pid, path, true);
	}

	/** lstat(2): a final symbolic link is reported itself (newfstatat with AT_SYMLINK_NOFOLLOW). */
	lstat(pid: number, path: string): SysResult<Stat> {
		return this.#statAt(pid, path, false);
	}

	/** newfstatat(2) with flags 0 (stat) or AT_SYMLINK_NOFOLLOW (lstat, `stat` without -L). */
	fstatat(pid: number, path: string, flags = 0): SysResult<Stat> {
		return this.#statAt(pid, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
	}

	#statAt(pid: number, path: string, follow: boolean): SysResult<Stat> {
		const run = (): SysResult<Stat> => {
			const found = this.#locate(pid, path, false, follow);
			if (!found.ok) return fail(found.errno);
			const { fs, inode } = found.value;
			if (!inode) return fail('ENOENT');
			if (fs.type === 'nfs' && inode.id >= 0) {
				const fresh = this.#nfsRevalidate(fs, inode, false);
				if (!fresh.ok) return fail(fresh.errno);
			}
			return ok(this.#stat(fs, inode));
		};
		const result = this.#retryEstale(run);
		return this.#trace(
			pid,
			'newfstatat',
			[
				{ kind: 'fd', value: AT_FDCWD },
				{ kind: 'path', value: path },
				{ kind: 'raw', value: formatStat(result) },
				{ kind: 'raw', value: follow ? '0' : 'AT_SYMLINK_NOFOLLOW' },
			],
			result,
			0,
		);
	}

	/**
	 * symlinkat(2): creates a link holding `target` verbatim; the target need not exist. An
	 * existing name, even a dangling link, is EEXIST; an empty target is ENOENT.
	 */
	symlinkat(pid: number, target: string, linkpath: string, newdirfd = AT_FDCWD): SysResult<number> {
		const run = (): SysResult<number> => {
			if (target === '') return fail('ENOENT');
			const found = this.#locate(pid, linkpath.replace(/(.)\/+$/, '$1'), false, false);
			if (!found.ok) return found;
			if (found.value.inode) return fail('EEXIST');
			// filename_create(): a trailing slash on a name that is not a directory to be made.
			if (/[^/]\/+$/.test(linkpath)) return fail('ENOENT');
			const made = this.#create(
				found.value.fs,
				found.value.dir,
				found.value.name,
				'symlink',
				0o777,
				true,
				target,
			);
			return made.ok ? ok(0) : fail(made.errno);
		};
		return this.#trace(
			pid,
			'symlinkat',
			[
				{ kind: 'path', value: target },
				{ kind: 'fd', value: newdirfd },
				{ kind: 'path', value: linkpath },
			],
			this.#retryEstale(run),
		);
	}

	/** symlink(2), traced as symlinkat(…, AT_FDCWD, …) the way glibc issues it. */
	symlink(pid: number, target: string, linkpath: string): SysResult<number> {
		return this.symlinkat(pid, target, linkpath);
	}

	/**
	 * readlinkat(2): the target of a symbolic link, cut to `bufsiz` bytes; EINVAL when the path
	 * is not a link. `/proc/PID/exe` gives the executable's path, with " (deleted)" once unlinked.
	 */
	readlinkat(pid: number, path: string, bufsiz = 4096, dirfd = AT_FDCWD): SysResult<string> {
		const result = this.#readlinkRun(pid, path, bufsiz);
		return this.#trace(
			pid,
			'readlinkat',
			[
				{ kind: 'fd', value: dirfd },
				{ kind: 'path', value: path },
				result.ok
					? { kind: 'path', value: result.value }
					: { kind: 'raw', value: '0x7ffd8a3b0c30' },
				{ kind: 'int', value: bufsiz },
			],
			result,
			result.ok ? result.value.length : -1,
		);
	}

	/** readlink(2), as coreutils' readlink issues it on x86-64 (`readlink("x", "y", 64) = 1`). */
	readlink(pid: number, path: string, bufsiz = 64): SysResult<string> {
		const result = this.#readlinkRun(pid, path, bufsiz);
		return this.#trace(
			pid,
			'readlink',
			[
				{ kind: 'path', value: path },
				result.ok
					? { kind: 'path', value: result.value }
					: { kind: 'raw', value: '0x7ffd8a3b0c30' },
				{ kind: 'int', value: bufsiz },
			],
			result,
			result.ok ? result.value.length : -1,
		);
	}

	#readlinkRun(pid: number, path: string, bufsiz: number): SysResult<string> {
		if (bufsiz <= 0) return fail('EINVAL');
		return this.#retryEstale(() => {
			const found = this.#locate(pid, path, false, false);
			if (!found.ok) return fail(found.errno);
			const { fs, inode } = found.value;
			if (!inode) return fail('ENOENT');
			const target = this.#readLink(fs, inode);
			return target.ok ? ok(target.value.slice(0, bufsiz)) : target;
		});
	}

	/** fstat(2), as glibc makes it. */
	fstat(pid: number, fd: number): SysResult<Stat> {
		const file = this.#fileOf(pid, fd);
		let result: SysResult<Stat> = fail('EBADF');
		if (file) {
			const fs = this.#fs(file.fsId);
			result = ok(this.#stat(fs, this.#inode(fs, file.inodeId)));
		}
		// glibc 2.36's fstat() is newfstatat(fd, "", buf, AT_EMPTY_PATH), which strace shows.
		return this.#trace(
			pid,
			'newfstatat',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'raw', value: '""' },
				{ kind: 'raw', value: formatStat(result) },
				{ kind: 'raw', value: 'AT_EMPTY_PATH' },
			],
			result,
			0,
		);
	}

	/** Lists a directory (openat + getdents64 + close), including `.` and `..`. */
	readdir(pid: number, path: string): SysResult<DirEntry[]> {
		const run = (): SysResult<DirEntry[]> => {
			const found = this.#locate(pid, path, true);
			if (!found.ok) return fail(found.errno);
			const { fs, inode } = found.value;
			if (!inode) return fail('ENOENT');
			if (inode.type !== 'dir') return fail('ENOTDIR');
			if (fs.type === 'nfs') return this.#nfsReaddir(fs, inode);
			const list: DirEntry[] = [
				{ name: '.', ino: inode.ino, type: 'dir' },
				{ name: '..', ino: (fs.inodes[inode.parent] ?? inode).ino, type: 'dir' },
			];
			for (const [name, id] of Object.entries(inode.entries ?? {})) {
				const child = fs.inodes[id];
				if (child) list.push({ name, ino: child.ino, type: child.type });
			}
			return ok(list);
		};
		const result = this.#retryEstale(run);
		return this.#trace(
			pid,
			'getdents64',
			[
				{ kind: 'path', value: path },
				{ kind: 'raw', value: '0x5600000000' },
				{ kind: 'int', value: 32768 },
			],
			result,
			result.ok ? result.value.length * 24 : -1,
		);
	}

	#create(
		fs: FsState,
		dir: InodeState,
		name: string,
		type: 'file' | 'dir' | 'symlink',
		mode: number,
		exclusive: boolean,
		target = '',
	): SysResult<InodeState> {
		if (fs.type === 'proc') return fail('ENOENT');
		if (fs.type === 'nfs') {
			if (type === 'symlink') return this.#nfsSymlink(fs, dir, name, target);
			return this.#nfsCreate(fs, dir, name, type, mode, exclusive);
		}
		if (!dir.entries) return fail('ENOTDIR');
		if (dir.entries[name] !== undefined) return fail('EEXIST');
		if (dir.nlink === 0) return fail('ENOENT');
		const inode = this.#newInode(fs, type, mode, dir.id);
		if (type === 'symlink') {
			// A symlink's size is the length of its target (ext4 keeps short ones in the inode).
			inode.target = target;
			inode.size = target.length;
		}
		dir.entries[name] = inode.id;
		if (type === 'dir') dir.nlink++;
		fs.usedPages += this.#blocksOf(fs, inode);
		const t = this.#stamp();
		dir.mtime = t;
		dir.ctime = t;
		return ok(inode);
	}

	/** mkdir(2). */
	mkdir(pid: number, path: string, mode = 0o777): SysResult<number> {
		const run = (): SysResult<number> => {
			// A final symlink is not followed, trailing slash or not: mkdir on a dangling link, or
			// on `file/`, is EEXIST (filename_create looks the name up before anything else).
			const found = this.#locate(pid, path.replace(/(.)\/+$/, '$1'), false, false);
			if (!found.ok) return found;
			if (found.value.inode) return fail('EEXIST');
			const made = this.#create(
				found.value.fs,
				found.value.dir,
				found.value.name,
				'dir',
				mode & 0o755,
				true,
			);
			return made.ok ? ok(0) : fail(made.errno);
		};
		return this.#trace(
			pid,
			'mkdir',
			[
				{ kind: 'path', value: path },
				{ kind: 'mode', value: mode },
			],
			this.#retryEstale(run),
		);
	}

	/** unlinkat(2); with AT_REMOVEDIR it is rmdir(2). */
	unlinkat(pid: number, path: string, flags = 0, dirfd = AT_FDCWD): SysResult<number> {
		const args: SyscallArg[] = [
			{ kind: 'fd', value: dirfd },
			{ kind: 'path', value: path },
			{ kind: 'raw', value: flags & AT_REMOVEDIR ? 'AT_REMOVEDIR' : '0' },
		];
		return this.#trace(pid, 'unlinkat', args, this.#unlink(pid, path, flags));
	}

	/** unlink(2): the same removal, under its own name in strace. */
	unlink(pid: number, path: string): SysResult<number> {
		return this.#trace(pid, 'unlink', [{ kind: 'path', value: path }], this.#unlink(pid, path, 0));
	}

	/** rmdir(2), which coreutils' rmdir calls by that name (rm -r uses unlinkat instead). */
	rmdir(pid: number, path: string): SysResult<number> {
		const result = this.#unlink(pid, path, AT_REMOVEDIR);
		return this.#trace(pid, 'rmdir', [{ kind: 'path', value: path }], result);
	}

	#unlink(pid: number, path: string, flags: number): SysResult<number> {
		const run = (): SysResult<number> => {
			// The last component is never followed: unlink removes a symlink, not its target.
			const found = this.#locate(pid, path, false, false);
			if (!found.ok) return found;
			const { fs, dir, name, inode } = found.value;
			if (!inode) return fail('ENOENT');
			if (name === '') return fail('EBUSY');
			if (flags & AT_REMOVEDIR) {
				if (inode.type !== 'dir') return fail('ENOTDIR');
			} else if (inode.type === 'dir') {
				return fail('EISDIR');
			}
			return this.#remove(fs, dir, name, inode);
		};
		return this.#retryEstale(run);
	}

	#remove(fs: FsState, dir: InodeState, name: string, inode: InodeState): SysResult<number> {
		if (
			this.#h.mounts.some(
				(m) =>
					m.fsId !== fs.id && m.target === `${this.#pathOf(fs, dir).replace(/\/$/, '')}/${name}`,
			)
		) {
			return fail('EBUSY');
		}
		if (fs.type === 'proc') return fail('EPERM');
		if (fs.type === 'nfs') return this.#nfsRemove(fs, dir, name, inode);
		return this.#localRemove(fs, dir, name, inode);
	}

	#localRemove(fs: FsState, dir: InodeState, name: string, inode: InodeState): SysResult<number> {
		if (inode.type === 'dir' && Object.keys(inode.entries ?? {}).length > 0)
			return fail('ENOTEMPTY');
		if (dir.entries) delete dir.entries[name];
		const t = this.#stamp();
		dir.mtime = t;
		dir.ctime = t;
		if (inode.type === 'dir') {
			dir.nlink--;
			inode.nlink = 0;
		} else {
			inode.nlink--;
		}
		inode.ctime = t;
		this.#maybeFree(fs, inode);
		return ok(0);
	}

	/** renameat2(2); flags may hold RENAME_NOREPLACE. */
	renameat2(
		pid: number,
		oldPath: string,
		newPath: string,
		flags = 0,
		legacy = false,
	): SysResult<number> {
		const run = (): SysResult<number> => {
			// rename acts on the names: a symlink at either end is moved or replaced itself.
			const from = this.#locate(pid, oldPath, false, false);
			if (!from.ok) return from;
			if (!from.value.inode) return fail('ENOENT');
			const to = this.#locate(pid, newPath, false, false);
			if (!to.ok) return to;
			if (to.value.slash && !to.value.inode && from.value.inode.type !== 'dir')
				return fail('ENOTDIR');
			if (from.value.fs.id !== to.value.fs.id) return fail('EXDEV');
			if (from.value.name === '' || to.value.name === '') return fail('EBUSY');
			if (to.value.inode && flags & RENAME_NOREPLACE) return fail('EEXIST');
			const src = from.value.inode;
			const dst = to.value.inode;
			if (dst === src) return ok(0);
			if (dst) {
				if (src.type === 'dir' && dst.type !== 'dir') return fail('ENOTDIR');
				if (src.type !== 'dir' && dst.type === 'dir') return fail('EISDIR');
				if (dst.type === 'dir' && Object.keys(dst.entries ?? {}).length > 0)
					return fail('ENOTEMPTY');
			}
			if (src.type === 'dir' && `${to.value.path}/`.startsWith(`${from.value.path}/`))
				return fail('EINVAL');
			const fs = from.value.fs;
			if (fs.type === 'proc') return fail('EPERM');
			if (fs.type === 'nfs')
				return this.#nfsRename(
					fs,
					from.value.dir,
					from.value.name,
					src,
					to.value.dir,
					to.value.name,
					dst,
				);
			return this.#localRename(
				fs,
				from.value.dir,
				from.value.name,
				src,
				to.value.dir,
				to.value.name,
				dst,
			);
		};
		const args: SyscallArg[] = [
			{ kind: 'fd', value: AT_FDCWD },
			{ kind: 'path', value: oldPath },
			{ kind: 'fd', value: AT_FDCWD },
			{ kind: 'path', value: newPath },
		];
		if (flags)
			args.push({
				kind: 'raw',
				value: flags & RENAME_NOREPLACE ? 'RENAME_NOREPLACE' : String(flags),
			});
		// rename(2) itself (glibc's rename() on x86-64) shows just the two paths.
		const name = legacy ? 'rename' : flags ? 'renameat2' : 'renameat';
		const shown = legacy ? [args[1] as SyscallArg, args[3] as SyscallArg] : args;
		return this.#trace(pid, name, shown, this.#retryEstale(run));
	}

	/** rename(2), the system call glibc's rename() makes (sed -i); renameat2 is the same move. */
	rename(pid: number, oldPath: string, newPath: string): SysResult<number> {
		return this.renameat2(pid, oldPath, newPath, 0, true);
	}

	#localRename(
		fs: FsState,
		odir: InodeState,
		oname: string,
		src: InodeState,
		ndir: InodeState,
		nname: string,
		dst: InodeState | null,
	): SysResult<number> {
		const t = this.#stamp();
		if (dst) {
			if (ndir.entries) delete ndir.entries[nname];
			if (dst.type === 'dir') {
				ndir.nlink--;
				dst.nlink = 0;
			} else dst.nlink--;
			dst.ctime = t;
		}
		if (odir.entries) delete odir.entries[oname];
		if (ndir.entries) ndir.entries[nname] = src.id;
		if (src.type === 'dir' && odir !== ndir) {
			odir.nlink--;
			ndir.nlink++;
		}
		src.parent = ndir.id;
		src.ctime = t;
		odir.mtime = odir.ctime = t;
		ndir.mtime = ndir.ctime = t;
		if (dst) this.#maybeFree(fs, dst);
		return ok(0);
	}

	/** link(2). */
	link(pid: number, oldPath: string, newPath: string): SysResult<number> {
		const run = (): SysResult<number> => {
			// link(2) on Linux does not follow a symlink in oldpath: the new name links the symlink.
			const from = this.#locate(pid, oldPath, false, false);
			if (!from.ok) return from;
			const src = from.value.inode;
			if (!src) return fail('ENOENT');
			if (src.type === 'dir') return fail('EPERM');
			const to = this.#locate(pid, newPath, false, false);
			if (!to.ok) return to;
			if (to.value.inode) return fail('EEXIST');
			if (to.value.fs.id !== from.value.fs.id) return fail('EXDEV');
			const fs = from.value.fs;
			if (fs.type === 'nfs') return this.#nfsLink(fs, src, to.value.dir, to.value.name);
			if (fs.type === 'proc') return fail('EPERM');
			if (to.value.dir.entries) to.value.dir.entries[to.value.name] = src.id;
			src.nlink++;
			const t = this.#stamp();
			src.ctime = t;
			to.value.dir.mtime = to.value.dir.ctime = t;
			return ok(0);
		};
		return this.#trace(
			pid,
			'link',
			[
				{ kind: 'path', value: oldPath },
				{ kind: 'path', value: newPath },
			],
			this.#retryEstale(run),
		);
	}

	/** chmod(2): changes only metadata, so it works on a running executable. */
	chmod(pid: number, path: string, mode: number): SysResult<number> {
		return this.#chmod(pid, path, mode, false);
	}

	/**
	 * fchmodat(AT_FDCWD, path, mode): what coreutils 9.1 chmod and install call (glibc 2.36's
	 * fchmodat with no flags is the bare system call), so strace shows it rather than chmod.
	 */
	fchmodat(pid: number, path: string, mode: number): SysResult<number> {
		return this.#chmod(pid, path, mode, true);
	}

	/** fchmod(2) on an open file (what gnulib's qcopy_acl falls back to, as sed -i uses it). */
	fchmod(pid: number, fd: number, mode: number): SysResult<number> {
		const file = this.#fileOf(pid, fd);
		let result: SysResult<number> = fail('EBADF');
		if (file) {
			const fs = this.#fs(file.fsId);
			result = this.#setattr(fs, this.#inode(fs, file.inodeId), { mode: mode & 0o7777 });
		}
		return this.#trace(
			pid,
			'fchmod',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'mode', value: mode },
			],
			result,
		);
	}

	#chmod(pid: number, path: string, mode: number, at: boolean): SysResult<number> {
		const run = (): SysResult<number> => {
			const found = this.#locate(pid, path);
			if (!found.ok) return found;
			const { fs, inode } = found.value;
			if (!inode) return fail('ENOENT');
			return this.#setattr(fs, inode, { mode: mode & 0o7777 });
		};
		return this.#trace(
			pid,
			at ? 'fchmodat' : 'chmod',
			[
				...(at ? [{ kind: 'fd' as const, value: AT_FDCWD }] : []),
				{ kind: 'path', value: path },
				{ kind: 'mode', value: mode },
			],
			this.#retryEstale(run),
		);
	}

	/** utimensat(2) with both times set to now, as `touch` does; creates nothing. */
	utimensat(pid: number, path: string): SysResult<number> {
		const run = (): SysResult<number> => {
			const found = this.#locate(pid, path);
			if (!found.ok) return found;
			const { fs, inode } = found.value;
			if (!inode) return fail('ENOENT');
			const t = this.#stamp();
			return this.#setattr(fs, inode, { atime: t, mtime: t });
		};
		return this.#trace(
			pid,
			'utimensat',
			[
				{ kind: 'fd', value: AT_FDCWD },
				{ kind: 'path', value: path },
				{ kind: 'raw', value: 'NULL' },
				{ kind: 'int', value: 0 },
			],
			this.#retryEstale(run),
		);
	}

	#setattr(
		fs: FsState,
		inode: InodeState,
		change: { mode?: number; atime?: number; mtime?: number },
	): SysResult<number> {
		if (fs.type === 'nfs') {
			const server = this.#nfsServer(fs);
			const reply = this.#rpc(fs, 'SETATTR', inode, undefined, () =>
				server.nfsdSetattr(inode.nfs?.fh ?? '', change),
			);
			if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
			if (reply.attr) this.#nfsOwnChange(fs, inode, reply.attr);
			return ok(0);
		}
		const t = this.#stamp();
		if (change.mode !== undefined) inode.mode = change.mode;
		if (change.atime !== undefined) inode.atime = change.atime;
		if (change.mtime !== undefined) inode.mtime = change.mtime;
		inode.ctime = t;
		return ok(0);
	}

	/** chdir(2). */
	chdir(pid: number, path: string): SysResult<number> {
		const run = (): SysResult<number> => {
			const proc = this.#proc(pid);
			if (!proc) return fail('ESRCH');
			const found = this.#locate(pid, path);
			if (!found.ok) return found;
			if (!found.value.inode) return fail('ENOENT');
			if (found.value.inode.type !== 'dir') return fail('ENOTDIR');
			proc.cwd = found.value.path;
			return ok(0);
		};
		return this.#trace(pid, 'chdir', [{ kind: 'path', value: path }], this.#retryEstale(run));
	}

	/** getcwd(2). */
	getcwd(pid: number): string {
		return this.#h.processes[pid]?.cwd ?? '/';
	}

	/** sync(2): writes are synchronous here, so there is nothing to flush. */
	sync(pid: number): SysResult<number> {
		return this.#trace(pid, 'sync', [], ok(0));
	}

	// ---------------------------------------------------------------- memory mappings

	/** mmap(2) of a file; NFS revalidates the mapping first (nfs_file_mmap). */
	mmap(
		pid: number,
		fd: number,
		length: number,
		prot: number,
		flags: number,
		offset: number,
	): SysResult<number> {
		const run = (): SysResult<number> => {
			const proc = this.#proc(pid);
			const file = this.#fileOf(pid, fd);
			if (!proc || !file || file.flags & O_PATH) return fail('EBADF');
			if (length <= 0 || offset % PAGE_SIZE !== 0) return fail('EINVAL');
			const fs = this.#fs(file.fsId);
			const inode = this.#inode(fs, file.inodeId);
			if (inode.type !== 'file') return fail('ENODEV');
			const access = file.flags & O_ACCMODE;
			if (access === O_WRONLY) return fail('EACCES');
			if (flags & MAP_SHARED && prot & PROT_WRITE && access !== O_RDWR) return fail('EACCES');
			if (fs.type === 'nfs') {
				const valid = this.#nfsRevalidateMapping(fs, inode);
				if (!valid.ok) return valid;
			}
			const vma = this.#addVma(
				proc,
				fs,
				inode,
				length,
				offset / PAGE_SIZE,
				prot,
				(flags & MAP_SHARED) !== 0,
				file.path,
			);
			return ok(vma.start);
		};
		const protNames =
			prot === 0
				? 'PROT_NONE'
				: [
						prot & PROT_READ ? 'PROT_READ' : '',
						prot & PROT_WRITE ? 'PROT_WRITE' : '',
						prot & PROT_EXEC ? 'PROT_EXEC' : '',
					]
						.filter(Boolean)
						.join('|');
		return this.#trace(
			pid,
			'mmap',
			[
				{ kind: 'raw', value: 'NULL' },
				{ kind: 'int', value: length },
				{ kind: 'raw', value: protNames },
				{ kind: 'raw', value: flags & MAP_SHARED ? 'MAP_SHARED' : 'MAP_PRIVATE' },
				{ kind: 'fd', value: fd },
				{ kind: 'int', value: offset },
			],
			run(),
		);
	}

	#addVma(
		proc: ProcessState,
		fs: FsState,
		inode: InodeState,
		length: number,
		pgoff: number,
		prot: number,
		shared: boolean,
		path: string,
	): VmaState {
		const pages = pagesOf(length);
		const start = (proc.vars.nextMap ?? 0x7f0000000000) - pages * PAGE_SIZE;
		proc.vars.nextMap = start - PAGE_SIZE;
		const perms = `${prot & PROT_READ ? 'r' : '-'}${prot & PROT_WRITE ? 'w' : '-'}${prot & PROT_EXEC ? 'x' : '-'}${shared ? 's' : 'p'}`;
		const vma: VmaState = {
			start,
			end: start + pages * PAGE_SIZE,
			perms,
			kind: 'file',
			fsId: fs.id,
			inodeId: inode.id,
			pgoff,
			path,
			exec: (prot & PROT_EXEC) !== 0,
			shared,
			ptes: {},
		};
		proc.vmas.push(vma);
		this.#get(inode);
		return vma;
	}

	/** munmap(2) of a whole mapping that starts at addr. */
	munmap(pid: number, addr: number, length: number): SysResult<number> {
		const run = (): SysResult<number> => {
			const proc = this.#proc(pid);
			if (!proc) return fail('ESRCH');
			const vma = proc.vmas.find((v) => v.start === addr);
			if (!vma) return fail('EINVAL');
			this.#dropVma(proc, vma);
			return ok(0);
		};
		return this.#trace(
			pid,
			'munmap',
			[
				{ kind: 'raw', value: `0x${hex(addr)}` },
				{ kind: 'int', value: length },
			],
			run(),
		);
	}

	#dropVma(proc: ProcessState, vma: VmaState): void {
		proc.vmas = proc.vmas.filter((v) => v !== vma);
		this.#unmapVma(vma);
	}

	/** Takes down a mapping's page table entries and its reference on the file. */
	#unmapVma(vma: VmaState): void {
		if (vma.fsId === undefined || vma.inodeId === undefined) return;
		const fs = this.#fs(vma.fsId);
		const inode = fs.inodes[vma.inodeId];
		if (!inode) return;
		for (const key of Object.keys(vma.ptes)) {
			const page = inode.pages[key];
			if (page) page.mapcount--;
		}
		vma.ptes = {};
		this.#put(fs, inode);
	}

	/**
	 * The process runs code in page `page` of its text segment (page 0 is the segment's first
	 * page: file page 0 in the simple layout, file page 1 after the ELF header in the ELF layout);
	 * false if that killed it.
	 */
	execute(pid: number, page: number): boolean {
		const proc = this.#proc(pid);
		if (!proc) return false;
		const vma = proc.vmas.find((v) => v.kind === 'file' && v.exec && v.expect);
		if (!vma) return false;
		// Somewhere inside the page, away from its edges.
		const offset = 64 + Math.floor(this.#random() * (PAGE_SIZE - 128));
		return this.memAccess(pid, vma.start + page * PAGE_SIZE + offset, false);
	}

	/**
	 * What ld.so and the kernel add to a dynamically linked program in the ELF layout, in the
	 * order /proc/PID/maps lists them on the reference machine (Debian 12, Linux 6.18): an
	 * anonymous page of TLS, libc.so.6's five segments and its bss, [vvar], [vvar_vclock] and
	 * [vdso] (arch/x86/entry/vdso), then ld-linux-x86-64.so.2's five segments. Sizes are
	 * Debian 12's glibc 2.36. [vsyscall] is a fixed page every x86-64 process shows.
	 */
	#mapRuntime(proc: ProcessState): void {
		let at = proc.vars.nextMap ?? 0x7f0000000000;
		const anon = (pages: number, label?: string, perms = 'rw-p'): void => {
			const vma: VmaState = {
				start: at,
				end: at + pages * PAGE_SIZE,
				perms,
				kind: 'anon',
				pgoff: 0,
				exec: perms[2] === 'x',
				shared: false,
				ptes: {},
			};
			if (label) vma.label = label;
			proc.vmas.push(vma);
			at += pages * PAGE_SIZE;
		};
		const lib = (path: string, segments: Array<[number, number, string]>): void => {
			const found = this.#locateQuiet(path);
			if (!found || found.inode.type !== 'file') return;
			for (const [pgoff, pages, perms] of segments) {
				proc.vmas.push({
					start: at,
					end: at + pages * PAGE_SIZE,
					perms,
					kind: 'file',
					fsId: found.fs.id,
					inodeId: found.inode.id,
					pgoff,
					path,
					exec: false,
					shared: false,
					ptes: {},
				});
				this.#get(found.inode);
				at += pages * PAGE_SIZE;
			}
		};
		anon(3);
		lib('/usr/lib/x86_64-linux-gnu/libc.so.6', [
			[0x0, 0x26, 'r--p'],
			[0x26, 0x156, 'r-xp'],
			[0x17c, 0x53, 'r--p'],
			[0x1cf, 0x4, 'r--p'],
			[0x1d3, 0x2, 'rw-p'],
		]);
		anon(0xd);
		at += 0xa * PAGE_SIZE;
		anon(2);
		anon(4, '[vvar]', 'r--p');
		anon(2, '[vvar_vclock]', 'r--p');
		anon(2, '[vdso]', 'r-xp');
		lib('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', [
			[0x0, 0x1, 'r--p'],
			[0x1, 0x26, 'r-xp'],
			[0x27, 0xa, 'r--p'],
			[0x31, 0x2, 'r--p'],
			[0x33, 0x2, 'rw-p'],
		]);
		proc.vars.nextMap = at + 0x100 * PAGE_SIZE;
		const vsyscall: VmaState = {
			start: 0xffffffffff600000,
			end: 0xffffffffff601000,
			perms: '--xp',
			kind: 'anon',
			pgoff: 0,
			exec: true,
			shared: false,
			ptes: {},
			label: '[vsyscall]',
		};
		proc.vmas.push(vsyscall);
	}

	/** The build of the image a process started from, e.g. 'v1'. */
	runningBuild(pid: number): string | null {
		const vma = this.#proc(pid)?.vmas.find((v) => v.expect);
		return vma?.expect?.build ?? null;
	}

	/**
	 * A load or store at a user address. Present pages just get their accessed bit set; missing ones
	 * go through the fault path. Returns false if the access killed the process.
	 */
	memAccess(pid: number, addr: number, write: boolean): boolean {
		const proc = this.#proc(pid);
		if (!proc) return false;
		const vma = proc.vmas.find((v) => addr >= v.start && addr < v.end);
		if (!vma || (write && vma.perms[1] !== 'w')) {
			this.#signalFault(proc, 'SIGSEGV', SEGV_MAPERR, addr, null);
			return false;
		}
		if (vma.fsId === undefined || vma.inodeId === undefined) return true;
		const index = vma.pgoff + Math.floor((addr - vma.start) / PAGE_SIZE);
		const fs = this.#fs(vma.fsId);
		const inode = this.#inode(fs, vma.inodeId);
		if (vma.ptes[index]) {
			const page = inode.pages[index];
			if (page) page.young = true;
			if (write && fs.type !== 'nfs' && inode.data && !inode.data.pages[index]) {
				if (fs.type === 'ext4' && !hasPage(inode.data, index)) {
					// ext4_page_mkwrite allocates the block; -ENOSPC becomes VM_FAULT_SIGBUS.
					if (this.#room(fs) < 1) {
						this.#signalFault(proc, 'SIGBUS', BUS_ADRERR, addr, vma);
						return false;
					}
					fs.usedPages++;
				}
				inode.data.pages[index] = { k: 'b', b: '' };
			}
			return true;
		}
		return this.#fault(proc, vma, fs, inode, index, addr, write);
	}

	/** filemap_fault() and shmem_fault(), with the outcomes Linux gives (mm/filemap.c, mm/shmem.c). */
	#fault(
		proc: ProcessState,
		vma: VmaState,
		fs: FsState,
		inode: InodeState,
		index: number,
		addr: number,
		write: boolean,
	): boolean {
		// The event is stamped when the fault starts, as the CPU took it.
		const time = this.now();
		// A page wholly past the end of the file does not exist (filemap_fault: index >= max_idx).
		if (index >= pagesOf(inode.size))
			return this.#sigbus(time, proc, vma, fs, inode, index, addr, 'major');
		let page = inode.pages[index];
		let kind: 'minor' | 'major' = 'minor';
		let content: PageContent | null;
		if (fs.type === 'tmpfs') {
			// shmem_get_folio allocates on first touch; a full tmpfs fails with ENOSPC → VM_FAULT_SIGBUS.
			if (!inode.data) return this.#sigbus(time, proc, vma, fs, inode, index, addr, 'minor');
			if (!inode.data.pages[index]) {
				if (fs.usedPages >= fs.capacityPages)
					return this.#sigbus(time, proc, vma, fs, inode, index, addr, 'minor');
				inode.data.pages[index] = { k: 'b', b: '' };
				fs.usedPages++;
			}
			content = pageContent(inode.data, index);
			if (!page) {
				page = {
					active: true,
					referenced: true,
					young: false,
					mapcount: 0,
					stamp: ++this.#h.lruClock,
				};
				inode.pages[index] = page;
			}
		} else if (page) {
			content = fs.type === 'nfs' ? (page.content ?? null) : this.#localPage(inode, index);
		} else {
			kind = 'major';
			if (fs.type === 'nfs') {
				// Page faults never revalidate: they read whatever the server holds now.
				const got = this.#nfsReadPage(fs, inode, index);
				if (!got.ok) return this.#sigbus(time, proc, vma, fs, inode, index, addr, 'major');
				content = got.value;
				// The READ reply's post-op attributes may have shrunk i_size: filemap_fault checks again.
				if (index >= pagesOf(inode.size))
					return this.#sigbus(time, proc, vma, fs, inode, index, addr, 'major');
			} else {
				content = this.#localPage(inode, index);
			}
			page = this.#cacheAdd(fs, inode, index, content);
			this.#emitCacheAdd(fs, inode, [index]);
		}
		// ext4_page_mkwrite allocates a block for a hole; -ENOSPC becomes VM_FAULT_SIGBUS.
		if (write && fs.type === 'ext4' && inode.data && !hasPage(inode.data, index)) {
			if (this.#room(fs) < 1) return this.#sigbus(time, proc, vma, fs, inode, index, addr, kind);
			fs.usedPages++;
		}
		vma.ptes[index] = 1;
		page.mapcount++;
		page.young = true;
		if (write && fs.type !== 'tmpfs' && inode.data && !inode.data.pages[index])
			inode.data.pages[index] = content ?? { k: 'b', b: '' };
		let matches: boolean | undefined;
		if (vma.expect) matches = isImagePage(content, index, vma.expect.name, vma.expect.build);
		const faultEvent = this.#faultEvent(time, proc, vma, fs, inode, index, addr, kind, 'ok');
		if (matches === false) {
			// Different bytes at this address: the CPU runs garbage. Which trap comes first is luck.
			const signal: SignalName = this.#random() < 0.5 ? 'SIGSEGV' : 'SIGILL';
			this.#emit({ ...faultEvent, outcome: signal, matches });
			// A SIGSEGV reports the data address the garbage instruction touched; SIGILL the ip.
			const siAddr = signal === 'SIGSEGV' ? Math.floor(this.#random() * 0x100000000) : addr;
			const code = signal === 'SIGILL' ? ILL_ILLOPN : SEGV_MAPERR;
			this.#signalFault(proc, signal, code, siAddr, vma, addr, content);
			return false;
		}
		if (matches !== undefined) faultEvent.matches = matches;
		this.#emit(faultEvent);
		return true;
	}

	/** A fault that raises SIGBUS: the event, then the signal (VM_FAULT_SIGBUS). */
	#sigbus(
		time: number,
		proc: ProcessState,
		vma: VmaState,
		fs: FsState,
		inode: InodeState,
		index: number,
		addr: number,
		kind: 'minor' | 'major',
	): boolean {
		this.#emit(this.#faultEvent(time, proc, vma, fs, inode, index, addr, kind, 'SIGBUS'));
		this.#signalFault(proc, 'SIGBUS', BUS_ADRERR, addr, vma);
		return false;
	}

	/** The `fault` event of one page fault. */
	#faultEvent(
		time: number,
		proc: ProcessState,
		vma: VmaState,
		fs: FsState,
		inode: InodeState,
		index: number,
		addr: number,
		kind: 'minor' | 'major',
		outcome: 'ok' | 'SIGBUS',
	): Extract<KernelEvent, { type: 'fault' }> {
		return {
			type: 'fault',
			time,
			host: this.name,
			pid: proc.pid,
			comm: proc.comm,
			page: index,
			address: addr,
			fs: fs.id,
			ino: inode.nfs ? inode.nfs.fileid : inode.ino,
			path: vma.path ?? '',
			kind,
			outcome,
		};
	}

	// ---------------------------------------------------------------- processes

	#newProcess(ppid: number, comm: string, cwd: string): ProcessState {
		const h = this.#h;
		const pid = h.nextPid++;
		const proc = newProcessState({ pid, ppid, comm, cwd, startTime: this.now() });
		h.processes[pid] = proc;
		this.#emit({ type: 'spawn', time: this.now(), host: this.name, pid, ppid, comm: proc.comm });
		return proc;
	}

	/**
	 * Starts a login shell process (a child of init) with stdin, stdout and stderr on the
	 * terminal. The shell drives it by calling system calls with its pid.
	 */
	login(options: { comm?: string; cwd?: string; exe?: string } = {}): number {
		const proc = this.#newProcess(1, options.comm ?? 'bash', options.cwd ?? '/root');
		const exe = options.exe ?? '/bin/bash';
		const found = this.#locate(proc.pid, exe);
		if (
			found.ok &&
			found.value.inode &&
			found.value.inode.type === 'file' &&
			this.#denyWriteAccess(found.value.inode).ok
		) {
			proc.exe = { fsId: found.value.fs.id, inodeId: found.value.inode.id, path: found.value.path };
			this.#get(found.value.inode);
		}
		proc.argv = [`-${proc.comm}`];
		proc.rlimitCore = 0;
		// login → setsid(): the shell leads a new session and process group on the terminal, and
		// waits in read(0) for a line (S).
		proc.sid = proc.pid;
		proc.pgid = proc.pid;
		proc.tty = true;
		proc.state = 'S';
		// The terminal is a pseudo-terminal, as for an ssh or terminal-emulator login.
		const path = this.#locateQuiet(PTS_PATH) ? PTS_PATH : '/dev/tty';
		const tty = this.#locate(proc.pid, path);
		if (tty.ok && tty.value.inode) {
			const file = this.#newFile(tty.value.fs, tty.value.inode, O_RDWR, path);
			for (let fd = 0; fd < 3; fd++) this.#installFd(proc, file, fd);
		}
		return proc.pid;
	}

	/** fork(2): the child shares open files and inherits mappings, exe_file and limits. */
	fork(pid: number): SysResult<number> {
		const run = (): SysResult<number> => {
			const parent = this.#proc(pid);
			if (!parent) return fail('ESRCH');
			const child = this.#newProcess(pid, parent.comm, parent.cwd);
			child.argv = [...parent.argv];
			child.rlimitCore = parent.rlimitCore;
			// A child is in its parent's session and process group, with the same terminal.
			if (parent.sid !== undefined) child.sid = parent.sid;
			if (parent.pgid !== undefined) child.pgid = parent.pgid;
			if (parent.tty) child.tty = true;
			child.ignored = [...parent.ignored];
			child.anonPages = 0;
			child.vars = { ...parent.vars };
			child.strs = { ...parent.strs };
			for (const [fd, id] of Object.entries(parent.fds)) {
				const file = this.#h.files[id];
				if (!file) continue;
				child.fds[fd] = id;
				file.refs++;
			}
			if (parent.exe) {
				// dup_mm_exe_file(): the child's mm holds the exe_file and its write denial too.
				const fs = this.#fs(parent.exe.fsId);
				const inode = this.#inode(fs, parent.exe.inodeId);
				inode.writecount--;
				this.#get(inode);
				child.exe = { ...parent.exe };
			}
			for (const vma of parent.vmas) {
				const copy: VmaState = { ...vma, ptes: { ...vma.ptes } };
				if (vma.expect) copy.expect = { ...vma.expect };
				child.vmas.push(copy);
				if (vma.fsId !== undefined && vma.inodeId !== undefined) {
					const fs = this.#fs(vma.fsId);
					const inode = this.#inode(fs, vma.inodeId);
					this.#get(inode);
					for (const key of Object.keys(vma.ptes)) {
						const page = inode.pages[key];
						if (page) page.mapcount++;
					}
				}
			}
			return ok(child.pid);
		};
		return this.#trace(
			pid,
			'clone',
			[
				{ kind: 'raw', value: 'child_stack=NULL' },
				{ kind: 'raw', value: 'flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD' },
			],
			run(),
		);
	}

	/**
	 * execve(2). The kernel reads the start of the file through the normal read path (on NFS:
	 * close-to-open GETATTR, then nfs_revalidate_mapping, which may drop other processes' pages),
	 * denies write access to it for the life of the mm, and maps it executable.
	 */
	execve(pid: number, path: string, argv: string[] = [path]): SysResult<number> {
		const result = this.#execve(pid, path, argv, 0);
		const traced = this.#trace(
			pid,
			'execve',
			[
				{ kind: 'path', value: path },
				{ kind: 'raw', value: `[${argv.map((a) => quote(a)).join(', ')}]` },
				{ kind: 'raw', value: '0x7ffd8a3b1e58 /* 20 vars */' },
			],
			result,
		);
		if (traced.ok) {
			const proc = this.#proc(pid);
			// The dynamic loader runs first: it reads the program headers and relocations through
			// the mapping of the ELF header's segment (AT_PHDR), so that page gets mapped.
			const header = proc?.vmas.find((v) => v.kind === 'file' && v.pgoff === 0 && !v.exec);
			if (
				proc &&
				header &&
				this.#ctx.state().elfLayout === true &&
				proc.exe?.inodeId === header.inodeId
			)
				this.memAccess(pid, header.start, false);
			if (this.#proc(pid)) programs[proc?.program ?? 'generic']?.start(this, pid);
			// A modelled program that did not exit now waits (for a signal, its timer or the next
			// request) in an interruptible sleep: TASK_INTERRUPTIBLE, `S` in ps.
			if (proc && proc.state === 'R' && proc.program !== 'generic') proc.state = 'S';
		}
		return traced;
	}

	#execve(
		pid: number,
		path: string,
		argv: string[],
		depth: number,
		commPath = path,
	): SysResult<number> {
		const proc = this.#proc(pid);
		if (!proc) return fail('ESRCH');
		if (depth > 4) return fail('ELOOP');
		// do_open_execat() opens through do_filp_open(), which retries a stale walk too.
		const found = this.#retryEstale(() => this.#locate(pid, path, true));
		if (!found.ok) return found;
		const { fs, inode } = found.value;
		if (!inode) return fail('ENOENT');
		if (inode.type !== 'file') return fail('EACCES');
		if (!(inode.mode & 0o111)) return fail('EACCES');
		// A noexec mount (tmpfs /dev/shm, /proc) refuses exec (path_noexec in fs/exec.c).
		const mount = this.#h.mounts.find((m) => m.fsId === fs.id);
		if (mount?.options.split(',').includes('noexec')) return fail('EACCES');
		if (inode.writecount > 0) return fail('ETXTBSY');
		// kernel_read() of the first page, through the page cache like any read.
		const head = this.#readBytes(fs, inode, 0, 256);
		if (!head.ok) return fail(head.errno);
		if (head.value.startsWith('#!')) {
			// binfmt_script: the interpreter becomes the executable; the script is merely read.
			const line = head.value.slice(2).split('\n')[0] ?? '';
			const [interp, ...rest] = line.trim().split(/\s+/);
			if (!interp) return fail('ENOEXEC');
			return this.#execve(
				pid,
				interp,
				[interp, ...rest, found.value.path, ...argv.slice(1)],
				depth + 1,
				// comm stays the script's name (kbasename(bprm->filename) in begin_new_exec).
				commPath,
			);
		}
		const first = inode.pages[0]
			? fs.type === 'nfs'
				? (inode.pages[0].content ?? null)
				: this.#localPage(inode, 0)
			: this.#localPage(inode, 0);
		if (!first || first.k !== 'i') return fail('ENOEXEC');
		const denied = this.#denyWriteAccess(inode);
		if (!denied.ok) return denied;
		// The point of no return: the old mm goes away.
		this.#releaseMm(proc);
		proc.exe = { fsId: fs.id, inodeId: inode.id, path: found.value.path };
		this.#get(inode);
		// Programs added to the worlds after their transcripts were recorded place themselves from
		// a hash, not the world's random sequence, so running them leaves later draws unchanged.
		const hashed =
			first.build === 'debian12' && LATER_PROGRAMS.includes(first.name)
				? `${this.#ctx.state().seed}:${this.name}:${pid}:${this.now()}`
				: null;
		let draws = 0;
		const draw = (): number =>
			hashed === null ? this.#random() : hashString(`${hashed}:${draws++}`) / 0x100000000;
		this.#layoutExe(proc, fs, inode, found.value.path, first, draw);
		proc.strs = {};
		proc.anonPages = EXEC_ANON_PAGES;
		proc.comm = (commPath.split('/').pop() ?? path).slice(0, 15);
		proc.argv = [...argv];
		proc.program = programs[first.name] ? first.name : 'generic';
		proc.wakeAt = undefined;
		for (const [fd, id] of Object.entries(proc.fds)) {
			const file = this.#h.files[id];
			if (file && file.flags & O_CLOEXEC) {
				delete proc.fds[fd];
				this.#releaseFile(file);
			}
		}
		this.#emit({
			type: 'exec',
			time: this.now(),
			host: this.name,
			pid,
			comm: proc.comm,
			path: found.value.path,
			argv: [...argv],
		});
		return ok(0);
	}

	/**
	 * Maps an executable the way exec and ld.so lay it out (see the README's memory layout):
	 * its segments, [heap], [stack], and with the ELF layout libc, ld.so and the vDSO. `draw`
	 * gives the random numbers that place them.
	 */
	#layoutExe(
		proc: ProcessState,
		fs: FsState,
		inode: InodeState,
		path: string,
		first: PageContent & { k: 'i' },
		draw: () => number,
	): void {
		const size = Math.max(inode.size, PAGE_SIZE);
		const base = 0x550000000000 + Math.floor(draw() * 0x1000000) * PAGE_SIZE;
		const filePages = pagesOf(size);
		const elf = this.#ctx.state().elfLayout === true && filePages >= 8;
		// With the ELF layout, ld.so maps the program's PT_LOAD segments the way a gcc -O2 PIE
		// comes out (compare /proc/PID/maps of any long-running program): the ELF header page
		// r--p, .text r-xp, .rodata r--p, then .data.rel.ro r--p and .data rw-p. The simple
		// layout maps the whole file as one r-xp text mapping.
		const textFirst = elf ? 1 : 0;
		const dataPages = elf ? 2 : 0;
		const textPages = elf ? Math.ceil((filePages - 1) * 0.72) : filePages;
		const rodataPages = elf ? filePages - 1 - textPages - dataPages : 0;
		const text: VmaState = {
			start: base + textFirst * PAGE_SIZE,
			end: base + (textFirst + textPages) * PAGE_SIZE,
			perms: 'r-xp',
			kind: 'file',
			fsId: fs.id,
			inodeId: inode.id,
			pgoff: textFirst,
			path: path,
			exec: true,
			shared: false,
			ptes: {},
			expect: { name: first.name, build: first.build },
		};
		const segment = (first: number, pages: number, perms: string): VmaState => ({
			start: base + first * PAGE_SIZE,
			end: base + (first + pages) * PAGE_SIZE,
			perms,
			kind: 'file',
			fsId: fs.id,
			inodeId: inode.id,
			pgoff: first,
			path: path,
			exec: false,
			shared: false,
			ptes: {},
		});
		const segments = elf
			? [
					segment(0, 1, 'r--p'),
					text,
					segment(1 + textPages, rodataPages, 'r--p'),
					segment(1 + textPages + rodataPages, 1, 'r--p'),
					segment(1 + textPages + rodataPages + 1, 1, 'rw-p'),
				].filter((v) => v.end > v.start)
			: [text];
		for (const vma of segments) {
			proc.vmas.push(vma);
			this.#get(inode);
		}
		const textEnd = base + filePages * PAGE_SIZE;
		const heap = textEnd + 0x1000000;
		proc.vmas.push({
			start: heap,
			end: heap + 0x21000,
			perms: 'rw-p',
			kind: 'heap',
			pgoff: 0,
			exec: false,
			shared: false,
			ptes: {},
		});
		const stack = 0x7ffc00000000 + Math.floor(draw() * 0x10000) * PAGE_SIZE;
		proc.vmas.push({
			start: stack,
			end: stack + 0x21000,
			perms: 'rw-p',
			kind: 'stack',
			pgoff: 0,
			exec: false,
			shared: false,
			ptes: {},
		});
		proc.vars = { nextMap: 0x7f0000000000 + Math.floor(draw() * 0x100000) * PAGE_SIZE };
		if (elf) this.#mapRuntime(proc);
	}

	/**
	 * Gives init (pid 1) the program it has run since boot, as if the kernel had exec'd it:
	 * exe_file with its write denial (so writing the file is ETXTBSY), its mappings, comm and
	 * argv. For building worlds: no events, nothing enters the page cache, free memory stays
	 * what it was (init's anonymous memory is taken from what the host reserves), and the layout
	 * comes from a hash, so the world's random sequence is what it was without it.
	 */
	seedInit(path: string, argv: string[], comm: string): void {
		const proc = this.#h.processes[1];
		const found = this.#locateQuiet(path);
		if (!proc || !found || found.inode.type !== 'file') throw new Error(`cannot seed init ${path}`);
		const first = this.#localPage(found.inode, 0);
		if (!first || first.k !== 'i') throw new Error(`${path} is not a program`);
		if (!this.#denyWriteAccess(found.inode).ok) throw new Error(`${path} is busy`);
		proc.exe = {
			fsId: found.fs.id,
			inodeId: found.inode.id,
			path: this.#pathOf(found.fs, found.inode),
		};
		this.#get(found.inode);
		const key = `${this.#ctx.state().seed}:${this.name}:init`;
		let draws = 0;
		this.#layoutExe(proc, found.fs, found.inode, proc.exe.path, first, () => {
			return hashString(`${key}:${draws++}`) / 0x100000000;
		});
		proc.comm = comm.slice(0, 15);
		proc.argv = [...argv];
		// init's anonymous memory was counted in what the host reserves: it moves, free stays.
		const anon = Math.min(EXEC_ANON_PAGES, this.#h.reservedPages);
		proc.anonPages = anon;
		this.#h.reservedPages -= anon;
	}

	/** Drops a process's mappings and its exe_file (exit_mm / exec_mmap). */
	#releaseMm(proc: ProcessState): void {
		const vmas = proc.vmas;
		proc.vmas = [];
		for (const vma of vmas) this.#unmapVma(vma);
		proc.anonPages = 0;
		if (proc.exe) {
			const fs = this.#fs(proc.exe.fsId);
			const inode = fs.inodes[proc.exe.inodeId];
			proc.exe = null;
			if (inode) {
				inode.writecount++;
				this.#put(fs, inode);
			}
		}
	}

	/**
	 * posix_spawn-style fork + execve. On success returns the child's pid. If exec fails the child
	 * never existed and the errno is returned (the shell prints its own message and status).
	 */
	spawn(
		ppid: number,
		path: string,
		argv: string[] = [path],
		options: { stdout?: number; stderr?: number } = {},
	): SysResult<number> {
		const child = this.fork(ppid);
		if (!child.ok) return child;
		const pid = child.value;
		if (options.stdout !== undefined) this.dup2(pid, options.stdout, 1);
		if (options.stderr !== undefined) this.dup2(pid, options.stderr, 2);
		const done = this.execve(pid, path, argv);
		if (!done.ok) {
			this.#terminate(
				this.#h.processes[pid],
				{ kind: 'exited', code: done.errno === 'ENOENT' ? 127 : 126 },
				true,
			);
			return fail(done.errno);
		}
		return ok(pid);
	}

	/** exit_group(2). */
	exit(pid: number, code: number): void {
		const proc = this.#proc(pid);
		if (!proc) return;
		this.#trace(pid, 'exit_group', [{ kind: 'int', value: code }], ok(0));
		this.#terminate(proc, { kind: 'exited', code: code & 0xff }, false);
	}

	#terminate(
		proc: ProcessState | undefined,
		status: ExitStatus,
		silentReap: boolean,
		corePath?: string,
	): void {
		if (!proc || proc.state === 'Z') return;
		for (const [fd, id] of Object.entries(proc.fds)) {
			delete proc.fds[fd];
			const file = this.#h.files[id];
			if (file) this.#releaseFile(file);
		}
		this.#releaseMm(proc);
		proc.state = 'Z';
		proc.exit = status;
		proc.wakeAt = undefined;
		for (const other of Object.values(this.#h.processes)) {
			if (other.ppid === proc.pid) {
				other.ppid = 1;
				if (other.state === 'Z') this.#reap(other.pid);
			}
		}
		const shellStatus = status.kind === 'exited' ? status.code : 128 + status.signo;
		const event: KernelEvent = {
			type: 'exit',
			time: this.now(),
			host: this.name,
			pid: proc.pid,
			comm: proc.comm,
			status,
			shellStatus,
		};
		if (corePath) event.corePath = corePath;
		this.#emit(event);
		const parent = this.#h.processes[proc.ppid];
		if (silentReap || proc.ppid <= 1 || !parent || parent.state === 'Z') this.#reap(proc.pid);
	}

	#reap(pid: number): void {
		delete this.#h.processes[pid];
		this.#emit({ type: 'reap', time: this.now(), host: this.name, pid });
	}

	/**
	 * wait4(2) without blocking (WNOHANG): returns the status of a zombie child and reaps it, null
	 * while it still runs, or ECHILD.
	 */
	wait4(
		pid: number,
		child: number,
	): SysResult<{ pid: number; status: ExitStatus; shellStatus: number } | null> {
		const target = this.#h.processes[child];
		if (!target || target.ppid !== pid) return fail('ECHILD');
		if (target.state !== 'Z' || !target.exit) return ok(null);
		const status = target.exit;
		this.#reap(child);
		return ok({
			pid: child,
			status,
			shellStatus: status.kind === 'exited' ? status.code : 128 + status.signo,
		});
	}

	/** kill(2). Returns ESRCH for a pid that does not exist. */
	kill(pid: number, target: number, signal: SignalName | 0): SysResult<number> {
		const run = (): SysResult<number> => {
			const proc = this.#h.processes[target];
			if (!proc) return fail('ESRCH');
			// init gets only the signals it has handlers for (SIGNAL_UNKILLABLE), and it has none here.
			if (signal === 0 || proc.state === 'Z' || proc.pid === 1) return ok(0);
			this.#deliver(proc, signal, SI_USER, undefined, pid);
			return ok(0);
		};
		return this.#trace(
			pid,
			'kill',
			[
				{ kind: 'int', value: target },
				{ kind: 'raw', value: signal === 0 ? '0' : signal },
			],
			run(),
		);
	}

	/** signal(2)-style disposition: 'ignore' or 'default'. */
	sigaction(pid: number, signal: SignalName, action: 'ignore' | 'default'): SysResult<number> {
		const proc = this.#proc(pid);
		if (!proc) return fail('ESRCH');
		if (signal === 'SIGKILL' || signal === 'SIGSTOP') return fail('EINVAL');
		proc.ignored = proc.ignored.filter((s) => s !== signal);
		if (action === 'ignore') proc.ignored.push(signal);
		return ok(0);
	}

	/** setrlimit(RLIMIT_CORE): bytes, or -1 for unlimited (what `ulimit -c` sets). */
	setCoreLimit(pid: number, bytes: number): SysResult<number> {
		const proc = this.#proc(pid);
		if (!proc) return fail('ESRCH');
		proc.rlimitCore = bytes;
		return this.#trace(
			pid,
			'prlimit64',
			[
				{ kind: 'int', value: 0 },
				{ kind: 'raw', value: 'RLIMIT_CORE' },
				{
					kind: 'raw',
					value: `{rlim_cur=${bytes < 0 ? 'RLIM64_INFINITY' : bytes}, rlim_max=RLIM64_INFINITY}`,
				},
				{ kind: 'raw', value: 'NULL' },
			],
			ok(0),
		);
	}

	/** getrlimit(RLIMIT_CORE) in bytes; -1 means unlimited. */
	coreLimit(pid: number): number {
		return this.#h.processes[pid]?.rlimitCore ?? 0;
	}

	/**
	 * setpgid(2): moves `target` (the caller or its child) into process group `pgid` (0 means
	 * its own pid), as an interactive bash does for every job it starts.
	 */
	setpgid(pid: number, target: number, pgid: number): SysResult<number> {
		const run = (): SysResult<number> => {
			const caller = this.#proc(pid);
			const proc = this.#proc(target === 0 ? pid : target);
			if (!caller || !proc) return fail('ESRCH');
			if (proc.pid !== pid && proc.ppid !== pid) return fail('ESRCH');
			if (pgid < 0) return fail('EINVAL');
			// A session leader cannot change its group (EPERM in setpgid(2)).
			if (proc.sid === proc.pid) return fail('EPERM');
			proc.pgid = pgid === 0 ? proc.pid : pgid;
			return ok(0);
		};
		return this.#trace(
			pid,
			'setpgid',
			[
				{ kind: 'int', value: target },
				{ kind: 'int', value: pgid },
			],
			run(),
		);
	}

	/**
	 * tcsetpgrp(3) (ioctl TIOCSPGRP on the terminal): makes `pgid` the foreground process group,
	 * the one whose members ps marks with `+`.
	 */
	tcsetpgrp(pid: number, pgid: number, fd = 0): SysResult<number> {
		const run = (): SysResult<number> => {
			const caller = this.#proc(pid);
			if (!caller?.tty) return fail('ENOTTY');
			const members = Object.values(this.#h.processes).some(
				(p) => p.state !== 'Z' && (p.pgid ?? 1) === pgid && p.sid === caller.sid,
			);
			if (!members) return fail('EPERM');
			this.#h.ttyPgrp = pgid;
			return ok(0);
		};
		return this.#trace(
			pid,
			'ioctl',
			[
				{ kind: 'fd', value: fd },
				{ kind: 'raw', value: 'TIOCSPGRP' },
				{ kind: 'raw', value: `[${pgid}]` },
			],
			run(),
		);
	}

	/**
	 * What /proc/PID/status (`State:`) and ps (`STAT`) show for a process, as seen by `self`
	 * (the process reading /proc: it is running, R, while it reads). The STAT letters follow
	 * procps: the state, then `s` for a session leader and `+` for a member of the terminal's
	 * foreground process group.
	 */
	procState(pid: number, self?: number): { state: string; status: string; stat: string } | null {
		const proc = this.#h.processes[pid];
		if (!proc) return null;
		const state = proc.pid === self && proc.state !== 'Z' ? 'R' : proc.state;
		const names: Record<string, string> = {
			R: 'running',
			S: 'sleeping',
			T: 'stopped',
			Z: 'zombie',
		};
		let stat = state;
		if (proc.sid === proc.pid || proc.pid === 1) stat += 's';
		const leader = Object.values(this.#h.processes).find(
			(p) => p.tty && p.sid === p.pid && p.sid === proc.sid,
		);
		const foreground = this.#h.ttyPgrp ?? leader?.pgid;
		if (proc.tty && proc.state !== 'Z' && foreground !== undefined && proc.pgid === foreground)
			stat += '+';
		return { state, status: `${state} (${names[state] ?? 'unknown'})`, stat };
	}

	/** Puts a process to sleep until a simulated time, or with none until a signal (sleep inf). */
	sleepUntil(pid: number, time: number | undefined): void {
		const proc = this.#proc(pid);
		if (!proc) return;
		proc.state = 'S';
		proc.wakeAt = time;
	}

	/**
	 * Wakes a process that sleeps without a timer (a tool blocked in read(2) on an empty pipe
	 * once its writer has written): TASK_RUNNING, `R` in ps.
	 */
	wakeUp(pid: number): void {
		const proc = this.#proc(pid);
		if (!proc || proc.state !== 'S' || proc.wakeAt !== undefined) return;
		proc.state = 'R';
	}

	#deliver(
		proc: ProcessState,
		signal: SignalName,
		code: number,
		addr: number | undefined,
		sender: number | undefined,
	): void {
		const signo = signalNumber(signal);
		const base = {
			type: 'signal' as const,
			time: this.now(),
			host: this.name,
			pid: proc.pid,
			comm: proc.comm,
			signal,
			signo,
			code,
			codeName: siCodeName(signal, code),
		};
		const extra: { address?: number; senderPid?: number } = {};
		if (addr !== undefined) extra.address = addr;
		if (sender !== undefined) extra.senderPid = sender;
		const action = signalDefaultAction(signal);
		if (signal === 'SIGCONT') {
			if (proc.state === 'T')
				proc.state = proc.wakeAt !== undefined || proc.program !== 'generic' ? 'S' : 'R';
			this.#emit({ ...base, ...extra, disposition: 'cont' });
			// Signals that arrived while stopped are delivered now.
			const pending = proc.pending ?? [];
			delete proc.pending;
			for (const next of pending) {
				if (this.#proc(proc.pid)) this.#deliver(proc, next, SI_USER, undefined, sender);
			}
			return;
		}
		if (signal !== 'SIGKILL' && signal !== 'SIGSTOP' && proc.ignored.includes(signal)) {
			this.#emit({ ...base, ...extra, disposition: 'ignored' });
			return;
		}
		if (proc.state === 'T' && signal !== 'SIGKILL' && action !== 'stop') {
			// A stopped task runs neither handlers nor default actions until SIGCONT.
			proc.pending = [...(proc.pending ?? []).filter((p) => p !== signal), signal];
			return;
		}
		if (action === 'stop') {
			proc.state = 'T';
			this.#emit({ ...base, ...extra, disposition: 'stop' });
			return;
		}
		const program = programs[proc.program];
		if (signal !== 'SIGKILL' && program?.signal) {
			this.#emit({ ...base, ...extra, disposition: 'handled' });
			if (program.signal(this, proc.pid, signal)) return;
		}
		if (action === 'ign') {
			this.#emit({ ...base, ...extra, disposition: 'ignored' });
			return;
		}
		this.#emit({ ...base, ...extra, disposition: 'fatal' });
		this.#die(proc, signal, action === 'core');
	}

	/**
	 * A synchronous fault signal: it cannot be ignored or blocked (force_sig_fault). For code
	 * that went wrong, `ip` is where it ran and `content` the bytes of that page.
	 */
	#signalFault(
		proc: ProcessState,
		signal: SignalName,
		code: number,
		addr: number,
		vma: VmaState | null,
		ip = addr,
		content: PageContent | null = null,
	): void {
		const signo = signalNumber(signal);
		this.#emit({
			type: 'signal',
			time: this.now(),
			host: this.name,
			pid: proc.pid,
			comm: proc.comm,
			signal,
			signo,
			code,
			codeName: siCodeName(signal, code),
			address: addr,
			disposition: 'fatal',
		});
		this.#logFault(proc, signal, addr, ip, vma, content);
		this.#die(proc, signal, true);
	}

	#signalFatal(
		proc: ProcessState,
		signal: SignalName,
		code: number,
		addr: number | undefined,
	): void {
		const signo = signalNumber(signal);
		const event: KernelEvent = {
			type: 'signal',
			time: this.now(),
			host: this.name,
			pid: proc.pid,
			comm: proc.comm,
			signal,
			signo,
			code,
			codeName: siCodeName(signal, code),
			disposition: 'fatal',
		};
		if (addr !== undefined) event.address = addr;
		this.#emit(event);
		this.#die(proc, signal, signalDefaultAction(signal) === 'core');
	}

	/**
	 * The lines an x86-64 kernel logs for unhandled faults when show_unhandled_signals is 1:
	 * show_signal_msg() in arch/x86/mm/fault.c for SIGSEGV, show_signal() in
	 * arch/x86/kernel/traps.c for SIGILL. A SIGBUS from a failed page-in logs nothing.
	 */
	#logFault(
		proc: ProcessState,
		signal: SignalName,
		addr: number,
		ip: number,
		vma: VmaState | null,
		content: PageContent | null,
	): void {
		if (!vma || signal === 'SIGBUS') return;
		const name = (vma.path ?? '').split('/').pop() ?? '';
		const sp = 0x7ffc00000000 + Math.floor(this.#random() * 0x10000000) * 8;
		const where = ` in ${name}[${hex(ip - vma.start + vma.pgoff * PAGE_SIZE)},${hex(vma.start)}+${hex(vma.end - vma.start)}]`;
		if (signal === 'SIGSEGV') {
			this.#dmesg(
				`${proc.comm}[${proc.pid}]: segfault at ${hex(addr)} ip ${hex(ip, 16)} sp ${hex(sp, 16)} error 4${where} likely on CPU 0 (core 0, socket 0)`,
			);
			// show_opcodes(): 42 bytes before ip, the byte at ip in <>, 21 after.
			const offset = ip % PAGE_SIZE;
			if (offset >= 42 && offset + 22 <= PAGE_SIZE) {
				const bytes = pageBytes(content).padEnd(PAGE_SIZE, '\0');
				const at = (i: number) => hex(bytes.charCodeAt(i), 2);
				const before = Array.from({ length: 42 }, (_, i) => at(offset - 42 + i)).join(' ');
				const after = Array.from({ length: 21 }, (_, i) => at(offset + 1 + i)).join(' ');
				this.#dmesg(`Code: ${before} <${at(offset)}> ${after}`);
			} else {
				this.#dmesg(`Code: Unable to access opcode bytes at 0x${hex(ip - 42)}.`);
			}
		} else if (signal === 'SIGILL') {
			this.#dmesg(
				`traps: ${proc.comm}[${proc.pid}] trap invalid opcode ip:${hex(ip)} sp:${hex(sp)} error:0${where}`,
			);
		}
	}

	/** Kills a process with a signal, dumping core first when the signal's action is core. */
	#die(proc: ProcessState, signal: SignalName, coreAction: boolean): void {
		let core = false;
		let corePath: string | undefined;
		// vfs_coredump(): `if (cprm.limit < binfmt->min_coredump) goto fail_unlock;` before the
		// file is opened, and binfmt_elf's min_coredump is ELF_EXEC_PAGESIZE: a limit below one
		// page (ulimit -c 0 … 3) gives no core and no "(core dumped)". A larger limit truncates.
		if (coreAction && (proc.rlimitCore < 0 || proc.rlimitCore >= PAGE_SIZE)) {
			corePath = this.#dumpCore(proc) ?? undefined;
			core = corePath !== undefined;
		}
		this.#terminate(
			proc,
			{ kind: 'signaled', signal, signo: signalNumber(signal), core },
			false,
			corePath,
		);
	}

	/**
	 * do_coredump() with core_pattern "core" (the default, and what the reference machine uses):
	 * a file named `core` in the process's cwd, holding its anonymous memory and ELF headers
	 * (the default coredump_filter 0x33 leaves file-backed text out). Returns its path.
	 */
	#dumpCore(proc: ProcessState): string | null {
		const path = `${proc.cwd === '/' ? '' : proc.cwd}/core`;
		const found = this.#locate(proc.pid, path, true);
		if (!found.ok) return null;
		const { fs, dir, name } = found.value;
		let inode = found.value.inode;
		if (inode && inode.type !== 'file') return null;
		if (!inode) {
			const made = this.#create(fs, dir, name, 'file', 0o600, true);
			if (!made.ok) return null;
			inode = made.value;
		}
		const access = this.#getWriteAccess(inode);
		if (!access.ok) return null;
		this.#get(inode);
		const pages = proc.anonPages + 2 + proc.vmas.length;
		const limit = proc.rlimitCore < 0 ? Infinity : proc.rlimitCore;
		const size = Math.min(pages * PAGE_SIZE, limit);
		let done = this.#setSize(fs, inode, 0).ok;
		if (done && size > 0) {
			const body = emptyData();
			body.image = { name: 'core', build: `${proc.comm}.${proc.pid}`, pages: pagesOf(size) };
			// A dump cut short by a full filesystem does not count as dumped (dump_emit fails).
			const wrote = this.#putPages(fs, inode, 0, body, size);
			done = wrote.ok && wrote.value === size;
		}
		inode.writecount--;
		this.#put(fs, inode);
		if (done) this.#h.coreDumps++;
		return done ? found.value.path : null;
	}

	// ---------------------------------------------------------------- clock

	/** Runs background work for one step of simulated time (called by World.advance). */
	tick(): void {
		for (const proc of Object.values(this.#h.processes)) {
			if (proc.state === 'Z' || proc.state === 'T') continue;
			programs[proc.program]?.tick?.(this, proc.pid);
		}
		// The unmodelled programs keep running and fault their evicted pages back in, as far as
		// free memory allows.
		const h = this.#h;
		const missing = h.otherCacheTarget - h.otherCachePages;
		if (missing > 0) {
			const room = this.#freePages() - 2 * h.minFreePages;
			if (room > 0) h.otherCachePages += Math.min(missing, room);
		}
	}

	/** The earliest wake-up time of a sleeping process, if any. */
	nextWake(): number | null {
		// Asked for every host at every step of the clock: a plain walk, no array of processes.
		const processes = this.#h.processes;
		let best: number | null = null;
		for (const pid in processes) {
			const proc = processes[pid] as ProcessState;
			if (proc.state === 'S' && proc.wakeAt !== undefined && (best === null || proc.wakeAt < best))
				best = proc.wakeAt;
		}
		return best;
	}

	/** Wakes processes whose time has come (their program's tick decides what to do). */
	wake(): void {
		for (const proc of Object.values(this.#h.processes)) {
			if (proc.state === 'S' && proc.wakeAt !== undefined && proc.wakeAt <= this.now()) {
				proc.state = 'R';
				programs[proc.program]?.tick?.(this, proc.pid);
				if (proc.state === 'R' && proc.wakeAt !== undefined && proc.wakeAt <= this.now())
					proc.wakeAt = undefined;
				if (proc.state === 'R' && proc.program !== 'generic') proc.state = 'S';
			}
		}
	}

	// ---------------------------------------------------------------- introspection

	/** A process by pid (including zombies), or null. */
	process(pid: number): ProcessState | null {
		return this.#h.processes[pid] ?? null;
	}

	/** All processes, by pid. */
	processes(): ProcessState[] {
		return Object.values(this.#h.processes).sort((a, b) => a.pid - b.pid);
	}

	/** The mount table as /proc/mounts prints it. */
	mounts(): Array<MountState & { type: FsState['type'] }> {
		return this.#h.mounts.map((m) => ({ ...m, type: this.#fs(m.fsId).type }));
	}

	/** /proc/PID/exe: the path of the executable, with " (deleted)" when it has no name any more. */
	exeLink(pid: number): string | null {
		const proc = this.#h.processes[pid];
		if (!proc?.exe) return null;
		const fs = this.#fs(proc.exe.fsId);
		const inode = fs.inodes[proc.exe.inodeId];
		return inode ? this.#describePath(fs, inode, proc.exe.path) : null;
	}

	#describePath(fs: FsState, inode: InodeState, fallback: string): string {
		if (inode.nfs?.silly) {
			const dir = fs.inodes[inode.nfs.silly.dirId];
			const base = dir ? this.#pathOf(fs, dir) : '';
			return `${base === '/' ? '' : base}/${inode.nfs.silly.name}`;
		}
		if (inode.nlink === 0) return `${fallback} (deleted)`;
		const path = this.#pathOf(fs, inode);
		return path === '' ? `${fallback} (deleted)` : path;
	}

	/** /proc/PID/maps. */
	maps(pid: number): MapsEntry[] {
		const proc = this.#h.processes[pid];
		if (!proc) return [];
		// A program and each library has several mappings of one file: name each file once.
		const names = new Map<InodeState, Map<string, string>>();
		return [...proc.vmas]
			.sort((a, b) => a.start - b.start)
			.map((vma) => {
				let path =
					vma.label ?? (vma.kind === 'heap' ? '[heap]' : vma.kind === 'stack' ? '[stack]' : '');
				let inodeNo = 0;
				let dev = '00:00';
				let deleted = false;
				if (vma.fsId !== undefined && vma.inodeId !== undefined) {
					const fs = this.#fs(vma.fsId);
					const inode = fs.inodes[vma.inodeId];
					if (inode) {
						const fallback = vma.path ?? '';
						let byFallback = names.get(inode);
						if (!byFallback) names.set(inode, (byFallback = new Map()));
						let described = byFallback.get(fallback);
						if (described === undefined) {
							described = this.#describePath(fs, inode, fallback);
							byFallback.set(fallback, described);
						}
						path = described;
						deleted = path.endsWith(' (deleted)');
						inodeNo = inode.nfs ? inode.nfs.fileid : inode.ino;
						dev = `${hex(fs.dev >> 8, 2)}:${hex(fs.dev & 0xff, 2)}`;
					}
				}
				return {
					start: vma.start,
					end: vma.end,
					perms: vma.perms,
					offset: vma.pgoff * PAGE_SIZE,
					dev,
					inode: inodeNo,
					path,
					deleted,
				};
			});
	}

	/** Open file descriptors of a process: fd → path (as /proc/PID/fd shows them). */
	fdTable(pid: number): Array<{ fd: number; path: string; flags: number; offset: number }> {
		const proc = this.#h.processes[pid];
		if (!proc) return [];
		return Object.entries(proc.fds).map(([fd, id]) => {
			const file = this.#h.files[id];
			const fs = file ? this.#fs(file.fsId) : null;
			const inode = file && fs ? fs.inodes[file.inodeId] : undefined;
			// The path is walked up from the inode, so only an entry that is looked at pays for it.
			const describe = (): string =>
				file && fs && inode ? this.#describePath(fs, inode, file.path) : '?';
			return {
				fd: Number(fd),
				get path(): string {
					return describe();
				},
				flags: file?.flags ?? 0,
				offset: file?.offset ?? 0,
			};
		});
	}

	/** /proc/meminfo numbers, in KiB. */
	meminfo(): MemInfo {
		const h = this.#h;
		let anon = 0;
		for (const p of Object.values(h.processes)) anon += p.anonPages;
		let shmem = 0;
		let active = 0;
		let inactive = 0;
		let mapped = 0;
		for (const fs of Object.values(h.filesystems)) {
			if (fs.type === 'tmpfs') shmem += fs.usedPages;
			if (fs.type === 'tmpfs' || fs.type === 'proc') continue;
			for (const inode of Object.values(fs.inodes)) {
				for (const page of Object.values(inode.pages)) {
					if (page.active) active++;
					else inactive++;
					if (page.mapcount > 0) mapped++;
				}
			}
		}
		const free = this.#freePages();
		return {
			memTotal: h.memTotalPages * 4,
			memFree: free * 4,
			memAvailable: Math.max(0, free + h.cachePages + h.otherCachePages - h.minFreePages) * 4,
			buffers: 0,
			cached: (h.cachePages + h.otherCachePages + shmem) * 4,
			shmem: shmem * 4,
			activeFile: (active + h.otherCachePages) * 4,
			inactiveFile: inactive * 4,
			anonPages: anon * 4,
			mapped: (mapped + h.otherCachePages) * 4,
		};
	}

	/** nfsstat counters: RPCs this host sent as a client and served as a server, by procedure. */
	nfsstat(): { client: Record<string, number>; server: Record<string, number> } {
		return { client: { ...this.#h.nfsClientOps }, server: { ...this.#h.nfsServerOps } };
	}

	/** df numbers per mount, in 1K blocks. */
	df(): Array<{
		source: string;
		target: string;
		type: FsState['type'];
		size: number;
		used: number;
		avail: number;
	}> {
		return this.#h.mounts.map((m) => {
			const fs = this.#fs(m.fsId);
			const used = fs.usedPages;
			if (fs.type === 'nfs' && fs.nfs) {
				const server = this.#ctx
					.host(fs.nfs.server)
					.df()
					.find((d) => m.source.endsWith(`:${d.target}`) || d.target === '/');
				if (server)
					return {
						source: m.source,
						target: m.target,
						type: fs.type,
						size: server.size,
						used: server.used,
						avail: server.avail,
					};
			}
			return {
				source: m.source,
				target: m.target,
				type: fs.type,
				size: fs.capacityPages * 4,
				used: used * 4,
				// ext4_statfs: f_bavail is the free count less the root reserve and s_resv_clusters,
				// and 0 when they are more than what is free.
				avail:
					Math.max(0, fs.capacityPages - used - (fs.rootReservedPages ?? 0) - (fs.resvPages ?? 0)) *
					4,
			};
		});
	}

	/** The dmesg ring buffer. */
	dmesg(): Array<{ time: number; text: string }> {
		return [...this.#h.dmesg];
	}

	/** Which pages of a path are cached, without touching anything (for views and tests). */
	peekResidency(path: string): Residency | null {
		const found = this.#locateQuiet(path);
		if (!found) return null;
		return this.#residency(found.inode);
	}

	#residency(inode: InodeState): Residency {
		const resident = Object.keys(inode.pages)
			.map(Number)
			.sort((a, b) => a - b);
		return { size: inode.size, pages: pagesOf(inode.size), resident };
	}

	/** fincore(1) as it really works: open, fstat, mmap, mincore, munmap, close. */
	fincore(pid: number, path: string): SysResult<Residency> {
		const fd = this.openat(pid, path, O_RDONLY);
		if (!fd.ok) return fd;
		const file = this.#fileOf(pid, fd.value);
		let result: SysResult<Residency> = fail('EBADF');
		if (file) {
			const fs = this.#fs(file.fsId);
			const inode = this.#inode(fs, file.inodeId);
			if (inode.size > 0) {
				const addr = this.mmap(pid, fd.value, inode.size, PROT_READ, MAP_SHARED, 0);
				if (addr.ok) {
					result = ok(this.#residency(inode));
					this.munmap(pid, addr.value, inode.size);
				} else result = fail(addr.errno);
			} else result = ok(this.#residency(inode));
		}
		this.close(pid, fd.value);
		return result;
	}

	/** Looks up a path from / without RPCs or events; null if the kernel has no cached answer. */
	#locateQuiet(path: string, follow = true): { fs: FsState; inode: InodeState } | null {
		// PATH searches and exec's libraries ask for the same few paths all the time. A remembered
		// walk is reused only after checking everything it read is still what it was (see
		// QuietWalk), so a rename, unlink, link, mount or NFS cache update is seen at once.
		const key = (follow ? 'F' : 'N') + path;
		const known = this.#quietWalks.get(key);
		if (known && this.#walkHolds(known)) return known.answer;
		const walk: QuietWalk = {
			mounts: this.#h.mounts.slice(),
			fsIds: this.#h.mounts.map((m) => m.fsId),
			targets: this.#h.mounts.map((m) => m.target),
			filesystems: this.#h.filesystems,
			steps: [],
			linked: false,
			answer: null,
		};
		const answer = this.#walkQuiet(path, follow, walk);
		if (!walk.linked && walk.steps.length > 0) {
			walk.answer = answer;
			if (this.#quietWalks.size >= QUIET_WALKS_LIMIT) this.#quietWalks.clear();
			this.#quietWalks.set(key, walk);
		}
		return answer;
	}

	/** Remembered walks of #locateQuiet, by follow flag and path. Not part of the state. */
	readonly #quietWalks = new Map<string, QuietWalk>();

	/** Whether a remembered walk would read the same entries and inodes again. */
	#walkHolds(walk: QuietWalk): boolean {
		const h = this.#h;
		if (h.filesystems !== walk.filesystems || h.mounts.length !== walk.mounts.length) return false;
		for (let i = 0; i < walk.mounts.length; i++) {
			const m = h.mounts[i] as MountState;
			if (m !== walk.mounts[i] || m.fsId !== walk.fsIds[i] || m.target !== walk.targets[i])
				return false;
		}
		for (const step of walk.steps) {
			if (h.filesystems[step.fs.id] !== step.fs) return false;
			if (step.fs.inodes[step.fs.rootId] !== step.root) return false;
			const id = step.dir.entries?.[step.name];
			if (id !== step.id) return false;
			if (id !== undefined && step.fs.inodes[id] !== step.child) return false;
			// An inode can change type in place (usrmerge turns /bin into a link): check it too.
			if (step.child && step.child.type !== step.type) return false;
		}
		return true;
	}

	/**
	 * The walk itself. It records each lookup in `walk.steps`, and `walk.linked` when it followed
	 * a symbolic link: such a walk is not remembered.
	 */
	#walkQuiet(
		path: string,
		follow: boolean,
		walk: QuietWalk,
	): { fs: FsState; inode: InodeState } | null {
		let parts = normalizePath('/', path);
		// Symlinks are followed from what is cached (an NFS link's target once READLINK ran).
		for (let hops = 0; hops <= MAXSYMLINKS; hops++) {
			const { mount, rest } = this.#mountAt(parts);
			const fs = this.#fs(mount.fsId);
			const root = this.#inode(fs, fs.rootId);
			let inode = root;
			let jumped = false;
			if (rest.length === 0) walk.steps.push({ fs, root, dir: root, name: '', id: undefined });
			for (let i = 0; i < rest.length; i++) {
				const name = rest[i] ?? '';
				const id = inode.entries?.[name];
				const next = id === undefined ? undefined : fs.inodes[id];
				walk.steps.push({ fs, root, dir: inode, name, id, child: next, type: next?.type });
				if (!next) return null;
				if (next.type === 'symlink' && (follow || i < rest.length - 1)) {
					walk.linked = true;
					if (next.target === undefined) return null;
					const base = `/${parts.slice(0, parts.length - rest.length + i).join('/')}`;
					parts = [...normalizePath(base, next.target), ...rest.slice(i + 1)];
					jumped = true;
					break;
				}
				inode = next;
			}
			if (!jumped) return { fs, inode };
		}
		return null;
	}

	/**
	 * bash's file_status() for root, without side effects: 'exec' for a file with any execute
	 * bit, 'dir' for a directory, 'other' for anything else that exists, null if nothing is
	 * there (findcmd.c).
	 */
	peekExecStatus(path: string): 'exec' | 'dir' | 'other' | null {
		const found = this.#locateQuiet(path);
		if (found === null) return null;
		const { type, mode } = found.inode;
		if (type === 'dir') return 'dir';
		return (mode & 0o111) !== 0 ? 'exec' : 'other';
	}

	/** stat without side effects (no RPC, no event), for views; null if unknown. */
	peekStat(path: string): Stat | null {
		const found = this.#locateQuiet(path);
		return found ? this.#stat(found.fs, found.inode) : null;
	}

	/** lstat without side effects, for views (`ls -l` of a symlink); null if unknown. */
	peekLstat(path: string): Stat | null {
		const found = this.#locateQuiet(path, false);
		return found ? this.#stat(found.fs, found.inode) : null;
	}

	/** A symlink's target without side effects (null if not a link or not cached), for views. */
	peekReadlink(path: string): string | null {
		const found = this.#locateQuiet(path, false);
		return found?.inode.type === 'symlink' ? (found.inode.target ?? null) : null;
	}

	/** The i_writecount of a path's inode (negative while executed), for views and tests. */
	peekWritecount(path: string): number | null {
		return this.#locateQuiet(path)?.inode.writecount ?? null;
	}

	/** Sets up a file with content directly, without events (used to build worlds). */
	seedFile(
		path: string,
		content: { text?: string; image?: { name: string; build: string; size: number } },
		mode = 0o644,
	): void {
		const parts = normalizePath('/', path);
		const name = parts.pop() ?? '';
		let dirPath = '';
		for (const part of parts) {
			dirPath += `/${part}`;
			this.#seedDir(dirPath);
		}
		const found = this.#locateQuiet(parts.length ? `/${parts.join('/')}` : '/');
		if (!found || !found.inode.entries) throw new Error(`cannot seed ${path}`);
		const created = this.#create(found.fs, found.inode, name, 'file', mode, true);
		if (!created.ok) throw new Error(`cannot seed ${path}: ${created.errno}`);
		const inode = created.value;
		if (content.image) {
			inode.data = {
				image: {
					name: content.image.name,
					build: content.image.build,
					pages: pagesOf(content.image.size),
				},
				pages: {},
			};
			inode.size = content.image.size;
		} else if (content.text !== undefined) {
			const bytes = utf8Encode(content.text);
			if (inode.data) writeRange(inode.data, 0, bytes);
			inode.size = bytes.length;
		}
		if (found.fs.type === 'tmpfs' && inode.data)
			found.fs.usedPages += Object.keys(inode.data.pages).length;
		found.fs.usedPages += this.#blocksOf(found.fs, inode);
	}

	/**
	 * Seeds a file with a chosen inode number, leaving the file system's counters where they were,
	 * so files added to a world later do not renumber the inodes its transcripts show.
	 */
	seedFileAt(
		ino: number,
		path: string,
		content: { text?: string; image?: { name: string; build: string; size: number } },
		mode = 0o644,
	): void {
		const parts = normalizePath('/', path);
		parts.pop();
		this.seedDir(`/${parts.join('/')}`);
		const found = this.#locateQuiet(`/${parts.join('/')}`);
		if (!found) throw new Error(`cannot seed ${path}`);
		const { nextId, nextGeneration } = found.fs;
		if (found.fs.inodes[ino]) throw new Error(`cannot seed ${path}: inode ${ino} is taken`);
		found.fs.nextId = ino;
		this.seedFile(path, content, mode);
		found.fs.nextId = nextId;
		found.fs.nextGeneration = nextGeneration;
	}

	/**
	 * Creates one directory with a given inode number (its parent must exist), leaving the
	 * numbers and generations of later inodes as they would have been without it.
	 */
	seedDirAt(ino: number, path: string): void {
		if (this.#locateQuiet(path)) return;
		const parts = normalizePath('/', path);
		parts.pop();
		const found = this.#locateQuiet(`/${parts.join('/')}`);
		if (!found) throw new Error(`cannot seed ${path}`);
		const { nextId, nextGeneration } = found.fs;
		if (found.fs.inodes[ino]) throw new Error(`cannot seed ${path}: inode ${ino} is taken`);
		found.fs.nextId = ino;
		this.#seedDir(path);
		found.fs.nextId = nextId;
		found.fs.nextGeneration = nextGeneration;
	}

	#seedDir(path: string, mode = 0o755): void {
		if (this.#locateQuiet(path)) return;
		const parts = normalizePath('/', path);
		const name = parts.pop() ?? '';
		const parent = this.#locateQuiet(`/${parts.join('/')}`);
		if (!parent) throw new Error(`cannot seed ${path}`);
		this.#create(parent.fs, parent.inode, name, 'dir', mode, true);
	}

	/**
	 * Debian 12's merged /usr: /bin, /sbin, /lib and /lib64 become symbolic links to usr/bin,
	 * usr/sbin, usr/lib and usr/lib64. A directory already there is converted as the usrmerge
	 * tool does it: its entries move into /usr and its inode becomes the link, so every file
	 * keeps its inode number. Whatever has to be made anew is numbered from `ino` up.
	 */
	seedMergedUsr(ino: number): void {
		let next = ino;
		const root = this.#locateQuiet('/');
		if (!root?.inode.entries) throw new Error('no root directory');
		const { fs, inode: top } = root;
		for (const name of ['bin', 'sbin', 'lib', 'lib64']) {
			const usrPath = `/usr/${name}`;
			if (!this.#locateQuiet(usrPath)) this.seedDirAt(next++, usrPath);
			const usr = this.#locateQuiet(usrPath);
			if (!usr?.inode.entries) throw new Error(`cannot seed ${usrPath}`);
			const target = `usr/${name}`;
			const id = top.entries?.[name];
			const old = id === undefined ? undefined : fs.inodes[id];
			if (!old) {
				this.seedSymlinkAt(next++, `/${name}`, target);
				continue;
			}
			if (old.type !== 'dir' || !old.entries) throw new Error(`cannot merge /${name}`);
			for (const [entry, childId] of Object.entries(old.entries)) {
				const child = fs.inodes[childId];
				if (!child) continue;
				usr.inode.entries[entry] = childId;
				child.parent = usr.inode.id;
				if (child.type === 'dir') usr.inode.nlink++;
			}
			// The directory's block goes back to the free count; the short link lives in the inode.
			fs.usedPages -= this.#blocksOf(fs, old);
			old.type = 'symlink';
			old.mode = 0o777;
			old.nlink = 1;
			old.target = target;
			old.size = target.length;
			delete old.entries;
			fs.usedPages += this.#blocksOf(fs, old);
			top.nlink--;
		}
	}

	/** seedSymlink with a given inode number, leaving later inodes' numbers alone. */
	seedSymlinkAt(ino: number, path: string, target: string): void {
		const fs = this.#locateQuiet(`/${normalizePath('/', path).slice(0, -1).join('/')}`)?.fs;
		if (!fs || fs.inodes[ino]) throw new Error(`cannot seed ${path} at inode ${ino}`);
		const { nextId, nextGeneration } = fs;
		fs.nextId = ino;
		this.seedSymlink(path, target);
		fs.nextId = nextId;
		fs.nextGeneration = nextGeneration;
	}

	/** Creates a symbolic link directly, without events (used to build worlds). */
	seedSymlink(path: string, target: string): void {
		const parts = normalizePath('/', path);
		const name = parts.pop() ?? '';
		this.seedDir(`/${parts.join('/')}`);
		const parent = this.#locateQuiet(`/${parts.join('/')}`);
		if (!parent?.inode.entries) throw new Error(`cannot seed ${path}`);
		const made = this.#create(parent.fs, parent.inode, name, 'symlink', 0o777, true, target);
		if (!made.ok) throw new Error(`cannot seed ${path}: ${made.errno}`);
	}

	/** Creates a directory (and parents) directly, without events. */
	/** Creates `path` and any missing parents; only the last one gets `mode`. */
	seedDir(path: string, mode = 0o755): void {
		const parts = normalizePath('/', path);
		let dirPath = '';
		parts.forEach((part, i) => {
			dirPath += `/${part}`;
			this.#seedDir(dirPath, i === parts.length - 1 ? mode : 0o755);
		});
	}

	/** Creates a character device node with a given inode number (see seedFileAt). */
	seedDeviceAt(ino: number, path: string, device: 'null' | 'tty' | 'zero'): void {
		const parts = normalizePath('/', path);
		parts.pop();
		const found = this.#locateQuiet(`/${parts.join('/')}`);
		if (!found) throw new Error(`cannot seed ${path}`);
		const { nextId, nextGeneration } = found.fs;
		if (found.fs.inodes[ino]) throw new Error(`cannot seed ${path}: inode ${ino} is taken`);
		found.fs.nextId = ino;
		this.seedDevice(path, device);
		found.fs.nextId = nextId;
		found.fs.nextGeneration = nextGeneration;
	}

	/** Creates a character device node directly. */
	seedDevice(path: string, device: 'null' | 'tty' | 'zero'): void {
		const parts = normalizePath('/', path);
		const name = parts.pop() ?? '';
		this.seedDir(`/${parts.join('/')}`);
		const parent = this.#locateQuiet(`/${parts.join('/')}`);
		if (!parent?.inode.entries) return;
		const inode = this.#newInode(parent.fs, 'chr', 0o666, parent.inode.id);
		inode.device = device;
		parent.inode.entries[name] = inode.id;
	}

	// ---------------------------------------------------------------- NFS client

	#nfsServer(fs: FsState): Host {
		return this.#ctx.host(fs.nfs?.server ?? '');
	}

	#rpc<T>(
		fs: FsState,
		op: NfsOp,
		inode: InodeState,
		name: string | undefined,
		call: () => NfsReply<T>,
	): NfsReply<T> {
		const server = fs.nfs?.server ?? '?';
		const h = this.#h;
		h.nfsClientOps[op] = (h.nfsClientOps[op] ?? 0) + 1;
		const reply = call();
		const event: KernelEvent = {
			type: 'rpc',
			time: this.now(),
			client: this.name,
			server,
			op,
			fh: inode.nfs?.fh ?? '',
			status: reply.status,
		};
		if (name !== undefined) event.name = name;
		this.#emit(event);
		if (reply.status === 'NFS3ERR_STALE' && inode.nfs) inode.nfs.stale = true;
		return reply;
	}

	#nfsIsDir(inode: InodeState): boolean {
		return inode.type === 'dir';
	}

	/** Whether the cached attributes are still within attrtimeo (nfs_attribute_cache_expired). */
	#nfsFresh(inode: InodeState): boolean {
		return !!inode.nfs && this.now() - inode.nfs.readCacheTime < inode.nfs.attrtimeo;
	}

	/**
	 * nfs_update_inode(): take the server's attributes. A changed size or ctime (the NFSv3
	 * change attribute) marks the cached data invalid and resets attrtimeo to its minimum;
	 * unchanged attributes double it, up to the maximum.
	 */
	#nfsUpdate(fs: FsState, inode: InodeState, attr: Fattr): void {
		const nfs = inode.nfs;
		const opts = fs.nfs?.options;
		if (!nfs || !opts) return;
		const min = this.#nfsIsDir(inode) ? opts.acdirmin : opts.acregmin;
		const max = this.#nfsIsDir(inode) ? opts.acdirmax : opts.acregmax;
		const changed =
			attr.ctime !== inode.ctime || attr.size !== inode.size || attr.mtime !== inode.mtime;
		if (changed) {
			if (inode.type === 'file' && (attr.ctime !== inode.ctime || attr.size !== inode.size))
				nfs.invalidData = true;
			// A symlink's cached target is its page cache: a change drops it.
			if (inode.type === 'symlink') delete inode.target;
			nfs.attrtimeo = min;
			nfs.attrtimeoStamp = this.now();
		} else if (this.now() >= nfs.attrtimeoStamp + nfs.attrtimeo) {
			nfs.attrtimeo = Math.min(nfs.attrtimeo * 2, max);
			nfs.attrtimeoStamp = this.now();
		}
		nfs.readCacheTime = this.now();
		this.#applyAttr(inode, attr);
		this.#emit({
			type: 'attr-cache',
			time: this.now(),
			host: this.name,
			fs: fs.id,
			fh: nfs.fh,
			path: this.#pathOf(fs, inode),
			changed,
			attrtimeo: nfs.attrtimeo,
		});
	}

	#applyAttr(inode: InodeState, attr: Fattr): void {
		inode.mode = attr.mode;
		inode.nlink = attr.nlink;
		inode.size = attr.size;
		if (attr.used !== undefined) inode.used = attr.used;
		inode.atime = attr.atime;
		inode.mtime = attr.mtime;
		inode.ctime = attr.ctime;
	}

	/** Our own WRITE or SETATTR: weak cache consistency data says only we changed it. */
	#nfsOwnChange(fs: FsState, inode: InodeState, attr: Fattr): void {
		this.#applyAttr(inode, attr);
		if (inode.nfs) {
			inode.nfs.readCacheTime = this.now();
			const opts = fs.nfs?.options;
			if (opts) {
				inode.nfs.attrtimeo = opts.acregmin;
				inode.nfs.attrtimeoStamp = this.now();
			}
		}
	}

	/** __nfs_revalidate_inode(): GETATTR if forced (close-to-open) or the cache has expired. */
	#nfsRevalidate(fs: FsState, inode: InodeState, force: boolean): SysResult<number> {
		const nfs = inode.nfs;
		if (!nfs) return ok(0);
		if (nfs.stale) return fail('ESTALE');
		if (!force && this.#nfsFresh(inode)) return ok(0);
		if (force && fs.nfs && !fs.nfs.options.cto && this.#nfsFresh(inode)) return ok(0);
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'GETATTR', inode, undefined, () => server.nfsdGetattr(nfs.fh));
		if (reply.status !== 'NFS3_OK' || !reply.attr) return fail(nfsErrno[reply.status]);
		this.#nfsUpdate(fs, inode, reply.attr);
		return ok(0);
	}

	/**
	 * nfs_revalidate_mapping(): called by read, mmap and exec's kernel_read, never by page faults.
	 * If the data is invalid, invalidate_inode_pages2() drops every cached page and unmaps it from
	 * every process (mm/truncate.c).
	 */
	#nfsRevalidateMapping(fs: FsState, inode: InodeState): SysResult<number> {
		const fresh = this.#nfsRevalidate(fs, inode, false);
		if (!fresh.ok) return fresh;
		if (inode.nfs?.invalidData) {
			inode.nfs.invalidData = false;
			const count = Object.keys(inode.pages).length;
			const unmapped = this.#dropAllPages(fs, inode, 'invalidate');
			this.#emit({
				type: 'invalidate',
				time: this.now(),
				host: this.name,
				fs: fs.id,
				ino: inode.nfs.fileid,
				path: this.#pathOf(fs, inode),
				pages: count,
				unmapped,
			});
		}
		return ok(0);
	}

	/** nfs_read_folio(): READ one page from the server; a stale inode fails at once. */
	#nfsReadPage(fs: FsState, inode: InodeState, index: number): SysResult<PageContent | null> {
		const nfs = inode.nfs;
		if (!nfs) return fail('EIO');
		if (nfs.stale) return fail('ESTALE');
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'READ', inode, undefined, () => server.nfsdRead(nfs.fh, index, 1));
		if (reply.status !== 'NFS3_OK' || !reply.value) return fail(nfsErrno[reply.status]);
		if (reply.attr) this.#nfsUpdate(fs, inode, reply.attr);
		return ok(pageContent(reply.value, 0));
	}

	#nfsWrite(fs: FsState, inode: InodeState, offset: number, bytes: string): SysResult<number> {
		const nfs = inode.nfs;
		if (!nfs) return fail('EIO');
		if (nfs.stale) return fail('ESTALE');
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'WRITE', inode, undefined, () =>
			server.nfsdWriteBytes(nfs.fh, offset, bytes),
		);
		if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
		if (reply.attr) this.#nfsOwnChange(fs, inode, reply.attr);
		// Cached pages we wrote through hold the new bytes.
		const first = Math.floor(offset / PAGE_SIZE);
		const last = Math.floor((offset + Math.max(bytes.length, 1) - 1) / PAGE_SIZE);
		for (let i = first; i <= last; i++) {
			const page = inode.pages[i];
			if (!page) continue;
			const body = emptyData();
			if (page.content) body.pages[0] = page.content;
			writeRange(
				body,
				offset - i * PAGE_SIZE > 0 ? offset - i * PAGE_SIZE : 0,
				bytes.slice(Math.max(0, i * PAGE_SIZE - offset), Math.max(0, (i + 1) * PAGE_SIZE - offset)),
			);
			page.content = pageContent(body, 0) ?? { k: 'b', b: '' };
		}
		return ok(bytes.length);
	}

	/** Finds or creates the client inode for a file handle and takes the attributes. */
	#nfsInode(fs: FsState, fh: string, attr: Fattr, parent: number): InodeState {
		const nfsfs = fs.nfs;
		if (!nfsfs) throw new Error('not nfs');
		const id = nfsfs.fhIndex[fh];
		const existing = id === undefined ? undefined : fs.inodes[id];
		if (existing) {
			this.#nfsUpdate(fs, existing, attr);
			existing.parent = parent;
			return existing;
		}
		const inode = this.#newInode(fs, attr.type, attr.mode, parent);
		delete inode.data;
		if (inode.type === 'dir') inode.dentryVerifier = nameTable();
		this.#applyAttr(inode, attr);
		inode.nfs = {
			fh,
			fileid: attr.fileid,
			readCacheTime: this.now(),
			attrtimeo: inode.type === 'dir' ? nfsfs.options.acdirmin : nfsfs.options.acregmin,
			attrtimeoStamp: this.now(),
			invalidData: false,
			stale: false,
		};
		nfsfs.fhIndex[fh] = inode.id;
		return inode;
	}

	/**
	 * Looks a name up in an NFS directory (nfs_do_lookup_revalidate in fs/nfs/dir.c). A cached
	 * dentry is trusted while the directory's attributes are fresh and unchanged
	 * (nfs_check_verifier); otherwise LOOKUP goes out. An open also verifies what it finds
	 * (close-to-open), but only a regular file or a directory: a symlink on the way is followed
	 * as cached (nfs_lookup_verify_inode), and its target is checked only when its own
	 * attributes expire (nfs_get_link). Under LOOKUP_REVAL no cached name is trusted: LOOKUP
	 * goes out for each one, and a different file handle replaces the dentry
	 * (nfs_lookup_revalidate_dentry).
	 */
	#nfsLookup(
		fs: FsState,
		dir: InodeState,
		name: string,
		open: boolean,
	): SysResult<InodeState | null> {
		const dirNfs = dir.nfs;
		if (!dirNfs || !dir.entries) return fail('EIO');
		if (dirNfs.stale) return fail('ESTALE');
		const server = this.#nfsServer(fs);
		const cachedId = dir.entries[name];
		if (cachedId !== undefined) {
			const cached = fs.inodes[cachedId];
			if (this.#reval) {
				const nfs = cached?.nfs;
				if (cached && nfs && !nfs.stale) {
					const reply = this.#rpc(fs, 'LOOKUP', dir, name, () =>
						server.nfsdLookup(dirNfs.fh, name),
					);
					if (reply.dirAttr) this.#nfsUpdate(fs, dir, reply.dirAttr);
					if (reply.status === 'NFS3_OK' && reply.value === nfs.fh && reply.attr) {
						this.#nfsUpdate(fs, cached, reply.attr);
						if (dir.dentryVerifier) dir.dentryVerifier[name] = dir.ctime;
						return ok(cached);
					}
				}
			} else {
				const valid = this.#nfsRevalidate(fs, dir, false);
				if (!valid.ok) return fail(valid.errno);
				if (cached && dir.dentryVerifier?.[name] === dir.ctime && !cached.nfs?.stale) {
					const verify = open && (cached.type === 'file' || cached.type === 'dir');
					if (!verify) return ok(cached);
					const fresh = this.#nfsRevalidate(fs, cached, true);
					if (fresh.ok) return ok(cached);
				}
			}
			// The dentry is invalid (d_invalidate): the VFS looks the name up again (nfs_lookup).
			delete dir.entries[name];
			if (dir.dentryVerifier) delete dir.dentryVerifier[name];
		}
		const reply = this.#rpc(fs, 'LOOKUP', dir, name, () => server.nfsdLookup(dirNfs.fh, name));
		// LOOKUP3res carries the directory's attributes: a changed directory shows here too, and
		// the other cached names in it will be looked up again (nfs_refresh_inode).
		if (reply.dirAttr) this.#nfsUpdate(fs, dir, reply.dirAttr);
		if (reply.status === 'NFS3ERR_NOENT') return ok(null);
		if (reply.status !== 'NFS3_OK' || !reply.value || !reply.attr)
			return fail(nfsErrno[reply.status]);
		const inode = this.#nfsInode(fs, reply.value, reply.attr, dir.id);
		dir.entries[name] = inode.id;
		if (dir.dentryVerifier) dir.dentryVerifier[name] = dir.ctime;
		return ok(inode);
	}

	#nfsDirChanged(dir: InodeState, attr: Fattr | undefined): void {
		// The directory's new attributes after our own change: keep our dentries valid.
		if (!attr || !dir.nfs) return;
		this.#applyAttr(dir, attr);
		dir.nfs.readCacheTime = this.now();
		if (dir.dentryVerifier)
			for (const key of Object.keys(dir.dentryVerifier)) dir.dentryVerifier[key] = dir.ctime;
	}

	#nfsCreate(
		fs: FsState,
		dir: InodeState,
		name: string,
		type: 'file' | 'dir',
		mode: number,
		exclusive: boolean,
	): SysResult<InodeState> {
		const dirNfs = dir.nfs;
		if (!dirNfs || !dir.entries) return fail('EIO');
		const server = this.#nfsServer(fs);
		const op: NfsOp = type === 'dir' ? 'MKDIR' : 'CREATE';
		const reply = this.#rpc(fs, op, dir, name, () =>
			server.nfsdCreate(dirNfs.fh, name, type, mode, exclusive),
		);
		if (reply.status !== 'NFS3_OK' || !reply.value) return fail(nfsErrno[reply.status]);
		const made = reply.value;
		this.#nfsDirChanged(dir, made.dirAttr);
		const inode = this.#nfsInode(fs, made.fh, made.attr, dir.id);
		dir.entries[name] = inode.id;
		if (dir.dentryVerifier) dir.dentryVerifier[name] = dir.ctime;
		return ok(inode);
	}

	/** nfs3_proc_symlink(): SYMLINK, then the new link's handle and attributes join the cache. */
	#nfsSymlink(fs: FsState, dir: InodeState, name: string, target: string): SysResult<InodeState> {
		const dirNfs = dir.nfs;
		if (!dirNfs || !dir.entries) return fail('EIO');
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'SYMLINK', dir, name, () =>
			server.nfsdSymlink(dirNfs.fh, name, target),
		);
		if (reply.status !== 'NFS3_OK' || !reply.value) return fail(nfsErrno[reply.status]);
		const made = reply.value;
		this.#nfsDirChanged(dir, made.dirAttr);
		const inode = this.#nfsInode(fs, made.fh, made.attr, dir.id);
		inode.target = target;
		dir.entries[name] = inode.id;
		if (dir.dentryVerifier) dir.dentryVerifier[name] = dir.ctime;
		return ok(inode);
	}

	/** The name nfs_sillyrename() gives: ".nfs" + 16 hex digits of fileid + 8 of a counter. */
	#sillyName(fs: FsState, inode: InodeState): string {
		const counter = fs.nfs ? ++fs.nfs.sillyCounter : 0;
		return `.nfs${hex(inode.nfs?.fileid ?? 0, 16)}${hex(counter, 8)}`;
	}

	#nfsSillyRename(
		fs: FsState,
		dir: InodeState,
		name: string,
		inode: InodeState,
	): SysResult<number> {
		const dirNfs = dir.nfs;
		if (!dirNfs || !dir.entries || !inode.nfs) return fail('EIO');
		const silly = this.#sillyName(fs, inode);
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'RENAME', dir, `${name} -> ${silly}`, () =>
			server.nfsdRename(dirNfs.fh, name, dirNfs.fh, silly),
		);
		if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
		this.#nfsDirChanged(dir, reply.attr);
		delete dir.entries[name];
		dir.entries[silly] = inode.id;
		if (dir.dentryVerifier) {
			delete dir.dentryVerifier[name];
			dir.dentryVerifier[silly] = dir.ctime;
		}
		inode.nfs.silly = { dirId: dir.id, name: silly };
		this.#emit({
			type: 'silly-rename',
			time: this.now(),
			host: this.name,
			from: name,
			to: silly,
			dir: this.#pathOf(fs, dir),
		});
		return ok(0);
	}

	/** nfs_unlink(): a file this client still uses is silly-renamed instead of removed. */
	#nfsRemove(fs: FsState, dir: InodeState, name: string, inode: InodeState): SysResult<number> {
		const dirNfs = dir.nfs;
		if (!dirNfs || !dir.entries) return fail('EIO');
		// A silly-renamed file is still in use: removing it by hand is refused (nfs_unlink → -EBUSY).
		if (inode.nfs?.silly && inode.nfs.silly.name === name) return fail('EBUSY');
		if (inode.type !== 'dir' && inode.refs > 0 && !inode.nfs?.silly)
			return this.#nfsSillyRename(fs, dir, name, inode);
		const server = this.#nfsServer(fs);
		const op: NfsOp = inode.type === 'dir' ? 'RMDIR' : 'REMOVE';
		const reply = this.#rpc(fs, op, dir, name, () =>
			server.nfsdRemove(dirNfs.fh, name, inode.type === 'dir'),
		);
		if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
		this.#nfsDirChanged(dir, reply.attr);
		delete dir.entries[name];
		if (dir.dentryVerifier) delete dir.dentryVerifier[name];
		inode.nlink = Math.max(0, inode.nlink - 1);
		return ok(0);
	}

	/** nfs_rename(): an in-use target is silly-renamed first, so its users keep a valid handle. */
	#nfsRename(
		fs: FsState,
		odir: InodeState,
		oname: string,
		src: InodeState,
		ndir: InodeState,
		nname: string,
		dst: InodeState | null,
	): SysResult<number> {
		const odirNfs = odir.nfs;
		const ndirNfs = ndir.nfs;
		if (!odirNfs || !ndirNfs || !odir.entries || !ndir.entries) return fail('EIO');
		if (dst && dst.type !== 'dir' && dst.refs > 0 && !dst.nfs?.silly) {
			const moved = this.#nfsSillyRename(fs, ndir, nname, dst);
			if (!moved.ok) return moved;
		}
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'RENAME', odir, `${oname} -> ${nname}`, () =>
			server.nfsdRename(odirNfs.fh, oname, ndirNfs.fh, nname),
		);
		if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
		this.#nfsDirChanged(odir, reply.attr);
		if (ndir !== odir) this.#nfsDirChanged(ndir, undefined);
		delete odir.entries[oname];
		if (odir.dentryVerifier) delete odir.dentryVerifier[oname];
		if (ndir.entries[nname] !== undefined && dst && !dst.nfs?.silly)
			dst.nlink = Math.max(0, dst.nlink - 1);
		ndir.entries[nname] = src.id;
		if (ndir.dentryVerifier) ndir.dentryVerifier[nname] = ndir.ctime;
		src.parent = ndir.id;
		return ok(0);
	}

	#nfsLink(fs: FsState, src: InodeState, dir: InodeState, name: string): SysResult<number> {
		const dirNfs = dir.nfs;
		const srcNfs = src.nfs;
		if (!dirNfs || !srcNfs || !dir.entries) return fail('EIO');
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'LINK', src, name, () =>
			server.nfsdLink(srcNfs.fh, dirNfs.fh, name),
		);
		if (reply.status !== 'NFS3_OK') return fail(nfsErrno[reply.status]);
		if (reply.attr) this.#nfsOwnChange(fs, src, reply.attr);
		dir.entries[name] = src.id;
		if (dir.dentryVerifier) dir.dentryVerifier[name] = dir.ctime;
		return ok(0);
	}

	#nfsReaddir(fs: FsState, dir: InodeState): SysResult<DirEntry[]> {
		const dirNfs = dir.nfs;
		if (!dirNfs || !dir.entries) return fail('EIO');
		if (dirNfs.stale) return fail('ESTALE');
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'READDIRPLUS', dir, undefined, () => server.nfsdReaddir(dirNfs.fh));
		if (reply.status !== 'NFS3_OK' || !reply.value) return fail(nfsErrno[reply.status]);
		if (reply.attr) this.#nfsUpdate(fs, dir, reply.attr);
		const list: DirEntry[] = [];
		const seen = new Set<string>();
		for (const entry of reply.value) {
			if (entry.name === '.' || entry.name === '..') {
				list.push({ name: entry.name, ino: entry.attr.fileid, type: 'dir' });
				continue;
			}
			const inode = this.#nfsInode(fs, entry.fh, entry.attr, dir.id);
			dir.entries[entry.name] = inode.id;
			if (dir.dentryVerifier) dir.dentryVerifier[entry.name] = dir.ctime;
			seen.add(entry.name);
			list.push({ name: entry.name, ino: entry.attr.fileid, type: entry.attr.type });
		}
		for (const name of Object.keys(dir.entries)) {
			if (!seen.has(name)) {
				delete dir.entries[name];
				if (dir.dentryVerifier) delete dir.dentryVerifier[name];
			}
		}
		return ok(list);
	}

	/** The last user of a silly-renamed file is gone: remove the .nfs name (nfs_async_unlink). */
	#nfsRelease(fs: FsState, inode: InodeState): void {
		const silly = inode.nfs?.silly;
		if (!silly || !inode.nfs) return;
		inode.nfs.silly = undefined;
		const dir = fs.inodes[silly.dirId];
		const dirNfs = dir?.nfs;
		if (!dir || !dirNfs) return;
		const server = this.#nfsServer(fs);
		const reply = this.#rpc(fs, 'REMOVE', dir, silly.name, () =>
			server.nfsdRemove(dirNfs.fh, silly.name, false),
		);
		if (reply.status === 'NFS3_OK') this.#nfsDirChanged(dir, reply.attr);
		if (dir.entries) delete dir.entries[silly.name];
		if (dir.dentryVerifier) delete dir.dentryVerifier[silly.name];
		inode.nlink = 0;
		this.#dropAllPages(fs, inode, 'inode-freed');
	}

	/** drop_caches 2: forget unused NFS inodes and dentries (their pages go with them). */
	#nfsShrinkDcache(fs: FsState): void {
		// Leaves go first; a directory becomes unused once its children are gone, so repeat.
		for (let round = 0; round < 64; round++) {
			if (!this.#nfsShrinkOnce(fs)) return;
		}
	}

	#nfsShrinkOnce(fs: FsState): boolean {
		let dropped = false;
		for (const inode of Object.values(fs.inodes)) {
			if (inode.id === fs.rootId || inode.refs > 0 || !inode.nfs) continue;
			if (inode.type === 'dir' && Object.keys(inode.entries ?? {}).length > 0) continue;
			dropped = true;
			this.#dropAllPages(fs, inode, 'drop_caches');
			// Every dentry of the inode goes (hard links may sit in several directories).
			for (const dir of Object.values(fs.inodes)) {
				if (!dir.entries) continue;
				for (const [name, id] of Object.entries(dir.entries)) {
					if (id !== inode.id) continue;
					delete dir.entries[name];
					if (dir.dentryVerifier) delete dir.dentryVerifier[name];
				}
			}
			if (fs.nfs) delete fs.nfs.fhIndex[inode.nfs.fh];
			delete fs.inodes[inode.id];
		}
		return dropped;
	}

	// ---------------------------------------------------------------- NFS server (knfsd)

	#exportFs(): FsState | null {
		const path = this.#h.exports[0];
		if (!path) return null;
		return this.#locateQuiet(path)?.fs ?? null;
	}

	/** Encodes a file handle: filesystem device, inode id and generation (like fh_compose). */
	#fhOf(fs: FsState, inode: InodeState): string {
		return `01000001${hex(fs.dev, 8)}${hex(inode.id, 8)}${hex(inode.generation, 8)}`;
	}

	/** The server's root file handle of its export (what MOUNT returns). */
	exportRootHandle(path: string): string | null {
		const found = this.#locateQuiet(path);
		return found ? this.#fhOf(found.fs, found.inode) : null;
	}

	/** Decodes a handle; a freed inode or a reused id with a new generation is stale. */
	#fromFh(fh: string): { fs: FsState; inode: InodeState } | null {
		const fs = this.#exportFs();
		if (!fs || fh.length !== 32) return null;
		const id = parseInt(fh.slice(16, 24), 16);
		const generation = parseInt(fh.slice(24, 32), 16);
		const inode = fs.inodes[id];
		if (!inode || inode.generation !== generation || inode.nlink === 0) return null;
		return { fs, inode };
	}

	#fattr(inode: InodeState, fs: FsState | null = this.#exportFs()): Fattr {
		const st = fs ? this.#stat(fs, inode) : null;
		return {
			type: inode.type,
			mode: inode.mode,
			nlink: inode.nlink,
			// The server reports what its own stat says: 4096 for an ext4 directory.
			size: st?.size ?? inode.size,
			used: (st?.blocks ?? 0) * 512,
			fileid: inode.ino,
			atime: inode.atime,
			mtime: inode.mtime,
			ctime: inode.ctime,
		};
	}

	#served(op: NfsOp): void {
		this.#h.nfsServerOps[op] = (this.#h.nfsServerOps[op] ?? 0) + 1;
	}

	/** NFSPROC3_GETATTR. */
	nfsdGetattr(fh: string): NfsReply<null> {
		this.#served('GETATTR');
		const found = this.#fromFh(fh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		return { status: 'NFS3_OK', value: null, attr: this.#fattr(found.inode) };
	}

	/** NFSPROC3_LOOKUP: returns the child's handle and attributes. */
	nfsdLookup(dirFh: string, name: string): NfsReply<string> {
		this.#served('LOOKUP');
		const found = this.#fromFh(dirFh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		if (found.inode.type !== 'dir') return { status: 'NFS3ERR_NOTDIR' };
		const id = found.inode.entries?.[name];
		const child = id === undefined ? undefined : found.fs.inodes[id];
		const dirAttr = this.#fattr(found.inode);
		if (!child) return { status: 'NFS3ERR_NOENT', dirAttr };
		return {
			status: 'NFS3_OK',
			value: this.#fhOf(found.fs, child),
			attr: this.#fattr(child),
			dirAttr,
		};
	}

	/** NFSPROC3_READ of `count` pages from page `index`, with post-op attributes. */
	nfsdRead(fh: string, index: number, count: number): NfsReply<FileDataState> {
		this.#served('READ');
		const found = this.#fromFh(fh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const { fs, inode } = found;
		if (inode.type === 'dir') return { status: 'NFS3ERR_ISDIR' };
		const body = emptyData();
		const added: number[] = [];
		const end = Math.min(index + count, pagesOf(inode.size));
		for (let i = index; i < end; i++) {
			const got = this.#readPage(fs, inode, i, added);
			if (!got.ok) return { status: errnoToNfs(got.errno) };
			if (got.value) body.pages[i - index] = { ...got.value };
		}
		this.#emitCacheAdd(fs, inode, added);
		return { status: 'NFS3_OK', value: body, attr: this.#fattr(inode) };
	}

	#nfsdWritable(inode: InodeState): NfsStatus | null {
		if (inode.type === 'dir') return 'NFS3ERR_ISDIR';
		// knfsd opens through the VFS: a file the server itself executes gives -ETXTBSY → NFS3ERR_IO.
		if (inode.writecount < 0) return 'NFS3ERR_IO';
		return null;
	}

	/** NFSPROC3_WRITE of bytes. */
	nfsdWriteBytes(fh: string, offset: number, bytes: string): NfsReply<number> {
		this.#served('WRITE');
		const found = this.#fromFh(fh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const bad = this.#nfsdWritable(found.inode);
		if (bad) return { status: bad };
		const done = this.#writeAt(found.fs, found.inode, offset, bytes);
		if (!done.ok) return { status: errnoToNfs(done.errno) };
		return { status: 'NFS3_OK', value: done.value, attr: this.#fattr(found.inode) };
	}

	/** NFSPROC3_WRITE of whole symbolic pages (what a client's copy_file_range sends). */
	nfsdWritePages(
		fh: string,
		index: number,
		body: FileDataState,
		bytes: number,
		from = 0,
	): NfsReply<number> {
		this.#served('WRITE');
		const found = this.#fromFh(fh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const bad = this.#nfsdWritable(found.inode);
		if (bad) return { status: bad };
		const done = this.#putPages(found.fs, found.inode, index * PAGE_SIZE, body, bytes, from);
		if (!done.ok) return { status: errnoToNfs(done.errno) };
		return { status: 'NFS3_OK', value: done.value, attr: this.#fattr(found.inode) };
	}

	/** NFSPROC3_SETATTR: size, mode and times. */
	nfsdSetattr(
		fh: string,
		change: { size?: number; mode?: number; atime?: number; mtime?: number },
	): NfsReply<null> {
		this.#served('SETATTR');
		const found = this.#fromFh(fh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const { fs, inode } = found;
		if (change.size !== undefined) {
			const bad = this.#nfsdWritable(inode);
			if (bad) return { status: bad };
			const done = this.#localTruncate(fs, inode, change.size);
			if (!done.ok) return { status: errnoToNfs(done.errno) };
		}
		const meta: { mode?: number; atime?: number; mtime?: number } = {};
		if (change.mode !== undefined) meta.mode = change.mode;
		if (change.atime !== undefined) meta.atime = change.atime;
		if (change.mtime !== undefined) meta.mtime = change.mtime;
		if (Object.keys(meta).length > 0) this.#setattr(fs, inode, meta);
		return { status: 'NFS3_OK', value: null, attr: this.#fattr(inode) };
	}

	/** NFSPROC3_CREATE / MKDIR. */
	nfsdCreate(
		dirFh: string,
		name: string,
		type: 'file' | 'dir',
		mode: number,
		exclusive: boolean,
	): NfsReply<{ fh: string; attr: Fattr; dirAttr: Fattr }> {
		this.#served(type === 'dir' ? 'MKDIR' : 'CREATE');
		const found = this.#fromFh(dirFh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const { fs, inode: dir } = found;
		if (dir.type !== 'dir') return { status: 'NFS3ERR_NOTDIR' };
		const existingId = dir.entries?.[name];
		const existing = existingId === undefined ? undefined : fs.inodes[existingId];
		let inode: InodeState;
		if (existing) {
			if (exclusive || type === 'dir') return { status: 'NFS3ERR_EXIST' };
			inode = existing;
		} else {
			const made = this.#create(fs, dir, name, type, mode, true);
			if (!made.ok) return { status: errnoToNfs(made.errno) };
			inode = made.value;
		}
		return {
			status: 'NFS3_OK',
			value: { fh: this.#fhOf(fs, inode), attr: this.#fattr(inode), dirAttr: this.#fattr(dir) },
			attr: this.#fattr(dir),
		};
	}

	/** NFSPROC3_SYMLINK: the server stores the target text verbatim. */
	nfsdSymlink(
		dirFh: string,
		name: string,
		target: string,
	): NfsReply<{ fh: string; attr: Fattr; dirAttr: Fattr }> {
		this.#served('SYMLINK');
		const found = this.#fromFh(dirFh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const { fs, inode: dir } = found;
		if (dir.type !== 'dir') return { status: 'NFS3ERR_NOTDIR' };
		const made = this.#create(fs, dir, name, 'symlink', 0o777, true, target);
		if (!made.ok) return { status: errnoToNfs(made.errno) };
		return {
			status: 'NFS3_OK',
			value: {
				fh: this.#fhOf(fs, made.value),
				attr: this.#fattr(made.value),
				dirAttr: this.#fattr(dir),
			},
			attr: this.#fattr(dir),
		};
	}

	/** NFSPROC3_READLINK: the target text, with the link's post-op attributes. */
	nfsdReadlink(fh: string): NfsReply<string> {
		this.#served('READLINK');
		const found = this.#fromFh(fh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		if (found.inode.type !== 'symlink') return { status: 'NFS3ERR_INVAL' };
		return {
			status: 'NFS3_OK',
			value: found.inode.target ?? '',
			attr: this.#fattr(found.inode),
		};
	}

	/** NFSPROC3_REMOVE / RMDIR: the server frees the inode when its last name goes. */
	nfsdRemove(dirFh: string, name: string, isDir: boolean): NfsReply<null> {
		this.#served(isDir ? 'RMDIR' : 'REMOVE');
		const found = this.#fromFh(dirFh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const { fs, inode: dir } = found;
		const id = dir.entries?.[name];
		const child = id === undefined ? undefined : fs.inodes[id];
		if (!child) return { status: 'NFS3ERR_NOENT' };
		if (isDir && child.type !== 'dir') return { status: 'NFS3ERR_NOTDIR' };
		if (!isDir && child.type === 'dir') return { status: 'NFS3ERR_ISDIR' };
		const done = this.#localRemove(fs, dir, name, child);
		if (!done.ok) return { status: errnoToNfs(done.errno) };
		return { status: 'NFS3_OK', value: null, attr: this.#fattr(dir) };
	}

	/** NFSPROC3_RENAME. */
	nfsdRename(fromFh: string, fromName: string, toFh: string, toName: string): NfsReply<null> {
		this.#served('RENAME');
		const from = this.#fromFh(fromFh);
		const to = this.#fromFh(toFh);
		if (!from || !to) return { status: 'NFS3ERR_STALE' };
		const srcId = from.inode.entries?.[fromName];
		const src = srcId === undefined ? undefined : from.fs.inodes[srcId];
		if (!src) return { status: 'NFS3ERR_NOENT' };
		const dstId = to.inode.entries?.[toName];
		const dst = dstId === undefined ? null : (to.fs.inodes[dstId] ?? null);
		if (dst === src) return { status: 'NFS3_OK', value: null, attr: this.#fattr(from.inode) };
		if (dst && dst.type === 'dir' && Object.keys(dst.entries ?? {}).length > 0)
			return { status: 'NFS3ERR_NOTEMPTY' };
		const done = this.#localRename(from.fs, from.inode, fromName, src, to.inode, toName, dst);
		if (!done.ok) return { status: errnoToNfs(done.errno) };
		return { status: 'NFS3_OK', value: null, attr: this.#fattr(from.inode) };
	}

	/** NFSPROC3_LINK. */
	nfsdLink(fh: string, dirFh: string, name: string): NfsReply<null> {
		this.#served('LINK');
		const file = this.#fromFh(fh);
		const dir = this.#fromFh(dirFh);
		if (!file || !dir) return { status: 'NFS3ERR_STALE' };
		if (dir.inode.entries?.[name] !== undefined) return { status: 'NFS3ERR_EXIST' };
		if (dir.inode.entries) dir.inode.entries[name] = file.inode.id;
		file.inode.nlink++;
		const t = this.#stamp();
		file.inode.ctime = t;
		dir.inode.mtime = dir.inode.ctime = t;
		return { status: 'NFS3_OK', value: null, attr: this.#fattr(file.inode) };
	}

	/** NFSPROC3_READDIRPLUS: names with handles and attributes. */
	nfsdReaddir(dirFh: string): NfsReply<Array<{ name: string; fh: string; attr: Fattr }>> {
		this.#served('READDIRPLUS');
		const found = this.#fromFh(dirFh);
		if (!found) return { status: 'NFS3ERR_STALE' };
		const { fs, inode: dir } = found;
		if (dir.type !== 'dir') return { status: 'NFS3ERR_NOTDIR' };
		const parent = fs.inodes[dir.parent] ?? dir;
		// Every entry is on the filesystem the handle named, so its attributes come from there.
		const list = [
			{ name: '.', fh: this.#fhOf(fs, dir), attr: this.#fattr(dir, fs) },
			{ name: '..', fh: this.#fhOf(fs, parent), attr: this.#fattr(parent, fs) },
		];
		for (const [name, id] of Object.entries(dir.entries ?? {})) {
			const child = fs.inodes[id];
			if (child) list.push({ name, fh: this.#fhOf(fs, child), attr: this.#fattr(child, fs) });
		}
		return { status: 'NFS3_OK', value: list, attr: this.#fattr(dir, fs) };
	}

	/**
	 * Mounts an NFS export from another host (mount -t nfs -o vers=3): GETATTR on the root
	 * handle the MOUNT protocol returned, then an empty client inode cache.
	 */
	mountNfs(
		server: Host,
		exportPath: string,
		target: string,
		options: NfsMountOptions,
		fsId: string,
		dev: number,
	): void {
		const rootFh = server.exportRootHandle(exportPath);
		if (!rootFh) throw new Error(`${server.name} does not export ${exportPath}`);
		this.seedDir(target);
		const fs: FsState = {
			id: fsId,
			type: 'nfs',
			dev,
			rootId: 1,
			nextId: 1,
			nextGeneration: 1,
			capacityPages: 0,
			usedPages: 0,
			inodes: {},
			nfs: { server: server.name, export: exportPath, options, fhIndex: {}, sillyCounter: 0 },
		};
		this.#h.filesystems[fsId] = fs;
		const attr = server.nfsdGetattr(rootFh).attr;
		if (!attr) throw new Error('export root is stale');
		const root = this.#nfsInode(fs, rootFh, attr, 1);
		fs.rootId = root.id;
		root.parent = root.id;
		const serverAddr = server.state().address;
		const opts = [
			'rw',
			'relatime',
			'vers=3',
			`rsize=${options.rsize}`,
			`wsize=${options.wsize}`,
			'namlen=255',
			// nfs_show_mount_options() prints the attribute cache times only when they differ from the defaults.
			...(options.acregmin !== 3000 ? [`acregmin=${options.acregmin / 1000}`] : []),
			...(options.acregmax !== 60000 ? [`acregmax=${options.acregmax / 1000}`] : []),
			...(options.acdirmin !== 30000 ? [`acdirmin=${options.acdirmin / 1000}`] : []),
			...(options.acdirmax !== 60000 ? [`acdirmax=${options.acdirmax / 1000}`] : []),
			options.hard ? 'hard' : 'soft',
			...(options.cto ? [] : ['nocto']),
			'proto=tcp',
			'timeo=600',
			'retrans=2',
			'sec=sys',
			`mountaddr=${serverAddr}`,
			'mountvers=3',
			'mountport=20048',
			'mountproto=udp',
			'local_lock=none',
			`addr=${serverAddr}`,
		];
		this.#h.mounts.push({
			source: `${server.name}:${exportPath}`,
			target,
			fsId,
			options: opts.join(','),
		});
	}
}

/** errno number for a name, re-exported for convenience in shell code. */
export { errnoNumber };
