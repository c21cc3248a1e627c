import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

const releases = [
	'mkdir -p /mnt/nfs/releases/v1 /mnt/nfs/releases/v2',
	'cp /opt/app/bin/server /mnt/nfs/releases/v1/server',
	'cp /root/server-v2 /mnt/nfs/releases/v2/server',
	'ln -s releases/v1/server /mnt/nfs/current',
];

// The Linux NFS client follows a cached symlink without asking the server while the link's
// attributes are fresh (acregmin 3 s here; nfs_get_link in fs/nfs/symlink.c). Opening verifies
// only the regular file at the end (nfs_lookup_verify_inode in fs/nfs/dir.c), so a switch made
// on another host is seen once the cached link expires: its GETATTR then answers
// NFS3ERR_STALE, and the VFS walks the path again with LOOKUP_REVAL (fs/namei.c).
describe('a symlink switched on another host, seen from an NFS client', () => {
	it('starts the old release until the cached link expires', () => {
		expect(
			runScript([
				...releases,
				'/mnt/nfs/current &',
				'ssh build ln -sfn releases/v2/server /mnt/nfs/current',
				'/mnt/nfs/current &',
				'sleep 2',
				'/mnt/nfs/current &',
				'sleep 1',
				'/mnt/nfs/current &',
				'ls -l /proc/4310/exe /proc/4312/exe',
			])
				.split('\n')
				.slice(releases.length)
				.join('\n'),
		).toBe(
			t(
				'root@app:~# /mnt/nfs/current &',
				'[1] 4306',
				'server[4306]: started (build v1)',
				'root@app:~# ssh build ln -sfn releases/v2/server /mnt/nfs/current',
				'root@app:~# /mnt/nfs/current &',
				'[2] 4308',
				'server[4308]: started (build v1)',
				'root@app:~# sleep 2',
				'root@app:~# /mnt/nfs/current &',
				'[3] 4310',
				'server[4310]: started (build v1)',
				'root@app:~# sleep 1',
				'root@app:~# /mnt/nfs/current &',
				'[4] 4312',
				'server[4312]: started (build v2)',
				'root@app:~# ls -l /proc/4310/exe /proc/4312/exe',
				'lrwxrwxrwx 1 root root 0 Mar 15 09:00 /proc/4310/exe -> /mnt/nfs/releases/v1/server',
				'lrwxrwxrwx 1 root root 0 Mar 15 09:00 /proc/4312/exe -> /mnt/nfs/releases/v2/server',
			),
		);
	});

	it('retries with LOOKUP_REVAL when the old release was removed on the filer', () => {
		expect(
			runScript([
				'mkdir -p /mnt/nfs/releases/v1 /mnt/nfs/releases/v2',
				'echo v1 > /mnt/nfs/releases/v1/VERSION',
				'echo v2 > /mnt/nfs/releases/v2/VERSION',
				'ln -s releases/v1 /mnt/nfs/current',
				'cat /mnt/nfs/current/VERSION',
				'ssh filer ln -sfn releases/v2 /export/current',
				'cat /mnt/nfs/current/VERSION',
				'ssh filer rm -r /export/releases/v1',
				'cat /mnt/nfs/current/VERSION',
				'readlink /mnt/nfs/current',
			]),
		).toBe(
			t(
				'root@app:~# mkdir -p /mnt/nfs/releases/v1 /mnt/nfs/releases/v2',
				'root@app:~# echo v1 > /mnt/nfs/releases/v1/VERSION',
				'root@app:~# echo v2 > /mnt/nfs/releases/v2/VERSION',
				'root@app:~# ln -s releases/v1 /mnt/nfs/current',
				'root@app:~# cat /mnt/nfs/current/VERSION',
				'v1',
				'root@app:~# ssh filer ln -sfn releases/v2 /export/current',
				// The cached link is fresh and release v1 is still there: app reads v1.
				'root@app:~# cat /mnt/nfs/current/VERSION',
				'v1',
				'root@app:~# ssh filer rm -r /export/releases/v1',
				// Opening VERSION in v1 now meets ESTALE; the LOOKUP_REVAL walk finds the new link.
				'root@app:~# cat /mnt/nfs/current/VERSION',
				'v2',
				'root@app:~# readlink /mnt/nfs/current',
				'releases/v2',
			),
		);
	});

	it('replaces a link with ln -sfn as coreutils does: a new link renamed over the old', () => {
		expect(
			runScript(['cd /tmp', 'mkdir v1 v2', 'ln -s v1 cur', 'strace ln -sfn v2 cur', 'ls -l cur']),
		).toBe(
			t(
				'root@app:~# cd /tmp',
				'root@app:/tmp# mkdir v1 v2',
				'root@app:/tmp# ln -s v1 cur',
				'root@app:/tmp# strace ln -sfn v2 cur',
				'execve("/usr/bin/ln", ["ln", "-sfn", "v2", "cur"], 0x7ffd8a3b1e58 /* 20 vars */) = 0',
				'openat(AT_FDCWD, "cur", O_RDONLY|O_NOFOLLOW|O_PATH|O_DIRECTORY) = -1 ENOTDIR (Not a directory)',
				'symlinkat("v2", AT_FDCWD, "cur")        = -1 EEXIST (File exists)',
				'newfstatat(AT_FDCWD, "cur", {st_mode=S_IFLNK|0777, st_size=2, ...}, AT_SYMLINK_NOFOLLOW) = 0',
				'symlinkat("v2", AT_FDCWD, "CuIZPJeE")   = 0',
				'renameat(AT_FDCWD, "CuIZPJeE", AT_FDCWD, "cur") = 0',
				'exit_group(0)                           = ?',
				'+++ exited with 0 +++',
				'root@app:/tmp# ls -l cur',
				'lrwxrwxrwx 1 root root 2 Mar 15 09:00 cur -> v2',
			),
		);
	});
});
