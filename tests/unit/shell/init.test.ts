import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

// Debian 12 boots systemd: the kernel runs /sbin/init (systemd-sysv's link to
// /lib/systemd/systemd), so the command line is `/sbin/init`, while systemd renames itself,
// so comm is `systemd`. Its executable is a real file on the root disk, mapped and busy.
describe('init is systemd', () => {
	it('has an executable, a name, a command line and mappings', () => {
		expect(
			runScript([
				'readlink /proc/1/exe',
				'ls -l /sbin/init',
				'cat /proc/1/comm',
				'ps -ef | head -2',
				'ps -p 1',
				'grep -c /usr/lib/systemd/systemd /proc/1/maps',
			]),
		).toBe(
			t(
				'root@app:~# readlink /proc/1/exe',
				'/usr/lib/systemd/systemd',
				'root@app:~# ls -l /sbin/init',
				'lrwxrwxrwx 1 root root 20 Mar 15 09:00 /sbin/init -> /lib/systemd/systemd',
				'root@app:~# cat /proc/1/comm',
				'systemd',
				'root@app:~# ps -ef | head -2',
				'UID        PID  PPID  C STIME TTY          TIME CMD',
				'root         1     0  0 Feb20 ?        00:00:00 /sbin/init',
				'root@app:~# ps -p 1',
				'  PID TTY          TIME CMD',
				'    1 ?        00:00:00 systemd',
				'root@app:~# grep -c /usr/lib/systemd/systemd /proc/1/maps',
				'5',
			),
		);
	});

	it('keeps its executable busy: writing it is ETXTBSY, as for any running program', () => {
		expect(
			runScript([
				'cp /dev/null /usr/lib/systemd/systemd; echo $?',
				'echo > /usr/lib/systemd/systemd',
				'ls -l /usr/lib/systemd/systemd',
			]),
		).toBe(
			t(
				'root@app:~# cp /dev/null /usr/lib/systemd/systemd; echo $?',
				"cp: cannot create regular file '/usr/lib/systemd/systemd': Text file busy",
				'1',
				'root@app:~# echo > /usr/lib/systemd/systemd',
				'bash: /usr/lib/systemd/systemd: Text file busy',
				'root@app:~# ls -l /usr/lib/systemd/systemd',
				'-rwxr-xr-x 1 root root 92544 Mar 15 09:00 /usr/lib/systemd/systemd',
			),
		);
	});
});
