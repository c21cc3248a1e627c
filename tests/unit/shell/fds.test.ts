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
});
