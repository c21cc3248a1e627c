import { describe, expect, it } from 'vitest';
import {
	O_RDONLY,
	O_RDWR,
	O_CREAT,
	signalDescription,
	signalNumber,
	BUS_ADRERR,
} from '../../../src/kernel';
import { ofType, readFile, setup, writeFile } from './helpers';

describe('signals, exit statuses and core dumps', () => {
	it('uses the x86 numbers and bash descriptions', () => {
		expect(signalNumber('SIGBUS')).toBe(7);
		expect(signalDescription('SIGBUS')).toBe('Bus error');
		expect(signalDescription('SIGSEGV')).toBe('Segmentation fault');
		expect(signalDescription('SIGILL')).toBe('Illegal instruction');
		expect(BUS_ADRERR).toBe(2);
	});

	it('kills without a core when RLIMIT_CORE is 0, and dumps `core` in the cwd otherwise', () => {
		for (const limit of [0, -1]) {
			const { world, app, sh, events } = setup();
			app.setCoreLimit(sh.app, limit);
			expect(writeFile(app, sh.app, '/root/data.bin', 'x'.repeat(3 * 4096))).toBe(true);
			const pid = app.spawn(sh.app, '/usr/local/bin/mapreader', ['mapreader', 'data.bin']);
			expect(pid.ok).toBe(true);
			if (!pid.ok) return;
			expect(app.truncate(sh.app, '/root/data.bin', 100).ok).toBe(true);
			world.advance(1000);
			const exit = ofType(events, 'exit').find((e) => e.pid === pid.value);
			expect(exit?.shellStatus).toBe(135);
			expect(exit?.status).toMatchObject({ signal: 'SIGBUS', core: limit !== 0 });
			expect(app.peekStat('/root/core') !== null).toBe(limit !== 0);
			const signal = ofType(events, 'signal').find((e) => e.pid === pid.value);
			expect(signal).toMatchObject({ code: 2, codeName: 'BUS_ADRERR' });
			expect(app.wait4(sh.app, pid.value)).toMatchObject({ ok: true, value: { shellStatus: 135 } });
			expect(app.process(pid.value)).toBeNull();
		}
	});

	it('dumps no core when RLIMIT_CORE is below one page (binfmt_elf min_coredump)', () => {
		// ulimit -c 2 is 2048 bytes: bash says "Bus error" without "(core dumped)", no file;
		// ulimit -c 8 (8192 bytes) dumps a core cut at the limit (checked on Linux 6.18).
		for (const [limit, dumped] of [
			[2048, false],
			[4095, false],
			[4096, true],
			[8192, true],
		] as const) {
			const { world, app, sh, events } = setup();
			app.setCoreLimit(sh.app, limit);
			expect(writeFile(app, sh.app, '/root/data.bin', 'x'.repeat(3 * 4096))).toBe(true);
			const pid = app.spawn(sh.app, '/usr/local/bin/mapreader', ['mapreader', 'data.bin']);
			if (!pid.ok) throw new Error('spawn failed');
			app.truncate(sh.app, '/root/data.bin', 100);
			world.advance(1000);
			const exit = ofType(events, 'exit').find((e) => e.pid === pid.value);
			expect(exit?.status).toMatchObject({ signal: 'SIGBUS', core: dumped });
			const core = app.peekStat('/root/core');
			expect(core !== null).toBe(dumped);
			if (core) expect(core.size).toBe(limit);
		}
	});

	it('reads the zero-filled rest of the last page: only a page wholly past EOF faults', () => {
		const { world, app, sh } = setup();
		expect(writeFile(app, sh.app, '/root/data.bin', 'A'.repeat(4 * 4096))).toBe(true);
		const pid = app.spawn(sh.app, '/usr/local/bin/mapreader', ['mapreader', '/root/data.bin']);
		expect(pid.ok).toBe(true);
		expect(app.truncate(sh.app, '/root/data.bin', 4096 + 100).ok).toBe(true);
		if (!pid.ok) return;
		const base = app.process(pid.value)?.vars.addr ?? 0;
		expect(app.memAccess(pid.value, base + 4096 + 200, false)).toBe(true);
		expect(app.memAccess(pid.value, base + 2 * 4096, false)).toBe(false);
		expect(app.process(pid.value)?.exit).toMatchObject({ signal: 'SIGBUS' });
		world.advance(1);
	});

	it('shmwriter gets SIGBUS when /dev/shm fills up, and succeeds when it fits', () => {
		const { app, sh, events } = setup();
		const small = app.spawn(sh.app, '/usr/local/bin/shmwriter', ['shmwriter', '1M']);
		expect(small.ok).toBe(true);
		if (small.ok)
			expect(app.wait4(sh.app, small.value)).toMatchObject({ value: { shellStatus: 0 } });
		expect(ofType(events, 'console').map((e) => e.text)).toContain(
			'shmwriter: wrote 1024 KiB to /dev/shm/shmwriter.dat\n',
		);
		const big = app.spawn(sh.app, '/usr/local/bin/shmwriter', [
			'shmwriter',
			'100M',
			'/dev/shm/big',
		]);
		expect(big.ok).toBe(true);
		if (!big.ok) return;
		expect(app.wait4(sh.app, big.value)).toMatchObject({ value: { shellStatus: 135 } });
		const shm = app.df().find((d) => d.target === '/dev/shm');
		expect(shm?.used).toBe(shm?.size);
		expect(ofType(events, 'signal').at(-1)).toMatchObject({
			signal: 'SIGBUS',
			codeName: 'BUS_ADRERR',
		});
	});

	it('sleep waits on the simulated clock, SIGTERM ends it with 143', () => {
		const { world, app, sh } = setup();
		const short = app.spawn(sh.app, '/bin/sleep', ['sleep', '2']);
		const long = app.spawn(sh.app, '/bin/sleep', ['sleep', '100']);
		expect(short.ok && long.ok).toBe(true);
		if (!short.ok || !long.ok) return;
		world.advance(1999);
		expect(app.wait4(sh.app, short.value)).toEqual({ ok: true, value: null });
		world.advance(1);
		expect(app.wait4(sh.app, short.value)).toMatchObject({ value: { shellStatus: 0 } });
		expect(app.process(long.value)?.state).toBe('S');
		app.kill(sh.app, long.value, 'SIGTERM');
		expect(app.wait4(sh.app, long.value)).toMatchObject({
			value: { shellStatus: 143, status: { signal: 'SIGTERM', core: false } },
		});
	});

	it('kill of a missing pid is ESRCH; SIGSTOP and SIGCONT change the state', () => {
		const { app, sh } = setup();
		expect(app.kill(sh.app, 999999, 'SIGHUP')).toEqual({ ok: false, errno: 'ESRCH' });
		const pid = app.spawn(sh.app, '/opt/app/bin/server', ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		app.kill(sh.app, pid.value, 'SIGSTOP');
		expect(app.process(pid.value)?.state).toBe('T');
		app.kill(sh.app, pid.value, 'SIGCONT');
		// Continued, the idle daemon goes back to its interruptible sleep.
		expect(app.process(pid.value)?.state).toBe('S');
		app.sigaction(pid.value, 'SIGTERM', 'ignore');
		app.kill(sh.app, pid.value, 'SIGTERM');
		expect(app.process(pid.value)?.state).toBe('S');
		app.kill(sh.app, pid.value, 'SIGKILL');
		expect(app.wait4(sh.app, pid.value)).toMatchObject({ value: { shellStatus: 137 } });
	});

	it('writes to the terminal as console events and to files as bytes', () => {
		const { app, sh, events } = setup();
		app.write(sh.app, 1, 'hello\n');
		expect(ofType(events, 'console').at(-1)).toMatchObject({ text: 'hello\n', pid: sh.app });
		const fd = app.openat(sh.app, '/tmp/out', O_RDWR | O_CREAT, 0o644);
		expect(fd.ok).toBe(true);
		const pid = fd.ok
			? app.spawn(sh.app, '/usr/local/bin/mapreader', ['mapreader'], {
					stdout: fd.value,
					stderr: fd.value,
				})
			: null;
		expect(pid?.ok).toBe(true);
		expect(readFile(app, sh.app, '/tmp/out')).toBe('usage: mapreader FILE\n');
		expect(app.openat(sh.app, '/tmp/out', O_RDONLY).ok).toBe(true);
	});
});

describe('stopped processes', () => {
	it('hold signals until SIGCONT', () => {
		const { app, sh, events } = setup();
		const pid = app.spawn(sh.app, '/opt/app/bin/server', ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		app.kill(sh.app, pid.value, 'SIGSTOP');
		app.kill(sh.app, pid.value, 'SIGHUP');
		expect(ofType(events, 'console').filter((e) => e.text.includes('reloaded'))).toHaveLength(0);
		app.kill(sh.app, pid.value, 'SIGCONT');
		expect(ofType(events, 'console').filter((e) => e.text.includes('reloaded'))).toHaveLength(1);
		app.kill(sh.app, pid.value, 'SIGSTOP');
		app.kill(sh.app, pid.value, 'SIGTERM');
		expect(app.process(pid.value)?.state).toBe('T');
		app.kill(sh.app, pid.value, 'SIGCONT');
		expect(app.wait4(sh.app, pid.value)).toMatchObject({ value: { shellStatus: 143 } });
	});
});
