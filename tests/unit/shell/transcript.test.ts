import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

/** A transcript from lines, for comparing with what a terminal showed. */
const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('the reference bash transcript', () => {
	// The reference was typed into real interactive bash 5.2 with a `busnow` program that raises
	// SIGBUS after a second. Here the same shape is produced by the simulation's own causes: the
	// NFS daemon faulting on a truncated binary, and a writer filling /dev/shm.
	const lines = [
		'ulimit -c unlimited',
		'/mnt/nfs/bin/server &',
		'ssh filer truncate -s 0 /export/bin/server',
		'kill -HUP %1',
		'sleep 2',
		'echo next',
		'wait $!',
		'echo "status=$?"',
		'shmwriter 100M',
		'echo "fg status=$?"',
		'ulimit -c 0',
		'shmwriter 100M',
		'kill -HUP 999999',
		'ssh nosuchhost ls; echo "ssh=$?"',
		'ls -z /',
		'rm',
		'cat /nonexistent',
		'cd /nonexistent',
		'nosuchcmd',
		'sleep 100 &',
		'jobs',
		'kill %1',
		'sleep 0.2',
		'jobs',
		'exit',
	];
	const transcript = runScript(lines);

	it('prints job notices, core dumps and errors exactly as bash 5.2 does', () => {
		expect(transcript).toBe(
			t(
				'root@app:~# ulimit -c unlimited',
				'root@app:~# /mnt/nfs/bin/server &',
				'[1] 4302',
				'server[4302]: started (build v1)',
				'root@app:~# ssh filer truncate -s 0 /export/bin/server',
				'root@app:~# kill -HUP %1',
				'root@app:~# sleep 2',
				'[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
				'root@app:~# echo next',
				'next',
				'root@app:~# wait $!',
				'root@app:~# echo "status=$?"',
				'status=135',
				'root@app:~# shmwriter 100M',
				'Bus error (core dumped)',
				'root@app:~# echo "fg status=$?"',
				'fg status=135',
				'root@app:~# ulimit -c 0',
				'root@app:~# shmwriter 100M',
				'Bus error',
				'root@app:~# kill -HUP 999999',
				'bash: kill: (999999) - No such process',
				'root@app:~# ssh nosuchhost ls; echo "ssh=$?"',
				'ssh: Could not resolve hostname nosuchhost: Name or service not known',
				'ssh=255',
				'root@app:~# ls -z /',
				"ls: invalid option -- 'z'",
				"Try 'ls --help' for more information.",
				'root@app:~# rm',
				'rm: missing operand',
				"Try 'rm --help' for more information.",
				'root@app:~# cat /nonexistent',
				'cat: /nonexistent: No such file or directory',
				'root@app:~# cd /nonexistent',
				'bash: cd: /nonexistent: No such file or directory',
				'root@app:~# nosuchcmd',
				'bash: nosuchcmd: command not found',
				'root@app:~# sleep 100 &',
				'[1] 4311',
				'root@app:~# jobs',
				'[1]+  Running                 sleep 100 &',
				'root@app:~# kill %1',
				'root@app:~# sleep 0.2',
				'[1]+  Terminated              sleep 100',
				'root@app:~# jobs',
				'root@app:~# exit',
				'exit',
			),
		);
	});

	it('matches the real transcript line for line wherever the commands are the same', () => {
		// Lines of the real session that name neither busnow nor a pid must appear verbatim.
		const reference = readFileSync(
			new URL('../../../../shared/reference/bash-transcript.txt', import.meta.url),
			'utf8',
		)
			.split('\n')
			.filter((l) => l !== '' && !l.startsWith('#'))
			.filter((l) => !l.includes('busnow') && !/^\[\d+\] \d+$/.test(l));
		const ours = new Set(transcript.split('\n'));
		const missing = reference.filter((l) => !ours.has(l));
		expect(missing).toEqual([]);
	});
});
