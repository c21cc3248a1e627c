import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

// coreutils 9.1's stat asks statx for the birth time. ext4 has it (i_crtime), tmpfs has it
// since Linux 5.18 (shmem_getattr, so Debian 12's 6.1 too), NFSv3 has none: `Birth: -`, and
// for -c, %w is `-` and %W is 0. The birth time stays when the file is written later.
describe('stat shows the birth time where the filesystem keeps one', () => {
	it('ext4 and tmpfs give it, NFSv3 does not', () => {
		expect(
			runScript([
				'echo one > /root/f',
				'sleep 2',
				'echo two >> /root/f',
				'stat /root/f',
				'touch /dev/shm/x',
				'stat -c "%n %w %W" /dev/shm/x /mnt/nfs/bin/server',
				'stat /mnt/nfs/bin/server | tail -1',
			]),
		).toBe(
			t(
				'root@app:~# echo one > /root/f',
				'root@app:~# sleep 2',
				'root@app:~# echo two >> /root/f',
				'root@app:~# stat /root/f',
				'  File: /root/f',
				'  Size: 8         \tBlocks: 8          IO Block: 4096   regular file',
				'Device: 8,1\tInode: 65          Links: 1',
				'Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)',
				'Access: 2018-03-15 09:00:00.000000178 +0000',
				'Modify: 2018-03-15 09:00:02.000000000 +0000',
				'Change: 2018-03-15 09:00:02.000000000 +0000',
				' Birth: 2018-03-15 09:00:00.000000178 +0000',
				'root@app:~# touch /dev/shm/x',
				'root@app:~# stat -c "%n %w %W" /dev/shm/x /mnt/nfs/bin/server',
				'/dev/shm/x 2018-03-15 09:00:02.010000001 +0000 1521104402',
				'/mnt/nfs/bin/server - 0',
				'root@app:~# stat /mnt/nfs/bin/server | tail -1',
				' Birth: -',
			),
		);
	});
});
