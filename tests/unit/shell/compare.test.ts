import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

// Expected texts are what coreutils 9.1's sha256sum and GNU diffutils 3.8's cmp print on
// Debian 12 for the same files.
describe('sha256sum', () => {
	it('gives the real SHA-256 of the bytes, like md5sum', () => {
		expect(
			runScript([
				'sha256sum /etc/hostname',
				"printf '' | sha256sum",
				'sha256sum /nonexistent; echo $?',
			]),
		).toBe(
			t(
				'root@app:~# sha256sum /etc/hostname',
				'8a8f60ecb09b7e64c6d5214a8043865e608507db8c3f61f995eae6d078875901  /etc/hostname',
				"root@app:~# printf '' | sha256sum",
				'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  -',
				'root@app:~# sha256sum /nonexistent; echo $?',
				'sha256sum: /nonexistent: No such file or directory',
				'1',
			),
		);
	});

	it('agrees for a byte-for-byte copy and differs between builds', () => {
		const out = runScript([
			'cat /root/server-v2 > /tmp/copy',
			'sha256sum /root/server-v2 /tmp/copy /opt/app/bin/server',
		]);
		const sums = out
			.split('\n')
			.filter((l) => /^[0-9a-f]{64} {2}/.test(l))
			.map((l) => l.slice(0, 64));
		expect(sums).toHaveLength(3);
		expect(sums[0]).toBe(sums[1]);
		expect(sums[2]).not.toBe(sums[0]);
	});
});

describe('cmp', () => {
	const files = [
		'cd /tmp',
		"printf 'abc\\ndef\\n' > a; printf 'abc\\ndxf\\n' > b; printf 'abc\\n' > c; : > e; printf 'abc\\nd' > d",
	];

	it('reports the first difference, a shorter file and trouble as diffutils 3.8 does', () => {
		expect(
			runScript([
				...files,
				'cmp a b; echo $?',
				'cmp a c; echo $?',
				'cmp a d; echo $?',
				'cmp a e; echo $?',
				'cmp a a; echo $?',
				'cmp -s a b; echo $?',
				'cat b | cmp a -; echo $?',
				'cmp -l a b; echo $?',
				'cmp -l a c; echo $?',
				'cmp a nope; echo $?',
				'cmp a /tmp; echo $?',
				'cmp; echo $?',
			]),
		).toBe(
			t(
				'root@app:~# cd /tmp',
				`root@app:/tmp# ${files[1] ?? ''}`,
				'root@app:/tmp# cmp a b; echo $?',
				'a b differ: byte 6, line 2',
				'1',
				'root@app:/tmp# cmp a c; echo $?',
				'cmp: EOF on c after byte 4, line 1',
				'1',
				'root@app:/tmp# cmp a d; echo $?',
				'cmp: EOF on d after byte 5, in line 2',
				'1',
				'root@app:/tmp# cmp a e; echo $?',
				'cmp: EOF on e which is empty',
				'1',
				'root@app:/tmp# cmp a a; echo $?',
				'0',
				'root@app:/tmp# cmp -s a b; echo $?',
				'1',
				'root@app:/tmp# cat b | cmp a -; echo $?',
				'a - differ: byte 6, line 2',
				'1',
				'root@app:/tmp# cmp -l a b; echo $?',
				'6 145 170',
				'1',
				'root@app:/tmp# cmp -l a c; echo $?',
				'cmp: EOF on c after byte 4',
				'1',
				'root@app:/tmp# cmp a nope; echo $?',
				'cmp: nope: No such file or directory',
				'2',
				'root@app:/tmp# cmp a /tmp; echo $?',
				'cmp: /tmp: Is a directory',
				'2',
				'root@app:/tmp# cmp; echo $?',
				"cmp: missing operand after 'cmp'",
				"cmp: Try 'cmp --help' for more information.",
				'2',
			),
		);
	});

	it('tells a copy from another build', () => {
		expect(
			runScript([
				'cp /root/server-v2 /tmp/copy',
				'cmp /root/server-v2 /tmp/copy; echo $?',
				'cmp /opt/app/bin/server /mnt/nfs/bin/server; echo $?',
				'cmp /root/server-v2 /mnt/nfs/bin/server; echo $?',
				'cmp -l /root/server-v2 /opt/app/bin/server | head -1; echo ${PIPESTATUS[@]}',
			]),
		).toBe(
			t(
				'root@app:~# cp /root/server-v2 /tmp/copy',
				'root@app:~# cmp /root/server-v2 /tmp/copy; echo $?',
				'0',
				'root@app:~# cmp /opt/app/bin/server /mnt/nfs/bin/server; echo $?',
				'0',
				'root@app:~# cmp /root/server-v2 /mnt/nfs/bin/server; echo $?',
				'/root/server-v2 /mnt/nfs/bin/server differ: byte 61, line 1',
				'1',
				'root@app:~# cmp -l /root/server-v2 /opt/app/bin/server | head -1; echo ${PIPESTATUS[@]}',
				'      61 302 107',
				'141 0',
			),
		);
	});
});

// coreutils 9.1's yes writes 8192-byte buffers of its line until a write fails. A reader that
// leaves gets it killed by SIGPIPE (status 141), as in bash.
describe('yes', () => {
	it('feeds a pipe until its reader leaves', () => {
		expect(
			runScript([
				'yes | head -3; echo ${PIPESTATUS[@]}',
				'yes hello world | head -2',
				'yes | head -c 20000 | wc -c',
			]),
		).toBe(
			t(
				'root@app:~# yes | head -3; echo ${PIPESTATUS[@]}',
				'y',
				'y',
				'y',
				'141 0',
				'root@app:~# yes hello world | head -2',
				'hello world',
				'hello world',
				'root@app:~# yes | head -c 20000 | wc -c',
				'20000',
			),
		);
	});
});
