import { describe, expect, it } from 'vitest';
import { createWorld, Emitter, type KernelEvent } from '../../../src/kernel/index';
import { createSession } from '../../../src/shell/index';

describe('event subscriptions by type', () => {
	it('delivers only the wanted types and keeps a listener in its place when it widens', () => {
		const emitter = new Emitter<{ type: string; n: number }>();
		const seen: string[] = [];
		const a = emitter.on((e) => seen.push(`a${e.n}`), ['console']);
		emitter.on((e) => seen.push(`b${e.n}`));
		emitter.emit({ type: 'syscall', n: 1 });
		a.only(null);
		emitter.emit({ type: 'syscall', n: 2 });
		expect(seen).toEqual(['b1', 'a2', 'b2']);
	});

	it('says whether anyone wants a type, and forgets a listener once disposed', () => {
		const emitter = new Emitter<{ type: string }>();
		expect(emitter.wants('syscall')).toBe(false);
		const a = emitter.on(() => {}, ['console']);
		expect(emitter.wants('console')).toBe(true);
		expect(emitter.wants('syscall')).toBe(false);
		a.only(['syscall']);
		expect(emitter.wants('console')).toBe(false);
		expect(emitter.wants('syscall')).toBe(true);
		a.dispose();
		a.dispose();
		expect(emitter.wants('syscall')).toBe(false);
		const all = emitter.on(() => {});
		expect(emitter.wants('dmesg')).toBe(true);
		all.dispose();
		expect(emitter.wants('dmesg')).toBe(false);
	});

	it('builds syscall events only while someone wants them, and strace still sees every call', () => {
		const world = createWorld({ seed: 7 });
		const sh = createSession(world, { host: 'app' });
		const calls: string[] = [];
		const sub = world.on(
			(e: KernelEvent) => {
				if (e.type === 'syscall') calls.push(e.name);
			},
			['syscall'],
		);
		sh.runLine('mkdir /tmp/a');
		expect(calls).toContain('mkdir');
		sub.dispose();
		expect(sh.runLine('strace mkdir /tmp/b')).toContain(
			'mkdir("/tmp/b", 0777)                   = 0',
		);
		expect(sh.runLine('strace rmdir /tmp/b')).toContain('rmdir("/tmp/b")'.padEnd(39) + ' = 0');
	});
});
