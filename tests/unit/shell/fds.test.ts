import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

/** A transcript from lines, for comparing with what a terminal showed. */
const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('file descriptors in /proc/PID/fd', () => {
	it('shows the terminal as /dev/pts/0, bash’s fd 255, and each link’s open mode', () => {
		// bash 5.2.15 in a pty: 0, 1, 2 and 255 lead to /dev/pts/0, mode lrwx------, size 64;
		// ls listing its own fds shows the directory it has open (lr-x------).
		expect(runScript(['ls -l /proc/$$/fd', 'ls -l /proc/self/fd', 'ls /proc/self/fd'])).toBe(
			t(
				'root@app:~# ls -l /proc/$$/fd',
				'total 0',
				'lrwx------ 1 root root 64 Mar 15 09:00 0 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 1 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 2 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 255 -> /dev/pts/0',
				'root@app:~# ls -l /proc/self/fd',
				'total 0',
				'lrwx------ 1 root root 64 Mar 15 09:00 0 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 1 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 2 -> /dev/pts/0',
				'lr-x------ 1 root root 64 Mar 15 09:00 3 -> /proc/4303/fd',
				'root@app:~# ls /proc/self/fd',
				'0  1  2  3',
			),
		);
	});

	it('keeps fd 255 out of the shell’s children (it is close-on-exec)', () => {
		expect(runScript(['sleep 100 &', 'ls /proc/$!/fd'])).toBe(
			t('root@app:~# sleep 100 &', '[1] 4302', 'root@app:~# ls /proc/$!/fd', '0  1  2'),
		);
	});

	it('keeps fds that exec opens, shares their offsets, and shows (deleted) after rm', () => {
		// Compared with bash 5.2.15 in a pty, line for line.
		expect(
			runScript([
				'cd /tmp',
				'echo hello > f1',
				'exec 3< f1',
				'exec 4> out4',
				'ls -l /proc/$$/fd',
				'cat <&3',
				'cat <&3',
				'echo to4 >&4',
				'cat out4',
				'exec 3>&-',
				'ls -l /proc/self/fd',
				'rm out4',
				'ls -l /proc/$$/fd',
				'exec 5>&-; echo $?',
				'cat <&5',
				'echo x >&6; echo $?',
				'exec 3<nonexist',
			]),
		).toBe(
			t(
				'root@app:~# cd /tmp',
				'root@app:/tmp# echo hello > f1',
				'root@app:/tmp# exec 3< f1',
				'root@app:/tmp# exec 4> out4',
				'root@app:/tmp# ls -l /proc/$$/fd',
				'total 0',
				'lrwx------ 1 root root 64 Mar 15 09:00 0 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 1 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 2 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 255 -> /dev/pts/0',
				'lr-x------ 1 root root 64 Mar 15 09:00 3 -> /tmp/f1',
				'l-wx------ 1 root root 64 Mar 15 09:00 4 -> /tmp/out4',
				'root@app:/tmp# cat <&3',
				'hello',
				'root@app:/tmp# cat <&3',
				'root@app:/tmp# echo to4 >&4',
				'root@app:/tmp# cat out4',
				'to4',
				'root@app:/tmp# exec 3>&-',
				'root@app:/tmp# ls -l /proc/self/fd',
				'total 0',
				'lrwx------ 1 root root 64 Mar 15 09:00 0 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 1 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 2 -> /dev/pts/0',
				'lr-x------ 1 root root 64 Mar 15 09:00 3 -> /proc/4306/fd',
				'l-wx------ 1 root root 64 Mar 15 09:00 4 -> /tmp/out4',
				'root@app:/tmp# rm out4',
				'root@app:/tmp# ls -l /proc/$$/fd',
				'total 0',
				'lrwx------ 1 root root 64 Mar 15 09:00 0 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 1 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 2 -> /dev/pts/0',
				'lrwx------ 1 root root 64 Mar 15 09:00 255 -> /dev/pts/0',
				"l-wx------ 1 root root 64 Mar 15 09:00 4 -> '/tmp/out4 (deleted)'",
				'root@app:/tmp# exec 5>&-; echo $?',
				'0',
				'root@app:/tmp# cat <&5',
				'bash: 5: Bad file descriptor',
				'root@app:/tmp# echo x >&6; echo $?',
				'bash: 6: Bad file descriptor',
				'1',
				'root@app:/tmp# exec 3<nonexist',
				'bash: nonexist: No such file or directory',
			),
		);
	});

	it('applies redirections left to right: > f 2>&1 is not 2>&1 > f', () => {
		expect(
			runScript([
				'cd /tmp',
				'ls /nonexist /etc/hostname > f 2>&1; cat f',
				'ls /nonexist /etc/hostname 2>&1 > g; echo ---; cat g',
				'ls /nonexist /tmp 2>&1 >/dev/null | wc -l',
				'ls -l /proc/self/fd 3>h | grep h',
			]),
		).toBe(
			t(
				'root@app:~# cd /tmp',
				'root@app:/tmp# ls /nonexist /etc/hostname > f 2>&1; cat f',
				"ls: cannot access '/nonexist': No such file or directory",
				'/etc/hostname',
				'root@app:/tmp# ls /nonexist /etc/hostname 2>&1 > g; echo ---; cat g',
				"ls: cannot access '/nonexist': No such file or directory",
				'---',
				'/etc/hostname',
				'root@app:/tmp# ls /nonexist /tmp 2>&1 >/dev/null | wc -l',
				'1',
				'root@app:/tmp# ls -l /proc/self/fd 3>h | grep h',
				'l-wx------ 1 root root 64 Mar 15 09:00 3 -> /tmp/h',
			),
		);
	});

	it('refuses to write into a running program and to run one the shell holds open for writing', () => {
		// bash 5.2.15: `exec 5> prog` while prog runs → Text file busy, 1; `exec 4>>prog; ./prog`
		// → Text file busy, 126.
		expect(
			runScript([
				'/opt/app/bin/server &',
				'exec 3> /opt/app/bin/server; echo $?',
				'cp /root/server-v2 /root/prog',
				'exec 4>>/root/prog',
				'/root/prog; echo $?',
				'exec 4>&-',
				'exec ls; echo $?',
			]),
		).toBe(
			t(
				'root@app:~# /opt/app/bin/server &',
				'[1] 4302',
				'server[4302]: started (build v1)',
				'root@app:~# exec 3> /opt/app/bin/server; echo $?',
				'bash: /opt/app/bin/server: Text file busy',
				'1',
				'root@app:~# cp /root/server-v2 /root/prog',
				'root@app:~# exec 4>>/root/prog',
				'root@app:~# /root/prog; echo $?',
				'bash: /root/prog: Text file busy',
				'126',
				'root@app:~# exec 4>&-',
				'root@app:~# exec ls; echo $?',
				'[simulation: exec of a command (replacing the shell) is not supported in this simulated shell]',
				'2',
			),
		);
	});
});
