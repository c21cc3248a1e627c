import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

// Compared with coreutils 9.1, grep 3.8 and util-linux 2.38.1 on Debian 12 (LC_ALL=C.UTF-8).
describe('--help and --version', () => {
	it('print the real version text and end with status 0', () => {
		expect(runScript(['cp --version; echo $?'], { seed: 7 })).toBe(
			[
				'root@app:~# cp --version; echo $?',
				'cp (GNU coreutils) 9.1',
				'Copyright (C) 2022 Free Software Foundation, Inc.',
				'License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.',
				'This is free software: you are free to change and redistribute it.',
				'There is NO WARRANTY, to the extent permitted by law.',
				'',
				'Written by Torbjorn Granlund, David MacKenzie, and Jim Meyering.',
				'0',
			].join('\n') + '\n',
		);
		expect(runScript(['grep --version | head -1', 'dmesg --version'], { seed: 7 })).toBe(
			[
				'root@app:~# grep --version | head -1',
				'grep (GNU grep) 3.8',
				'root@app:~# dmesg --version',
				'dmesg from util-linux 2.38.1',
			].join('\n') + '\n',
		);
	});

	it('take unambiguous prefixes, act on the first of the two, and say so for help', () => {
		expect(
			runScript(
				['rm --vers | head -1', 'cp --ver', 'ls --help --version; echo $?', 'cp --bogus --help'],
				{ seed: 7 },
			),
		).toBe(
			[
				'root@app:~# rm --vers | head -1',
				'rm (GNU coreutils) 9.1',
				'root@app:~# cp --ver',
				"cp: option '--ver' is ambiguous; possibilities: '--verbose' '--version'",
				"Try 'cp --help' for more information.",
				'root@app:~# ls --help --version; echo $?',
				'[simulation: the text of ls --help is not reproduced here]',
				'0',
				'root@app:~# cp --bogus --help',
				"cp: unrecognized option '--bogus'",
				"Try 'cp --help' for more information.",
			].join('\n') + '\n',
		);
	});

	it('are answered by tools that parse their options by hand too', () => {
		expect(
			runScript(['ps --version', 'dd --version | head -1', 'free --help; echo $?'], { seed: 7 }),
		).toBe(
			[
				'root@app:~# ps --version',
				'ps from procps-ng 4.0.2',
				'root@app:~# dd --version | head -1',
				'dd (coreutils) 9.1',
				'root@app:~# free --help; echo $?',
				'[simulation: the text of free --help is not reproduced here]',
				'0',
			].join('\n') + '\n',
		);
	});
});
