// A host remembers the walks of its quiet path lookups (bash's PATH search, the libraries exec
// maps) and checks them before reuse. Each step here changes what a remembered walk read, right
// after the walk was remembered, so a stale answer would show in the output.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel';
import { createSession } from '../../../src/shell';

function shell(): (line: string) => string {
	const session = createSession(createWorld({ seed: 1 }));
	return (line) => session.runLine(line);
}

const notFound = 'bash: nosuchcmd: command not found\n';

describe('remembered path walks', () => {
	it('see a new file, chmod, rename, link and unlink in a PATH directory at once', () => {
		const run = shell();
		// `hash -r` makes bash forget the file it found, so that each line searches PATH again.
		const search = (line: string): string => run(`hash -r; ${line}; echo $?`);
		expect(search('nosuchcmd')).toBe(`${notFound}127\n`);
		// Created where the search looked and found nothing.
		expect(search('cp /usr/bin/true /usr/local/bin/nosuchcmd; nosuchcmd')).toBe('0\n');
		// The walk still ends at the same inode, but its mode is read afresh: bash runs the file
		// it found anyway, and exec refuses it.
		expect(search('chmod -x /usr/local/bin/nosuchcmd; hash -r; nosuchcmd')).toBe(
			'bash: /usr/local/bin/nosuchcmd: Permission denied\n126\n',
		);
		expect(search('chmod +x /usr/local/bin/nosuchcmd; hash -r; nosuchcmd')).toBe('0\n');
		expect(search('mv /usr/local/bin/nosuchcmd /usr/local/bin/other; hash -r; nosuchcmd')).toBe(
			`${notFound}127\n`,
		);
		expect(search('other')).toBe('0\n');
		expect(search('ln /usr/local/bin/other /usr/local/bin/nosuchcmd; hash -r; nosuchcmd')).toBe(
			'0\n',
		);
		expect(search('rm /usr/local/bin/nosuchcmd; hash -r; nosuchcmd')).toBe(`${notFound}127\n`);
	});

	it('find a name in a directory that replaced the one walked through', () => {
		const run = shell();
		expect(run('nosuchcmd; echo $?')).toBe(`${notFound}127\n`);
		// /usr/local/bin is a new directory now: the old one's (empty) answer must not be reused.
		run('mv /usr/local/bin /usr/local/old; mkdir /usr/local/bin');
		run('cp /usr/bin/true /usr/local/bin/nosuchcmd');
		expect(run('nosuchcmd; echo $?')).toBe('0\n');
	});

	it('are kept per host: a program made on build is not found on app', () => {
		const run = shell();
		expect(run('nosuchcmd; echo $?')).toBe(`${notFound}127\n`);
		run('ssh build cp /usr/bin/true /usr/local/bin/nosuchcmd');
		expect(run('ssh build nosuchcmd; echo $?')).toBe('0\n');
		expect(run('nosuchcmd; echo $?')).toBe(`${notFound}127\n`);
	});

	it('see a library that was moved away since the last exec mapped it', () => {
		const run = shell();
		run('/opt/app/bin/server &');
		expect(run('grep -c libc.so.6 /proc/$!/maps')).toBe('5\n');
		run('kill %1');
		run('mv /usr/lib/x86_64-linux-gnu/libc.so.6 /root/libc');
		run('/opt/app/bin/server &');
		expect(run('grep -c libc.so.6 /proc/$!/maps; echo $?')).toBe('0\n1\n');
		run('kill %1');
		run('mv /root/libc /usr/lib/x86_64-linux-gnu/libc.so.6');
		run('/opt/app/bin/server &');
		expect(run('grep -c libc.so.6 /proc/$!/maps')).toBe('5\n');
	});
});
