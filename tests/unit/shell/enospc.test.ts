import { describe, expect, it } from 'vitest';
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
