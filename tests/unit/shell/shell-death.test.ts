import { describe, expect, it } from 'vitest';
import { runLines, runScript } from '../../../src/shell/index';
import { LabCore } from '../../../src/bindings/lab-core';
import { narrate } from '../../../src/bindings/narrate';

/** A transcript from lines, for comparing with what a terminal showed. */
const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('a signal sent to the terminal’s own shell', () => {
	it('is ignored for SIGTERM, SIGQUIT and SIGTSTP, as an interactive bash ignores them', () => {
		// Checked in bash 5.2.15 in a pty: `kill -TERM $$` returns 0 and the shell goes on.
		expect(
			runScript(['kill $$; echo alive $?', 'kill -QUIT $$ && kill -TSTP $$ && echo still $$']),
		).toBe(
			t(
				'root@app:~# kill $$; echo alive $?',
				'alive 0',
				'root@app:~# kill -QUIT $$ && kill -TSTP $$ && echo still $$',
				'still 4301',
			),
		);
	});

	it('gives children the default dispositions back, so kill %1 still ends a job', () => {
		expect(runScript(['sleep 100 &', 'kill %1', 'sleep 1'])).toBe(
			t(
				'root@app:~# sleep 100 &',
				'[1] 4302',
				'root@app:~# kill %1',
				'root@app:~# sleep 1',
				'[1]+  Terminated              sleep 100',
			),
		);
	});

	it('kills the login shell with SIGKILL: the rest of the line never runs, jobs keep running', () => {
		const { transcript, world } = runLines([
			'sleep 100 &',
			'kill -9 $$; echo not reached',
			'echo $? $$',
			'jobs',
		]);
		expect(transcript).toBe(
			t(
				'root@app:~# sleep 100 &',
				'[1] 4302',
				'root@app:~# kill -9 $$; echo not reached',
				'[simulation: the login shell (pid 4301) was killed by SIGKILL, which would close this terminal; logged in again as pid 4303]',
				'root@app:~# echo $? $$',
				'0 4303',
				'root@app:~# jobs',
			),
		);
		const app = world.host('app');
		// bash cannot act on SIGKILL: its job is reparented to init and runs on.
		expect(app.process(4301)).toBeNull();
		expect(app.process(4302)).toMatchObject({ ppid: 1, state: 'S' });
	});

	it('hangs up the jobs of a shell killed by SIGHUP (jobs.c hangup_all_jobs)', () => {
		const { transcript, world } = runLines(['sleep 100 &', 'kill -HUP $$']);
		expect(transcript).toContain(
			'[simulation: the login shell (pid 4301) was killed by SIGHUP, which would close this terminal; logged in again as pid 4303]',
		);
		expect(world.host('app').process(4302)).toBeNull();
	});

	it('reports a nested bash killed by a signal as a foreground job', () => {
		// bash 5.2.15: `bash`, then `kill -9 $$` prints Killed and $? is 137; SIGHUP gives Hangup, 129.
		expect(runScript(['bash', 'kill -9 $$', 'echo $? $$', 'bash', 'kill -HUP $$', 'echo $?'])).toBe(
			t(
				'root@app:~# bash',
				'root@app:~# kill -9 $$',
				'Killed',
				'root@app:~# echo $? $$',
				'137 4301',
				'root@app:~# bash',
				'root@app:~# kill -HUP $$',
				'Hangup',
				'root@app:~# echo $?',
				'129',
			),
		);
	});

	it('ends an ssh session as OpenSSH does when the remote shell is killed: 255', () => {
		const { transcript, world } = runLines([
			'ssh filer',
			'sleep 50 &',
			'kill -KILL $$',
			'echo $?',
			'ssh filer',
			'kill -HUP $$; echo not reached',
			'echo $? $$',
		]);
		expect(transcript).toBe(
			t(
				'root@app:~# ssh filer',
				'root@filer:~# sleep 50 &',
				'[1] 2818',
				'root@filer:~# kill -KILL $$',
				'Connection to filer closed.',
				'root@app:~# echo $?',
				'255',
				'root@app:~# ssh filer',
				'root@filer:~# kill -HUP $$; echo not reached',
				'Connection to filer closed.',
				'root@app:~# echo $? $$',
				'255 4301',
			),
		);
		expect(world.host('filer').process(2818)).toMatchObject({ ppid: 1 });
	});

	it('notices a login shell killed from a nested bash once the nested one is left', () => {
		const out = runScript(['bash', 'kill -9 4301', 'echo $$', 'exit', 'echo $$']);
		expect(out).toContain('root@app:~# echo $$\n4302\n');
		expect(out).toContain(
			'[simulation: the login shell (pid 4301) was killed by SIGKILL, which would close this terminal; logged in again as pid',
		);
	});

	it('keeps the lab going with a fresh shell and names the death in its narration', () => {
		const boot = () => {
			const core = new LabCore('app', [], { output() {}, line() {}, changed() {} });
			core.boot(1);
			return core;
		};
		const { transcripts } = boot().replay([
			{ host: 'app', line: 'kill -9 $$' },
			{ host: 'app', line: 'echo $$' },
		]);
		expect(transcripts.app).toContain('logged in again as pid 4302]');
		expect(transcripts.app).toMatch(/echo \$\$\n4302\n/);
		const killed = boot().replay([{ host: 'app', line: 'kill -9 $$' }]).last;
		expect(killed && narrate(killed.events, { watched: killed.watched })).toEqual([
			'On app, bash (pid 4301) killed by SIGKILL (Killed).',
		]);
	});
});
