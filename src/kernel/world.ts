/**
 * The world: a clock, a seeded random generator and a set of hosts that talk NFS to each other.
 * It owns all state as plain data, so snapshot() and restoreWorld() are deep copies.
 */
import { Emitter, type KernelEvent, type KernelEventType, type Subscription } from './events';
import { Host, type WorldContext } from './host';
import {
	DEVPTS_INO,
	INIT_FILES_INO,
	LATER_PROGRAMS,
	LATER_PROGRAMS_INO,
	MERGED_USR_INO,
	PTS_PATH,
	RUNTIME_FILES_INO,
} from './later';
import { mulberry32Next } from './random';
import type { FsState, HostState, NfsMountOptions, WorldState } from './state';
import { adoptNameTables, nameTable } from './state';
import { programs, serverLayout } from './programs';
import { newProcessState } from './process';
import { START_EPOCH_MS } from './constants';

/** The snapshot format version; bump it when WorldState changes shape. */
export const SNAPSHOT_VERSION = 1;

/** A versioned, JSON-plain copy of the whole world. */
export type WorldSnapshot = WorldState;

/**
 * How long the hosts have been up when the story starts, for `createWorld({ uptimeMs })`: the
 * chapter 1 server has been running for weeks (23 days, 4:17:09.312).
 */
export const UPTIME_AT_START_MS = ((23 * 24 + 4) * 3600 + 17 * 60 + 9) * 1000 + 312;

/** Options for createWorld. */
export interface WorldOptions {
	/** Seed of the world's random generator (default 1). */
	seed?: number;
	/** 'default' builds the filer, app and build hosts of the article; 'empty' builds none. */
	preset?: 'default' | 'empty';
	/**
	 * How long before the story starts the hosts booted (default UPTIME_AT_START_MS: weeks, so
	 * dmesg stamps read `[2002629.312491]` with microseconds derived from the seed, and init's
	 * start time lies weeks back). 0 boots them as the story starts, with whole-millisecond
	 * stamps. The wall clock at the start is START_EPOCH_MS either way.
	 */
	uptimeMs?: number;
	/**
	 * Exec lays a program out as a real dynamically linked PIE (default true): ELF header, text,
	 * rodata and data segments, libc.so.6 and ld-linux-x86-64.so.2 (seeded in
	 * /usr/lib/x86_64-linux-gnu), [vvar], [vvar_vclock], [vdso], [stack] and [vsyscall]. false
	 * maps a program as one text mapping, [heap] and [stack].
	 */
	elfLayout?: boolean;
	/**
	 * Root disk sizes per host of the default preset, in MiB (default 8 GiB each, 2 GiB of it
	 * taken by the system), e.g. `{ app: { diskMiB: 256, systemMiB: 100 } }` for a disk a
	 * transcript can fill.
	 */
	disks?: Partial<Record<string, { diskMiB?: number; systemMiB?: number }>>;
}

function deepCopy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** The simulated world. */
export class World {
	#state: WorldState;
	#events = new Emitter<KernelEvent>();
	#hosts = new Map<string, Host>();
	#ctx: WorldContext;

	constructor(state: WorldState) {
		adoptNameTables(state);
		this.#state = state;
		this.#ctx = {
			state: () => this.#state,
			emit: (event) => this.#events.emit(event),
			wants: (type) => this.#events.wants(type),
			random: () => this.random(),
			host: (name) => this.host(name),
		};
		for (const name of state.hostOrder) this.#hosts.set(name, new Host(this.#ctx, name));
	}

	/** The world's seed. */
	get seed(): number {
		return this.#state.seed;
	}

	/** Wall-clock milliseconds of boot, for views that print dates (`bootEpochMs() + ms`). */
	bootEpochMs(): number {
		return this.#state.bootEpochMs ?? START_EPOCH_MS;
	}

	/** Simulated milliseconds since boot (the uptime clock of dmesg, /proc/uptime and ps). */
	now(): number {
		return this.#state.now;
	}

	/** The wall clock in milliseconds since the Unix epoch: boot epoch plus uptime. */
	wallClockMs(): number {
		return this.bootEpochMs() + this.#state.now;
	}

	/** A host by name ('filer', 'app', 'build'); throws for an unknown name. */
	host(name: string): Host {
		const host = this.#hosts.get(name);
		if (!host) throw new Error(`unknown host ${name}`);
		return host;
	}

	/** Whether a host exists. */
	hasHost(name: string): boolean {
		return this.#hosts.has(name);
	}

	/** Host names in creation order. */
	hostNames(): string[] {
		return [...this.#state.hostOrder];
	}

	/**
	 * Subscribes to every kernel event, or only to the given types. Events of a type nobody
	 * wants may not be built at all (the syscall events strace and the views read).
	 */
	on(
		listener: (event: KernelEvent) => void,
		types: readonly KernelEventType[] | null = null,
	): Subscription {
		return this.#events.on(listener, types);
	}

	/** The next number from the world's seeded generator, in [0, 1). */
	random(): number {
		const step = mulberry32Next(this.#state.rng);
		this.#state.rng = step.state;
		return step.value;
	}

	/**
	 * Lets simulated time pass. Sleeping processes wake at their times; then every host runs its
	 * background work once (the daemon touches its hot pages), and attribute caches age.
	 */
	advance(ms: number): void {
		if (!(ms > 0)) return;
		const target = this.#state.now + ms;
		for (let guard = 0; guard < 10000; guard++) {
			let next: number | null = null;
			for (const host of this.#hosts.values()) {
				const wake = host.nextWake();
				if (wake !== null && wake <= target && (next === null || wake < next)) next = wake;
			}
			if (next === null) break;
			this.#state.now = Math.max(this.#state.now, next);
			for (const host of this.#hosts.values()) host.wake();
		}
		this.#state.now = target;
		for (const host of this.#hosts.values()) host.tick();
		this.#events.emit({ type: 'clock', time: this.#state.now, delta: ms });
	}

	/** A deep, JSON-plain copy of the world's state. */
	snapshot(): WorldSnapshot {
		return deepCopy(this.#state);
	}

	/** Adds an empty host (used by presets and tests). */
	addHost(
		name: string,
		options: {
			address: string;
			memoryMiB?: number;
			reservedMiB?: number;
			otherCacheMiB?: number;
			/** The root disk's size (default 8 GiB); diskMiB wins over diskGiB. */
			diskGiB?: number;
			diskMiB?: number;
			/** What the unmodelled system files take on it (default 2 GiB). */
			systemMiB?: number;
			shmMiB?: number;
			/** The pid the next process gets (the login shell); 2 for a bare test host. */
			firstPid?: number;
		},
	): Host {
		const memTotalPages = (options.memoryMiB ?? 256) * 256;
		const state: HostState = {
			name,
			address: options.address,
			memTotalPages,
			reservedPages: (options.reservedMiB ?? 40) * 256,
			otherCachePages: (options.otherCacheMiB ?? 56) * 256,
			otherCacheTarget: (options.otherCacheMiB ?? 56) * 256,
			minFreePages: 1024,
			cachePages: 0,
			lruClock: 0,
			nextPid: Math.max(2, Math.floor(options.firstPid ?? 2)),
			nextFileId: 1,
			stampSeq: 0,
			lastStamp: 0,
			filesystems: {},
			mounts: [],
			processes: {},
			files: {},
			dmesg: [],
			nfsClientOps: {},
			nfsServerOps: {},
			exports: [],
			coreDumps: 0,
		};
		const geometry = ext4Geometry(
			options.diskMiB !== undefined ? options.diskMiB * 256 : (options.diskGiB ?? 8) * 262144,
		);
		const root: FsState = newLocalFs('root', 'ext4', 0x0801, geometry.capacityPages);
		root.rootReservedPages = geometry.rootReservedPages;
		root.resvPages = geometry.resvPages;
		// Debian 12 with its packages, logs and caches (files the simulation does not model),
		// and the root directory's block.
		root.usedPages =
			Math.min(
				options.systemMiB !== undefined ? options.systemMiB * 256 : 2 * 262144,
				geometry.capacityPages - 1,
			) + 1;
		state.filesystems.root = root;
		state.mounts.push({ source: '/dev/sda1', target: '/', fsId: 'root', options: 'rw,relatime' });
		this.#state.hosts[name] = state;
		this.#state.hostOrder.push(name);
		const host = new Host(this.#ctx, name);
		this.#hosts.set(name, host);
		host.seedDir('/proc');
		host.seedDir('/dev/shm');
		const proc = newLocalFs('proc', 'proc', 0x0014, 0);
		state.filesystems.proc = proc;
		state.mounts.push({
			source: 'proc',
			target: '/proc',
			fsId: 'proc',
			options: 'rw,nosuid,nodev,noexec,relatime',
		});
		const shmPages = (options.shmMiB ?? 64) * 256;
		state.filesystems.shm = newLocalFs('shm', 'tmpfs', 0x0018, shmPages);
		state.mounts.push({
			source: 'shm',
			target: '/dev/shm',
			fsId: 'shm',
			options: `rw,nosuid,nodev,noexec,relatime,size=${shmPages * 4}k,inode64`,
		});
		// The root directory of tmpfs is sticky and world-writable.
		const shmRoot = state.filesystems.shm.inodes[state.filesystems.shm.rootId];
		if (shmRoot) shmRoot.mode = 0o1777;
		host.seedDevice('/dev/null', 'null');
		host.seedDevice('/dev/zero', 'zero');
		host.seedDevice('/dev/tty', 'tty');
		host.seedDirAt(DEVPTS_INO, '/dev/pts');
		host.seedDeviceAt(DEVPTS_INO + 1, PTS_PATH, 'tty');
		// pid 1 exists so that orphans have a parent; it runs nothing the simulation models.
		state.processes[1] = newProcessState({
			pid: 1,
			ppid: 0,
			comm: 'init',
			argv: ['/sbin/init'],
			cwd: '/',
			startTime: 0,
			state: 'S',
		});
		return host;
	}

	/** Mounts `server:exportPath` on `client` at `target` (NFSv3, hard, default attribute cache). */
	mountNfs(
		client: string,
		server: string,
		exportPath: string,
		target: string,
		options: Partial<NfsMountOptions> = {},
	): void {
		const opts: NfsMountOptions = {
			vers: 3,
			hard: true,
			acregmin: 3000,
			acregmax: 60000,
			acdirmin: 30000,
			acdirmax: 60000,
			rsize: 1048576,
			wsize: 1048576,
			cto: true,
			...options,
		};
		const serverHost = this.host(server);
		const exports = this.#state.hosts[server]?.exports;
		if (exports && !exports.includes(exportPath)) exports.push(exportPath);
		const clientState = this.#state.hosts[client];
		if (!clientState) throw new Error(`unknown host ${client}`);
		const index = Object.values(clientState.filesystems).filter((f) => f.type === 'nfs').length;
		this.host(client).mountNfs(serverHost, exportPath, target, opts, `nfs${index}`, 0x0030 + index);
	}
}

/**
 * What `mkfs.ext4` (e2fsprogs 1.47.0, Debian 12's, 4 KiB blocks) makes of a disk of `blocks`
 * blocks: statfs's f_blocks is the block count less the overhead (inode tables, journal,
 * bitmaps, group descriptors: mke2fs's "Overhead clusters"), the root reserve is 5 % of the
 * block count (`-m 5`), and the kernel keeps s_resv_clusters, 2 % of it but at most 4096 blocks,
 * for itself (ext4_calculate_resv_clusters in fs/ext4/super.c). The overheads were read with
 * dumpe2fs from disks made with mkfs.ext4 on the reference machine; other sizes scale the
 * nearest one.
 */
export function ext4Geometry(blocks: number): {
	capacityPages: number;
	rootReservedPages: number;
	resvPages: number;
} {
	const measured: Array<[number, number]> = [
		[16384, 2059],
		[65536, 8262],
		[262144, 12949],
		[2097152, 58505],
	];
	const exact = measured.find(([b]) => b === blocks);
	const nearest = measured.reduce((best, m) =>
		Math.abs(Math.log(m[0] / blocks)) < Math.abs(Math.log(best[0] / blocks)) ? m : best,
	);
	const overhead = exact ? exact[1] : Math.round((nearest[1] * blocks) / nearest[0]);
	return {
		capacityPages: Math.max(0, blocks - overhead),
		rootReservedPages: Math.floor((blocks * 5) / 100),
		resvPages: Math.min(Math.floor(blocks / 50), 4096),
	};
}

function newLocalFs(
	id: string,
	type: FsState['type'],
	dev: number,
	capacityPages: number,
): FsState {
	const fs: FsState = {
		id,
		type,
		dev,
		rootId: 2,
		nextId: 2,
		nextGeneration: 0x1a2b3c,
		capacityPages,
		usedPages: 0,
		inodes: {},
	};
	fs.inodes[2] = {
		id: 2,
		ino: 2,
		type: 'dir',
		mode: 0o755,
		uid: 0,
		gid: 0,
		nlink: 2,
		size: 4096,
		generation: fs.nextGeneration++,
		atime: 0,
		mtime: 0,
		ctime: 0,
		...(type === 'ext4' || type === 'tmpfs' ? { btime: 0 } : {}),
		writecount: 0,
		refs: 0,
		entries: nameTable(),
		parent: 2,
		pages: {},
	};
	fs.nextId = type === 'ext4' ? 12 : 3;
	return fs;
}

/** Small executables every host has; they run 'generic' processes the shell drives. */
const commonPrograms = [
	'bash',
	'sh',
	'cat',
	'cp',
	'mv',
	'rm',
	'ls',
	'install',
	'rsync',
	'dd',
	'truncate',
	'touch',
	'chmod',
	'ln',
	'mkdir',
	'stat',
	'md5sum',
	'head',
	'tail',
	'strace',
	'fincore',
	'free',
	'ps',
	'mount',
	'df',
	'dmesg',
	'nfsstat',
];

/**
 * Creates a world. The default preset is the article's setup: `filer` exports /export with
 * /export/bin/server (build v1); `app` and `build` mount it at /mnt/nfs; `app` also has a local
 * copy at /opt/app/bin/server and the next build at /root/server-v2; `build` has its fresh build
 * at /root/out/server (v2).
 */
export function createWorld(options: WorldOptions = {}): World {
	const seed = (options.seed ?? 1) >>> 0;
	const uptime = Math.max(0, Math.floor(options.uptimeMs ?? UPTIME_AT_START_MS));
	const elfLayout = options.elfLayout ?? true;
	const world = new World({
		version: SNAPSHOT_VERSION,
		seed,
		rng: seed,
		now: uptime,
		hosts: {},
		hostOrder: [],
		bootEpochMs: START_EPOCH_MS - uptime,
		...(elfLayout ? { elfLayout: true } : {}),
	});
	if (options.preset === 'empty') return world;
	const v1 = serverLayout.sizes.v1 ?? 0;
	const v2 = serverLayout.sizes.v2 ?? 0;
	const addresses: Record<string, string> = {
		filer: '10.0.0.2',
		app: '10.0.0.3',
		build: '10.0.0.4',
	};
	// The hosts have been up for weeks, so daemons, cron jobs and earlier logins have used pids
	// in the thousands (pid 2 is always kthreadd on Linux); the login shell takes the next free
	// pid after those, as alloc_pid() in kernel/pid.c hands them out in order.
	const firstPids: Record<string, number> = {
		filer: 2817,
		app: 4301,
		build: 3562,
	};
	for (const name of ['filer', 'app', 'build']) {
		const host = world.addHost(name, {
			address: addresses[name] ?? '10.0.0.9',
			firstPid: firstPids[name] ?? 2,
			...options.disks?.[name],
		});
		for (const program of commonPrograms) {
			const dir = program === 'bash' || program === 'sh' ? '/bin' : '/usr/bin';
			host.seedFile(
				`${dir}/${program}`,
				{ image: { name: program, build: 'debian12', size: 131072 } },
				0o755,
			);
		}
		LATER_PROGRAMS.forEach((program, i) => {
			host.seedFileAt(
				LATER_PROGRAMS_INO + i,
				`/usr/bin/${program}`,
				{ image: { name: program, build: 'debian12', size: 131072 } },
				0o755,
			);
		});
		for (const program of Object.keys(programs).filter((p) => p !== 'server' && p !== 'sleep')) {
			host.seedFile(
				`/usr/local/bin/${program}`,
				{ image: { name: program, build: '1.0', size: 16384 } },
				0o755,
			);
		}
		host.seedFile(
			'/bin/sleep',
			{ image: { name: 'sleep', build: 'debian12', size: 35336 } },
			0o755,
		);
		host.seedDirAt(RUNTIME_FILES_INO, '/usr/lib');
		host.seedDirAt(RUNTIME_FILES_INO + 1, '/usr/lib/x86_64-linux-gnu');
		if (elfLayout) {
			// Debian 12's glibc 2.36: the sizes of libc.so.6 and the dynamic loader.
			host.seedFileAt(
				RUNTIME_FILES_INO + 2,
				'/usr/lib/x86_64-linux-gnu/libc.so.6',
				{ image: { name: 'libc.so.6', build: '2.36', size: 1922136 } },
				0o755,
			);
			host.seedFileAt(
				RUNTIME_FILES_INO + 3,
				'/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
				{ image: { name: 'ld-linux-x86-64.so.2', build: '2.36', size: 210968 } },
				0o755,
			);
		}
		// Debian 12 has merged /usr: /bin is a link to usr/bin and so on. The programs seeded in
		// /bin above move to /usr/bin and keep their inode numbers.
		host.seedMergedUsr(MERGED_USR_INO);
		if (elfLayout) {
			// PT_INTERP names /lib64/ld-linux-x86-64.so.2, which leads to the real file.
			host.seedSymlinkAt(
				MERGED_USR_INO + 8,
				'/usr/lib64/ld-linux-x86-64.so.2',
				'/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
			);
		}
		// Debian 12 boots systemd 252: the kernel runs /sbin/init, systemd-sysv's link to
		// /lib/systemd/systemd, so ps shows `/sbin/init` as its command line, while systemd
		// names itself (prctl PR_SET_NAME): /proc/1/comm is `systemd`. The file is as large as
		// Debian 12's.
		host.seedDirAt(INIT_FILES_INO, '/usr/lib/systemd');
		host.seedFileAt(
			INIT_FILES_INO + 1,
			'/usr/lib/systemd/systemd',
			{ image: { name: 'systemd', build: '252', size: 92544 } },
			0o755,
		);
		host.seedSymlinkAt(INIT_FILES_INO + 2, '/usr/sbin/init', '/lib/systemd/systemd');
		host.seedInit('/sbin/init', ['/sbin/init'], 'systemd');
		// Debian 12's base-files: root's home is private, /tmp is world-writable and sticky.
		host.seedDir('/root', 0o700);
		host.seedDir('/tmp', 0o1777);
		host.seedFile('/etc/hostname', { text: `${name}\n` });
	}
	const filer = world.host('filer');
	filer.seedFile('/export/bin/server', { image: { name: 'server', build: 'v1', size: v1 } }, 0o755);
	filer.seedFile('/export/etc/server.conf', { text: 'port = 8080\nworkers = 4\n' });
	world.mountNfs('app', 'filer', '/export', '/mnt/nfs');
	world.mountNfs('build', 'filer', '/export', '/mnt/nfs');
	const app = world.host('app');
	app.seedFile('/opt/app/bin/server', { image: { name: 'server', build: 'v1', size: v1 } }, 0o755);
	app.seedFile('/root/server-v2', { image: { name: 'server', build: 'v2', size: v2 } }, 0o755);
	const build = world.host('build');
	build.seedFile('/root/out/server', { image: { name: 'server', build: 'v2', size: v2 } }, 0o755);
	return world;
}

/** Rebuilds a world from a snapshot; it behaves exactly like the world it was taken from. */
export function restoreWorld(snapshot: WorldSnapshot): World {
	if (snapshot.version !== SNAPSHOT_VERSION) {
		throw new Error(`snapshot version ${String(snapshot.version)} is not ${SNAPSHOT_VERSION}`);
	}
	return new World(deepCopy(snapshot));
}
