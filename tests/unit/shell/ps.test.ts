import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

/** A transcript from lines, for comparing with what a terminal showed. */
const t = (...lines: string[]): string => lines.join('\n') + '\n';

const USAGE = [
	'',
	'Usage:',
	' ps [options]',
	'',
	" Try 'ps --help <simple|list|output|threads|misc|all>'",
	"  or 'ps --help <s|l|o|t|m|a>'",
	' for additional help text.',
	'',
	'For more details see ps(1).',
];

describe('ps -o, -p and -C as procps-ng 4.0.2 prints them', () => {
	it('lays out user-defined columns with procps’s headers and widths', () => {
		// Headers, widths and alignment checked against ps from procps-ng 4.0.2 in a pty.
		expect(
			runScript([
				'ps -o pid,ppid,user,stat,comm,cmd',
				'ps -o pid,args,comm',
				'ps -o args,pid',
				'ps -o pid:10,comm',
				'ps -o pid= -o comm=',
				'ps -o pid,tty,time,lstart,start,stime',
			]),
		).toBe(
			t(
				'root@app:~# ps -o pid,ppid,user,stat,comm,cmd',
				'  PID  PPID USER     STAT COMMAND         CMD',
				' 4301     1 root     Ss   bash            -bash',
				' 4302  4301 root     R+   ps              ps -o pid,ppid,user,stat,comm,cmd',
				'root@app:~# ps -o pid,args,comm',
				'  PID COMMAND                     COMMAND',
				' 4301 -bash                       bash',
				' 4303 ps -o pid,args,comm         ps',
				'root@app:~# ps -o args,pid',
				'COMMAND                       PID',
				'-bash                        4301',
				'ps -o args,pid               4304',
				'root@app:~# ps -o pid:10,comm',
				'       PID COMMAND',
				'      4301 bash',
				'      4305 ps',
				'root@app:~# ps -o pid= -o comm=',
				' 4301 bash',
				' 4306 ps',
				'root@app:~# ps -o pid,tty,time,lstart,start,stime',
				'  PID TT           TIME                  STARTED  STARTED STIME',
				' 4301 pts/0    00:00:00 Thu Mar 15 09:00:00 2018 09:00:00 09:00',
				' 4307 pts/0    00:00:00 Thu Mar 15 09:00:00 2018 09:00:00 09:00',
			),
		);
	});

	it('selects by pid and by command name, and fails (1) when nothing matches', () => {
		expect(
			runScript([
				'ps -p 1,$$ -o pid,comm',
				'ps -C bash',
				'ps -C nosuch; echo $?',
				'ps -p 999999; echo $?',
			]),
		).toBe(
			t(
				'root@app:~# ps -p 1,$$ -o pid,comm',
				'  PID COMMAND',
				'    1 systemd',
				' 4301 bash',
				'root@app:~# ps -C bash',
				'  PID TTY          TIME CMD',
				' 4301 pts/0    00:00:00 bash',
				'root@app:~# ps -C nosuch; echo $?',
				'  PID TTY          TIME CMD',
				'1',
				'root@app:~# ps -p 999999; echo $?',
				'  PID TTY          TIME CMD',
				'1',
			),
		);
	});

	it('reports bad arguments with procps’s messages and usage', () => {
		expect(runScript(['ps -o pid,foo,bar; echo $?', 'ps -o', 'ps -p', 'ps -p abc'])).toBe(
			t(
				'root@app:~# ps -o pid,foo,bar; echo $?',
				'error: unknown user-defined format specifier "foo"',
				...USAGE,
				'1',
				'root@app:~# ps -o',
				'error: format specification must follow -o',
				...USAGE,
				'root@app:~# ps -p',
				'error: list of process IDs must follow -p',
				...USAGE,
				'root@app:~# ps -p abc',
				'error: process ID list syntax error',
				...USAGE,
			),
		);
	});

	it('gives RSS from the resident pages and VSZ from the mappings; bash as a login shell', () => {
		const out = runScript([
			'/opt/app/bin/server &',
			'ps -o pid,vsz,rss,comm -p $$,$!',
			'grep VmRSS /proc/$!/status',
			'sleep 70',
			'ps -o pid,etime,etimes -p $!',
		]);
		expect(out).toBe(
			t(
				'root@app:~# /opt/app/bin/server &',
				'[1] 4302',
				'server[4302]: started (build v1)',
				'root@app:~# ps -o pid,vsz,rss,comm -p $$,$!',
				'  PID    VSZ   RSS COMMAND',
				// bash 5.2.15 as `bash -l` on Debian 12; the server's 64 anonymous pages plus the
				// ELF header and its four hot text pages.
				' 4301   4724  3884 bash',
				' 4302  27040   276 server',
				'root@app:~# grep VmRSS /proc/$!/status',
				'VmRSS:\t     276 kB',
				'root@app:~# sleep 70',
				'root@app:~# ps -o pid,etime,etimes -p $!',
				'  PID     ELAPSED ELAPSED',
				' 4302       01:10      70',
			),
		);
	});
});
