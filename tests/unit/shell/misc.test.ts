import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';
import { INTERRUPT_NOTE } from '../../../src/shell/session';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('scripts, builtins and time', () => {
	it('runs printf, scripts without #!, bash FILE, bash -c and a nested bash', () => {
		expect(
			runScript([
				'printf "%s=%d\\n" a 1 b 2',
				'printf "%5s|%-3d|\\n" x 7',
				'echo "echo hi; nosuchcmd" > /tmp/s; chmod +x /tmp/s',
				'/tmp/s; echo $?',
				'bash /tmp/s',
				'bash -c "echo \\$0 ok; exit 4"; echo $?',
				'bash',
				'echo nested $$',
				'exit',
				'echo back $$',
			]),
		).toBe(
			t(
				'root@app:~# printf "%s=%d\\n" a 1 b 2',
				'a=1',
				'b=2',
				'root@app:~# printf "%5s|%-3d|\\n" x 7',
				'    x|7  |',
				'root@app:~# echo "echo hi; nosuchcmd" > /tmp/s; chmod +x /tmp/s',
				'root@app:~# /tmp/s; echo $?',
				'hi',
				'/tmp/s: line 1: nosuchcmd: command not found',
				'127',
				'root@app:~# bash /tmp/s',
				'hi',
				'/tmp/s: line 1: nosuchcmd: command not found',
				'root@app:~# bash -c "echo \\$0 ok; exit 4"; echo $?',
				'bash ok',
				'4',
				'root@app:~# bash',
				'root@app:~# echo nested $$',
				'nested 4307',
				'root@app:~# exit',
				'exit',
				'root@app:~# echo back $$',
				'back 4301',
			),
		);
	});

	it('lets sleep run its full time, and interrupts a foreground daemon after a while', () => {
		const out = runScript(['sleep 100', '/mnt/nfs/bin/server', 'echo $?']);
		expect(out).toBe(
			t(
				'root@app:~# sleep 100',
				'root@app:~# /mnt/nfs/bin/server',
				'server[4303]: started (build v1)',
				INTERRUPT_NOTE,
				'root@app:~# echo $?',
				'130',
			),
		);
	});

	it('reports jobs that ended during an ssh session as soon as ssh returns', () => {
		expect(runScript(['sleep 2 &', 'ssh build', 'sleep 3', 'exit'])).toBe(
			t(
				'root@app:~# sleep 2 &',
				'[1] 4302',
				'root@app:~# ssh build',
				'root@build:~# sleep 3',
				'root@build:~# exit',
				'logout',
				'Connection to build closed.',
				'[1]+  Done                    sleep 2',
			),
		);
	});

	it('evaluates && || ! and redirections of stderr', () => {
		expect(
			runScript([
				'cat /nonexistent 2>/dev/null || echo failed',
				'true && echo yes',
				'! true; echo $?',
			]),
		).toBe(
			t(
				'root@app:~# cat /nonexistent 2>/dev/null || echo failed',
				'failed',
				'root@app:~# true && echo yes',
				'yes',
				'root@app:~# ! true; echo $?',
				'1',
			),
		);
	});

	it('mv across filesystems renames, then copies and unlinks, as strace shows', () => {
		const out = runScript(['echo a > /dev/shm/x', 'strace mv /dev/shm/x /tmp/x', 'cat /tmp/x']);
		expect(out).toContain(
			'renameat2(AT_FDCWD, "/dev/shm/x", AT_FDCWD, "/tmp/x", RENAME_NOREPLACE) = -1 EXDEV (Invalid cross-device link)\n',
		);
		expect(out).toContain('unlinkat(AT_FDCWD, "/dev/shm/x", 0)     = 0\n');
		expect(out.endsWith('root@app:~# cat /tmp/x\na\n')).toBe(true);
	});
});

describe('stopped jobs', () => {
	it('shows Stopped, continues on bg, waits on fg, and makes kill act on a stopped job', () => {
		expect(
			runScript([
				'sleep 5 &',
				'sleep 6 &',
				'kill -STOP %1',
				'jobs',
				'kill %1 %2',
				'sleep 0.1',
				'sleep 10 &',
				'kill -STOP %1',
				'bg',
				'jobs',
				'fg',
				'fg',
			]),
		).toBe(
			t(
				'root@app:~# sleep 5 &',
				'[1] 4302',
				'root@app:~# sleep 6 &',
				'[2] 4303',
				'root@app:~# kill -STOP %1',
				'root@app:~# jobs',
				'[1]+  Stopped                 sleep 5',
				'[2]-  Running                 sleep 6 &',
				'root@app:~# kill %1 %2',
				'root@app:~# sleep 0.1',
				'[1]+  Terminated              sleep 5',
				'[2]-  Terminated              sleep 6',
				'root@app:~# sleep 10 &',
				'[1] 4305',
				'root@app:~# kill -STOP %1',
				'root@app:~# bg',
				'[1]+ sleep 10 &',
				'root@app:~# jobs',
				'[1]+  Running                 sleep 10 &',
				'root@app:~# fg',
				'sleep 10',
				'root@app:~# fg',
				'bash: fg: current: no such job',
			),
		);
	});
});

describe('strace options', () => {
	it('filters with -e trace= and writes to a file with -o', () => {
		expect(
			runScript([
				'strace -e trace=openat,unlinkat install /root/server-v2 /tmp/s2',
				'strace -o /tmp/tr mv /tmp/s2 /tmp/s3',
				'cat /tmp/tr',
			]),
		).toBe(
			t(
				'root@app:~# strace -e trace=openat,unlinkat install /root/server-v2 /tmp/s2',
				'openat(AT_FDCWD, "/tmp/s2", O_RDONLY|O_DIRECTORY) = -1 ENOENT (No such file or directory)',
				'openat(AT_FDCWD, "/root/server-v2", O_RDONLY) = 3',
				'openat(AT_FDCWD, "/tmp/s2", O_WRONLY|O_CREAT|O_EXCL, 0600) = 4',
				'+++ exited with 0 +++',
				'root@app:~# strace -o /tmp/tr mv /tmp/s2 /tmp/s3',
				'root@app:~# cat /tmp/tr',
				'execve("/usr/bin/mv", ["mv", "/tmp/s2", "/tmp/s3"], 0x7ffd8a3b1e58 /* 20 vars */) = 0',
				'openat(AT_FDCWD, "/tmp/s3", O_RDONLY|O_DIRECTORY) = -1 ENOENT (No such file or directory)',
				'renameat2(AT_FDCWD, "/tmp/s2", AT_FDCWD, "/tmp/s3", RENAME_NOREPLACE) = 0',
				'exit_group(0)                           = ?',
				'+++ exited with 0 +++',
			),
		);
	});
});

describe('ssh output', () => {
	it('relays the remote output into a local redirection or pipe', () => {
		expect(
			runScript([
				'ssh build cat /etc/hostname > /tmp/h; cat /tmp/h',
				'ssh filer ls /export | wc -l',
			]),
		).toBe(
			t(
				'root@app:~# ssh build cat /etc/hostname > /tmp/h; cat /tmp/h',
				'build',
				'root@app:~# ssh filer ls /export | wc -l',
				'2',
			),
		);
	});
});

describe('symbolic links', () => {
	it('creates, lists, follows, stats and removes them like coreutils', () => {
		expect(
			runScript([
				'cd /tmp',
				'echo a > f',
				'ln -s f l',
				'ls -l l',
				'cat l',
				'readlink l',
				'stat l | head -2',
				'ln -s f l',
				'rm l; ls',
				'ln -s nowhere x; cat x',
			]),
		).toBe(
			t(
				'root@app:~# cd /tmp',
				'root@app:/tmp# echo a > f',
				'root@app:/tmp# ln -s f l',
				'root@app:/tmp# ls -l l',
				'lrwxrwxrwx 1 root root 1 Mar 15 09:00 l -> f',
				'root@app:/tmp# cat l',
				'a',
				'root@app:/tmp# readlink l',
				'f',
				'root@app:/tmp# stat l | head -2',
				'  File: l -> f',
				'  Size: 1         \tBlocks: 0          IO Block: 4096   symbolic link',
				'root@app:/tmp# ln -s f l',
				"ln: failed to create symbolic link 'l': File exists",
				'root@app:/tmp# rm l; ls',
				'f',
				'root@app:/tmp# ln -s nowhere x; cat x',
				'cat: x: No such file or directory',
			),
		);
	});
});

describe('drop_caches through a redirection', () => {
	it('writes as the shell, logs like the kernel, and refuses reads', () => {
		expect(
			runScript(['echo 3 > /proc/sys/vm/drop_caches', 'cat /proc/sys/vm/drop_caches', 'dmesg']),
		).toBe(
			t(
				'root@app:~# echo 3 > /proc/sys/vm/drop_caches',
				'root@app:~# cat /proc/sys/vm/drop_caches',
				'cat: /proc/sys/vm/drop_caches: Permission denied',
				'root@app:~# dmesg',
				'[2002629.312491] bash (4301): drop_caches: 3',
			),
		);
	});
});

describe('sleep intervals', () => {
	it('sleeps for the sum of coreutils operands without a simulation note', () => {
		const out = runScript(['sleep 1m 30', 'sleep 1x']);
		expect(out).not.toContain('[simulation');
		expect(out).toContain("sleep: invalid time interval \u20181x\u2019\nTry 'sleep --help'");
	});
});

describe('memhog', () => {
	it("prints one '.' per 10 MiB chunk, then a newline, as numactl's hog() does", () => {
		expect(runScript(['memhog 25M'])).toBe('root@app:~# memhog 25M\n...\n');
		expect(runScript(['strace -e write memhog 15M'])).toContain('write(1, ".", 1.)');
	});
});

describe('short writes', () => {
	it('dd counts the bytes of a short write and reports the ENOSPC of the next', () => {
		const out = runScript([
			'dd if=/dev/zero of=/dev/shm/big bs=1M count=63',
			'dd if=/dev/zero of=/dev/shm/b2 bs=768K count=2',
		]);
		expect(out).toContain(
			"dd: error writing '/dev/shm/b2': No space left on device\n2+0 records in\n1+0 records out\n1048576 bytes (1.0 MB, 1.0 MiB) copied",
		);
	});
});

describe('dd status=', () => {
	it('prints nothing for none, the records for noxfer, and refuses other levels (coreutils 9.1)', () => {
		const out = runScript(
			[
				'dd if=/dev/zero of=/dev/null bs=1k count=2 status=none; echo $?',
				'dd if=/dev/zero of=/dev/null bs=1k count=2 status=noxfer',
				'dd if=/dev/zero of=/dev/null bs=1k count=2 status=bogus; echo $?',
			],
			{ seed: 7 },
		);
		expect(out).toBe(
			[
				'root@app:~# dd if=/dev/zero of=/dev/null bs=1k count=2 status=none; echo $?',
				'0',
				'root@app:~# dd if=/dev/zero of=/dev/null bs=1k count=2 status=noxfer',
				'2+0 records in',
				'2+0 records out',
				'root@app:~# dd if=/dev/zero of=/dev/null bs=1k count=2 status=bogus; echo $?',
				'dd: invalid status level: ‘bogus’',
				"Try 'dd --help' for more information.",
				'1',
			].join('\n') + '\n',
		);
	});
});
