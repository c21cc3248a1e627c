import { describe, expect, it } from 'vitest';
import { createWorld, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY } from '../../../src/kernel';

describe('performance', () => {
	it('runs a thousand command-sized batches of system calls well under 100 ms', () => {
		const world = createWorld({ seed: 9 });
		const app = world.host('app');
		const sh = app.login();
		const server = app.spawn(sh, '/mnt/nfs/bin/server', ['server']);
		expect(server.ok).toBe(true);
		// Warm up the JIT so the measurement is about the kernel, not the compiler.
		const command = (i: number) => {
			switch (i % 6) {
				case 0: {
					const fd = app.openat(sh, '/root/notes', O_WRONLY | O_CREAT | O_TRUNC, 0o644);
					if (fd.ok) {
						app.write(sh, fd.value, `line ${i}\n`);
						app.close(sh, fd.value);
					}
					break;
				}
				case 1: {
					const fd = app.openat(sh, '/mnt/nfs/etc/server.conf', O_RDONLY);
					if (fd.ok) {
						app.read(sh, fd.value, 4096);
						app.close(sh, fd.value);
					}
					break;
				}
				case 2:
					app.stat(sh, '/mnt/nfs/bin/server');
					app.readdir(sh, '/mnt/nfs/bin');
					break;
				case 3: {
					const pid = app.spawn(sh, '/bin/sleep', ['sleep', '1']);
					world.advance(1000);
					if (pid.ok) app.wait4(sh, pid.value);
					break;
				}
				case 4:
					if (server.ok) app.kill(sh, server.value, 'SIGHUP');
					break;
				default:
					app.meminfo();
					app.processes();
					world.advance(50);
			}
		};
		for (let i = 0; i < 300; i++) command(i);
		// CPU time of this process, best of five: other test files running in parallel on the
		// same cores must not make it flaky.
		let best = Infinity;
		for (let round = 0; round < 5; round++) {
			const start = process.cpuUsage();
			for (let i = 0; i < 1000; i++) command(i);
			const used = process.cpuUsage(start);
			best = Math.min(best, (used.user + used.system) / 1000);
		}
		expect(best).toBeLessThan(100);
		if (server.ok) expect(app.process(server.value)?.state).not.toBe('Z');
	});
});
