import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';
import { errorWrites } from '../../../src/shell/session';

const t = (...lines: string[]): string => lines.join('\n') + '\n';
const run = (line: string): string => runScript([line]).split('\n').slice(1).join('\n');

describe('strace', () => {
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
