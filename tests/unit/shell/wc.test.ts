import { describe, expect, it } from 'vitest';
import { runLines, runScript } from '../../../src/shell/index';

/** A transcript from lines, for comparing with what a terminal showed. */
const t = (...lines: string[]): string => lines.join('\n') + '\n';

// Expected outputs and system calls are those of coreutils 9.1 wc and bash 5.2 on Debian 12
// (strace of the real tools, less the dynamic loader's and the locale's calls and stdio's
// fstat of fd 1).
describe('wc', () => {
	it('takes the size of a regular file from fstat and reads nothing (wc.c, count_bytes only)', () => {
		expect(
			runScript(['strace wc -c /opt/app/bin/server', 'strace wc -c < /opt/app/bin/server']),
		).toBe(
			t(
				'root@app:~# strace wc -c /opt/app/bin/server',
				'execve("/usr/bin/wc", ["wc", "-c", "/opt/app/bin/server"], 0x7ffd8a3b1e58 /* 20 vars */) = 0',
				'openat(AT_FDCWD, "/opt/app/bin/server", O_RDONLY) = 3',
				'newfstatat(3, "", {st_mode=S_IFREG|0755, st_size=25167058, ...}, AT_EMPTY_PATH) = 0',
				'close(3)                                = 0',
				'write(1, "25167058 /opt/app/bin/server\\n", 2925167058 /opt/app/bin/server',
				') = 29',
				'exit_group(0)                           = ?',
				'+++ exited with 0 +++',
				'root@app:~# strace wc -c < /opt/app/bin/server',
				'execve("/usr/bin/wc", ["wc", "-c"], 0x7ffd8a3b1e58 /* 20 vars */) = 0',
				'newfstatat(0, "", {st_mode=S_IFREG|0755, st_size=25167058, ...}, AT_EMPTY_PATH) = 0',
				'lseek(0, 0, SEEK_CUR)                   = 0',
				'write(1, "25167058\\n", 925167058',
				')               = 9',
				'exit_group(0)                           = ?',
				'+++ exited with 0 +++',
			),
		);
	});

	it('reads the last st_blksize + 1 bytes or fewer of a size that is a whole number of pages', () => {
		expect(
			runScript([
				'head -c 8192 /dev/zero > /tmp/p8k',
				'strace -e trace=lseek,fadvise64,read wc -c < /tmp/p8k',
			]),
		).toBe(
			t(
				'root@app:~# head -c 8192 /dev/zero > /tmp/p8k',
				'root@app:~# strace -e trace=lseek,fadvise64,read wc -c < /tmp/p8k',
				'lseek(0, 0, SEEK_CUR)                   = 0',
				'lseek(0, 4097, SEEK_CUR)                = 4097',
				'fadvise64(0, 0, 0, POSIX_FADV_SEQUENTIAL) = 0',
				'read(0, "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"..., 16384) = 4095',
				'read(0, "", 16384)                      = 0',
				'8192',
				'+++ exited with 0 +++',
			),
		);
	});

	it('sends no NFS READ for wc -c of the server binary, nor for `: < FILE` and `true < FILE`', () => {
		const { transcript, world } = runLines([
			'wc -c /mnt/nfs/bin/server',
			': < /mnt/nfs/bin/server',
			'true < /mnt/nfs/bin/server',
			'wc -c < /mnt/nfs/bin/server',
			'strace -f bash -c ": < /mnt/nfs/bin/server"',
		]);
		expect(world.host('app').nfsstat().client.read ?? 0).toBe(0);
		expect(transcript).toBe(
			t(
				'root@app:~# wc -c /mnt/nfs/bin/server',
				'25167058 /mnt/nfs/bin/server',
				'root@app:~# : < /mnt/nfs/bin/server',
				'root@app:~# true < /mnt/nfs/bin/server',
				'root@app:~# wc -c < /mnt/nfs/bin/server',
				'25167058',
				'root@app:~# strace -f bash -c ": < /mnt/nfs/bin/server"',
				'execve("/usr/bin/bash", ["bash", "-c", ": < /mnt/nfs/bin/server"], 0x7ffd8a3b1e58 /* 20 vars */) = 0',
				'openat(AT_FDCWD, "/mnt/nfs/bin/server", O_RDONLY) = 3',
				'close(3)                                = 0',
				'exit_group(0)                           = ?',
				'+++ exited with 0 +++',
			),
		);
	});

	it('pads its columns as compute_number_width does and prints a total for several files', () => {
		expect(
			runScript([
				"printf 'hello world\\nfoo\\n' > /tmp/t1",
				'head -c 8192 /dev/zero > /tmp/p8k',
				'wc /tmp/t1',
				'wc -l /tmp/t1',
				'wc < /tmp/t1',
				'echo hi | wc',
				'echo hi | wc -l',
				'wc -c /tmp/t1 /tmp/p8k',
				'wc /tmp /tmp/t1; echo "rc=$?"',
				'wc -l nofile /tmp/t1',
				'wc -c /tmp',
				'wc -lc /tmp/t1',
				'wc -c - < /tmp/t1',
				'wc -c < /tmp; echo rc=$?',
				'wc -m -L /tmp/t1',
				'wc -x',
				'cat < /tmp',
			]),
		).toBe(
			t(
				"root@app:~# printf 'hello world\\nfoo\\n' > /tmp/t1",
				'root@app:~# head -c 8192 /dev/zero > /tmp/p8k',
				'root@app:~# wc /tmp/t1',
				' 2  3 16 /tmp/t1',
				'root@app:~# wc -l /tmp/t1',
				'2 /tmp/t1',
				'root@app:~# wc < /tmp/t1',
				' 2  3 16',
				'root@app:~# echo hi | wc',
				'      1       1       3',
				'root@app:~# echo hi | wc -l',
				'1',
				'root@app:~# wc -c /tmp/t1 /tmp/p8k',
				'  16 /tmp/t1',
				'8192 /tmp/p8k',
				'8208 total',
				'root@app:~# wc /tmp /tmp/t1; echo "rc=$?"',
				'wc: /tmp: Is a directory',
				'      0       0       0 /tmp',
				'      2       3      16 /tmp/t1',
				'      2       3      16 total',
				'rc=1',
				'root@app:~# wc -l nofile /tmp/t1',
				'wc: nofile: No such file or directory',
				' 2 /tmp/t1',
				' 2 total',
				'root@app:~# wc -c /tmp',
				'wc: /tmp: Is a directory',
				'0 /tmp',
				'root@app:~# wc -lc /tmp/t1',
				' 2 16 /tmp/t1',
				'root@app:~# wc -c - < /tmp/t1',
				'16 -',
				'root@app:~# wc -c < /tmp; echo rc=$?',
				"wc: 'standard input': Is a directory",
				'0',
				'rc=1',
				'root@app:~# wc -m -L /tmp/t1',
				'16 11 /tmp/t1',
				'root@app:~# wc -x',
				"wc: invalid option -- 'x'",
				"Try 'wc --help' for more information.",
				'root@app:~# cat < /tmp',
				'cat: -: Is a directory',
			),
		);
	});
});
