import { describe, expect, it } from 'vitest';
import {
	O_APPEND,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	errnoNumber,
	strerror,
} from '../../../src/kernel';
import { cp, ofType, setup, writeFile } from './helpers';

const bin = '/opt/app/bin/server';

function running() {
	const ctx = setup();
	const pid = ctx.app.spawn(ctx.sh.app, bin, ['server']);
	if (!pid.ok) throw new Error(pid.errno);
	return { ...ctx, pid: pid.value };
}

describe('ETXTBSY for a running executable', () => {
	it('has the Linux number and message', () => {
		expect(errnoNumber('ETXTBSY')).toBe(26);
		expect(strerror('ETXTBSY')).toBe('Text file busy');
		expect(errnoNumber('ESTALE')).toBe(116);
		expect(strerror('ESTALE')).toBe('Stale file handle');
	});

	it('denies every kind of write access while the binary runs', () => {
		const { app, sh } = running();
		expect(app.peekWritecount(bin)).toBeLessThan(0);
		for (const flags of [O_WRONLY, O_RDWR, O_WRONLY | O_APPEND, O_RDONLY | O_TRUNC]) {
			expect(app.openat(sh.app, bin, flags)).toEqual({ ok: false, errno: 'ETXTBSY' });
		}
		expect(app.truncate(sh.app, bin, 0)).toEqual({ ok: false, errno: 'ETXTBSY' });
		expect(cp(app, sh.app, '/root/server-v2', bin)).toBe(false);
		expect(app.peekStat(bin)?.size).toBe(25_165_824 + 1_234);
	});

	it('allows reading, chmod and touch', () => {
		const { app, sh } = running();
		const fd = app.openat(sh.app, bin, O_RDONLY);
		expect(fd.ok).toBe(true);
		expect(app.chmod(sh.app, bin, 0o700).ok).toBe(true);
		expect(app.utimensat(sh.app, bin).ok).toBe(true);
	});

	it('lets rename over it and unlink succeed while the process keeps the old inode', () => {
		const { app, sh, pid } = running();
		const before = app.peekStat(bin)?.ino;
		expect(app.rename(sh.app, '/root/server-v2', bin).ok).toBe(true);
		expect(app.exeLink(pid)).toBe(`${bin} (deleted)`);
		expect(app.peekStat(bin)?.ino).not.toBe(before);
		expect(app.maps(pid).find((m) => m.perms === 'r-xp')?.deleted).toBe(true);
		// The old code keeps running: a reload touches pages that are read from the old inode.
		expect(app.kill(sh.app, pid, 'SIGHUP').ok).toBe(true);
		expect(app.process(pid)?.state).not.toBe('Z');
		expect(app.unlink(sh.app, bin).ok).toBe(true);
		expect(app.process(pid)?.state).not.toBe('Z');
	});

	it('releases the denial when the process exits, and frees an unlinked inode', () => {
		const { app, sh, pid, events } = running();
		expect(app.unlink(sh.app, bin).ok).toBe(true);
		expect(ofType(events, 'inode-freed')).toHaveLength(0);
		app.kill(sh.app, pid, 'SIGTERM');
		expect(ofType(events, 'inode-freed')).toHaveLength(1);
		expect(app.wait4(sh.app, pid)).toMatchObject({ ok: true, value: { shellStatus: 143 } });
	});

	it('is held by forked children that never exec (dup_mm_exe_file)', () => {
		const { app, sh, pid } = running();
		const child = app.fork(pid);
		expect(child.ok).toBe(true);
		app.kill(sh.app, pid, 'SIGKILL');
		expect(app.openat(sh.app, bin, O_WRONLY)).toEqual({ ok: false, errno: 'ETXTBSY' });
		if (child.ok) app.kill(sh.app, child.value, 'SIGKILL');
		expect(app.openat(sh.app, bin, O_WRONLY).ok).toBe(true);
	});

	it('refuses to exec a file that is open for writing', () => {
		const { app, sh } = setup();
		const fd = app.openat(sh.app, '/root/server-v2', O_WRONLY);
		expect(fd.ok).toBe(true);
		expect(app.spawn(sh.app, '/root/server-v2', ['server'])).toEqual({
			ok: false,
			errno: 'ETXTBSY',
		});
		if (fd.ok) app.close(sh.app, fd.value);
		expect(app.spawn(sh.app, '/root/server-v2', ['server']).ok).toBe(true);
	});

	it('does not protect a script: the interpreter is the executable', () => {
		const { app, sh } = setup();
		// The daemon as interpreter: sleep would now reject the script's path as an operand.
		expect(writeFile(app, sh.app, '/root/job.sh', '#!/opt/app/bin/server\n')).toBe(true);
		expect(app.chmod(sh.app, '/root/job.sh', 0o755).ok).toBe(true);
		const pid = app.spawn(sh.app, '/root/job.sh', ['/root/job.sh']);
		expect(pid.ok).toBe(true);
		if (pid.ok) expect(app.exeLink(pid.value)).toBe('/opt/app/bin/server');
		if (pid.ok) expect(app.process(pid.value)?.comm).toBe('job.sh');
		expect(app.openat(sh.app, '/root/job.sh', O_WRONLY | O_APPEND).ok).toBe(true);
		expect(app.openat(sh.app, '/opt/app/bin/server', O_WRONLY)).toEqual({
			ok: false,
			errno: 'ETXTBSY',
		});
	});

	it('is enforced by the NFS client that runs the binary, not by others', () => {
		const { app, build, filer, sh } = setup();
		const pid = app.spawn(sh.app, '/mnt/nfs/bin/server', ['server']);
		expect(pid.ok).toBe(true);
		expect(app.openat(sh.app, '/mnt/nfs/bin/server', O_WRONLY)).toEqual({
			ok: false,
			errno: 'ETXTBSY',
		});
		expect(build.openat(sh.build, '/mnt/nfs/bin/server', O_WRONLY).ok).toBe(true);
		expect(filer.openat(sh.filer, '/export/bin/server', O_WRONLY).ok).toBe(true);
	});

	it('traces the refusal the way strace prints it', () => {
		const { app, sh, events } = running();
		app.chdir(sh.app, '/opt/app/bin');
		app.openat(sh.app, 'server', O_WRONLY | O_TRUNC);
		expect(ofType(events, 'syscall').map((e) => e.line)).toContain(
			'openat(AT_FDCWD, "server", O_WRONLY|O_TRUNC) = -1 ETXTBSY (Text file busy)',
		);
	});
});
