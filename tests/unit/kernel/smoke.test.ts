import { describe, expect, it } from 'vitest';
import { createWorld, O_RDONLY, O_TRUNC, O_WRONLY, restoreWorld } from '../../../src/kernel';

describe('kernel API', () => {
	it('creates the three hosts of the article', () => {
		const world = createWorld({ seed: 1 });
		expect(world.hostNames()).toEqual(['filer', 'app', 'build']);
		expect(world.host('app').peekStat('/opt/app/bin/server')?.size).toBeGreaterThan(24 << 20);
	});

	it('traces a refused write to a running binary like strace', () => {
		const world = createWorld({ seed: 1 });
		const app = world.host('app');
		const sh = app.login();
		const lines: string[] = [];
		world.on((e) => {
			if (e.type === 'syscall') lines.push(e.line);
		});
		expect(app.spawn(sh, '/opt/app/bin/server', ['server']).ok).toBe(true);
		app.chdir(sh, '/opt/app/bin');
		const fd = app.openat(sh, 'server', O_WRONLY | O_TRUNC);
		expect(fd).toEqual({ ok: false, errno: 'ETXTBSY' });
		expect(lines).toContain(
			'openat(AT_FDCWD, "server", O_WRONLY|O_TRUNC) = -1 ETXTBSY (Text file busy)',
		);
		expect(app.openat(sh, 'server', O_RDONLY).ok).toBe(true);
	});

	it('restores a snapshot into an identical world', () => {
		const world = createWorld({ seed: 3 });
		const app = world.host('app');
		const sh = app.login();
		app.spawn(sh, '/mnt/nfs/bin/server', ['server']);
		world.advance(5000);
		const copy = restoreWorld(world.snapshot());
		expect(copy.snapshot()).toEqual(world.snapshot());
	});
});

describe('custom worlds', () => {
	it('builds hosts and NFS mounts from an empty preset', () => {
		const world = createWorld({ seed: 2, preset: 'empty' });
		expect(world.hostNames()).toEqual([]);
		const server = world.addHost('nas', { address: '10.1.0.1', memoryMiB: 128 });
		world.addHost('client', { address: '10.1.0.2' });
		server.seedFile('/srv/hello.txt', { text: 'hello\n' });
		world.mountNfs('client', 'nas', '/srv', '/mnt/srv', { acregmin: 1000 });
		const client = world.host('client');
		const sh = client.login({ exe: '/nonexistent' });
		const fd = client.openat(sh, '/mnt/srv/hello.txt', O_RDONLY);
		expect(fd.ok).toBe(true);
		if (fd.ok)
			expect(client.read(sh, fd.value, 100)).toMatchObject({ ok: true, value: { length: 6 } });
		expect(client.mounts().at(-1)?.options).toContain('acregmin=1,');
		expect(server.meminfo().memTotal).toBe(128 * 1024);
	});
});

describe('later program files', () => {
	it('seeds /usr/bin/ssh without renumbering inodes or shifting random draws', () => {
		const world = createWorld({ seed: 1 });
		const app = world.host('app');
		expect(app.peekStat('/usr/bin/ssh')?.ino).toBeGreaterThan(131072);
		expect(app.peekStat('/opt/app/bin/server')?.ino).toBe(63);
		const sh = app.login();
		const before = world.snapshot().rng;
		expect(app.spawn(sh, '/usr/bin/ssh', ['ssh']).ok).toBe(true);
		expect(world.snapshot().rng).toBe(before);
	});
});
