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
