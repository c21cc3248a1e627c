import { describe, expect, it } from 'vitest';
import {
	O_CREAT,
	O_EXCL,
	O_DIRECTORY,
	O_NOFOLLOW,
	O_PATH,
	O_RDONLY,
	O_WRONLY,
	S_IFLNK,
	S_IFMT,
	restoreWorld,
	serverLayout,
} from '../../../src/kernel';
import { cp, ofType, readFile, setup, writeFile } from './helpers';

describe('symbolic links', () => {
	it('symlinkat stores the target verbatim; lstat sees the link, stat what it points to', () => {
		const { app, sh, events } = setup();
		app.mkdir(sh.app, 'releases');
		app.mkdir(sh.app, 'releases/v2');
		expect(app.symlinkat(sh.app, 'releases/v2', 'current.new').ok).toBe(true);
		const lines = ofType(events, 'syscall').map((e) => e.line);
		expect(lines).toContain('symlinkat("releases/v2", AT_FDCWD, "current.new") = 0');
		const l = app.lstat(sh.app, 'current.new');
		expect(l.ok && l.value.type).toBe('symlink');
		expect(l.ok && l.value.mode).toBe(S_IFLNK | 0o777);
		expect(l.ok && l.value.size).toBe('releases/v2'.length);
		expect(l.ok && l.value.blocks).toBe(0);
		const st = app.stat(sh.app, 'current.new');
		expect(st.ok && st.value.type).toBe('dir');
		expect(app.readlinkat(sh.app, 'current.new')).toEqual({ ok: true, value: 'releases/v2' });
		const after = ofType(events, 'syscall').map((e) => e.line);
		expect(after).toContain(
			'newfstatat(AT_FDCWD, "current.new", {st_mode=S_IFLNK|0777, st_size=11, ...}, AT_SYMLINK_NOFOLLOW) = 0',
		);
		expect(after).toContain('readlinkat(AT_FDCWD, "current.new", "releases/v2", 4096) = 11');
		expect(app.readlinkat(sh.app, 'releases/v2')).toEqual({ ok: false, errno: 'EINVAL' });
		expect(app.symlinkat(sh.app, 'x', 'current.new')).toEqual({ ok: false, errno: 'EEXIST' });
		expect(app.symlinkat(sh.app, '', 'empty')).toEqual({ ok: false, errno: 'ENOENT' });
		expect(app.peekReadlink('/root/current.new')).toBe('releases/v2');
		expect(app.peekLstat('/root/current.new')?.type).toBe('symlink');
		expect(app.peekStat('/root/current.new')?.type).toBe('dir');
	});

	it('the symlink switch deploys a release while the old one keeps running', () => {
		const { app, sh } = setup();
		for (const dir of ['releases', 'releases/v1', 'releases/v2']) app.mkdir(sh.app, dir);
		expect(cp(app, sh.app, '/opt/app/bin/server', 'releases/v1/server')).toBe(true);
		expect(cp(app, sh.app, '/root/server-v2', 'releases/v2/server')).toBe(true);
		app.symlinkat(sh.app, 'releases/v1', 'current');
		const pid = app.spawn(sh.app, '/root/current/server', ['server']);
		expect(pid.ok).toBe(true);
		if (!pid.ok) return;
		// exec resolves the link: /proc/PID/exe names the target.
		expect(app.exeLink(pid.value)).toBe('/root/releases/v1/server');
		// ln -s releases/v2 current.new && mv -T current.new current
		expect(app.symlinkat(sh.app, 'releases/v2', 'current.new').ok).toBe(true);
		expect(app.renameat2(sh.app, 'current.new', 'current', 1)).toEqual({
			ok: false,
			errno: 'EEXIST',
		});
		expect(app.rename(sh.app, 'current.new', 'current').ok).toBe(true);
		expect(app.readlinkat(sh.app, 'current')).toEqual({ ok: true, value: 'releases/v2' });
		expect(app.lstat(sh.app, 'current.new')).toEqual({ ok: false, errno: 'ENOENT' });
		// The running v1 is untouched and its binary was never opened for writing.
		expect(app.exeLink(pid.value)).toBe('/root/releases/v1/server');
		const next = app.spawn(sh.app, '/root/current/server', ['server']);
		expect(next.ok && app.exeLink(next.value)).toBe('/root/releases/v2/server');
	});

	it('follows links in the middle, counts them to ELOOP, and resolves .. physically', () => {
		const { app, sh } = setup();
		app.mkdir(sh.app, 'a');
		app.mkdir(sh.app, 'a/b');
		writeFile(app, sh.app, 'a/f', 'in a\n');
		app.symlinkat(sh.app, 'a/b', 'lb');
		// lb/.. is a (the parent of the target), not /root.
		expect(readFile(app, sh.app, 'lb/../f')).toBe('in a\n');
		app.symlinkat(sh.app, 'loop2', 'loop1');
		app.symlinkat(sh.app, 'loop1', 'loop2');
		expect(app.stat(sh.app, 'loop1')).toEqual({ ok: false, errno: 'ELOOP' });
		expect(app.lstat(sh.app, 'loop1').ok).toBe(true);
		// A chain of 40 links resolves; one more is ELOOP (MAXSYMLINKS).
		app.symlinkat(sh.app, 'a/f', 'c0');
		for (let i = 1; i <= 40; i++) app.symlinkat(sh.app, `c${i - 1}`, `c${i}`);
		expect(readFile(app, sh.app, 'c39')).toBe('in a\n');
		expect(app.stat(sh.app, 'c40')).toEqual({ ok: false, errno: 'ELOOP' });
		// Absolute targets restart at the root.
		app.symlinkat(sh.app, '/root/a', '/tmp/abs');
		expect(readFile(app, sh.app, '/tmp/abs/f')).toBe('in a\n');
	});

	it('applies the trailing-slash, O_NOFOLLOW, O_EXCL and act-on-the-link rules', () => {
		const { app, sh } = setup();
		writeFile(app, sh.app, 'f', 'data\n');
		app.mkdir(sh.app, 'd');
		app.symlinkat(sh.app, 'f', 'lf');
		app.symlinkat(sh.app, 'd', 'ld');
		app.symlinkat(sh.app, 'nosuch', 'dang');
		expect(app.openat(sh.app, 'f/', O_RDONLY)).toEqual({ ok: false, errno: 'ENOTDIR' });
		expect(app.openat(sh.app, 'lf/', O_RDONLY)).toEqual({ ok: false, errno: 'ENOTDIR' });
		expect(app.lstat(sh.app, 'lf/')).toEqual({ ok: false, errno: 'ENOTDIR' });
		const ld = app.lstat(sh.app, 'ld/');
		expect(ld.ok && ld.value.type).toBe('dir');
		expect(app.openat(sh.app, 'new/', O_WRONLY | O_CREAT)).toEqual({ ok: false, errno: 'EISDIR' });
		expect(app.openat(sh.app, 'lf', O_RDONLY | O_NOFOLLOW)).toEqual({ ok: false, errno: 'ELOOP' });
		expect(app.openat(sh.app, 'dang', O_WRONLY | O_CREAT | O_EXCL)).toEqual({
			ok: false,
			errno: 'EEXIST',
		});
		// O_CREAT without O_EXCL follows a dangling link and creates its target.
		expect(app.openat(sh.app, 'dang', O_WRONLY | O_CREAT).ok).toBe(true);
		expect(app.stat(sh.app, 'nosuch').ok).toBe(true);
		expect(app.mkdir(sh.app, 'lf')).toEqual({ ok: false, errno: 'EEXIST' });
		expect(app.mkdir(sh.app, 'f/')).toEqual({ ok: false, errno: 'EEXIST' });
		expect(app.rmdir(sh.app, 'ld')).toEqual({ ok: false, errno: 'ENOTDIR' });
		expect(app.unlink(sh.app, 'lf/')).toEqual({ ok: false, errno: 'ENOTDIR' });
		expect(app.rename(sh.app, 'f', 'x/')).toEqual({ ok: false, errno: 'ENOTDIR' });
		// link(2) links the symlink itself; unlink and rename act on the link, not the target.
		expect(app.link(sh.app, 'lf', 'hl').ok).toBe(true);
		const hl = app.lstat(sh.app, 'hl');
		expect(hl.ok && hl.value.mode & S_IFMT).toBe(S_IFLNK);
		expect(app.unlink(sh.app, 'ld').ok).toBe(true);
		expect(app.stat(sh.app, 'd').ok).toBe(true);
		expect(app.rename(sh.app, 'lf', 'lf2').ok).toBe(true);
		expect(readFile(app, sh.app, 'lf2')).toBe('data\n');
		expect(readFile(app, sh.app, 'f')).toBe('data\n');
	});

	it('over NFS: SYMLINK and READLINK RPCs, client-side resolution and the dentry cache', () => {
		const { world, app, build, filer, sh, events } = setup();
		app.mkdir(sh.app, '/mnt/nfs/releases');
		app.mkdir(sh.app, '/mnt/nfs/releases/v1');
		app.mkdir(sh.app, '/mnt/nfs/releases/v2');
		writeFile(app, sh.app, '/mnt/nfs/releases/v1/VERSION', 'v1\n');
		writeFile(app, sh.app, '/mnt/nfs/releases/v2/VERSION', 'v2\n');
		app.symlinkat(sh.app, 'releases/v1', '/mnt/nfs/current');
		const rpcs = () => ofType(events, 'rpc');
		expect(rpcs().some((e) => e.op === 'SYMLINK' && e.name === 'current')).toBe(true);
		// The filer holds a real symlink in its export.
		expect(filer.readlinkat(sh.filer, '/export/current')).toEqual({
			ok: true,
			value: 'releases/v1',
		});
		// The other client looks the name up and reads the link itself, once.
		expect(readFile(build, sh.build, '/mnt/nfs/current/VERSION')).toBe('v1\n');
		const readlinks = () => rpcs().filter((e) => e.op === 'READLINK' && e.client === 'build');
		expect(readlinks()).toHaveLength(1);
		expect(readFile(build, sh.build, '/mnt/nfs/current/VERSION')).toBe('v1\n');
		expect(readlinks()).toHaveLength(1);
		// app switches the link; build's cached name still leads to v1 until the directory's
		// attributes expire (acdirmin 30 s).
		app.symlinkat(sh.app, 'releases/v2', '/mnt/nfs/current.new');
		app.rename(sh.app, '/mnt/nfs/current.new', '/mnt/nfs/current');
		world.advance(1000);
		expect(readFile(build, sh.build, '/mnt/nfs/current/VERSION')).toBe('v1\n');
		world.advance(31_000);
		expect(readFile(build, sh.build, '/mnt/nfs/current/VERSION')).toBe('v2\n');
		expect(readlinks()).toHaveLength(2);
		const st = build.lstat(sh.build, '/mnt/nfs/current');
		expect(st.ok && st.value.type).toBe('symlink');
		expect(st.ok && st.value.size).toBe(11);
	});

	it('ln -sfn probes with O_PATH|O_NOFOLLOW|O_DIRECTORY: the link is not a directory', () => {
		const { app, sh, events } = setup();
		app.mkdir(sh.app, 'v1');
		app.symlinkat(sh.app, 'v1', 'current');
		const probe = app.openat(sh.app, 'current', O_RDONLY | O_NOFOLLOW | O_PATH | O_DIRECTORY);
		expect(probe).toEqual({ ok: false, errno: 'ENOTDIR' });
		expect(ofType(events, 'syscall').map((e) => e.line)).toContain(
			'openat(AT_FDCWD, "current", O_RDONLY|O_NOFOLLOW|O_PATH|O_DIRECTORY) = -1 ENOTDIR (Not a directory)',
		);
		// Without O_DIRECTORY, O_PATH names the link itself; the descriptor cannot be read.
		const fd = app.openat(sh.app, 'current', O_RDONLY | O_NOFOLLOW | O_PATH);
		expect(fd.ok).toBe(true);
		if (fd.ok) {
			expect(app.fstat(sh.app, fd.value)).toMatchObject({ ok: true, value: { type: 'symlink' } });
			expect(app.read(sh.app, fd.value, 10)).toEqual({ ok: false, errno: 'EBADF' });
			app.close(sh.app, fd.value);
		}
		// Following it, the directory opens.
		expect(app.openat(sh.app, 'current', O_RDONLY | O_DIRECTORY).ok).toBe(true);
	});

	it('lives on tmpfs too, and readdir reports links as links', () => {
		const { app, sh } = setup();
		writeFile(app, sh.app, '/dev/shm/seg', 'shared\n');
		expect(app.symlinkat(sh.app, 'seg', '/dev/shm/cur').ok).toBe(true);
		expect(readFile(app, sh.app, '/dev/shm/cur')).toBe('shared\n');
		const list = app.readdir(sh.app, '/dev/shm');
		expect(list.ok && list.value.find((e) => e.name === 'cur')?.type).toBe('symlink');
		app.symlinkat(sh.app, '../bin', '/mnt/nfs/etc/bin');
		const remote = app.readdir(sh.app, '/mnt/nfs/etc');
		expect(remote.ok && remote.value.find((e) => e.name === 'bin')?.type).toBe('symlink');
		const st = app.stat(sh.app, '/mnt/nfs/etc/bin/server');
		expect(st.ok && st.value.size).toBe(24 * 1024 * 1024 + 1234);
	});

	it('survives a snapshot and restore', () => {
		const { world, app, sh } = setup();
		app.symlinkat(sh.app, '/opt/app/bin/server', 'srv');
		app.symlinkat(sh.app, 'releases/v9', '/mnt/nfs/current');
		const copy = restoreWorld(world.snapshot());
		const capp = copy.host('app');
		expect(capp.readlinkat(sh.app, 'srv')).toEqual({ ok: true, value: '/opt/app/bin/server' });
		expect(capp.readlinkat(sh.app, '/mnt/nfs/current')).toEqual({
			ok: true,
			value: 'releases/v9',
		});
		const pid = capp.spawn(sh.app, 'srv', ['server']);
		expect(pid.ok && capp.exeLink(pid.value)).toBe('/opt/app/bin/server');
	});
});

// fs/nfs/dir.c and fs/namei.c: a cached symlink is followed without asking the server while
// its attributes and its directory's are fresh (an open verifies only the regular file it
// ends at); its target is checked when the link's own attributes expire (nfs_get_link), and
// an ESTALE anywhere in the walk makes the VFS walk again with LOOKUP_REVAL.
describe('symbolic links over NFS, as the Linux client revalidates them', () => {
	function releases() {
		const ctx = setup();
		const { app, build, sh } = ctx;
		for (const dir of ['/mnt/nfs/releases', '/mnt/nfs/releases/v1', '/mnt/nfs/releases/v2'])
			app.mkdir(sh.app, dir);
		expect(cp(app, sh.app, '/opt/app/bin/server', '/mnt/nfs/releases/v1/server')).toBe(true);
		expect(cp(app, sh.app, '/root/server-v2', '/mnt/nfs/releases/v2/server')).toBe(true);
		app.symlinkat(sh.app, 'releases/v1/server', '/mnt/nfs/current');
		const first = app.spawn(sh.app, '/mnt/nfs/current', ['server']);
		expect(first.ok && app.runningBuild(first.value)).toBe('v1');
		// build switches the link: a new link renamed over the old, which the filer then frees.
		build.symlinkat(sh.build, 'releases/v2/server', '/mnt/nfs/current.new');
		expect(build.rename(sh.build, '/mnt/nfs/current.new', '/mnt/nfs/current').ok).toBe(true);
		const mark = ctx.events.length;
		const rpcs = () =>
			ofType(ctx.events.slice(mark), 'rpc')
				.filter((e) => e.client === 'app')
				.map((e) => `${e.op}${e.name ? ` ${e.name}` : ''} ${e.status}`);
		return { ...ctx, rpcs };
	}

	it('follows the cached link, even to exec, until its attributes expire', () => {
		const { world, app, sh, rpcs } = releases();
		world.advance(2000);
		const early = app.spawn(sh.app, '/mnt/nfs/current', ['server']);
		expect(early.ok && app.runningBuild(early.value)).toBe('v1');
		expect(early.ok && app.exeLink(early.value)).toBe('/mnt/nfs/releases/v1/server');
		// Only the binary itself was checked (close-to-open); the link went unasked.
		expect(rpcs()).toEqual(['GETATTR NFS3_OK']);
		world.advance(1000);
		const late = app.spawn(sh.app, '/mnt/nfs/current', ['server']);
		expect(late.ok && app.runningBuild(late.value)).toBe('v2');
		expect(late.ok && app.exeLink(late.value)).toBe('/mnt/nfs/releases/v2/server');
		// acregmin (3 s) ran out: GETATTR finds the old link gone, and the LOOKUP_REVAL walk asks
		// about every name again (the stale link straight away, the others to compare handles),
		// reads the new link, and exec reads the binary's first pages.
		expect(rpcs().slice(1, 7)).toEqual([
			'GETATTR NFS3ERR_STALE',
			'LOOKUP current NFS3_OK',
			'READLINK NFS3_OK',
			'LOOKUP releases NFS3_OK',
			'LOOKUP v2 NFS3_OK',
			'LOOKUP server NFS3_OK',
		]);
		expect(
			rpcs()
				.slice(7)
				.every((r) => r === 'READ NFS3_OK'),
		).toBe(true);
	});

	it('retries a walk that met ESTALE with LOOKUP_REVAL, past a release removed on the filer', () => {
		const { app, filer, sh, rpcs } = releases();
		const before = app.openat(sh.app, '/mnt/nfs/current', O_RDONLY);
		const old = before.ok ? app.fstat(sh.app, before.value) : null;
		expect(old?.ok && old.value.size).toBe(serverLayout.sizes.v1);
		if (before.ok) app.close(sh.app, before.value);
		// The filer deletes release v1 outright; app's cached link still points into it.
		expect(filer.unlink(sh.filer, '/export/releases/v1/server').ok).toBe(true);
		expect(filer.rmdir(sh.filer, '/export/releases/v1').ok).toBe(true);
		const fd = app.openat(sh.app, '/mnt/nfs/current', O_RDONLY);
		expect(fd.ok).toBe(true);
		const st = fd.ok ? app.fstat(sh.app, fd.value) : null;
		expect(st?.ok && st.value.size).toBe(serverLayout.sizes.v2);
		// The first walk trusted the fresh link and the v1 names, and the open's GETATTR of the
		// binary met NFS3ERR_STALE; looking it up again in v1 did too. The second walk, with
		// LOOKUP_REVAL, looked up every name: `current` had a new handle, so the dentry went and
		// a second LOOKUP made the new one (nfs_lookup_revalidate_dentry, then nfs_lookup).
		const sent = rpcs();
		const retry = sent.indexOf('LOOKUP server NFS3ERR_STALE');
		expect(retry).toBeGreaterThan(0);
		expect(sent.slice(retry + 1, retry + 4)).toEqual([
			'LOOKUP current NFS3_OK',
			'LOOKUP current NFS3_OK',
			'READLINK NFS3_OK',
		]);
		expect(app.peekReadlink('/mnt/nfs/current')).toBe('releases/v2/server');
	});

	it('stat and lstat trust the cached link just the same while it is fresh', () => {
		const { world, app, sh } = releases();
		world.advance(1000);
		const st = app.stat(sh.app, '/mnt/nfs/current');
		expect(st.ok && st.value.size).toBe(serverLayout.sizes.v1);
		// lstat sees the cached link itself, unchanged.
		const l = app.lstat(sh.app, '/mnt/nfs/current');
		expect(l.ok && l.value.size).toBe('releases/v1/server'.length);
	});
});
