/**
 * The pieces of the real-kernel harness that need no root: the path mapping, how fields are
 * read from a run, and how a disagreement is shown.
 */
import { describe, expect, it } from 'vitest';
import { fromReal, splitHost, toReal } from '../../kernel/mapping';
import { explainFailure, passed, toEvidence } from '../../kernel/compare';
import { observe, withoutPids, type Run } from '../../scenarios/observe';
import { scenarios } from '../../scenarios/index';
import { stepId, stepText, type Scenario } from '../../scenarios/types';

const root = '/tmp/bus-error-kernel-x';

describe('the mapping from scenario paths to this machine', () => {
	it('sends app’s NFS mount to the FUSE mount and the build host’s to the backing folder', () => {
		expect(toReal('app', 'cp /root/server-v2 /mnt/nfs/bin/server', root)).toBe(
			`cp ${root}/app/root/server-v2 ${root}/mnt/bin/server`,
		);
		expect(toReal('build', 'cp /root/out/server /mnt/nfs/bin/server', root)).toBe(
			`cp ${root}/build/root/out/server ${root}/export/bin/server`,
		);
	});

	it('rewrites each path once, even though the scratch root is under /tmp', () => {
		expect(toReal('app', 'echo x > /tmp/a; ls /opt/app/bin', root)).toBe(
			`echo x > ${root}/app/tmp/a; ls ${root}/app/opt/app/bin`,
		);
	});

	it('leaves /proc and /dev/null alone, and does not touch look-alike prefixes', () => {
		expect(toReal('app', 'readlink /proc/$!/exe > /dev/null; ls /rootfs', root)).toBe(
			'readlink /proc/$!/exe > /dev/null; ls /rootfs',
		);
	});

	it('maps output back to the scenario’s paths', () => {
		const out = `cp: cannot create regular file '${root}/mnt/bin/server': Text file busy`;
		expect(fromReal('app', out, root)).toBe(
			"cp: cannot create regular file '/mnt/nfs/bin/server': Text file busy",
		);
	});

	it('splits ssh HOST COMMAND, with or without quotes', () => {
		expect(splitHost("ssh build 'install a b'")).toEqual({ host: 'build', command: 'install a b' });
		expect(splitHost('ssh filer truncate -s 0 f')).toEqual({
			host: 'filer',
			command: 'truncate -s 0 f',
		});
		expect(splitHost('ls')).toEqual({ host: 'app', command: 'ls' });
	});
});

describe('reading fields from a run', () => {
	const scenario = scenarios.find((s) => s.id === 'nfs-truncate-cold-page') as Scenario;
	// Bash prints the notice after the reload's sleep; `wait` prints the status.
	const kill = scenario.steps.findIndex((s) => stepText(s).startsWith('kill -HUP'));
	const wait = scenario.steps.findIndex((s) => stepId(s) === 'wait');
	const run = (notice: string, status: number, signal: string): Run => ({
		steps: scenario.steps.map((_, i) => ({
			command: '',
			host: 'app',
			output: i === kill ? `${notice}\n` : i === wait ? `status=${status}\n` : '',
		})),
		faults: [{ pid: 7, signal, siCode: 'BUS_ADRERR' }],
	});

	it('reads the job notice, the fault and the status', () => {
		const good = run(
			'[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
			135,
			'SIGBUS',
		);
		expect(observe(scenario, good)).toEqual(scenario.expect);
	});

	it('sees a different outcome as different', () => {
		const bad = run(
			'[1]+  Segmentation fault      (core dumped) /mnt/nfs/bin/server',
			139,
			'SIGSEGV',
		);
		const fields = observe(scenario, bad);
		expect(fields.notice).not.toBe(scenario.expect.notice);
		expect(fields.status).toBe(139);
		expect(fields.signal).toBe('SIGSEGV');
	});

	it('blanks pids only where a program prints them beside its name', () => {
		expect(withoutPids('server[4242]: started (build v1)')).toBe('server[PID]: started (build v1)');
		expect(withoutPids('[1] 4242')).toBe('[1] 4242');
	});

	it('reports a disagreement with both transcripts', () => {
		const good = run(
			'[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
			135,
			'SIGBUS',
		);
		const bad = run('[1]+  Bus error               /mnt/nfs/bin/server', 135, 'SIGBUS');
		const c = toEvidence(scenario, bad, good);
		expect(c.agree).toBe(false);
		expect(passed(c)).toBe(false);
		const text = explainFailure(c);
		expect(text).toContain('notice: real kernel');
		expect(text).toContain('real kernel');
		expect(text).toContain('simulation');
		expect(text).toContain('≠');
	});
});
