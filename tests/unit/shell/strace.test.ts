import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';
import { errorWrites } from '../../../src/shell/session';

const t = (...lines: string[]): string => lines.join('\n') + '\n';
const run = (line: string): string => runScript([line]).split('\n').slice(1).join('\n');

describe('strace', () => {
	// strace 6.1 on Debian 12: cat writing into a pipe makes its write(2) like any other (the
	// pipe takes the 4 bytes at once), and the data goes on to wc.
	it('shows the writes of a tool whose output is a pipe', () => {
		expect(runScript(['strace -e trace=write cat /etc/hostname | wc -c'])).toBe(
			t(
				'root@app:~# strace -e trace=write cat /etc/hostname | wc -c',
				'write(1, "app\\n", 4)                    = 4',
				'+++ exited with 0 +++',
				'4',
			),
		);
	});

	it('shows error messages as the separate writes glibc error() makes', () => {
		const out = run('strace cp /nonexist /tmp/a');
		expect(out).toContain(
			t(
				'write(2, "cp: ", 4cp: )                     = 4',
				"write(2, \"cannot stat '/nonexist'\", 23cannot stat '/nonexist') = 23",
				'write(2, ": No such file or directory", 27: No such file or directory) = 27',
				'write(2, "\\n", 1',
				')                       = 1',
			),
		);
		expect(
			errorWrites("cp: missing file operand\nTry 'cp --help' for more information.\n", 'cp'),
		).toEqual(['cp: ', 'missing file operand', '\n', "Try 'cp --help' for more information.\n"]);
	});

	it('filters with -e and classes, and keeps the output where the writes happened', () => {
		expect(run('strace -e openat,close cat /mnt/nfs/etc/server.conf')).toBe(
			t(
				'openat(AT_FDCWD, "/mnt/nfs/etc/server.conf", O_RDONLY) = 3',
				'port = 8080',
				'workers = 4',
				'close(3)                                = 0',
				'+++ exited with 0 +++',
			),
		);
		const file = run('strace -e trace=%file rm /nonexist');
		expect(file).toMatch(
			/^execve\("\/usr\/bin\/rm", .*\nnewfstatat\(AT_FDCWD, "\/nonexist", .*AT_SYMLINK_NOFOLLOW\) = -1 ENOENT/,
		);
		expect(file).not.toContain('write(');
		expect(run('strace -e trace=%bogus true')).toBe(t("strace: invalid system call '%bogus'"));
	});
});

describe('strace dd', () => {
	it('reopens if= and of= on fds 0 and 1 and reports in three writes, as coreutils 9.1 does', () => {
		const out = runScript(['echo hello > /tmp/f', 'strace dd if=/tmp/f of=/tmp/g bs=1M']);
		expect(out).toContain(
			t(
				'openat(AT_FDCWD, "/tmp/f", O_RDONLY)    = 3',
				'dup2(3, 0)                              = 0',
				'close(3)                                = 0',
				'lseek(0, 0, SEEK_CUR)                   = 0',
				'openat(AT_FDCWD, "/tmp/g", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3',
				'dup2(3, 1)                              = 1',
				'close(3)                                = 0',
				'read(0, "hello\\n", 1048576)             = 6',
				'write(1, "hello\\n", 6)                  = 6',
				'read(0, "", 1048576)                    = 0',
				'close(0)                                = 0',
				'close(1)                                = 0',
				'write(2, "0+1 records in\\n0+1 records out\\n", 310+1 records in',
			),
		);
		expect(out).toMatch(
			/write\(2, "6 bytes copied, [^"]*"\.\.\., \d+6 bytes copied, .* kB\/s\) = \d+\n/,
		);
	});
});

describe('program files', () => {
	it('execs true from /usr/bin and shows a background ssh by its name', () => {
		expect(run('strace true')).toMatch(/^execve\("\/usr\/bin\/true", \["true"\], /);
		const out = runScript(['ssh build sleep 100 &', 'ps']);
		expect(out).toMatch(/\d+ pts\/0 +00:00:00 ssh\n/);
	});
});

describe('fchmodat', () => {
	it('traces the mode change of install and chmod as coreutils 9.1 makes it', () => {
		expect(run('strace install -m 755 /etc/hostname /tmp/x')).toContain(
			'fchmodat(AT_FDCWD, "/tmp/x", 0755)      = 0\n',
		);
		const out = runScript(['touch /tmp/cf', 'strace chmod 700 /tmp/cf']);
		expect(out).toContain('fchmodat(AT_FDCWD, "/tmp/cf", 0700)     = 0\n');
	});
});
