import { describe, expect, it } from 'vitest';
import { createWorld, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY } from '../../../src/kernel';

// Speed is measured by `npm run bench`, never in unit tests; this one checks that a long mixed
// workload leaks nothing.
describe('a long mixed workload', () => {
	it('leaves no open files, descriptors or zombies behind after a thousand commands', () => {
		const world = createWorld({ seed: 9 });
		const app = world.host('app');
		const sh = app.login();
		const server = app.spawn(sh, '/mnt/nfs/bin/server', ['server']);
		expect(server.ok).toBe(true);
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
		command(0);
		const files = Object.keys(app.state().files).length;
		const fds = Object.keys(app.process(sh)?.fds ?? {}).length;
		for (let i = 0; i < 1000; i++) command(i);
		expect(Object.keys(app.state().files)).toHaveLength(files);
		expect(Object.keys(app.process(sh)?.fds ?? {})).toHaveLength(fds);
		expect(app.processes().filter((p) => p.state === 'Z')).toEqual([]);
		expect(app.processes().map((p) => p.comm)).toEqual(['systemd', 'bash', 'server']);
		if (server.ok) expect(app.process(server.value)?.state).not.toBe('Z');
	});
});
