import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { runLines, runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('pipeline stages are processes of their own', () => {
	// Captured from interactive bash 5.2.15 in a pseudo-terminal, with /bin/ls (151,344 bytes,
	// more than a pipe holds) where the simulation reads /bin/bash (131,072 bytes). Only pids and
	// the working directory differ (the capture ran in another directory).
	it('keep cd, assignments and exit to themselves, and report PIPESTATUS, SIGPIPE and pipefail', () => {
		expect(
			runScript([
				'sleep 10 &',
				'jobs | cat',
				'cd /tmp | cat; pwd',
				'x=1 | cat; echo "x=$x"',
				'exit 3 | cat; echo $?',
				'echo $$ $BASHPID | cat',
				'false | true; echo $? ${PIPESTATUS[@]}',
				'true | false; echo $? ${PIPESTATUS[@]} ${PIPESTATUS[1]}',
				'echo ${PIPESTATUS[@]}',
				'cat /bin/bash | head -c 10 | wc -c; echo ${PIPESTATUS[@]}',
				'cat /bin/bash | true; echo ${PIPESTATUS[@]}',
				'echo hi | true; echo ${PIPESTATUS[@]}',
				'set -o pipefail',
				'cat /bin/bash | head -c 10 > /dev/null; echo $?',
				'false | true; echo $?',
				'set +o pipefail',
				'false | true; echo $?',
				'! false | false; echo $? ${PIPESTATUS[@]}',
				'kill %1',
				'set -o nosuch; echo $?',
			]),
		).toBe(
			t(
				'root@app:~# sleep 10 &',
				'[1] 4302',
				'root@app:~# jobs | cat',
				'[1]+  Running                 sleep 10 &',
				'root@app:~# cd /tmp | cat; pwd',
				'/root',
				'root@app:~# x=1 | cat; echo "x=$x"',
				'x=',
				'root@app:~# exit 3 | cat; echo $?',
				'0',
				'root@app:~# echo $$ $BASHPID | cat',
				'4301 4311',
				'root@app:~# false | true; echo $? ${PIPESTATUS[@]}',
				'0 1 0',
				'root@app:~# true | false; echo $? ${PIPESTATUS[@]} ${PIPESTATUS[1]}',
				'1 0 1 1',
				'root@app:~# echo ${PIPESTATUS[@]}',
				'0',
				'root@app:~# cat /bin/bash | head -c 10 | wc -c; echo ${PIPESTATUS[@]}',
				'10',
				'141 0 0',
				'root@app:~# cat /bin/bash | true; echo ${PIPESTATUS[@]}',
				'141 0',
				'root@app:~# echo hi | true; echo ${PIPESTATUS[@]}',
				'0 0',
				'root@app:~# set -o pipefail',
				'root@app:~# cat /bin/bash | head -c 10 > /dev/null; echo $?',
				'141',
				'root@app:~# false | true; echo $?',
				'1',
				'root@app:~# set +o pipefail',
				'root@app:~# false | true; echo $?',
				'0',
				'root@app:~# ! false | false; echo $? ${PIPESTATUS[@]}',
				'0 1 1',
				'root@app:~# kill %1',
				'root@app:~# set -o nosuch; echo $?',
				'bash: set: nosuch: invalid option name',
				'2',
				'[1]+  Terminated              sleep 10',
			),
		);
	}, 30_000);

	it('gives each stage its own pid and kills a writer whose reader left with the pipe full', () => {
		const world = createWorld({ seed: 1 });
		const ends: string[] = [];
		world.on((e) => {
			if (e.type === 'exit' && e.comm !== 'bash') ends.push(`${e.comm} ${e.pid} ${e.shellStatus}`);
		});
		const { transcript } = runLines(
			['cat /bin/bash | head -c 4 | wc -c', 'echo $? ${PIPESTATUS[@]}'],
			{ world },
		);
		expect(transcript).toBe(
			t(
				'root@app:~# cat /bin/bash | head -c 4 | wc -c',
				'4',
				'root@app:~# echo $? ${PIPESTATUS[@]}',
				'0 141 0 0',
			),
		);
		// Three processes; cat is still there while head reads, and dies of SIGPIPE after it.
		expect(ends).toEqual(['head 4303 0', 'cat 4302 141', 'wc 4304 0']);
	}, 30_000);
});

describe('every stage of a pipeline exists before the first one runs', () => {
	// Layout and pid order checked against bash 5.2.15 and procps-ng 4.0.2 (Debian 12) in a
	// pseudo-terminal: bash forks the stages left to right, all children of the shell, so `ps`
	// lists the readers after it, already exec'd, waiting on the pipe (S+, in the foreground
	// group) while ps itself runs (R+). Only the pids, times and the sizes of the programs differ.
	it('shows the later stages in ps, ps -ef and ps aux', () => {
		expect(
			runScript([
				'/mnt/nfs/bin/server &',
				'ps | cat',
				'ps -ef | grep server',
				'ps aux | grep server',
				'ps aux | tail -2 | cat',
				'ps | cat | cat',
			]),
		).toBe(
			t(
				'root@app:~# /mnt/nfs/bin/server &',
				'[1] 4302',
				'server[4302]: started (build v1)',
				'root@app:~# ps | cat',
				'  PID TTY          TIME CMD',
				' 4301 pts/0    00:00:00 bash',
				' 4302 pts/0    00:00:00 server',
				' 4303 pts/0    00:00:00 ps',
				' 4304 pts/0    00:00:00 cat',
				'root@app:~# ps -ef | grep server',
				'root      4302  4301  0 09:00 pts/0    00:00:00 /mnt/nfs/bin/server',
				'root      4306  4301  0 09:00 pts/0    00:00:00 grep server',
				'root@app:~# ps aux | grep server',
				'root      4302  0.0  0.1  27040   276 pts/0    S    09:00   0:00 /mnt/nfs/bin/server',
				'root      4308  0.0  0.1   2588   260 pts/0    S+   09:00   0:00 grep server',
				'root@app:~# ps aux | tail -2 | cat',
				'root      4310  0.0  0.1   2588   260 pts/0    S+   09:00   0:00 tail -2',
				'root      4311  0.0  0.1   2588   260 pts/0    S+   09:00   0:00 cat',
				'root@app:~# ps | cat | cat',
				'  PID TTY          TIME CMD',
				' 4301 pts/0    00:00:00 bash',
				' 4302 pts/0    00:00:00 server',
				' 4312 pts/0    00:00:00 ps',
				' 4313 pts/0    00:00:00 cat',
				' 4314 pts/0    00:00:00 cat',
			),
		);
	}, 30_000);

	it('forks a stage that is not found, and one whose redirection fails, as bash does', () => {
		// bash's child searches PATH and opens the redirections, so each failing stage still
		// takes a pid: ps runs as 4305 after two of them (bash 5.2.15 gives the same order).
		expect(
			runScript([
				'nosuchcmd | cat; echo ${PIPESTATUS[@]}',
				'cat < /nofile | ps; echo ${PIPESTATUS[@]}',
			]),
		).toBe(
			t(
				'root@app:~# nosuchcmd | cat; echo ${PIPESTATUS[@]}',
				'bash: nosuchcmd: command not found',
				'127 0',
				'root@app:~# cat < /nofile | ps; echo ${PIPESTATUS[@]}',
				'bash: /nofile: No such file or directory',
				'  PID TTY          TIME CMD',
				' 4301 pts/0    00:00:00 bash',
				' 4305 pts/0    00:00:00 ps',
				'1 0',
			),
		);
	}, 30_000);

	it('puts the stages in one process group that has the terminal while they run', () => {
		const world = createWorld({ seed: 1 });
		const groups: string[] = [];
		world.on((e) => {
			if (e.type === 'exit' && e.comm !== 'bash') {
				const p = world.host('app').process(e.pid);
				groups.push(`${e.comm} ${e.pid} ${p?.pgid ?? '?'}`);
			}
		});
		const { transcript } = runLines(['ps | cat | cat', 'ps'], { world });
		expect(groups).toEqual(['ps 4302 4302', 'cat 4303 4302', 'cat 4304 4302', 'ps 4305 4305']);
		// Back at the prompt, the terminal belongs to the shell's group again.
		expect(transcript).toContain(' 4305 pts/0    00:00:00 ps\n');
		expect(world.host('app').procState(4301)?.stat).toBe('Ss+');
	}, 30_000);
});
