import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

// Debian 12 has merged /usr: /bin, /sbin, /lib and /lib64 are symbolic links into /usr, so a
// program has one inode whichever name reaches it, and the kernel names it by the real path.
describe('merged /usr', () => {
	it('shows /bin, /sbin, /lib and /lib64 as links and resolves commands through them', () => {
		expect(
			runScript([
				'ls -l /',
				'ls -li /bin/bash /usr/bin/bash',
				'ls -l /proc/$$/exe /lib64/ld-linux-x86-64.so.2',
				'/bin/sleep 1; echo $?',
				'type bash sleep',
				'cd /lib64; cd ..; pwd',
			]),
		).toBe(
			t(
				'root@app:~# ls -l /',
				'total 28',
				'lrwxrwxrwx 1 root root    7 Mar 15 09:00 bin -> usr/bin',
				'drwxr-xr-x 4 root root 4096 Mar 15 09:00 dev',
				'drwxr-xr-x 2 root root 4096 Mar 15 09:00 etc',
				'lrwxrwxrwx 1 root root    7 Mar 15 09:00 lib -> usr/lib',
				'lrwxrwxrwx 1 root root    9 Mar 15 09:00 lib64 -> usr/lib64',
				'drwxr-xr-x 3 root root 4096 Mar 15 09:00 mnt',
				'drwxr-xr-x 3 root root 4096 Mar 15 09:00 opt',
				'dr-xr-xr-x 9 root root    0 Feb 20 04:42 proc',
				'drwx------ 2 root root 4096 Mar 15 09:00 root',
				'lrwxrwxrwx 1 root root    8 Mar 15 09:00 sbin -> usr/sbin',
				'drwxrwxrwt 2 root root 4096 Mar 15 09:00 tmp',
				'drwxr-xr-x 7 root root 4096 Mar 15 09:00 usr',
				'root@app:~# ls -li /bin/bash /usr/bin/bash',
				'19 -rwxr-xr-x 1 root root 131072 Mar 15 09:00 /bin/bash',
				'19 -rwxr-xr-x 1 root root 131072 Mar 15 09:00 /usr/bin/bash',
				'root@app:~# ls -l /proc/$$/exe /lib64/ld-linux-x86-64.so.2',
				'lrwxrwxrwx 1 root root 42 Mar 15 09:00 /lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
				'lrwxrwxrwx 1 root root  0 Mar 15 09:00 /proc/4301/exe -> /usr/bin/bash',
				'root@app:~# /bin/sleep 1; echo $?',
				'0',
				'root@app:~# type bash sleep',
				'bash is /usr/bin/bash',
				'sleep is /usr/bin/sleep',
				'root@app:~# cd /lib64; cd ..; pwd',
				'/',
			),
		);
	});

	it('maps programs and libraries under their /usr paths', () => {
		const out = runScript(['cat /proc/self/maps']);
		const paths = new Set(
			out
				.split('\n')
				.map((l) => l.slice(73))
				.filter((p) => p.startsWith('/')),
		);
		expect([...paths]).toEqual([
			'/usr/bin/cat',
			'/usr/lib/x86_64-linux-gnu/libc.so.6',
			'/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
		]);
	});

	it('keeps every other inode number where it was before the merge', () => {
		const world = createWorld();
		const app = world.host('app');
		expect(app.peekLstat('/bin')?.type).toBe('symlink');
		expect(app.peekStat('/bin')?.ino).toBe(app.peekStat('/usr/bin')?.ino);
		expect(app.peekStat('/opt/app/bin/server')?.ino).toBe(63);
		expect(app.peekStat('/root/server-v2')?.ino).toBe(64);
		expect(world.host('filer').peekStat('/export/bin/server')?.ino).toBe(60);
		// The old /bin directory's inode became the link.
		expect(app.peekLstat('/bin')?.ino).toBe(18);
	});
});

// bash keeps only existing names once a wildcard has matched a directory level (lib/glob/glob.c).
describe('pathname expansion past a wildcard', () => {
	it('drops names that do not exist under each match', () => {
		expect(
			runScript([
				'sleep 100 &',
				'echo /proc/*/exe',
				'echo /usr/*/sh',
				'echo /*/sh',
				'echo /no/*/x',
			]),
		).toBe(
			t(
				'root@app:~# sleep 100 &',
				'[1] 4302',
				'root@app:~# echo /proc/*/exe',
				'/proc/1/exe /proc/4301/exe /proc/4302/exe /proc/self/exe',
				'root@app:~# echo /usr/*/sh',
				'/usr/bin/sh',
				'root@app:~# echo /*/sh',
				'/bin/sh',
				'root@app:~# echo /no/*/x',
				'/no/*/x',
			),
		);
	});
});
