import { describe, expect, it } from 'vitest';
import { createWorld, restoreWorld } from '../../../src/kernel';
import { createSession } from '../../../src/shell';

// Object.prototype's member names are ordinary file names to Linux.
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('file names that are also JavaScript property names', () => {
	it('are created, listed, read, renamed and removed like any other, locally and over NFS', () => {
		for (const dir of ['/tmp', '/mnt/nfs']) {
			const sh = createSession(createWorld({ seed: 7 }), { host: 'app' });
			expect(sh.runLine(`cd ${dir}; cat constructor; echo $?`)).toBe(
				'cat: constructor: No such file or directory\n1\n',
			);
			expect(sh.runLine(`touch ${NAMES.join(' ')}; echo hi > __proto__; cat __proto__`)).toBe(
				'hi\n',
			);
			const listed = sh.runLine('ls -1').split('\n');
			for (const name of NAMES) expect(listed).toContain(name);
			expect(
				sh.runLine('mv toString valueOf; rm __proto__ constructor hasOwnProperty; ls'),
			).toMatch(/(^|\s)valueOf\n$/);
		}
	});

	it('survive a snapshot and restore', () => {
		const world = createWorld({ seed: 7 });
		createSession(world, { host: 'app' }).runLine('mkdir /tmp/__proto__; touch /tmp/toString');
		const copy = restoreWorld(world.snapshot());
		const sh = createSession(copy, { host: 'app' });
		expect(sh.runLine('ls -d /tmp/__proto__ /tmp/toString /tmp/valueOf')).toBe(
			"ls: cannot access '/tmp/valueOf': No such file or directory\n/tmp/__proto__  /tmp/toString\n",
		);
		expect(sh.runLine('touch /tmp/constructor && ls /tmp')).toContain('constructor');
	});
});
