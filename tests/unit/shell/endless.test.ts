import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { createSession, runScript } from '../../../src/shell/index';
import { INTERRUPT_NOTE, TOOL_CALL_LIMIT } from '../../../src/shell/session';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('endless programs', () => {
	it('interrupts cat /dev/zero > /dev/null with a marked note and status 130', () => {
		expect(runScript(['cat /dev/zero > /dev/null', 'echo $?'])).toBe(
			t('root@app:~# cat /dev/zero > /dev/null', INTERRUPT_NOTE, 'root@app:~# echo $?', '130'),
		);
	});

	it('the note never pretends a reader pressed Ctrl-C', () => {
		expect(INTERRUPT_NOTE).not.toContain('^C');
		expect(INTERRUPT_NOTE).toMatch(/^\[simulation: /);
	});

	it('kills the writer of a pipe once head has what it needs', () => {
		expect(runScript(['cat /dev/zero | head -c 10 | wc -c'])).toBe(
			t('root@app:~# cat /dev/zero | head -c 10 | wc -c', '10'),
		);
	});

	it('lets a reader that wants the whole endless pipe run into the time limit', () => {
		const out = runScript(['cat /dev/zero | wc -c', 'wc -c /dev/zero']);
		expect(out).toBe(
			t(
				'root@app:~# cat /dev/zero | wc -c',
				INTERRUPT_NOTE,
				'root@app:~# wc -c /dev/zero',
				INTERRUPT_NOTE,
			),
		);
	});

	it('advances simulated time by the foreground limit', () => {
		const world = createWorld({ seed: 1 });
		const term = createSession(world);
		const before = world.now();
		term.runLine('cat /dev/zero > /dev/null');
		expect(world.now() - before).toBeGreaterThanOrEqual(10_000);
	});

	it('ends with ENOSPC when the tmpfs is full, as cat does', () => {
		expect(runScript(['cat /dev/zero > /dev/shm/z', 'echo $?'])).toBe(
			t(
				'root@app:~# cat /dev/zero > /dev/shm/z',
				'cat: write error: No space left on device',
				'root@app:~# echo $?',
				'1',
			),
		);
	});

	it('bounds the kernel calls of any command line, endless or not', () => {
		const lines = [
			'cat /dev/zero > /dev/null',
			'cat /dev/zero | head -c 10',
			'cat /dev/zero | wc -c',
			'wc -c /dev/zero',
			'head -c 5 /dev/zero | wc -c',
			'cat /mnt/nfs/bin/server > /tmp/s',
			'dd if=/dev/zero of=/dev/null bs=512',
			'ls -l /root',
			'/mnt/nfs/bin/server',
			'sleep 3',
		];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...lines), { minLength: 1, maxLength: 2 }), (picked) => {
				const world = createWorld({ seed: 1 });
				const term = createSession(world);
				let calls = 0;
				world.on((e) => {
					if (e.type === 'syscall') calls++;
				});
				for (const l of picked) {
					calls = 0;
					term.runLine(l);
					// At most three tools per line, each within its budget.
					expect(calls).toBeLessThanOrEqual(3 * TOOL_CALL_LIMIT);
				}
			}),
			{ numRuns: 8 },
		);
	}, 120_000);
});

describe('tail -f', () => {
	it('prints the end of the file, then follows until the foreground limit', () => {
		expect(runScript(['tail -f /mnt/nfs/etc/server.conf', 'echo $?'])).toBe(
			t(
				'root@app:~# tail -f /mnt/nfs/etc/server.conf',
				'port = 8080',
				'workers = 4',
				INTERRUPT_NOTE,
				'root@app:~# echo $?',
				'130',
			),
		);
	});
});

describe('full filesystems and counts with suffixes', () => {
	it('dd stops at ENOSPC, counts only the records written, and fails', () => {
		expect(runScript(['dd if=/dev/zero of=/dev/shm/x bs=1M', 'echo $?'])).toMatch(
			/dd: error writing '\/dev\/shm\/x': No space left on device\n65\+0 records in\n64\+0 records out\n67108864 bytes \(67 MB, 64 MiB\) copied, [^\n]*\nroot@app:~# echo \$\?\n1\n$/,
		);
	});

	it('head -c takes binary suffixes and reports a failed write', () => {
		const out = runScript([
			'dd if=/dev/zero of=/dev/shm/x bs=1M',
			'head -c 1M /dev/zero > /dev/shm/y',
			'echo $?',
			'head -c 7x /dev/null',
		]);
		expect(out).toContain(
			t(
				'root@app:~# head -c 1M /dev/zero > /dev/shm/y',
				"head: error writing 'standard output': No space left on device",
				'root@app:~# echo $?',
				'1',
				'root@app:~# head -c 7x /dev/null',
				'head: invalid number of bytes: \u20187x\u2019',
			),
		);
	}, 30_000);
});

describe('wait on a daemon', () => {
	it('is interrupted after an hour with the simulation note, not a fake ^C', () => {
		expect(runScript(['/mnt/nfs/bin/server &', 'wait', 'echo $?'])).toBe(
			t(
				'root@app:~# /mnt/nfs/bin/server &',
				'[1] 4302',
				'server[4302]: started (build v1)',
				'root@app:~# wait',
				'[simulation: still running after 1 h of simulated time; interrupted with SIGINT as Ctrl-C would]',
				'root@app:~# echo $?',
				'130',
			),
		);
	});
});

describe('endless pipes and command substitution', () => {
	it('a $(…) in the reader’s words neither reads the pipe nor hides that it is endless', () => {
		expect(runScript(['cat /dev/zero | wc -c $(echo)'])).toBe(
			t('root@app:~# cat /dev/zero | wc -c $(echo)', INTERRUPT_NOTE),
		);
	});
});
