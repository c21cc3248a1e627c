import { describe, expect, it } from 'vitest';
import { foregroundNotice, JobTable } from '../../../src/shell/jobs';
import { getopt, UsageError } from '../../../src/shell/getopt';
import { killListing, parseSignal, signalName } from '../../../src/shell/signals';

describe('job table', () => {
	it('pads the status to 24 columns like bash 5.2 and drops the & once a job is done', () => {
		const jobs = new JobTable();
		const a = jobs.add([10], 'sleep 1');
		const b = jobs.add([11], 'sleep 2');
		expect(jobs.format(a, false)).toBe('[1]-  Running                 sleep 1 &');
		expect(jobs.format(b, true)).toBe('[2]+    11 Running                 sleep 2 &');
		jobs.update(a, { kind: 'signaled', signal: 7, core: true });
		jobs.update(b, { kind: 'exited', code: 3 });
		expect(jobs.notices()).toBe(
			'[1]-  Bus error               (core dumped) sleep 1\n[2]+  Exit 3                  sleep 2\n',
		);
		expect(jobs.list).toEqual([]);
	});

	it('does not make a dead job the previous job (set_current_job skips non-running jobs)', () => {
		const jobs = new JobTable();
		const a = jobs.add([10], 'a');
		jobs.update(a, { kind: 'signaled', signal: 11, core: false });
		jobs.add([11], 'b');
		expect(jobs.notices()).toBe('[1]   Segmentation fault      a\n');
	});

	it('finds jobs by %n, %%, %-, %string and %?string', () => {
		const jobs = new JobTable();
		jobs.add([10], 'sleep 100');
		jobs.add([11], 'server');
		expect(jobs.find('%1')?.pids).toEqual([10]);
		expect(jobs.find('%%')?.pids).toEqual([11]);
		expect(jobs.find('%-')?.pids).toEqual([10]);
		expect(jobs.find('%sl')?.pids).toEqual([10]);
		expect(jobs.find('%?erv')?.pids).toEqual([11]);
		expect(jobs.find('%3')).toBeUndefined();
	});

	it('prints foreground deaths the way bash does', () => {
		expect(foregroundNotice({ kind: 'signaled', signal: 7, core: true })).toBe(
			'Bus error (core dumped)\n',
		);
		expect(foregroundNotice({ kind: 'signaled', signal: 15, core: false })).toBe('Terminated\n');
		expect(foregroundNotice({ kind: 'signaled', signal: 2, core: false })).toBe('\n');
		expect(foregroundNotice({ kind: 'signaled', signal: 13, core: false })).toBe('');
		expect(foregroundNotice({ kind: 'exited', code: 1 })).toBe('');
	});
});

describe('signals', () => {
	it('parses names and numbers as kill does', () => {
		expect(parseSignal('HUP')).toBe(1);
		expect(parseSignal('sigbus')).toBe(7);
		expect(parseSignal('9')).toBe(9);
		expect(parseSignal('FOO')).toBeNull();
		expect(signalName(7)).toBe('BUS');
		expect(signalName(35)).toBe('RTMIN+1');
	});

	it('lists signals in five tab-separated columns like kill -l', () => {
		const lines = killListing().split('\n');
		expect(lines[0]).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP');
		expect(lines[12]).toBe('63) SIGRTMAX-1\t64) SIGRTMAX\t');
	});
});

describe('getopt', () => {
	const specs = [
		{ short: 'l' },
		{ short: 's', long: 'size', arg: true },
		{ long: 'remove-destination' },
	];
	it('accepts clusters, attached and separate arguments, long options and permutation', () => {
		const r = getopt(['-ls', '5', 'a', '--size=7', '--remove', '--', '-x'], specs);
		expect(r.opts.get('l')).toEqual(['']);
		expect(r.opts.get('size')).toEqual(['5', '7']);
		expect(r.opts.has('remove-destination')).toBe(true);
		expect(r.operands).toEqual(['a', '-x']);
	});
	it("raises glibc's messages", () => {
		const msg = (args: string[]): string => {
			try {
				getopt(args, specs);
				return '';
			} catch (e) {
				return e instanceof UsageError ? e.message : 'other';
			}
		};
		expect(msg(['-z'])).toBe("invalid option -- 'z'");
		expect(msg(['-s'])).toBe("option requires an argument -- 's'");
		expect(msg(['--bogus'])).toBe("unrecognized option '--bogus'");
		expect(msg(['--size'])).toBe("option '--size' requires an argument");
	});
});
