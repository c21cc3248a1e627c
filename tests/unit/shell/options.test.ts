import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('job notices around wait', () => {
	it('reports jobs that end during wait as it returns, before the rest of the line', () => {
		expect(runScript(['sleep 1 & sleep 2 & wait; echo after'])).toBe(
			t(
				'root@app:~# sleep 1 & sleep 2 & wait; echo after',
				'[1] 4302',
				'[2] 4303',
				'[1]-  Done                    sleep 1',
				'[2]+  Done                    sleep 2',
				'after',
			),
		);
	});
});

describe('options real tools accept', () => {
	const setup = [
		'mkdir -p /tmp/lt/sub/deep',
		'cp server-v2 /tmp/lt/big',
		'echo hi > /tmp/lt/sub/f',
		'cd /tmp/lt',
	];
	const tail = (line: string): string => {
		const out = runScript([...setup, line]);
		return out.slice(out.indexOf(`# ${line}\n`) + line.length + 3);
	};

	it('ls -s, -ls and -sh print allocated blocks like coreutils 9.1', () => {
		expect(tail('ls -s | cat')).toBe(t('total 26636', '26632 big', '    4 sub'));
		expect(tail('ls -sh | cat')).toBe(t('total 27M', ' 27M big', '4.0K sub'));
		expect(tail('ls -ls')).toMatch(/^total 26636\n26632 -rwxr-xr-x 1 root root 27267297 /);
	});

	it('ls -R descends into subdirectories, headed by their names', () => {
		expect(tail('ls -R sub')).toBe(t('sub:', 'deep  f', '', 'sub/deep:'));
	});

	it('ls --full-time is -l with full ISO dates', () => {
		expect(tail('ls --full-time big')).toMatch(
			/^-rwxr-xr-x 1 root root 27267297 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 big\n$/,
		);
	});

	it('ps -p, ps x and ps -ef', () => {
		const out = runScript(['sleep 30 &', 'ps -p 4302', 'ps -p 999; echo $?', 'ps x']);
		expect(out).toContain(
			'ps -p 4302\n  PID TTY          TIME CMD\n 4302 pts/0    00:00:00 sleep\n',
		);
		expect(out).toContain('ps -p 999; echo $?\n  PID TTY          TIME CMD\n1\n');
		expect(out).toContain('  PID TTY      STAT   TIME COMMAND\n');
		expect(out).toContain(' 4301 pts/0    Ss     0:00 -bash\n');
		expect(out).toMatch(/ R\+ {5}0:00 ps x\n/);
		// The background job has its own process group, so it is not in the foreground (+).
		expect(out).toContain(' 4302 pts/0    S      0:00 sleep 30\n');
	});

	it('ulimit -a prints all 17 limits in bash 5.2 columns', () => {
		const out = runScript(['ulimit -a']).split('\n').slice(1, -1);
		expect(out).toHaveLength(17);
		expect(out[1]).toBe('core file size              (blocks, -c) 0');
		expect(out[0]).toBe('real-time non-blocking time  (microseconds, -R) unlimited');
		expect(out[8]).toBe('open files                          (-n) 1024');
	});

	it('jobs -l pads the pid to five columns', () => {
		expect(runScript(['sleep 30 &', 'jobs -l'])).toContain(
			'[1]+  4302 Running                 sleep 30 &\n',
		);
	});

	it('exit with two numbers refuses and the shell stays', () => {
		expect(runScript(['exit 3 4', 'echo $?'])).toBe(
			t(
				'root@app:~# exit 3 4',
				'exit',
				'bash: exit: too many arguments',
				'root@app:~# echo $?',
				'1',
			),
		);
	});
});

describe('ssh in the background', () => {
	it('keeps running as a job while the remote command runs, then reports Done', () => {
		const out = runScript(['ssh build sleep 50 &', 'jobs', 'sleep 60']);
		expect(out).toBe(
			t(
				'root@app:~# ssh build sleep 50 &',
				'[1] 4302',
				'root@app:~# jobs',
				'[1]+  Running                 ssh build sleep 50 &',
				'root@app:~# sleep 60',
				'[1]+  Done                    ssh build sleep 50',
			),
		);
	});

	it('leaves a remote daemon running without an interrupt or Exit 130', () => {
		const out = runScript(['ssh filer /export/bin/server &', 'jobs']);
		expect(out).not.toContain('simulation');
		expect(out).not.toContain('Exit 130');
		expect(out).toContain('[1]+  Running                 ssh filer /export/bin/server &');
	});
});

describe('mv -T', () => {
	it('never moves into a directory, and says why it cannot replace one', () => {
		const out = runScript([
			'cd /tmp',
			'touch a b f',
			'mkdir d g',
			'mv -T b d',
			'mv -T g f',
			'mv -T a b',
			'ls',
		]);
		expect(out).toContain(
			t(
				'root@app:/tmp# mv -T b d',
				"mv: cannot overwrite directory 'd' with non-directory",
				'root@app:/tmp# mv -T g f',
				"mv: cannot overwrite non-directory 'f' with directory 'g'",
				'root@app:/tmp# mv -T a b',
				'root@app:/tmp# ls',
				'b  d  f  g',
			),
		);
	});
});
