/**
 * The pieces of the real-kernel harness that need no root: the path mapping, how fields are
 * read from a run, and how a disagreement is shown.
 */
import { describe, expect, it } from 'vitest';
import { fromReal, splitHost, toReal } from '../../kernel/mapping';
import { explainFailure, passed, toEvidence } from '../../kernel/compare';
import { observe, stableTranscript, withoutPids, type Run } from '../../scenarios/observe';
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

	it('stores transcripts with run-to-run noise blanked, and nothing else', () => {
		const text = [
			'[1] 4242',
			'server[4242]: started (build v1)',
			'bash: kill: (4242) - No such process',
			'[ 5327.337346] traps: server[4242] trap invalid opcode ip:562a572cb000 sp:7ffef9e64148 error:0 in server[503000,562a56dc9000+604000]',
			'2146494 -rwxr-xr-x 1 root root 6320528 Nov 26 19:14 /opt/app/bin/server',
			'-rwxr-xr-x 1 root root 6320528 Nov  6 19:14 /mnt/nfs/bin/server',
			'65536 bytes (66 kB, 64 KiB) copied, 0.000131946 s, 497 MB/s',
			'bash: line 1: 12915 Bus error               qemu-arm ./probe-arm ldrd 1',
			'status=135',
		].join('\n');
		expect(stableTranscript(text).split('\n')).toEqual([
			'[1] PID',
			'server[PID]: started (build v1)',
			'bash: kill: (PID) - No such process',
			'[UPTIME] traps: server[PID] trap invalid opcode ip:ADDR sp:ADDR error:0 in server[503000,BASE+604000]',
			'2146494 -rwxr-xr-x 1 root root 6320528 DATE /opt/app/bin/server',
			'-rwxr-xr-x 1 root root 6320528 DATE /mnt/nfs/bin/server',
			'65536 bytes (66 kB, 64 KiB) copied, TIME s, RATE',
			'bash: line 1: PID Bus error               qemu-arm ./probe-arm ldrd 1',
			'status=135',
		]);
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

describe('fields that must tell a wrong simulation from a right one', () => {
	const overwrite = scenarios.find((s) => s.id === 'nfs-overwrite-cold-page') as Scenario;
	const reload = overwrite.steps.findIndex((s) => stepId(s) === 'reload');
	const dmesg = overwrite.steps.findIndex((s) => stepId(s) === 'dmesg');
	const wait = overwrite.steps.findIndex((s) => stepId(s) === 'wait');
	const run = (reloadOutput: string, signal: string, siCode: string, status: number): Run => ({
		steps: overwrite.steps.map((_, i) => ({
			command: '',
			host: 'app',
			output:
				i === reload
					? reloadOutput
					: i === dmesg
						? '[ 1.0] traps: server[9] trap invalid opcode ip:1 sp:2 error:0\n'
						: i === wait
							? `status=${status}\n`
							: '',
		})),
		faults: signal ? [{ pid: 9, signal, siCode }] : [],
	});
	const died = (name: string) => `[1]+  ${name.padEnd(22)}(core dumped) /mnt/nfs/bin/server\n`;
	const real = run(died('Illegal instruction'), 'SIGILL', 'ILL_ILLOPN', 132);

	it('lets the simulation pick another signal, but not survive the reload', () => {
		const segv = run(died('Segmentation fault'), 'SIGSEGV', 'SEGV_MAPERR', 139);
		expect(passed(toEvidence(overwrite, segv, real))).toBe(true);
		const survived = run('server[9]: reloaded configuration (build v1)\n', '', '', 0);
		expect(passed(toEvidence(overwrite, survived, real))).toBe(false);
	});

	it('holds the real side to the signal its programs are built to give (ud2: SIGILL)', () => {
		const realSegv = run(died('Segmentation fault'), 'SIGSEGV', 'SI_KERNEL', 139);
		const c = toEvidence(overwrite, realSegv, realSegv);
		expect(c.agree).toBe(true);
		expect(c.realAsExpected).toBe(false);
		expect(explainFailure(c)).toContain('the real programs should give "SIGILL"');
	});
});
