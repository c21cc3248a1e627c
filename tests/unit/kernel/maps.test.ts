import { describe, expect, it } from 'vitest';
import { createWorld, serverLayout } from '../../../src/kernel';
import { ofType } from './helpers';

function line(e: { start: number; end: number; perms: string; offset: number; path: string }) {
	return `${e.perms} ${e.offset.toString(16).padStart(8, '0')} ${(e.end - e.start) / 4096} ${e.path}`;
}

describe('/proc/PID/maps in the ELF layout', () => {
	it('shows the segments, heap, libc, ld.so, the vDSO, the stack and vsyscall in address order', () => {
		const world = createWorld();
		const events: ReturnType<typeof ofType<'fault'>> = [];
		world.on((e) => {
			if (e.type === 'fault') events.push(e);
		});
		const app = world.host('app');
		const sh = app.login();
		const pid = app.spawn(sh, '/opt/app/bin/server', ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		const maps = app.maps(pid.value);
		for (let i = 1; i < maps.length; i++)
			expect(maps[i]?.start).toBeGreaterThanOrEqual(maps[i - 1]?.end ?? 0);
		const exe = maps.filter((m) => m.path === '/opt/app/bin/server');
		expect(exe.map((m) => m.perms)).toEqual(['r--p', 'r-xp', 'r--p', 'r--p', 'rw-p']);
		expect(exe[0]?.offset).toBe(0);
		expect(exe[1]?.offset).toBe(0x1000);
		// The segments are contiguous and together cover the whole file.
		for (let i = 1; i < exe.length; i++) expect(exe[i]?.start).toBe(exe[i - 1]?.end);
		const total = exe.reduce((n, m) => n + (m.end - m.start), 0);
		expect(total).toBe(Math.ceil((serverLayout.sizes.v1 ?? 0) / 4096) * 4096);
		const names = maps.map((m) => m.path);
		expect(names.filter((n) => n.startsWith('['))).toEqual([
			'[heap]',
			'[vvar]',
			'[vvar_vclock]',
			'[vdso]',
			'[stack]',
			'[vsyscall]',
		]);
		expect(maps.filter((m) => m.path.endsWith('libc.so.6')).map((m) => line(m))).toEqual([
			'r--p 00000000 38 /usr/lib/x86_64-linux-gnu/libc.so.6',
			'r-xp 00026000 342 /usr/lib/x86_64-linux-gnu/libc.so.6',
			'r--p 0017c000 83 /usr/lib/x86_64-linux-gnu/libc.so.6',
			'r--p 001cf000 4 /usr/lib/x86_64-linux-gnu/libc.so.6',
			'rw-p 001d3000 2 /usr/lib/x86_64-linux-gnu/libc.so.6',
		]);
		expect(maps.filter((m) => m.path.includes('ld-linux')).map((m) => m.perms)).toEqual([
			'r--p',
			'r-xp',
			'r--p',
			'r--p',
			'rw-p',
		]);
		expect(maps.at(-1)).toMatchObject({
			start: 0xffffffffff600000,
			perms: '--xp',
			path: '[vsyscall]',
		});
		// ld.so reads the header page first; hot code runs in the text segment, after it.
		const pages = events.filter((e) => e.pid === pid.value).map((e) => e.page);
		expect(pages).toEqual([0, ...serverLayout.hotPages.map((p) => p + 1)]);
		// Everything mapped is released at exit: libc keeps only init's five mappings.
		app.kill(sh, pid.value, 'SIGKILL');
		app.wait4(sh, pid.value);
		const libc = Object.values(app.state().filesystems.root?.inodes ?? {}).find(
			(i) => i.size === 1922136,
		);
		const initMaps = app.maps(1).filter((m) => m.path.endsWith('/libc.so.6')).length;
		expect(initMaps).toBe(5);
		expect(libc?.refs).toBe(initMaps);
	});

	it('is the default; elfLayout: false maps one text mapping', () => {
		const world = createWorld({ elfLayout: false });
		const app = world.host('app');
		const sh = app.login();
		const pid = app.spawn(sh, '/opt/app/bin/server', ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		expect(app.maps(pid.value).map((m) => m.path || m.perms)).toEqual([
			'/opt/app/bin/server',
			'[heap]',
			'[stack]',
		]);
	});
});
