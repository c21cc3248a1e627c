import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	allPredictions,
	forgetPrediction,
	loadPrediction,
	migratePrediction,
	parsePrediction,
	savePrediction,
	type Prediction,
} from '../../../src/bindings/predictions';
import { MemoryStorage } from './memory-storage';

const g = globalThis as unknown as { window?: { localStorage: MemoryStorage } };
let store: MemoryStorage;

beforeEach(() => {
	store = new MemoryStorage();
	g.window = { localStorage: store };
});

afterEach(() => {
	delete g.window;
});

const miss: Prediction = {
	page: '/chapters/05-enter-nfs/',
	anchor: 'predict-the-build-host',
	question: 'Does build get Text file busy?',
	picked: 'Yes: filer refuses the write',
	answer: 'No: the copy succeeds',
	correct: false,
};
const hit: Prediction = {
	...miss,
	page: '/chapters/02-names-and-inodes/',
	anchor: 'predict-rm',
	correct: true,
};

describe('recorded predictions', () => {
	it('saves a committed prediction and reads it back, one key per question', () => {
		savePrediction('05-enter-nfs/predict-the-build-host', miss);
		expect(loadPrediction('05-enter-nfs/predict-the-build-host')).toEqual(miss);
		expect([...store.items.keys()]).toEqual([
			'bus-error:predict:05-enter-nfs/predict-the-build-host',
		]);
		expect(loadPrediction('05-enter-nfs/another')).toBeNull();
	});

	it('forgets a prediction for Try again', () => {
		savePrediction('a', miss);
		forgetPrediction('a');
		expect(loadPrediction('a')).toBeNull();
	});

	it('lists every readable prediction in chapter order, skipping broken ones and other keys', () => {
		savePrediction('05-enter-nfs/q', miss);
		savePrediction('02-names-and-inodes/q', hit);
		store.items.set('bus-error:predict:03-x/q', '{not json');
		store.items.set('bus-error:lab:03-x', JSON.stringify({ v: 1, ...miss }));
		const all = allPredictions();
		expect(all.map((e) => e.id)).toEqual(['02-names-and-inodes/q', '05-enter-nfs/q']);
		expect(all.filter((e) => !e.prediction.correct).map((e) => e.prediction)).toEqual([miss]);
	});

	it('treats garbage in storage as no prediction, never as an error', () => {
		const bad = [
			'',
			'null',
			'42',
			'"text"',
			'[]',
			'{}',
			JSON.stringify({ ...miss, v: 1, correct: 'no' }),
			JSON.stringify({ ...miss, v: 2, correct: false }),
			JSON.stringify({ ...miss, v: 1, question: 7 }),
			JSON.stringify({ ...miss, v: 1, picked: 'x'.repeat(5000) }),
			// A stored page must stay on this site: it becomes a link in the summary.
			JSON.stringify({ ...miss, v: 1, page: 'https://example.com/' }),
			JSON.stringify({ ...miss, v: 1, page: '//example.com/' }),
			JSON.stringify({ ...miss, v: 1, page: 'javascript:alert(1)' }),
		];
		for (const raw of bad) expect(parsePrediction(raw), raw).toBeNull();
		expect(parsePrediction(JSON.stringify({ v: 1, ...miss }))).toEqual(miss);
	});

	it('keeps working when storage is full, blocked or missing', () => {
		store.failWrites = true;
		expect(() => savePrediction('a', miss)).not.toThrow();
		expect(loadPrediction('a')).toBeNull();
		store.failWrites = false;
		savePrediction('a', miss);
		store.failReads = true;
		expect(loadPrediction('a')).toBeNull();
		expect(allPredictions()).toEqual([]);
		delete g.window;
		expect(() => savePrediction('a', miss)).not.toThrow();
		expect(loadPrediction('a')).toBeNull();
		expect(allPredictions()).toEqual([]);
	});

	describe('answers saved under the old wording key', () => {
		const OLD = '04-text-file-busy/predict-install-root-server-v2-opt-app-bin-server-does-t';
		const NEW = '04-text-file-busy/predict-install-over-running';
		const saved = { ...miss, anchor: 'predict-install-root-server-v2-opt-app-bin-server-does-t' };

		it('move to the id, with the new anchor, and the old key is dropped', () => {
			savePrediction(OLD, saved);
			const moved = migratePrediction(OLD, NEW, 'predict-install-over-running');
			expect(moved).toEqual({ ...saved, anchor: 'predict-install-over-running' });
			expect(loadPrediction(NEW)).toEqual(moved);
			expect(loadPrediction(OLD)).toBeNull();
			expect(allPredictions().map((e) => e.id)).toEqual([NEW]);
			// Doing it again (the next visit) finds the answer under its id.
			expect(migratePrediction(OLD, NEW, 'predict-install-over-running')).toEqual(moved);
		});

		it('lose to an answer already saved under the id, which is newer', () => {
			savePrediction(OLD, saved);
			savePrediction(NEW, hit);
			expect(migratePrediction(OLD, NEW, 'x')).toEqual(hit);
			expect(loadPrediction(OLD)).toBeNull();
			expect(allPredictions()).toHaveLength(1);
		});

		it('are kept under the old key while storage cannot take the new one', () => {
			savePrediction(OLD, saved);
			store.failWrites = true;
			expect(migratePrediction(OLD, NEW, 'predict-install-over-running')).toEqual({
				...saved,
				anchor: 'predict-install-over-running',
			});
			expect(loadPrediction(OLD)).toEqual(saved);
			store.failWrites = false;
			expect(migratePrediction(OLD, NEW, 'predict-install-over-running')?.anchor).toBe(
				'predict-install-over-running',
			);
			expect(loadPrediction(OLD)).toBeNull();
		});

		it('count as none when unreadable, and are left for nothing else to trip on', () => {
			store.items.set(`bus-error:predict:${OLD}`, '{oops');
			expect(migratePrediction(OLD, NEW, 'a')).toBeNull();
			expect(loadPrediction(NEW)).toBeNull();
			store.items.set(`bus-error:predict:${OLD}`, JSON.stringify({ v: 1, ...miss, correct: 3 }));
			expect(migratePrediction(OLD, NEW, 'a')).toBeNull();
			expect(allPredictions()).toEqual([]);
		});

		it('need nothing when the key did not change', () => {
			savePrediction(NEW, miss);
			expect(migratePrediction(NEW, NEW, 'a')).toEqual(miss);
			expect(loadPrediction(NEW)).toEqual(miss);
		});
	});
});
