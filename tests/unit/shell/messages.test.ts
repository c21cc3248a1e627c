import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { ddHuman, printfG } from '../../../src/shell/commands/rare/files';
import { createSession, runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';
const run = (line: string): string => runScript([line]).split('\n').slice(1).join('\n');

describe('coreutils messages in C.UTF-8', () => {
	it('quotes invalid values with the locale quotes, file names without', () => {
		expect(run('chmod 999 /root')).toBe(
			t('chmod: invalid mode: \u2018999\u2019', "Try 'chmod --help' for more information."),
		);
		expect(run('readlink')).toBe(
			t('readlink: missing operand', "Try 'readlink --help' for more information."),
		);
		expect(run('dd bs=0 if=/dev/zero of=/dev/null')).toBe(t('dd: invalid number: \u20180\u2019'));
	});
});

describe('dd summary', () => {
	it('rounds sizes to nearest like gnulib human_readable (checked against coreutils 9.1)', () => {
		expect(ddHuman(27267297, 1000)).toBe('27 MB');
		expect(ddHuman(27267297, 1024)).toBe('26 MiB');
		expect(ddHuman(99999, 1000)).toBe('100 kB');
		expect(ddHuman(99999, 1024)).toBe('98 KiB');
		expect(ddHuman(1023, 1000)).toBe('1.0 kB');
		expect(ddHuman(999999, 1024)).toBe('977 KiB');
		expect(ddHuman(2000000000, 1024)).toBe('1.9 GiB');
		expect(printfG(0.00601344)).toBe('0.00601344');
		expect(printfG(4.2593e-5)).toBe('4.2593e-05');
		expect(printfG(0.30302)).toBe('0.30302');
	});

	it('copies at a plausible simulated rate and lets that time pass', () => {
		const world = createWorld({ seed: 1 });
		const term = createSession(world);
		const before = world.now();
		const out = term.runLine('dd if=/root/server-v2 of=/tmp/x bs=1M');
		expect(out).toBe(
			t(
				'26+1 records in',
				'26+1 records out',
				'27267297 bytes (27 MB, 26 MiB) copied, 0.30302 s, 90 MB/s',
			),
		);
		expect(world.now() - before).toBeGreaterThanOrEqual(303);
	});
});

describe('sleep operands', () => {
	it('reports a missing operand and each invalid interval like coreutils 9.1', () => {
		expect(runScript(['sleep', 'echo $?', 'sleep x y'])).toBe(
			t(
				'root@app:~# sleep',
				'sleep: missing operand',
				"Try 'sleep --help' for more information.",
				'root@app:~# echo $?',
				'1',
				'root@app:~# sleep x y',
				'sleep: invalid time interval \u2018x\u2019',
				'sleep: invalid time interval \u2018y\u2019',
				"Try 'sleep --help' for more information.",
			),
		);
	});

	it('sleeps fractions of a second on the simulated clock', () => {
		const world = createWorld({ seed: 1 });
		const term = createSession(world);
		const before = world.now();
		expect(term.runLine('sleep 0.5')).toBe('');
		expect(world.now() - before).toBeGreaterThanOrEqual(500);
	});
});

describe('hostname NAME', () => {
	it('says the simulation lacks sethostname instead of inventing an errno', () => {
		expect(run('hostname foo; echo $?')).toBe(
			t('[simulation: setting the host name (sethostname) is not modelled]', '1'),
		);
	});
});
