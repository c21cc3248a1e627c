import { describe, expect, it } from 'vitest';
import { runLines, runScript } from '../../../src/shell/index';

/** A transcript from lines. */
const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe("the article's scenarios, typed at the app host", () => {
	it('refuses in-place writes to a running local binary with ETXTBSY', () => {
		expect(
			runScript([
				'cd /opt/app/bin',
				'./server &',
				'cp /root/server-v2 server',
				'truncate -s 0 server',
				'echo x >> server',
				'dd if=/root/server-v2 of=server conv=notrunc',
				'rsync --inplace /root/server-v2 server; echo "rsync=$?"',
				'ls -l /proc/$!/exe',
			]),
		).toBe(
			t(
				'root@app:~# cd /opt/app/bin',
				'root@app:/opt/app/bin# ./server &',
				'[1] 4302',
				'server[4302]: started (build v1)',
				'root@app:/opt/app/bin# cp /root/server-v2 server',
				"cp: cannot create regular file 'server': Text file busy",
				'root@app:/opt/app/bin# truncate -s 0 server',
				"truncate: cannot open 'server' for writing: Text file busy",
				'root@app:/opt/app/bin# echo x >> server',
				'bash: server: Text file busy',
				'root@app:/opt/app/bin# dd if=/root/server-v2 of=server conv=notrunc',
				"dd: failed to open 'server': Text file busy",
				'root@app:/opt/app/bin# rsync --inplace /root/server-v2 server; echo "rsync=$?"',
				'rsync: [receiver] open "/opt/app/bin/server" failed: Text file busy (26)',
				'rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]',
				'rsync=23',
				'root@app:/opt/app/bin# ls -l /proc/$!/exe',
				'lrwxrwxrwx 1 root root 0 Mar 15 09:00 /proc/4302/exe -> /opt/app/bin/server',
			),
		);
	});

	it.each([
		['mv /root/server-v2 server'],
		['install /root/server-v2 server'],
		['rm server'],
		['cp --remove-destination /root/server-v2 server'],
		['rsync /root/server-v2 server'],
		['cp -f /root/server-v2 server'],
	])('lets `%s` replace the name while the process keeps the old inode', (cmd) => {
		const out = runScript([
			'cd /opt/app/bin',
			'./server &',
			`${cmd}; echo "status=$?"`,
			'ls -l /proc/$!/exe',
			'kill -HUP %1',
		]);
		expect(out).toContain('status=0\n');
		// ls quotes the target on a terminal because of its space (quoting style shell-escape).
		expect(out).toContain("/proc/4302/exe -> '/opt/app/bin/server (deleted)'\n");
		// The old inode is still there: the reload runs the old build's code.
		expect(out).toContain('server[4302]: reloaded configuration (build v1)\n');
	});

	it('shows cp opening the target O_TRUNC and mv renaming over it under strace', () => {
		const { transcript } = runLines([
			'cd /opt/app/bin',
			'./server &',
			'strace cp /root/server-v2 server',
			'strace mv /root/server-v2 server',
		]);
		expect(transcript).toContain(
			'openat(AT_FDCWD, "server", O_WRONLY|O_TRUNC) = -1 ETXTBSY (Text file busy)\n',
		);
		expect(transcript).toContain('+++ exited with 1 +++\n');
		expect(transcript).toContain(
			'renameat2(AT_FDCWD, "/root/server-v2", AT_FDCWD, "server", RENAME_NOREPLACE) = -1 EEXIST (File exists)\n',
		);
		expect(transcript).toMatch(
			/\nrename(at)?\(AT_FDCWD, "\/root\/server-v2", AT_FDCWD, "server"\) = 0\n/,
		);
		expect(transcript).toContain(
			'exit_group(0)                           = ?\n+++ exited with 0 +++\n',
		);
	});

	it("refuses the client's own in-place copy over NFS with ETXTBSY", () => {
		expect(
			runScript(['/mnt/nfs/bin/server &', 'cp /root/server-v2 /mnt/nfs/bin/server']),
		).toContain("cp: cannot create regular file '/mnt/nfs/bin/server': Text file busy\n");
	});

	it('crashes the daemon when another host rewrites the binary in place over NFS', () => {
		const out = runScript([
			'/mnt/nfs/bin/server &',
			'ssh build cp /root/out/server /mnt/nfs/bin/server',
			'kill -HUP %1',
			'sleep 1',
		]);
		// Cold pages now fault in build v2's bytes: SIGSEGV or SIGILL, chosen by the seed.
		expect(out).toMatch(
			/\[1\]\+ {2}(Segmentation fault {6}|Illegal instruction {5})\/mnt\/nfs\/bin\/server\n$/,
		);
	});

	it('dies with Bus error when the filer truncates the binary, dumping core when allowed', () => {
		const { transcript, world } = runLines([
			'ulimit -c unlimited',
			'/mnt/nfs/bin/server &',
			'ssh filer truncate -s 0 /export/bin/server',
			'kill -HUP %1',
			'sleep 1',
			'wait $!; echo $?',
		]);
		expect(transcript).toContain(
			'[1]+  Bus error               (core dumped) /mnt/nfs/bin/server\nroot@app:~# wait $!; echo $?\n135\n',
		);
		expect(world.host('app').peekStat('/root/core')?.type).toBe('file');
	});

	it('dies with Bus error (ESTALE on page-in) when another client deletes the binary', () => {
		expect(
			runScript([
				'/mnt/nfs/bin/server &',
				'ssh build rm /mnt/nfs/bin/server',
				'kill -HUP %1',
				'sleep 1',
			]),
		).toMatch(/\[1\]\+ {2}Bus error {15}\/mnt\/nfs\/bin\/server\n$/);
	});

	it('survives a rename over it on the same client thanks to silly rename', () => {
		const out = runScript([
			'/mnt/nfs/bin/server &',
			'mv /root/server-v2 /mnt/nfs/bin/server',
			'ls -a /mnt/nfs/bin',
			'ls -l /proc/$!/exe',
			'kill -HUP %1',
			'sleep 1',
			'jobs',
		]);
		expect(out).toMatch(/\.nfs[0-9a-f]{24}/);
		expect(out).toMatch(/\/proc\/4302\/exe -> \/mnt\/nfs\/bin\/\.nfs[0-9a-f]{24}\n/);
		expect(out).toContain('server[4302]: reloaded configuration (build v1)\n');
		expect(out).toContain('[1]+  Running                 /mnt/nfs/bin/server &\n');
	});

	it('keeps running on resident pages until a reload needs pages it never had', () => {
		const out = runScript([
			'/mnt/nfs/bin/server &',
			'ssh build cp /root/out/server /mnt/nfs/bin/server',
			'sleep 1',
			'memhog 200M',
			'jobs',
			'kill -HUP %1',
			'sleep 1',
		]);
		// Referenced text pages survive reclaim, so the daemon goes on running the old build ...
		expect(out).toContain(
			'root@app:~# jobs\n[1]+  Running                 /mnt/nfs/bin/server &\n',
		);
		// ... until the reload faults in cold pages, which now hold the new build's bytes.
		expect(out).toMatch(/(Segmentation fault|Illegal instruction) +\/mnt\/nfs\/bin\/server\n$/);
	});

	it("invalidates the daemon's pages when fincore opens the changed file on the same client", () => {
		const out = runScript([
			'/mnt/nfs/bin/server &',
			'ssh build cp /root/out/server /mnt/nfs/bin/server',
			'fincore /mnt/nfs/bin/server',
		]);
		expect(out).toMatch(
			/fincore \/mnt\/nfs\/bin\/server\n {2}RES PAGES {2}SIZE FILE\n {3}0B {5}0 {3}26M \/mnt\/nfs\/bin\/server\n\[1\]\+ {2}(Segmentation fault|Illegal instruction) +\/mnt\/nfs\/bin\/server\n$/,
		);
	});

	it('keeps mapped text across drop_caches and rejects bad values like the kernel', () => {
		expect(
			runScript([
				'/mnt/nfs/bin/server &',
				'echo 3 > /proc/sys/vm/drop_caches',
				'fincore /mnt/nfs/bin/server',
				'echo 9 > /proc/sys/vm/drop_caches',
			]),
		).toBe(
			t(
				'root@app:~# /mnt/nfs/bin/server &',
				'[1] 4302',
				'server[4302]: started (build v1)',
				'root@app:~# echo 3 > /proc/sys/vm/drop_caches',
				'root@app:~# fincore /mnt/nfs/bin/server',
				'  RES PAGES  SIZE FILE',
				'  20K     5   24M /mnt/nfs/bin/server',
				'root@app:~# echo 9 > /proc/sys/vm/drop_caches',
				'bash: echo: write error: Invalid argument',
			),
		);
	});
});
