import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLab, listenTry, sendTry, type TryRequest } from '../../../src/bindings/try-bus';

/*
 * The bus only needs a window object and a document that dispatches events, so Node's own
 * EventTarget stands in for the browser's document here.
 */
class FakeDocument extends EventTarget {
	lab: object | null = null;
	querySelector(selector: string) {
		return selector === '[data-lab]' ? this.lab : null;
	}
}

const g = globalThis as unknown as { window?: Window; document?: FakeDocument };

beforeEach(() => {
	g.window = {} as Window;
	g.document = new FakeDocument();
});

afterEach(() => {
	delete g.window;
	delete g.document;
});

describe('try bus: Try buttons in the prose reach the lab', () => {
	it('queues requests made before the lab listens, and hands them over in order', () => {
		sendTry({ cmd: 'ls -li' });
		sendTry({ cmd: 'ls', host: 'filer' });
		const got: TryRequest[] = [];
		const stop = listenTry((r) => got.push(r));
		expect(got).toEqual([{ cmd: 'ls -li' }, { cmd: 'ls', host: 'filer' }]);
		// The queue is drained, so a second listener does not run them again.
		expect(window.labPendingTry).toEqual([]);
		stop();
	});

	it('delivers requests at once while a lab listens, and queues them again after it stops', () => {
		const got: TryRequest[] = [];
		const stop = listenTry((r) => got.push(r));
		sendTry({ cmd: 'kill -HUP %1' });
		expect(got).toEqual([{ cmd: 'kill -HUP %1' }]);
		stop();
		sendTry({ cmd: 'sleep 1' });
		expect(got).toHaveLength(1);
		expect(window.labPendingTry).toEqual([{ cmd: 'sleep 1' }]);
		// A lab that mounts again (a remount after navigation) picks up what waited.
		const again: TryRequest[] = [];
		listenTry((r) => again.push(r))();
		expect(again).toEqual([{ cmd: 'sleep 1' }]);
	});

	it('finds the page lab by its data attribute, or nothing on a page without one', () => {
		expect(findLab()).toBeNull();
		const lab = { id: 'lab' };
		g.document!.lab = lab;
		expect(findLab()).toBe(lab);
	});
});
