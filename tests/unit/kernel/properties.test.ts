import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	createWorld,
	O_APPEND,
	O_CREAT,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	restoreWorld,
	type SignalName,
	type World,
	type WorldState,
} from '../../../src/kernel';

const hosts = ['app', 'build', 'filer'] as const;
const paths = [
	'/mnt/nfs/bin/server',
	'/mnt/nfs/bin/other',
	'/mnt/nfs/etc/server.conf',
	'/export/bin/server',
	'/export/bin/other',
	'/opt/app/bin/server',
	'/root/server-v2',
	'/root/out/server',
	'/root/a.txt',
	'/root/dir',
	'/root/dir/b.txt',
	'/dev/shm/seg',
	'/tmp/x',
	'/mnt/nfs/current',
	'/root/link',
	'/root/link/b.txt',
];
/** Symlink targets: relative, absolute, dangling, across mounts, and a link to itself. */
const targets = ['bin', 'dir', '/root/dir', '/mnt/nfs/bin', 'server-v2', 'nowhere', 'link', '../'];
const signals: SignalName[] = ['SIGHUP', 'SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGCONT', 'SIGBUS'];

type Op =
	| { op: 'spawn'; host: number; path: number }
	| { op: 'spawnTool'; host: number; tool: number; arg: number; size: number }
	| { op: 'kill'; host: number; nth: number; signal: number }
	| { op: 'cp'; host: number; from: number; to: number }
	| { op: 'unlink'; host: number; path: number }
	| { op: 'rename'; host: number; from: number; to: number }
	| { op: 'truncate'; host: number; path: number; size: number }
	| { op: 'write'; host: number; path: number; flags: number; text: string }
	| { op: 'mkdir'; host: number; path: number }
	| { op: 'rmdir'; host: number; path: number }
	| { op: 'advance'; ms: number }
	| { op: 'memhog'; host: number; mib: number }
	| { op: 'drop'; host: number; level: number }
	| { op: 'stat'; host: number; path: number }
	| { op: 'readdir'; host: number; path: number }
	| { op: 'read'; host: number; path: number }
	| { op: 'fork'; host: number; nth: number; exit: boolean }
	| { op: 'reap'; host: number }
	| { op: 'ulimit'; host: number; unlimited: boolean }
	| { op: 'link'; host: number; from: number; to: number }
	| { op: 'chmod'; host: number; path: number; mode: number }
	| { op: 'touch'; host: number; path: number }
	| { op: 'script'; host: number; path: number }
	| { op: 'exec'; host: number; nth: number; path: number }
	| { op: 'symlink'; host: number; target: number; path: number }
	| { op: 'lstat'; host: number; path: number }
	| { op: 'readlink'; host: number; path: number };

const idx = (n: number) => fc.nat({ max: n - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ op: fc.constant('spawn' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({
		op: fc.constant('spawnTool' as const),
		host: idx(3),
		tool: idx(3),
		arg: idx(paths.length),
		size: fc.nat({ max: 80 }),
	}),
	fc.record({
		op: fc.constant('kill' as const),
		host: idx(3),
		nth: fc.nat(),
		signal: idx(signals.length),
	}),
	fc.record({
		op: fc.constant('cp' as const),
		host: idx(3),
		from: idx(paths.length),
		to: idx(paths.length),
	}),
	fc.record({ op: fc.constant('unlink' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({
		op: fc.constant('rename' as const),
		host: idx(3),
		from: idx(paths.length),
		to: idx(paths.length),
	}),
	fc.record({
		op: fc.constant('truncate' as const),
		host: idx(3),
		path: idx(paths.length),
		size: fc.nat({ max: 3_000_000 }),
	}),
	fc.record({
		op: fc.constant('write' as const),
		host: idx(3),
		path: idx(paths.length),
		flags: idx(3),
		text: fc.string({ maxLength: 20 }),
	}),
	fc.record({ op: fc.constant('mkdir' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({ op: fc.constant('rmdir' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 70_000 }) }),
	fc.record({
		op: fc.constant('memhog' as const),
		host: idx(3),
		mib: fc.integer({ min: 1, max: 300 }),
	}),
	fc.record({
		op: fc.constant('drop' as const),
		host: idx(3),
		level: fc.integer({ min: 1, max: 3 }),
	}),
	fc.record({ op: fc.constant('stat' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({ op: fc.constant('readdir' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({ op: fc.constant('read' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({ op: fc.constant('fork' as const), host: idx(3), nth: fc.nat(), exit: fc.boolean() }),
	fc.record({ op: fc.constant('reap' as const), host: idx(3) }),
	fc.record({ op: fc.constant('ulimit' as const), host: idx(3), unlimited: fc.boolean() }),
	fc.record({
		op: fc.constant('link' as const),
		host: idx(3),
		from: idx(paths.length),
		to: idx(paths.length),
	}),
	fc.record({
		op: fc.constant('chmod' as const),
		host: idx(3),
		path: idx(paths.length),
		mode: fc.constantFrom(0o644, 0o755, 0o600),
	}),
	fc.record({ op: fc.constant('touch' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({ op: fc.constant('script' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({
		op: fc.constant('symlink' as const),
		host: idx(3),
		target: idx(targets.length),
		path: idx(paths.length),
	}),
	fc.record({ op: fc.constant('lstat' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({ op: fc.constant('readlink' as const), host: idx(3), path: idx(paths.length) }),
	fc.record({
		op: fc.constant('exec' as const),
		host: idx(3),
		nth: fc.nat(),
		path: idx(paths.length),
	}),
);

const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Runs one operation as each host's login shell (pid 2), the way shell commands would. */
function apply(world: World, op: Op): void {
	if (op.op === 'advance') {
		world.advance(op.ms);
		return;
	}
	const host = world.host(at(hosts, op.host));
	const sh = 2;
	const live = () => host.processes().filter((p) => p.pid > 2 && p.state !== 'Z');
	switch (op.op) {
		case 'spawn':
			host.spawn(sh, at(paths, op.path), ['server']);
			break;
		case 'spawnTool': {
			const tool = at(['mapreader', 'shmwriter', 'memhog'], op.tool);
			const arg = tool === 'mapreader' ? at(paths, op.arg) : `${op.size}M`;
			host.spawn(sh, `/usr/local/bin/${tool}`, [tool, arg]);
			break;
		}
		case 'kill': {
			const procs = live();
			const target = procs.length ? at(procs, op.nth).pid : 99999;
			host.kill(sh, target, at(signals, op.signal));
			break;
		}
		case 'cp': {
			const input = host.openat(sh, at(paths, op.from), O_RDONLY);
			const output = host.openat(sh, at(paths, op.to), O_WRONLY | O_CREAT | O_TRUNC, 0o755);
			if (input.ok && output.ok) host.copyFileRange(sh, input.value, output.value, 1 << 30);
			if (input.ok) host.close(sh, input.value);
			if (output.ok) host.close(sh, output.value);
			break;
		}
		case 'unlink':
			host.unlink(sh, at(paths, op.path));
			break;
		case 'rename':
			host.rename(sh, at(paths, op.from), at(paths, op.to));
			break;
		case 'truncate':
			host.truncate(sh, at(paths, op.path), op.size);
			break;
		case 'write': {
			const flags = at([O_WRONLY | O_CREAT | O_TRUNC, O_WRONLY | O_APPEND, O_RDWR], op.flags);
			const fd = host.openat(sh, at(paths, op.path), flags, 0o644);
			if (fd.ok) {
				host.write(sh, fd.value, op.text);
				host.close(sh, fd.value);
			}
			break;
		}
		case 'mkdir':
			host.mkdir(sh, at(paths, op.path));
			break;
		case 'rmdir':
			host.rmdir(sh, at(paths, op.path));
			break;
		case 'memhog':
			host.spawn(sh, '/usr/local/bin/memhog', ['memhog', `${op.mib}M`]);
			break;
		case 'drop':
			host.dropCaches(op.level);
			break;
		case 'stat':
			host.stat(sh, at(paths, op.path));
			break;
		case 'readdir':
			host.readdir(sh, at(paths, op.path));
			break;
		case 'read': {
			const fd = host.openat(sh, at(paths, op.path), O_RDONLY);
			if (fd.ok) {
				host.read(sh, fd.value, 3 * 4096);
				host.close(sh, fd.value);
			}
			break;
		}
		case 'fork': {
			const procs = live();
			const parent = procs.length ? at(procs, op.nth).pid : sh;
			const child = host.fork(parent);
			if (child.ok && op.exit) host.exit(child.value, 3);
			break;
		}
		case 'reap':
			for (const p of host.processes()) if (p.ppid === sh && p.state === 'Z') host.wait4(sh, p.pid);
			break;
		case 'ulimit':
			host.setCoreLimit(sh, op.unlimited ? -1 : 0);
			break;
		case 'link':
			host.link(sh, at(paths, op.from), at(paths, op.to));
			break;
		case 'chmod':
			host.chmod(sh, at(paths, op.path), op.mode);
			break;
		case 'touch':
			host.utimensat(sh, at(paths, op.path));
			break;
		case 'script': {
			const fd = host.openat(sh, at(paths, op.path), O_WRONLY | O_CREAT | O_TRUNC, 0o755);
			if (fd.ok) {
				host.write(sh, fd.value, '#!/bin/sleep 30\n');
				host.close(sh, fd.value);
			}
			host.spawn(sh, at(paths, op.path), ['job']);
			break;
		}
		case 'symlink':
			host.symlinkat(sh, at(targets, op.target), at(paths, op.path));
			break;
		case 'lstat':
			host.lstat(sh, at(paths, op.path));
			break;
		case 'readlink':
			host.readlinkat(sh, at(paths, op.path));
			break;
		case 'exec': {
			// A forked child of the shell replaces itself, as `exec` in a subshell does.
			const procs = live();
			const target = procs.length ? at(procs, op.nth).pid : sh;
			if (target !== sh) host.execve(target, at(paths, op.path), ['x']);
			break;
		}
	}
}

function isWriter(flags: number): boolean {
	const access = flags & 3;
	return access === O_WRONLY || access === O_RDWR || (flags & O_APPEND) !== 0;
}

/** Checks the kernel's bookkeeping against a recount from first principles. */
/** Blocks an ext4 inode holds, counted from scratch (files: allocated pages within the size). */
function ext4Blocks(inode: WorldState['hosts'][string]['filesystems'][string]['inodes'][string]) {
	if (inode.type === 'dir') return 1;
	if (inode.type === 'symlink') return inode.size >= 60 ? 1 : 0;
	if (inode.type !== 'file' || !inode.data) return 0;
	const within = Math.ceil(inode.size / 4096);
	const image = Math.min(inode.data.image?.pages ?? 0, within);
	const extra = Object.keys(inode.data.pages).filter((k) => +k >= image && +k < within).length;
	return image + extra;
}

function checkInvariants(state: WorldState, systemPages: Record<string, number> = {}): void {
	for (const h of Object.values(state.hosts)) {
		let cached = 0;
		const procs = Object.values(h.processes);
		const allVmas = procs.flatMap((p) => p.vmas);
		for (const fs of Object.values(h.filesystems)) {
			// Used blocks never exceed the capacity; on ext4 they are the unmodelled system's
			// plus exactly what the inodes hold, kept up to date write by write.
			if (fs.type === 'ext4' || fs.type === 'tmpfs')
				expect(fs.usedPages).toBeLessThanOrEqual(fs.capacityPages);
			if (fs.type === 'ext4') {
				let blocks = 0;
				for (const inode of Object.values(fs.inodes)) blocks += ext4Blocks(inode);
				expect(fs.usedPages - blocks).toBe(systemPages[h.name] ?? 2 * 262144);
			}
			const names = new Map<number, number>();
			for (const dir of Object.values(fs.inodes)) {
				for (const id of Object.values(dir.entries ?? {})) names.set(id, (names.get(id) ?? 0) + 1);
			}
			for (const inode of Object.values(fs.inodes)) {
				const key = (o: { fsId?: string; inodeId?: number }) =>
					o.fsId === fs.id && o.inodeId === inode.id;
				const files = Object.values(h.files).filter(key);
				const vmas = allVmas.filter(key);
				const exes = procs.filter((p) => p.exe && key(p.exe));
				// Reference counts match open files, mappings and exe_file users.
				expect(inode.refs, `refs of ${h.name}:${fs.id}:${inode.id}`).toBe(
					files.length + vmas.length + exes.length,
				);
				// i_writecount is writers minus executables.
				if (inode.type === 'file') {
					expect(inode.writecount).toBe(
						files.filter((f) => isWriter(f.flags)).length - exes.length,
					);
				}
				// Every page table entry is counted by its page, and no page is mapped by nobody.
				for (const [index, page] of Object.entries(inode.pages)) {
					const ptes = vmas.filter((v) => v.ptes[index]).length;
					expect(page.mapcount, `mapcount ${h.name}:${fs.id}:${inode.id}:${index}`).toBe(ptes);
				}
				for (const vma of vmas) {
					for (const index of Object.keys(vma.ptes)) expect(inode.pages[index]).toBeDefined();
				}
				if (fs.type !== 'tmpfs') cached += Object.keys(inode.pages).length;
				// A symlink's size is its target's length, and it never holds data pages.
				if (inode.type === 'symlink') {
					if (inode.target !== undefined) expect(inode.size).toBe(inode.target.length);
					expect(inode.pages).toEqual({});
					expect(inode.data).toBeUndefined();
				}
				if (fs.type === 'nfs') continue;
				// Link counts equal the number of dentries (plus . and subdirectories' .. for directories).
				if (inode.type === 'dir') {
					if (inode.nlink > 0) {
						const subdirs = Object.values(inode.entries ?? {}).filter(
							(id) => fs.inodes[id]?.type === 'dir',
						).length;
						expect(inode.nlink).toBe(2 + subdirs);
					}
				} else {
					expect(inode.nlink, `nlink ${h.name}:${fs.id}:${inode.id}`).toBe(
						names.get(inode.id) ?? 0,
					);
				}
				// An inode without names lives only while something uses it.
				if (inode.nlink === 0) expect(inode.refs).toBeGreaterThan(0);
			}
			// Directory entries never point at freed inodes.
			for (const dir of Object.values(fs.inodes)) {
				for (const id of Object.values(dir.entries ?? {})) expect(fs.inodes[id]).toBeDefined();
			}
		}
		expect(h.cachePages).toBe(cached);
		for (const file of Object.values(h.files)) {
			const users = Object.values(h.processes).flatMap((p) =>
				Object.values(p.fds).filter((id) => id === file.id),
			).length;
			expect(file.refs).toBe(users);
		}
		for (const proc of Object.values(h.processes)) {
			if (proc.state === 'Z') {
				expect(proc.exit).toBeDefined();
				expect(proc.vmas).toEqual([]);
				expect(proc.fds).toEqual({});
				expect(proc.exe).toBeNull();
			} else {
				expect(proc.exit).toBeUndefined();
				expect(proc.pid === 1 || h.processes[proc.ppid] !== undefined).toBe(true);
			}
		}
		let anon = 0;
		for (const p of Object.values(h.processes)) anon += p.anonPages;
		let shmem = 0;
		for (const fs of Object.values(h.filesystems)) if (fs.type === 'tmpfs') shmem += fs.usedPages;
		expect(h.memTotalPages - h.reservedPages - h.cachePages - anon - shmem).toBeGreaterThanOrEqual(
			0,
		);
	}
}

/** The unmodelled system's blocks on each host's disk, as fresh() sets them up. */
function systemPagesOf(seed: number): Record<string, number> {
	return seed % 3 === 0 ? { app: 150 * 256, filer: 150 * 256 } : {};
}

function fresh(seed: number): World {
	// Odd seeds use the full ELF layout (segments, libc, ld.so, vDSO), so both are exercised.
	// Every third seed gives app and filer small disks that copies of the server fill up.
	const small = { diskMiB: 256, systemMiB: 150 };
	const world = createWorld({
		seed,
		elfLayout: seed % 2 === 1,
		...(seed % 3 === 0 ? { disks: { app: small, filer: small } } : {}),
	});
	for (const name of hosts) world.host(name).login();
	return world;
}

describe('kernel properties', () => {
	it('random operation sequences never throw and keep every invariant', () => {
		fc.assert(
			fc.property(fc.nat(), fc.array(opArb, { maxLength: 40 }), (seed, ops) => {
				const world = fresh(seed);
				ops.forEach((op, i) => {
					apply(world, op);
					if (i % 5 === 4) checkInvariants(world.snapshot(), systemPagesOf(seed));
				});
				checkInvariants(world.snapshot(), systemPagesOf(seed));
			}),
			{ numRuns: 120 },
		);
	}, 120_000);

	it('snapshot → restore round-trips and the copy behaves identically', () => {
		fc.assert(
			fc.property(
				fc.nat(),
				fc.array(opArb, { maxLength: 25 }),
				fc.array(opArb, { maxLength: 25 }),
				(seed, before, after) => {
					const world = fresh(seed);
					for (const op of before) apply(world, op);
					const snap = world.snapshot();
					const copy = restoreWorld(JSON.parse(JSON.stringify(snap)) as WorldState);
					expect(copy.snapshot()).toEqual(snap);
					const a: string[] = [];
					const b: string[] = [];
					world.on((e) => a.push(JSON.stringify(e)));
					copy.on((e) => b.push(JSON.stringify(e)));
					for (const op of after) {
						apply(world, op);
						apply(copy, op);
					}
					expect(b).toEqual(a);
					expect(copy.snapshot()).toEqual(world.snapshot());
				},
			),
			{ numRuns: 60 },
		);
	}, 120_000);

	it('is deterministic for a seed', () => {
		fc.assert(
			fc.property(fc.nat(), fc.array(opArb, { maxLength: 30 }), (seed, ops) => {
				const a = fresh(seed);
				const b = fresh(seed);
				for (const op of ops) {
					apply(a, op);
					apply(b, op);
				}
				expect(a.snapshot()).toEqual(b.snapshot());
			}),
			{ numRuns: 40 },
		);
	}, 60_000);
});
