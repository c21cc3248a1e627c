import { describe, expect, it } from 'vitest';
import {
	createWorld,
	O_CLOEXEC,
	O_RDONLY,
	O_WRONLY,
	O_CREAT,
	parseInterval,
} from '../../../src/kernel';
import { ofType, setup } from './helpers';

describe('processes', () => {
	it('builds init, login shells and forked children from one record', () => {
		const world = createWorld({ preset: 'empty' });
		const host = world.addHost('solo', { address: '10.9.0.1' });
		const init = host.process(1);
		expect(init).toMatchObject({ pid: 1, ppid: 0, comm: 'init', argv: ['/sbin/init'] });
		expect(init).toMatchObject({ state: 'S', cwd: '/', exe: null, startTime: 0 });
		const sh = host.login({ exe: '/nonexistent', comm: 'a-very-long-shell-name' });
		const child = host.fork(sh);
		if (!child.ok) throw new Error(child.errno);
		// TASK_COMM_LEN: the name keeps 15 characters.
		expect(host.process(sh)?.comm).toBe('a-very-long-she');
		const fields = (pid: number) => Object.keys(host.process(pid) ?? {}).sort();
		// A login shell and its child add only their session, group and terminal.
		const extra = ['pgid', 'sid', 'tty'];
		expect(fields(sh).filter((k) => !extra.includes(k))).toEqual(fields(1));
		expect(fields(child.value)).toEqual(fields(sh));
		expect(host.process(child.value)?.startTime).toBe(world.now());
	});

	it('keeps exited children as zombies until wait4, and reparents orphans to init', () => {
		const { app, sh, events } = setup();
		const child = app.fork(sh.app);
		if (!child.ok) throw new Error(child.errno);
		const grandchild = app.fork(child.value);
		if (!grandchild.ok) throw new Error(grandchild.errno);
		app.exit(child.value, 7);
		expect(app.process(child.value)?.state).toBe('Z');
		expect(app.process(grandchild.value)?.ppid).toBe(1);
		expect(app.wait4(sh.app, grandchild.value)).toEqual({ ok: false, errno: 'ECHILD' });
		expect(app.wait4(sh.app, child.value)).toMatchObject({
			ok: true,
			value: { status: { kind: 'exited', code: 7 }, shellStatus: 7 },
		});
		expect(app.process(child.value)).toBeNull();
		// An orphan that exits is reaped by init at once.
		app.exit(grandchild.value, 0);
		expect(app.process(grandchild.value)).toBeNull();
		expect(ofType(events, 'reap').map((e) => e.pid)).toContain(grandchild.value);
	});

	it('shares open files across fork and closes O_CLOEXEC ones at exec', () => {
		const { app, sh } = setup();
		const keep = app.openat(sh.app, '/etc/hostname', O_RDONLY);
		const drop = app.openat(sh.app, '/etc/hostname', O_RDONLY | O_CLOEXEC);
		if (!keep.ok || !drop.ok) throw new Error('open');
		const child = app.fork(sh.app);
		if (!child.ok) throw new Error(child.errno);
		expect(app.fdTable(child.value).map((f) => f.fd)).toEqual([0, 1, 2, keep.value, drop.value]);
		// The description (and its offset) is shared with the parent.
		app.read(child.value, keep.value, 2);
		expect(app.fdTable(sh.app).find((f) => f.fd === keep.value)?.offset).toBe(2);
		expect(app.execve(child.value, '/bin/sleep', ['sleep', '5']).ok).toBe(true);
		expect(app.fdTable(child.value).map((f) => f.fd)).toEqual([0, 1, 2, keep.value]);
		expect(app.process(child.value)?.comm).toBe('sleep');
	});

	it('redirects a child’s output with dup2', () => {
		const { app, sh } = setup();
		const out = app.openat(sh.app, '/root/log', O_WRONLY | O_CREAT, 0o644);
		if (!out.ok) throw new Error(out.errno);
		const pid = app.spawn(sh.app, '/opt/app/bin/server', ['server'], { stdout: out.value });
		expect(pid.ok).toBe(true);
		expect(app.peekStat('/root/log')?.size).toBeGreaterThan(0);
	});

	it('describes the mappings like /proc/PID/maps', () => {
		const { app, sh } = setup();
		const pid = app.spawn(sh.app, '/mnt/nfs/bin/server', ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		const maps = app.maps(pid.value);
		const exe = maps.filter((m) => m.path === '/mnt/nfs/bin/server');
		expect(exe.map((m) => m.perms)).toEqual(['r--p', 'r-xp', 'r--p', 'r--p', 'rw-p']);
		expect(maps[exe.length]?.path).toBe('[heap]');
		for (const segment of exe) {
			expect(segment.dev).toBe('00:30');
			expect(segment.inode).toBe(app.peekStat('/mnt/nfs/bin/server')?.ino);
		}
		// The segments cover the file, each at its own offset.
		const first = exe[0];
		const last = exe.at(-1);
		expect(first?.offset).toBe(0);
		expect((last?.end ?? 0) - (first?.start ?? 0)).toBe(
			Math.ceil((app.peekStat('/mnt/nfs/bin/server')?.size ?? 0) / 4096) * 4096,
		);
		for (const segment of exe) expect(segment.offset).toBe(segment.start - (first?.start ?? 0));
		expect(app.exeLink(pid.value)).toBe('/mnt/nfs/bin/server');
	});

	it('is deterministic: the same seed gives the same pids, addresses and signals', () => {
		const run = () => {
			const { app, sh, world } = setup(11);
			const pid = app.spawn(sh.app, '/mnt/nfs/bin/server', ['server']);
			world.advance(1000);
			return { pid, maps: pid.ok ? app.maps(pid.value) : [], snap: world.snapshot() };
		};
		expect(run()).toEqual(run());
	});
});

describe('drop_caches on an NFS client', () => {
	it('level 2 forgets unused inodes and dentries, so the next open looks the names up again', () => {
		const { app, sh, events } = setup();
		const fd = app.openat(sh.app, '/mnt/nfs/etc/server.conf', O_RDONLY);
		if (!fd.ok) throw new Error(fd.errno);
		app.close(sh.app, fd.value);
		app.dropCaches(2);
		const mark = events.length;
		expect(app.openat(sh.app, '/mnt/nfs/etc/server.conf', O_RDONLY).ok).toBe(true);
		const ops = ofType(events.slice(mark), 'rpc').map((e) => `${e.op} ${e.name ?? ''}`.trim());
		expect(ops).toEqual(['LOOKUP etc', 'LOOKUP server.conf']);
	});
});

describe('sleep operands', () => {
	it('sums coreutils intervals with suffixes, and never wakes from inf by itself', () => {
		const world = createWorld({ seed: 1 });
		const app = world.host('app');
		const sh = app.login();
		const timed = app.spawn(sh, '/bin/sleep', ['sleep', '1m', '30', '0x1p-1s']);
		const endless = app.spawn(sh, '/bin/sleep', ['sleep', 'inf']);
		if (!timed.ok || !endless.ok) throw new Error('spawn failed');
		world.advance(90_499);
		expect(app.process(timed.value)?.state).toBe('S');
		world.advance(1);
		expect(app.process(timed.value)?.state).toBe('Z');
		world.advance(86_400_000);
		expect(app.process(endless.value)?.state).toBe('S');
		expect(parseInterval('.5d')).toBe(43_200);
		expect(parseInterval('nan')).toBeNull();
		expect(parseInterval('-1')).toBeNull();
	});
});
