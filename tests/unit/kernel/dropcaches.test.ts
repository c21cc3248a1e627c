import { describe, expect, it } from 'vitest';
import { O_RDONLY } from '../../../src/kernel';
import { ofType, setup } from './helpers';

describe('/proc/sys/vm/drop_caches', () => {
	it('accepts 1 to 4, logs each write until 4 silences it, and rejects the rest', () => {
		const { app, sh, events } = setup();
		const fd = app.openat(sh.app, '/opt/app/bin/server', O_RDONLY);
		if (fd.ok) {
			app.read(sh.app, fd.value, 8192);
			app.close(sh.app, fd.value);
		}
		expect(app.peekResidency('/opt/app/bin/server')?.resident.length).toBeGreaterThan(0);
		expect(app.writeDropCaches(sh.app, '3\n')).toEqual({ ok: true, value: 2 });
		expect(app.peekResidency('/opt/app/bin/server')?.resident).toEqual([]);
		for (const bad of ['0\n', '5\n', 'abc\n', '-1\n', '\n']) {
			expect(app.writeDropCaches(sh.app, bad)).toEqual({ ok: false, errno: 'EINVAL' });
		}
		expect(app.writeDropCaches(sh.app, '4\n').ok).toBe(true);
		expect(app.writeDropCaches(sh.app, '1\n').ok).toBe(true);
		const log = app
			.dmesg()
			.map((m) => m.text)
			.filter((t) => t.includes('drop_caches'));
		expect(log).toEqual([`bash (${sh.app}): drop_caches: 3`, `bash (${sh.app}): drop_caches: 4`]);
		const lines = ofType(events, 'syscall').map((e) => e.line);
		expect(lines).toContain('write(1, "3\\n", 2) = 2');
		expect(lines).toContain('write(1, "5\\n", 2) = -1 EINVAL (Invalid argument)');
	});

	it('cannot be read: the sysctl is mode 0200', () => {
		const { app, sh } = setup();
		expect(app.readDropCaches(sh.app)).toEqual({ ok: false, errno: 'EACCES' });
	});
});
