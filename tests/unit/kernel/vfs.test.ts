import { describe, expect, it } from 'vitest';
import {
	createWorld,
	O_APPEND,
	O_CREAT,
	O_EXCL,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	RENAME_NOREPLACE,
	SEEK_SET,
} from '../../../src/kernel';
import { cp, ofType, readFile, setup, writeFile } from './helpers';

describe('VFS system calls', () => {
	it('returns the Linux errnos', () => {
		const { app, sh } = setup();
		expect(app.openat(sh.app, '/nonexistent', O_RDONLY)).toEqual({ ok: false, errno: 'ENOENT' });
		expect(app.openat(sh.app, '/root', O_WRONLY)).toEqual({ ok: false, errno: 'EISDIR' });
		expect(app.openat(sh.app, '/etc/hostname/x', O_RDONLY)).toEqual({
			ok: false,
			errno: 'ENOTDIR',
		});
		expect(app.mkdir(sh.app, '/root')).toEqual({ ok: false, errno: 'EEXIST' });
		expect(app.openat(sh.app, '/etc/hostname', O_WRONLY | O_CREAT | O_EXCL)).toEqual({
			ok: false,
			errno: 'EEXIST',
		});
		expect(app.rmdir(sh.app, '/usr/bin')).toEqual({ ok: false, errno: 'ENOTEMPTY' });
		expect(app.rmdir(sh.app, '/etc/hostname')).toEqual({ ok: false, errno: 'ENOTDIR' });
		expect(app.unlink(sh.app, '/root')).toEqual({ ok: false, errno: 'EISDIR' });
		expect(app.rename(sh.app, '/etc/hostname', '/dev/shm/hostname')).toEqual({
			ok: false,
			errno: 'EXDEV',
		});
		expect(app.renameat2(sh.app, '/etc/hostname', '/root/server-v2', RENAME_NOREPLACE)).toEqual({
			ok: false,
			errno: 'EEXIST',
		});
		expect(app.read(sh.app, 42, 10)).toEqual({ ok: false, errno: 'EBADF' });
		expect(app.chdir(sh.app, '/etc/hostname')).toEqual({ ok: false, errno: 'ENOTDIR' });
	});

	it('keeps real bytes for small files: write, append, read, truncate', () => {
		const { app, sh } = setup();
		expect(writeFile(app, sh.app, 'notes.txt', 'hello\n')).toBe(true);
		const fd = app.openat(sh.app, 'notes.txt', O_WRONLY | O_APPEND);
		expect(fd.ok).toBe(true);
		if (fd.ok) app.write(sh.app, fd.value, 'héllo again\n');
		expect(readFile(app, sh.app, '/root/notes.txt')).toBe('hello\nh\xc3\xa9llo again\n');
		expect(app.truncate(sh.app, 'notes.txt', 3).ok).toBe(true);
		expect(readFile(app, sh.app, 'notes.txt')).toBe('hel');
		expect(app.truncate(sh.app, 'notes.txt', 6).ok).toBe(true);
		expect(readFile(app, sh.app, 'notes.txt')).toBe('hel\0\0\0');
		const rd = app.openat(sh.app, 'notes.txt', O_RDONLY);
		if (rd.ok) {
			expect(app.lseek(sh.app, rd.value, 1, SEEK_SET)).toEqual({ ok: true, value: 1 });
			const two = app.read(sh.app, rd.value, 2);
			expect(two.ok && String.fromCharCode(...two.value)).toBe('el');
		}
	});

	it('copies program images symbolically and byte-identically', () => {
		const { app, sh } = setup();
		expect(cp(app, sh.app, '/root/server-v2', '/tmp/copy')).toBe(true);
		expect(app.peekStat('/tmp/copy')?.size).toBe(app.peekStat('/root/server-v2')?.size);
		const a = app.openat(sh.app, '/tmp/copy', O_RDONLY);
		const b = app.openat(sh.app, '/root/server-v2', O_RDONLY);
		if (a.ok && b.ok) {
			const x = app.read(sh.app, a.value, 8192);
			const y = app.read(sh.app, b.value, 8192);
			expect(x).toEqual(y);
			expect(x.ok && String.fromCharCode(...x.value.subarray(0, 4))).toBe('\x7fELF');
		}
		const pid = app.spawn(sh.app, '/tmp/copy', ['copy']);
		expect(pid.ok).toBe(true);
		if (pid.ok) expect(app.runningBuild(pid.value)).toBe('v2');
	});

	it('counts links: a hard link keeps the data after unlink', () => {
		const { app, sh } = setup();
		expect(writeFile(app, sh.app, 'a', 'data')).toBe(true);
		expect(app.link(sh.app, 'a', 'b').ok).toBe(true);
		const st = app.stat(sh.app, 'a');
		expect(st.ok && st.value.nlink).toBe(2);
		expect(app.unlink(sh.app, 'a').ok).toBe(true);
		expect(readFile(app, sh.app, 'b')).toBe('data');
		const after = app.stat(sh.app, 'b');
		expect(after.ok && after.value.nlink).toBe(1);
	});

	it('refuses to exec what is not a program', () => {
		const { app, sh } = setup();
		expect(app.spawn(sh.app, '/etc/hostname', ['x'])).toEqual({ ok: false, errno: 'EACCES' });
		expect(app.chmod(sh.app, '/etc/hostname', 0o755).ok).toBe(true);
		expect(app.spawn(sh.app, '/etc/hostname', ['x'])).toEqual({ ok: false, errno: 'ENOEXEC' });
		expect(app.spawn(sh.app, '/nope', ['x'])).toEqual({ ok: false, errno: 'ENOENT' });
		expect(app.spawn(sh.app, '/root', ['x'])).toEqual({ ok: false, errno: 'EACCES' });
	});

	it('lists directories on local disks and over NFS', () => {
		const { app, filer, sh } = setup();
		const local = app.readdir(sh.app, '/opt/app/bin');
		expect(local.ok && local.value.map((e) => e.name)).toEqual(['.', '..', 'server']);
		const remote = app.readdir(sh.app, '/mnt/nfs');
		expect(remote.ok && remote.value.map((e) => e.name).sort()).toEqual(['.', '..', 'bin', 'etc']);
		const onFiler = filer.peekStat('/export/bin/server');
		const viaNfs = app.stat(sh.app, '/mnt/nfs/bin/server');
		expect(viaNfs.ok && viaNfs.value.ino).toBe(onFiler?.ino);
		expect(viaNfs.ok && viaNfs.value.fsType).toBe('nfs');
	});

	it('creates, writes and removes files over NFS, and the filer sees them', () => {
		const { app, filer, sh, events } = setup();
		expect(writeFile(app, sh.app, '/mnt/nfs/hello.txt', 'hi\n')).toBe(true);
		expect(readFile(filer, sh.filer, '/export/hello.txt')).toBe('hi\n');
		expect(app.mkdir(sh.app, '/mnt/nfs/dir').ok).toBe(true);
		expect(filer.peekStat('/export/dir')?.type).toBe('dir');
		expect(app.unlink(sh.app, '/mnt/nfs/hello.txt').ok).toBe(true);
		expect(filer.peekStat('/export/hello.txt')).toBeNull();
		const ops = new Set(ofType(events, 'rpc').map((e) => e.op));
		for (const op of ['CREATE', 'WRITE', 'MKDIR', 'REMOVE', 'LOOKUP'])
			expect(ops.has(op as never)).toBe(true);
		expect(app.nfsstat().client.CREATE).toBe(1);
		expect(filer.nfsstat().server.CREATE).toBe(1);
	});

	it('prints the NFS mount the way /proc/mounts does', () => {
		const { app } = setup();
		const nfs = app.mounts().find((m) => m.type === 'nfs');
		expect(nfs?.source).toBe('filer:/export');
		expect(nfs?.target).toBe('/mnt/nfs');
		expect(nfs?.options).toMatch(
			/^rw,relatime,vers=3,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,/,
		);
	});
});

describe('mount options', () => {
	it('refuses to exec from the noexec tmpfs on /dev/shm', () => {
		const { app, sh } = setup();
		expect(cp(app, sh.app, '/root/server-v2', '/dev/shm/server')).toBe(true);
		expect(app.spawn(sh.app, '/dev/shm/server', ['server'])).toEqual({
			ok: false,
			errno: 'EACCES',
		});
		expect(app.df().find((d) => d.target === '/dev/shm')?.used).toBe(
			Math.ceil((app.peekStat('/dev/shm/server')?.size ?? 0) / 4096) * 4,
		);
	});
});

describe('byte copies of programs', () => {
	it('cat a binary into a new file and the copy is the same program', () => {
		const { app, sh } = setup();
		const input = app.openat(sh.app, '/root/server-v2', O_RDONLY);
		if (!input.ok) throw new Error(input.errno);
		const bytes = app.readAll(sh.app, input.value);
		if (!bytes.ok) throw new Error(bytes.errno);
		expect(bytes.value.length).toBe(app.peekStat('/root/server-v2')?.size);
		const fd = app.openat(sh.app, '/root/copy', O_WRONLY | O_CREAT | O_TRUNC, 0o755);
		if (!fd.ok) throw new Error(fd.errno);
		app.write(sh.app, fd.value, bytes.value);
		// Still open for writing, it cannot be executed.
		expect(app.spawn(sh.app, '/root/copy', ['copy'])).toEqual({ ok: false, errno: 'ETXTBSY' });
		app.close(sh.app, fd.value);
		const pid = app.spawn(sh.app, '/root/copy', ['copy']);
		expect(pid.ok).toBe(true);
		if (!pid.ok) return;
		expect(app.runningBuild(pid.value)).toBe('v2');
		app.kill(sh.app, pid.value, 'SIGHUP');
		expect(app.process(pid.value)?.state).not.toBe('Z');
	});
});

describe('a full tmpfs', () => {
	it('takes the bytes that fit in a short write, and only the next write fails', () => {
		const world = createWorld({ seed: 1 });
		const app = world.host('app');
		const sh = app.login();
		const fd = app.openat(sh, '/dev/shm/fill', O_WRONLY | O_CREAT, 0o644);
		if (!fd.ok) throw new Error('open failed');
		const page = new Uint8Array(4096);
		for (let i = 0; i < 16383; i++) app.write(sh, fd.value, page);
		expect(app.write(sh, fd.value, new Uint8Array(3 * 4096))).toEqual({ ok: true, value: 4096 });
		expect(app.write(sh, fd.value, page)).toEqual({ ok: false, errno: 'ENOSPC' });
	});
});
