import { describe, expect, it } from 'vitest';
import { setup, writeFile } from './helpers';

describe('sizes and allocated blocks', () => {
	it('an ext4 directory is 4096 bytes in 8 blocks, and NFS shows the server’s 4096', () => {
		const { app, sh } = setup();
		app.mkdir(sh.app, '/root/d');
		const st = app.stat(sh.app, '/root/d');
		expect(st.ok && [st.value.size, st.value.blocks]).toEqual([4096, 8]);
		const nfs = app.stat(sh.app, '/mnt/nfs/bin');
		expect(nfs.ok && nfs.value.size).toBe(4096);
		// tmpfs counts 20 bytes per entry, . and .. included, and allocates no blocks.
		app.mkdir(sh.app, '/dev/shm/d');
		writeFile(app, sh.app, '/dev/shm/d/a', 'x');
		const shm = app.stat(sh.app, '/dev/shm/d');
		expect(shm.ok && [shm.value.size, shm.value.blocks]).toEqual([60, 0]);
	});

	it('truncate -s 64k makes a sparse file: st_blocks counts written data only', () => {
		const { app, sh, build } = setup();
		writeFile(app, sh.app, '/root/sparse', '');
		const before = app.df().find((d) => d.target === '/')?.used;
		expect(app.truncate(sh.app, '/root/sparse', 65536).ok).toBe(true);
		const st = app.stat(sh.app, '/root/sparse');
		expect(st.ok && [st.value.size, st.value.blocks]).toEqual([65536, 0]);
		expect(app.df().find((d) => d.target === '/')?.used).toBe(before);
		writeFile(app, sh.app, '/root/one', 'x');
		const one = app.stat(sh.app, '/root/one');
		expect(one.ok && [one.value.size, one.value.blocks]).toEqual([1, 8]);
		// Over NFS the client shows the server's allocation (fattr3 used).
		writeFile(app, sh.app, '/mnt/nfs/sparse', '');
		app.truncate(sh.app, '/mnt/nfs/sparse', 65536);
		const remote = build.stat(2, '/mnt/nfs/sparse');
		expect(remote.ok && [remote.value.size, remote.value.blocks]).toEqual([65536, 0]);
	});

	it('a shmwriter stopped by ENOSPC at 64 MiB holds 64 MiB, not the 100 MiB it asked for', () => {
		const { world, app, sh } = setup();
		const pid = app.spawn(sh.app, '/usr/local/bin/shmwriter', ['shmwriter', '100M']);
		expect(pid.ok).toBe(true);
		world.advance(1000);
		const st = app.stat(sh.app, '/dev/shm/shmwriter.dat');
		expect(st.ok && st.value.size).toBe(100 * 1024 * 1024);
		const shm = app.df().find((d) => d.target === '/dev/shm');
		expect(shm?.used).toBeLessThanOrEqual(64 * 1024);
		expect(st.ok && st.value.blocks / 2).toBe(shm?.used);
	});
});
