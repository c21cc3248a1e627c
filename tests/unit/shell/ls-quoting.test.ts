import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';
import { lsQuote } from '../../../src/shell/commands/util';

// Each expected line was printed by ls 9.1 on a pty (LC_ALL=C.UTF-8) on Debian 12.
describe('ls on a terminal quotes names as the shell would need them', () => {
	it('quotes with shell-escape rules', () => {
		const cases: Array<[string, string]> = [
			['plain', 'plain'],
			['a b', "'a b'"],
			["it's", `"it's"`],
			['x$y', "'x$y'"],
			['a"b\'c', "'a\"b'\\''c'"],
			['#', "'#'"],
			['a#', 'a#'],
			['~a', "'~a'"],
			['a~b', 'a~b'],
			['-x', '-x'],
			['a=b', "'a=b'"],
			['a{b}', 'a{b}'],
			['nl\nx', "'nl'$'\\n''x'"],
			['\u0001x', "''$'\\001''x'"],
			['a\tb c', "'a'$'\\t''b c'"],
			["a'\nb", "'a'\\'''$'\\n''b'"],
			['é', 'é'],
		];
		for (const [name, shown] of cases) expect(lsQuote(name), JSON.stringify(name)).toBe(shown);
	});

	it('lines up the other names and quotes a deleted program’s link, but not into a pipe', () => {
		const out = runScript(
			[
				'cd /tmp',
				`touch 'a b' plain "it's" 'x$y'`,
				'mkdir "d d"',
				'ls',
				'ls -l',
				'ls "d d" /tmp/plain',
				'ls | cat',
				'/opt/app/bin/server &',
				'rm /opt/app/bin/server',
				'ls -l /proc/$!/exe',
				'ls -l /proc/$!/exe | cat',
			],
			{ seed: 7 },
		);
		expect(out).toContain(`ls\n'a b'  'd d'  "it's"   plain  'x$y'\n`);
		expect(out).toContain(
			[
				"drwxr-xr-x 2 root root 4096 Mar 15 09:00 'd d'",
				`-rw-r--r-- 1 root root    0 Mar 15 09:00 "it's"`,
				'-rw-r--r-- 1 root root    0 Mar 15 09:00  plain',
			].join('\n'),
		);
		expect(out).toContain(`ls "d d" /tmp/plain\n /tmp/plain\n\n'd d':\n`);
		expect(out).toContain("ls | cat\na b\nd d\nit's\nplain\nx$y\n");
		expect(out).toMatch(/\/proc\/\d+\/exe -> '\/opt\/app\/bin\/server \(deleted\)'\n/);
		expect(out).toMatch(/\/proc\/\d+\/exe -> \/opt\/app\/bin\/server \(deleted\)\n/);
	});
});
