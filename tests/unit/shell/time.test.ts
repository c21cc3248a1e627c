import { describe, expect, it } from 'vitest';
import { createWorld, UPTIME_AT_START_MS } from '../../../src/kernel';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

// Linux keeps two clocks: file times and date(1) read CLOCK_REALTIME, while printk stamps,
// /proc/uptime and process start times count from boot. The default world booted 23 days
// before the story's 09:00, so the two disagree the way they do on a long-running server.
describe('the wall clock and the uptime clock', () => {
	it('dates files and date(1) by the wall clock, after 90 seconds of uptime', () => {
		expect(
			runScript([
				'date',
				'sleep 90',
				'touch /tmp/new',
				'ls -l /tmp/new /root/server-v2',
				'stat -c "%Y %n" /tmp/new /root/server-v2',
				'stat /tmp/new | grep Modify',
				'date "+%F %T %s"',
				'date -R',
			]),
		).toBe(
			t(
				'root@app:~# date',
				'Thu Mar 15 09:00:00 UTC 2018',
				'root@app:~# sleep 90',
				'root@app:~# touch /tmp/new',
				'root@app:~# ls -l /tmp/new /root/server-v2',
				'-rwxr-xr-x 1 root root 27267297 Mar 15 09:00 /root/server-v2',
				'-rw-r--r-- 1 root root        0 Mar 15 09:01 /tmp/new',
				'root@app:~# stat -c "%Y %n" /tmp/new /root/server-v2',
				'1521104490 /tmp/new',
				'1521104400 /root/server-v2',
				'root@app:~# stat /tmp/new | grep Modify',
				'Modify: 2018-03-15 09:01:30.010000003 +0000',
				'root@app:~# date "+%F %T %s"',
				'2018-03-15 09:01:30 1521104490',
				'root@app:~# date -R',
				'Thu, 15 Mar 2018 09:01:30 +0000',
			),
		);
	});

	it('gives the same file times whatever the uptime', () => {
		const lines = ['sleep 90', 'touch /tmp/new', 'ls -l /tmp', 'stat /tmp/new', 'date'];
		const booted = runScript(lines, { world: createWorld({ uptimeMs: 0 }) });
		expect(runScript(lines)).toBe(booted);
	});

	it('stamps dmesg and /proc/uptime by the uptime clock, and dmesg -T adds the boot time', () => {
		expect(
			runScript(['cat /proc/uptime', 'echo 1 > /proc/sys/vm/drop_caches', 'dmesg', 'dmesg -T']),
		).toBe(
			t(
				'root@app:~# cat /proc/uptime',
				'2002629.31 2002629.31',
				'root@app:~# echo 1 > /proc/sys/vm/drop_caches',
				'root@app:~# dmesg',
				'[2002629.322491] bash (4301): drop_caches: 1',
				'root@app:~# dmesg -T',
				// The boot time's fraction (.688 s) is dropped, as util-linux does, so -T runs one
				// second behind the wall clock here.
				'[Thu Mar 15 08:59:59 2018] bash (4301): drop_caches: 1',
			),
		);
	});

	it('shows init started weeks ago in ps, and today’s processes by the hour', () => {
		const out = runScript(['ps -ef', 'ps aux']);
		expect(out).toContain('root         1     0  0 Feb20 ?        00:00:00 /sbin/init\n');
		expect(out).toContain('root      4301     1  0 09:00 pts/0    00:00:00 -bash\n');
		expect(out).toMatch(/\nroot +1 .* Ss +Feb20 +0:00 \/sbin\/init\n/);
		const fresh = runScript(['ps -ef'], { world: createWorld({ uptimeMs: 0 }) });
		expect(fresh).toContain('root         1     0  0 09:00 ?        00:00:00 /sbin/init\n');
		// A year of uptime puts init in another year: ps prints the year alone.
		const old = runScript(['ps -ef'], {
			world: createWorld({ uptimeMs: UPTIME_AT_START_MS + 365 * 86_400_000 }),
		});
		expect(old).toContain('root         1     0  0 2017 ?        00:00:00 /sbin/init\n');
	});

	it('says what date cannot do instead of pretending', () => {
		expect(runScript(['date -s 10:00', 'date 031510002018', 'date +%a +%b'])).toBe(
			t(
				'root@app:~# date -s 10:00',
				'[simulation: date -d and date -s are not modelled; date prints the clock]',
				'root@app:~# date 031510002018',
				'[simulation: setting the clock (settimeofday) is not modelled]',
				'root@app:~# date +%a +%b',
				'date: extra operand ‘+%b’',
				"Try 'date --help' for more information.",
			),
		);
	});
});
