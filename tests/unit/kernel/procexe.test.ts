import { describe, expect, it } from 'vitest';
import { O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY } from '../../../src/kernel';
import { ofType, setup } from './helpers';

describe('/proc/PID/exe is a magic link', () => {
	it('reaches the running inode even after its name is gone', () => {
		const { app, sh, events } = setup();
		const pid = app.spawn(sh.app, '/opt/app/bin/server', ['server']);
		expect(pid.ok).toBe(true);
		if (!pid.ok) return;
		const exe = `/proc/${pid.value}/exe`;
		expect(app.readlinkat(sh.app, exe)).toEqual({ ok: true, value: '/opt/app/bin/server' });
		expect(app.unlink(sh.app, '/opt/app/bin/server').ok).toBe(true);
		// stat without -L: the link itself, size 0 as procfs reports, pointing at "… (deleted)".
		const link = app.lstat(sh.app, exe);
		expect(link.ok && link.value.type).toBe('symlink');
		expect(link.ok && link.value.size).toBe(0);
		expect(link.ok && link.value.blksize).toBe(1024);
		expect(app.readlinkat(sh.app, exe)).toEqual({
			ok: true,
			value: '/opt/app/bin/server (deleted)',
		});
		// stat -L: the executable's inode, with no names left.
		const target = app.stat(sh.app, exe);
		expect(target.ok && target.value.nlink).toBe(0);
		expect(target.ok && target.value.size).toBe(24 * 1024 * 1024 + 1234);
		// cp x /proc/PID/exe opens it O_WRONLY|O_CREAT|O_TRUNC: the running text refuses.
		expect(app.openat(sh.app, exe, O_WRONLY | O_CREAT | O_TRUNC, 0o755)).toEqual({
			ok: false,
			errno: 'ETXTBSY',
		});
		expect(ofType(events, 'syscall').map((e) => e.line)).toContain(
			`openat(AT_FDCWD, "${exe}", O_WRONLY|O_CREAT|O_TRUNC, 0755) = -1 ETXTBSY (Text file busy)`,
		);
		// Reading through it recovers the deleted binary.
		const fd = app.openat(sh.app, exe, O_RDONLY);
		expect(fd.ok).toBe(true);
	});

	it('/proc/self/exe is the caller, and a dead pid has none', () => {
		const { app, sh } = setup();
		expect(app.readlinkat(sh.app, '/proc/self/exe')).toEqual({ ok: true, value: '/usr/bin/bash' });
		expect(app.stat(sh.app, '/proc/99999/exe')).toEqual({ ok: false, errno: 'ENOENT' });
		expect(app.stat(sh.app, '/proc/self/exe/x')).toEqual({ ok: false, errno: 'ENOTDIR' });
	});
});
