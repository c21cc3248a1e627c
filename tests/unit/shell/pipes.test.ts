import { describe, expect, it } from 'vitest';
import { runLines, runScript } from '../../../src/shell/index';
import { ByteBuffer } from '../../../src/shell/bytes';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('pipes carry bytes', () => {
	// Captured from interactive bash 5.2.15 with coreutils 9.1 (C.UTF-8): a pipe passes the
	// bytes a writer wrote, so counts are of bytes, and `$(…)` drops NUL bytes with a warning.
	it('counts UTF-8 and NUL bytes as bash and coreutils do', () => {
		expect(
			runScript([
				'echo héllo | wc -c',
				'echo héllo | wc',
				"printf 'a\\0b\\n' | wc -c",
				"x=$(printf 'a\\0b'); echo ${#x}",
			]),
		).toBe(
			t(
				'root@app:~# echo héllo | wc -c',
				'7',
				'root@app:~# echo héllo | wc',
				'      1       1       7',
				"root@app:~# printf 'a\\0b\\n' | wc -c",
				'4',
				"root@app:~# x=$(printf 'a\\0b'); echo ${#x}",
				'bash: warning: command substitution: ignored null byte in input',
				'2',
			),
		);
	});

	it('passes a 24 MiB program through a pipe byte for byte', () => {
		const { transcript, world } = runLines([
			'cat /mnt/nfs/bin/server | wc -c',
			'cat /mnt/nfs/bin/server | cat > /tmp/copy',
			'ls -l /tmp/copy /mnt/nfs/bin/server',
			'cat /mnt/nfs/bin/server | head -c 100 | wc -c',
			'head -c 100 /mnt/nfs/bin/server | wc -c',
		]);
		expect(transcript).toBe(
			t(
				'root@app:~# cat /mnt/nfs/bin/server | wc -c',
				'25167058',
				'root@app:~# cat /mnt/nfs/bin/server | cat > /tmp/copy',
				'root@app:~# ls -l /tmp/copy /mnt/nfs/bin/server',
				'-rwxr-xr-x 1 root root 25167058 Mar 15 09:00 /mnt/nfs/bin/server',
				'-rw-r--r-- 1 root root 25167058 Mar 15 09:00 /tmp/copy',
				'root@app:~# cat /mnt/nfs/bin/server | head -c 100 | wc -c',
				'100',
				'root@app:~# head -c 100 /mnt/nfs/bin/server | wc -c',
				'100',
			),
		);
		// The copy made through two pipes holds the very bytes of the program, page for page.
		const app = world.host('app');
		const pid = app.login({});
		const read = (path: string, offset: number): string => {
			const fd = app.openat(pid, path, 0);
			if (!fd.ok) throw new Error(path);
			app.lseek(pid, fd.value, offset, 0);
			const r = app.read(pid, fd.value, 4096);
			app.close(pid, fd.value);
			if (!r.ok) throw new Error(path);
			return Buffer.from(r.value).toString('hex');
		};
		for (const offset of [0, 4096 * 3000, 25167058 - 4096])
			expect(read('/tmp/copy', offset)).toBe(read('/mnt/nfs/bin/server', offset));
	}, 30_000);

	it('shows the same bytes from a pipe as from the file', () => {
		const direct = runScript(['head -c 300 /bin/bash']).split('\n').slice(1).join('\n');
		const piped = runScript(['cat /bin/bash | head -c 300']).split('\n').slice(1).join('\n');
		expect(piped).toBe(direct);
		expect(direct.startsWith('\x7fELF')).toBe(true);
	});

	it('md5sum prints what coreutils prints, for a pipe, a file and a copy alike', () => {
		// The first three outputs are those of md5sum 9.1 on Debian 12.
		const transcript = runScript([
			'echo -n | md5sum',
			'echo hello | md5sum',
			'md5sum /nonexistent /tmp; echo $?',
			'md5sum /bin/bash',
			'cat /bin/bash | md5sum',
			'cat /bin/sleep > /tmp/copy; md5sum -b /tmp/copy /bin/sleep',
		]);
		const lines = transcript.split('\n');
		expect(lines.slice(0, 9)).toEqual([
			'root@app:~# echo -n | md5sum',
			'd41d8cd98f00b204e9800998ecf8427e  -',
			'root@app:~# echo hello | md5sum',
			'b1946ac92492d2347c6235b4d2611184  -',
			'root@app:~# md5sum /nonexistent /tmp; echo $?',
			'md5sum: /nonexistent: No such file or directory',
			'md5sum: /tmp: Is a directory',
			'1',
			'root@app:~# md5sum /bin/bash',
		]);
		const hash = (lines[9] ?? '').slice(0, 32);
		expect(hash).toMatch(/^[0-9a-f]{32}$/);
		expect(lines.slice(9, 13)).toEqual([
			`${hash}  /bin/bash`,
			'root@app:~# cat /bin/bash | md5sum',
			`${hash}  -`,
			'root@app:~# cat /bin/sleep > /tmp/copy; md5sum -b /tmp/copy /bin/sleep',
		]);
		const sleep = (lines[13] ?? '').slice(0, 32);
		expect(lines.slice(13)).toEqual([`${sleep} */tmp/copy`, `${sleep} */bin/sleep`, '']);
	}, 30_000);

	it("shows a character split between two of cat's writes whole, as a terminal does", () => {
		const out = runScript(["printf '%131071sé\\n' '' > /tmp/f", 'cat /tmp/f']);
		expect(out.endsWith(' é\n')).toBe(true);
		expect(out).not.toContain('\ufffd');
		expect(runScript(["printf 'a\\303' > /tmp/g", 'cat /tmp/g'])).toContain('a\ufffd');
	});

	it('printf writes bytes: octal and hex escapes, widths counted in bytes', () => {
		// Captured from bash 5.2.15 in C.UTF-8.
		expect(
			runScript([
				"printf '\\303\\251\\n'",
				"printf 'é%s|%5s|\\n' é é",
				"printf '\\x41\\101\\0' | wc -c",
				"printf '%d\\n' x",
			]),
		).toBe(
			t(
				"root@app:~# printf '\\303\\251\\n'",
				'é',
				"root@app:~# printf 'é%s|%5s|\\n' é é",
				'éé|   é|',
				"root@app:~# printf '\\x41\\101\\0' | wc -c",
				'3',
				"root@app:~# printf '%d\\n' x",
				'bash: printf: x: invalid number',
				'0',
			),
		);
	});

	it('keeps a long run of zero bytes as a count, not as a string', () => {
		const b = new ByteBuffer();
		b.pushBytes('ab');
		for (let i = 0; i < 100; i++) b.pushBytes(new Uint8Array(65536));
		b.pushText('é\n');
		expect(b.length).toBe(2 + 65536 * 100 + 3);
		expect(b.prefix(4)).toBe('ab\0\0');
		expect(b.suffix(4)).toBe('\0\xc3\xa9\n');
		expect(b.headLines(1).length).toBe(b.length);
	});
});

describe('a writer whose reader left', () => {
	it('gets SIGPIPE from the kernel on its own behalf (si_pid is the writer, as strace shows)', () => {
		// strace -e trace=write yes | head -1 on Linux 6.18: `--- SIGPIPE {si_signo=SIGPIPE,
		// si_code=SI_USER, si_pid=<yes's own pid>, si_uid=0} ---`, then `+++ killed by SIGPIPE +++`.
		const out = runScript(['strace -e trace=write yes | head -1', 'echo ${PIPESTATUS[@]}']);
		expect(out).toContain(
			'--- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=4304, si_uid=0} ---\n+++ killed by SIGPIPE +++\n',
		);
		expect(out).toContain('root@app:~# echo ${PIPESTATUS[@]}\n141 0\n');
		expect(out).not.toContain('kill(');
	});
});
