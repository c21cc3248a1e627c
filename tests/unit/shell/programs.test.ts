import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { createSession } from '../../../src/shell/index';
import { builtinNames, commands } from '../../../src/shell/commands/index';
import { debianPackage } from '../../../src/shell/commands/extra/debian';

describe('programs on disk', () => {
	it('gives every tool the shell implements an executable file, so type, strace and ps agree', () => {
		const world = createWorld({ seed: 7 });
		const sh = createSession(world, { host: 'app' });
		const tools = Object.keys(commands).filter((name) => !builtinNames.includes(name));
		expect(tools.length).toBeGreaterThan(30);
		const missing = sh
			.runLine(`type ${tools.join(' ')}`)
			.split('\n')
			.filter((line) => line.includes('not found'));
		expect(missing).toEqual([]);
	});

	it('shows rmdir(2) under strace, as coreutils rmdir calls it, and rm -r its unlinkat', () => {
		const sh = createSession(createWorld({ seed: 7 }), { host: 'app' });
		sh.runLine('mkdir -p /tmp/a/b');
		const rmdir = sh.runLine('strace rmdir /tmp/a/b');
		expect(rmdir).toContain('execve("/usr/bin/rmdir", ["rmdir", "/tmp/a/b"]');
		expect(rmdir).toContain('rmdir("/tmp/a/b")'.padEnd(39) + ' = 0');
		expect(sh.runLine('strace rm -r /tmp/a')).toContain(
			'unlinkat(AT_FDCWD, "/tmp/a", AT_REMOVEDIR) = 0',
		);
	});

	it('names no program the hosts have in the list of Debian programs it does not model', () => {
		const world = createWorld({ seed: 7 });
		for (const host of world.hostNames()) {
			const sh = createSession(world, { host });
			const files = ['/usr/bin', '/usr/sbin', '/usr/local/bin'].flatMap((d) =>
				sh.runLine(`ls -1 ${d}`).split('\n').filter(Boolean),
			);
			expect(files.length).toBeGreaterThan(40);
			expect(files.filter((name) => debianPackage(name) !== null)).toEqual([]);
		}
	});

	it('says a program Debian has is not modelled, and a removed one is not found', () => {
		const sh = createSession(createWorld({ seed: 7 }), { host: 'app' });
		const note = (name: string, pkg: string): string =>
			`[simulation: ${name} is in Debian 12 (package ${pkg}), but this simulation does not model it]\n`;
		expect(sh.runLine('uname -r; echo $?')).toBe(note('uname', 'coreutils') + '127\n');
		expect(sh.runLine('ls /tmp | sort; echo $?')).toBe(note('sort', 'coreutils') + '127\n');
		expect(sh.runLine('strace umount /mnt/nfs')).toBe(note('umount', 'mount'));
		expect(sh.runLine('nosuchtool')).toBe('bash: nosuchtool: command not found\n');
		expect(sh.runLine('rm /usr/bin/ls; ls')).toBe('bash: ls: command not found\n');
	});
});
