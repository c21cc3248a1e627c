/**
 * The plain-data state of the whole world. Everything the kernel knows lives here and nowhere
 * else, so a snapshot is a deep copy and a restore is a deep copy back.
 */
import type { ExitStatus } from './events';
import type { SignalName } from './constants';

/** The content of one page of a file. Missing pages (holes) read as zeros. */
export type PageContent =
	/** Real bytes, one char code (0–255) per byte; shorter than a page means zeros follow. */
	| { k: 'b'; b: string }
	/** Page `page` of a program image build; `patch` counts later partial writes into it. */
	| { k: 'i'; name: string; build: string; page: number; patch: number };

/** File data: an optional symbolic program image for the first pages, plus page overrides. */
export interface FileDataState {
	image: { name: string; build: string; pages: number } | null;
	/** Pages that differ from the image (or all pages, for plain files), by page index. */
	pages: Record<string, PageContent>;
}

/** One page in the page cache. */
export interface CachedPageState {
	/** On the active LRU list (mm/vmscan.c). */
	active: boolean;
	/** PG_referenced: set by read(2) through mark_page_accessed. */
	referenced: boolean;
	/** The accessed ("young") bit of some page table entry that maps it. */
	young: boolean;
	/** How many process mappings have a page table entry for it. */
	mapcount: number;
	/** When it entered its current LRU list: lower is older. */
	stamp: number;
	/** A copy of the bytes, for NFS client pages, which can differ from the server's file. */
	content?: PageContent;
}

/** NFS client state of an inode (fs/nfs/inode.c struct nfs_inode, abridged). */
export interface NfsInodeState {
	fh: string;
	/** The server's inode number, shown as st_ino. */
	fileid: number;
	/** When the attributes were last fetched (read_cache_jiffies). */
	readCacheTime: number;
	/** The current attribute timeout (attrtimeo) and when it was last adjusted. */
	attrtimeo: number;
	attrtimeoStamp: number;
	/** NFS_INO_INVALID_DATA: the cached pages must go before the next read. */
	invalidData: boolean;
	/** NFS_INO_STALE: the server said the handle no longer exists. */
	stale: boolean;
	/** Set after a silly rename: the directory handle and the .nfs name to remove later. */
	silly?: { dirId: number; name: string };
}

/** An inode of a local filesystem, or the client-side copy of an NFS inode. */
export interface InodeState {
	id: number;
	ino: number;
	type: 'file' | 'dir' | 'chr' | 'symlink';
	mode: number;
	uid: number;
	gid: number;
	nlink: number;
	size: number;
	generation: number;
	/** Wall-clock times in nanoseconds since START_EPOCH_MS (fileTimeMs gives the date). */
	atime: number;
	mtime: number;
	ctime: number;
	/**
	 * Creation time (ext4's and tmpfs's i_crtime), set when the inode is made; absent where the
	 * filesystem keeps none (NFSv3 attributes carry no birth time).
	 */
	btime?: number;
	/** On NFS clients: the server's fattr3 `used` in bytes, shown as st_blocks. */
	used?: number;
	/** i_writecount: > 0 writers, < 0 write denied (a running executable). */
	writecount: number;
	/** Open file descriptions, mappings, exe_file and cwd references. */
	refs: number;
	/** For character devices: which one. */
	device?: 'null' | 'tty' | 'zero';
	/** Regular file data on local filesystems. */
	data?: FileDataState;
	/**
	 * For symbolic links: the target text. On an NFS client it is the cached READLINK answer
	 * (undefined until the link is first followed).
	 */
	target?: string;
	/**
	 * Directory entries on local filesystems; cached dentries on NFS clients. Always made by
	 * nameTable(), so that a file may be called `__proto__` or `constructor`.
	 */
	entries?: Record<string, number>;
	/** For NFS client directories: the directory ctime when each dentry was looked up. */
	dentryVerifier?: Record<string, number>;
	parent: number;
	/** Resident pages, by page index. */
	pages: Record<string, CachedPageState>;
	nfs?: NfsInodeState;
}

/** Mount options of an NFS client mount, in milliseconds where they are times. */
export interface NfsMountOptions {
	vers: 3;
	hard: boolean;
	acregmin: number;
	acregmax: number;
	acdirmin: number;
	acdirmax: number;
	rsize: number;
	wsize: number;
	cto: boolean;
}

/** A filesystem instance (a superblock). */
export interface FsState {
	id: string;
	type: 'ext4' | 'tmpfs' | 'nfs' | 'proc';
	/** st_dev as major:minor packed like makedev. */
	dev: number;
	rootId: number;
	nextId: number;
	nextGeneration: number;
	/** Capacity in pages (tmpfs size=; ext4: the blocks statfs reports, the disk less its overhead). */
	capacityPages: number;
	/**
	 * Pages in use (tmpfs: memory; ext4: every block in use, the unmodelled files' and those of
	 * the files, directories and long symlinks the simulation holds).
	 */
	usedPages: number;
	/** ext4: blocks kept for root (s_r_blocks_count, mkfs.ext4's default 5 %). */
	rootReservedPages?: number;
	/** ext4: blocks nobody's writes may take (s_resv_clusters: 2 % of the disk, at most 4096). */
	resvPages?: number;
	inodes: Record<string, InodeState>;
	nfs?: {
		server: string;
		export: string;
		/** The server's filesystem id inside file handles. */
		options: NfsMountOptions;
		/** The handle-to-inode index of the client's inode cache. */
		fhIndex: Record<string, number>;
		sillyCounter: number;
	};
}

/** A mount table entry. */
export interface MountState {
	source: string;
	target: string;
	fsId: string;
	options: string;
}

/** An open file description (struct file). */
export interface OpenFileState {
	id: number;
	fsId: string;
	inodeId: number;
	flags: number;
	offset: number;
	refs: number;
	path: string;
}

/** A memory mapping (vm_area_struct). */
export interface VmaState {
	start: number;
	end: number;
	/** 'r-xp', 'rw-s' … as /proc/PID/maps prints the permissions. */
	perms: string;
	kind: 'file' | 'anon' | 'heap' | 'stack';
	fsId?: string;
	inodeId?: number;
	/** Offset into the file in pages. */
	pgoff: number;
	path?: string;
	exec: boolean;
	shared: boolean;
	/** Pages that have a page table entry, by page index within the file. */
	ptes: Record<string, 1>;
	/** The name /proc/PID/maps shows for a special mapping: `[vdso]`, `[vvar]`, `[vsyscall]`. */
	label?: string;
	/** For the text mapping: the image the process started from, to tell changed bytes. */
	expect?: { name: string; build: string };
}

/** Per-process state (task_struct and mm_struct, abridged). */
export interface ProcessState {
	pid: number;
	ppid: number;
	comm: string;
	argv: string[];
	state: 'R' | 'S' | 'T' | 'Z';
	cwd: string;
	exe: { fsId: string; inodeId: number; path: string } | null;
	/** The behaviour run by advance(): a program name from programs.ts, or 'generic'. */
	program: string;
	fds: Record<string, number>;
	vmas: VmaState[];
	anonPages: number;
	/** RLIMIT_CORE in bytes; -1 means unlimited. */
	rlimitCore: number;
	/** Signals set to SIG_IGN. */
	ignored: SignalName[];
	startTime: number;
	/** Signals that arrived while the process was stopped, delivered at SIGCONT. */
	pending?: SignalName[];
	/** When a sleeping program should wake, in ms since boot. */
	wakeAt?: number;
	exit?: ExitStatus;
	/** Session id (setsid) and process group id (setpgid); absent means 1, init's. */
	sid?: number;
	pgid?: number;
	/** Whether the process has the terminal as its controlling tty (a login shell and its children). */
	tty?: boolean;
	/** Program-private numbers (counters, sizes). */
	vars: Record<string, number>;
	/** Program-private strings (paths). */
	strs: Record<string, string>;
}

/** Per-host state. */
export interface HostState {
	name: string;
	address: string;
	memTotalPages: number;
	/** Memory used by the kernel and everything the simulation does not model. */
	reservedPages: number;
	/**
	 * Page cache of the programs the simulation does not model (libraries, daemons): mapped and
	 * busy, so drop_caches leaves it alone and reclaim takes it only after unreferenced pages.
	 */
	otherCachePages: number;
	/** The size that cache grows back to when memory is free again. */
	otherCacheTarget: number;
	/** Pages the kernel keeps free (vm.min_free_kbytes). */
	minFreePages: number;
	cachePages: number;
	lruClock: number;
	nextPid: number;
	nextFileId: number;
	stampSeq: number;
	lastStamp: number;
	filesystems: Record<string, FsState>;
	mounts: MountState[];
	processes: Record<string, ProcessState>;
	files: Record<string, OpenFileState>;
	dmesg: Array<{ time: number; text: string }>;
	nfsClientOps: Record<string, number>;
	nfsServerOps: Record<string, number>;
	/** The exported directory, when this host is an NFS server. */
	exports: string[];
	coreDumps: number;
	/** The terminal's foreground process group (tcsetpgrp); absent means the login shell's. */
	ttyPgrp?: number;
	/** drop_caches' `stfu`: set once 4 was written, after which writes log nothing. */
	dropCachesQuiet?: boolean;
}

/** The whole world. */
export interface WorldState {
	version: 1;
	seed: number;
	rng: number;
	/** Simulated milliseconds since boot. */
	now: number;
	hosts: Record<string, HostState>;
	hostOrder: string[];
	/**
	 * Wall-clock milliseconds of boot (START_EPOCH_MS minus the uptime the world was created
	 * with); absent in worlds built before it existed, which booted at START_EPOCH_MS.
	 */
	bootEpochMs?: number;
	/** Exec maps ELF segments, libc, ld.so and the vDSO (createWorld({ elfLayout: true })). */
	elfLayout?: boolean;
}

/**
 * An object keyed by file names. It has no prototype, so that names such as `__proto__`,
 * `constructor` or `toString` are entries like any other, not Object.prototype's members.
 */
export function nameTable<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
	const table = Object.create(null) as Record<string, T>;
	if (from) for (const key of Object.keys(from)) table[key] = from[key] as T;
	return table;
}

/**
 * Gives every directory's name tables no prototype again (a snapshot parsed from JSON has
 * ordinary objects there).
 */
export function adoptNameTables(state: WorldState): void {
	for (const host of Object.values(state.hosts))
		for (const fs of Object.values(host.filesystems))
			for (const inode of Object.values(fs.inodes)) {
				if (inode.entries) inode.entries = nameTable(inode.entries);
				if (inode.dentryVerifier) inode.dentryVerifier = nameTable(inode.dentryVerifier);
			}
}
