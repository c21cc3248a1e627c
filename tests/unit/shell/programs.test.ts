import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { createSession } from '../../../src/shell/index';
import { builtinNames, commands } from '../../../src/shell/commands/index';

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
});
