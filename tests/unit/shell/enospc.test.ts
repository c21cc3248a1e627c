import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

// A copy into a filesystem that fills up goes as far as it can: copy_file_range returns a
// short count (do_splice_direct stops at the first page shmem cannot allocate), and only the
// next call fails with ENOSPC, which cp reports as a write error (copy.c sparse_copy).
describe('a copy into a full tmpfs', () => {
	it('keeps the part that fit, then cp reports the write error', () => {
		expect(
			runScript([
				'cp /root/server-v2 /dev/shm/a',
				'cp /root/server-v2 /dev/shm/b',
				'strace cp /root/server-v2 /dev/shm/c 2>&1 | grep copy_file_range',
				'cp /root/server-v2 /dev/shm/d; echo $?',
				'ls -l /dev/shm',
				'df /dev/shm',
			]),
		).toBe(
			t(
				'root@app:~# cp /root/server-v2 /dev/shm/a',
				'root@app:~# cp /root/server-v2 /dev/shm/b',
				'root@app:~# strace cp /root/server-v2 /dev/shm/c 2>&1 | grep copy_file_range',
				'copy_file_range(3, NULL, 4, NULL, 9223372035781033984, 0) = 12566528',
				'copy_file_range(3, NULL, 4, NULL, 9223372035781033984, 0) = -1 ENOSPC (No space left on device)',
				'root@app:~# cp /root/server-v2 /dev/shm/d; echo $?',
				"cp: error writing '/dev/shm/d': No space left on device",
				'1',
				'root@app:~# ls -l /dev/shm',
				'total 65536',
				'-rwxr-xr-x 1 root root 27267297 Mar 15 09:00 a',
				'-rwxr-xr-x 1 root root 27267297 Mar 15 09:00 b',
				'-rwxr-xr-x 1 root root 12566528 Mar 15 09:00 c',
				'-rwxr-xr-x 1 root root        0 Mar 15 09:00 d',
				'root@app:~# df /dev/shm',
				'Filesystem     1K-blocks  Used Available Use% Mounted on',
				'shm                65536 65536         0 100% /dev/shm',
			),
		);
	});
});

// A 256 MiB disk as mkfs.ext4 (e2fsprogs 1.47.0) makes it: statfs shows 229096 1K-blocks, 5 %
// of the blocks are kept for root and s_resv_clusters (2 %, at most 4096 blocks) for the kernel.
// Root writes until only s_resv_clusters are free: Used is then Size − 5240 and df shows 0
// available, 100 %. Messages are those of coreutils 9.1 and bash 5.2 filling a loop-mounted
// ext4 on Debian 12.
describe('a local ext4 disk that fills up', () => {
	const world = (): ReturnType<typeof createWorld> =>
		createWorld({ seed: 1, disks: { app: { diskMiB: 256, systemMiB: 120 } } });

	it('takes copies until the blocks run out, then every writer reports ENOSPC', () => {
		expect(
			runScript(
				[
					'df /',
					'cp /root/server-v2 /root/a',
					'df /',
					'cp /root/server-v2 /root/b; echo $?',
					'df /',
					'echo hi > /root/c; echo $?',
					'printf "%s\\n" hi >> /root/c; echo $?',
					'cat /etc/hostname >> /root/c',
					'head -c 5000 /root/server-v2 > /root/h',
					'dd if=/dev/zero of=/root/d bs=1M count=1',
					'install /root/server-v2 /root/i',
					'yes > /root/y; echo $?',
					'truncate -s 1G /root/sparse',
					'ls -ls /root/b /root/c /root/i /root/sparse',
				],
				{ world: world() },
			),
		).toBe(
			t(
				'root@app:~# df /',
				'Filesystem     1K-blocks   Used Available Use% Mounted on',
				'/dev/sda1         229096 182720     28032  87% /',
				'root@app:~# cp /root/server-v2 /root/a',
				'root@app:~# df /',
				'Filesystem     1K-blocks   Used Available Use% Mounted on',
				'/dev/sda1         229096 209352      1400 100% /',
				'root@app:~# cp /root/server-v2 /root/b; echo $?',
				"cp: error writing '/root/b': No space left on device",
				'1',
				'root@app:~# df /',
				'Filesystem     1K-blocks   Used Available Use% Mounted on',
				'/dev/sda1         229096 223856         0 100% /',
				'root@app:~# echo hi > /root/c; echo $?',
				'bash: echo: write error: No space left on device',
				'1',
				'root@app:~# printf "%s\\n" hi >> /root/c; echo $?',
				'bash: printf: write error: No space left on device',
				'1',
				'root@app:~# cat /etc/hostname >> /root/c',
				'cat: write error: No space left on device',
				'root@app:~# head -c 5000 /root/server-v2 > /root/h',
				"head: error writing 'standard output': No space left on device",
				'root@app:~# dd if=/dev/zero of=/root/d bs=1M count=1',
				"dd: error writing '/root/d': No space left on device",
				'1+0 records in',
				'0+0 records out',
				'0 bytes copied, 5e-05 s, 0.0 kB/s',
				'root@app:~# install /root/server-v2 /root/i',
				"install: error writing '/root/i': No space left on device",
				'root@app:~# yes > /root/y; echo $?',
				'yes: standard output: No space left on device',
				'1',
				'root@app:~# truncate -s 1G /root/sparse',
				'root@app:~# ls -ls /root/b /root/c /root/i /root/sparse',
				'14504 -rwxr-xr-x 1 root root   14852096 Mar 15 09:00 /root/b',
				'    0 -rw-r--r-- 1 root root          0 Mar 15 09:00 /root/c',
				'    0 -rw------- 1 root root          0 Mar 15 09:00 /root/i',
				'    0 -rw-r--r-- 1 root root 1073741824 Mar 15 09:00 /root/sparse',
			),
		);
	});

	it('gives the blocks back when a file goes, and df -h rounds up as df does', () => {
		expect(
			runScript(
				[
					'cp /root/server-v2 /root/a',
					'cp /root/server-v2 /root/b',
					'rm /root/a',
					'df -h /',
					'echo hi > /root/c; echo $?',
				],
				{ world: world() },
			),
		).toBe(
			t(
				'root@app:~# cp /root/server-v2 /root/a',
				'root@app:~# cp /root/server-v2 /root/b',
				"cp: error writing '/root/b': No space left on device",
				'root@app:~# rm /root/a',
				'root@app:~# df -h /',
				'Filesystem      Size  Used Avail Use% Mounted on',
				'/dev/sda1       224M  193M   14M  94% /',
				'root@app:~# echo hi > /root/c; echo $?',
				'0',
			),
		);
	});
});
