import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearProgress, loadProgress, saveProgress } from '../../../src/bindings/progress';
import type { Moment } from '../../../src/bindings/permalink';
import { MemoryStorage } from './memory-storage';

const KEY = (lab: string) => `bus-error:lab:${lab}`;
const moment: Moment = {
	seed: 42,
	log: [
		{ host: 'app', line: '/opt/app/bin/server &' },
		{ host: 'filer', line: 'truncate -s 0 /export/bin/server' },
	],
	at: 1,
};

let store: MemoryStorage;
beforeEach(() => {
	store = new MemoryStorage();
	vi.stubGlobal('window', { localStorage: store });
});
afterEach(() => {
	vi.unstubAllGlobals();
});

describe('saved progress', () => {
	it('round-trips a moment under its own lab key', () => {
		expect(loadProgress('nfs')).toEqual({ kind: 'none' });
		saveProgress('nfs', moment);
		expect([...store.items.keys()]).toEqual([KEY('nfs')]);
		expect(loadProgress('nfs')).toEqual({ kind: 'ok', moment });
		expect(loadProgress('etxtbsy')).toEqual({ kind: 'none' });
		clearProgress('nfs');
		expect(loadProgress('nfs')).toEqual({ kind: 'none' });
	});

	it.each([
		['not JSON', '{oops', /./],
		['JSON null', 'null', /not an object/],
		['a number', '17', /not an object/],
		['another version', JSON.stringify({ v: 2, seed: 1, log: '', at: 0 }), /unknown version/],
		['a negative seed', JSON.stringify({ v: 1, seed: -1, log: '', at: 0 }), /bad seed/],
		['a fractional seed', JSON.stringify({ v: 1, seed: 1.5, log: '', at: 0 }), /bad seed/],
		['a log that is not text', JSON.stringify({ v: 1, seed: 1, log: [], at: 0 }), /bad log/],
		['an unknown host', JSON.stringify({ v: 1, seed: 1, log: 'mars:ls', at: 1 }), /host/],
		['a step past the end', JSON.stringify({ v: 1, seed: 1, log: 'app:ls', at: 2 }), /bad step/],
		['a missing step', JSON.stringify({ v: 1, seed: 1, log: 'app:ls' }), /bad step/],
	])('ignores %s with a message, and other labs survive', (_, raw, reason) => {
		saveProgress('etxtbsy', moment);
		store.items.set(KEY('nfs'), raw);
		const loaded = loadProgress('nfs');
		expect(loaded.kind).toBe('error');
		if (loaded.kind === 'error') expect(loaded.reason).toMatch(reason);
		expect(loadProgress('etxtbsy')).toEqual({ kind: 'ok', moment });
		// Saving over the garbage repairs that lab only.
		saveProgress('nfs', { ...moment, seed: 7 });
		expect(loadProgress('nfs')).toEqual({ kind: 'ok', moment: { ...moment, seed: 7 } });
		expect(loadProgress('etxtbsy')).toEqual({ kind: 'ok', moment });
	});

	it('loses only the save when storage is full', () => {
		saveProgress('nfs', moment);
		store.failWrites = true;
		expect(() => saveProgress('nfs', { ...moment, at: 2 })).not.toThrow();
		expect(loadProgress('nfs')).toEqual({ kind: 'ok', moment });
	});

	it('treats missing or blocked storage as nothing saved', () => {
		vi.stubGlobal('window', {
			get localStorage(): Storage {
				throw new DOMException('blocked', 'SecurityError');
			},
		});
		expect(loadProgress('nfs')).toEqual({ kind: 'none' });
		expect(() => saveProgress('nfs', moment)).not.toThrow();
		expect(() => clearProgress('nfs')).not.toThrow();
		vi.unstubAllGlobals();
		// Plain Node: no window at all.
		expect(loadProgress('nfs')).toEqual({ kind: 'none' });
	});
});
