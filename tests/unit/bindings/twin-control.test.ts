import { describe, expect, it } from 'vitest';
import { TwinControl, type TwinEngine } from '../../../src/bindings/twin-control';
import { TWIN_STEPS } from '../../../src/bindings/twin-steps';

/** The real twin engine behind a gate, like a slow network; `fail` makes the fetch fail. */
function slowTwin(fail = false) {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	const loader = {
		calls: 0,
		ran: [] as number[],
		release,
		fail,
		load: async (): Promise<TwinEngine> => {
			loader.calls++;
			await gate;
			if (loader.fail) throw new TypeError('Failed to fetch dynamically imported module');
			const engine = await import('../../../src/bindings/twin');
			return {
				runTwin: (at) => {
					loader.ran.push(at);
					return engine.runTwin(at);
				},
			};
		},
	};
	return loader;
}

describe('twin-world buttons', () => {
	it('keep presses made while the engine loads and run them in order when it arrives', async () => {
		const loader = slowTwin();
		let changes = 0;
		const control = new TwinControl(loader.load, TWIN_STEPS.length, () => changes++);
		const first = control.press('next');
		const second = control.press('next');
		expect(control.loading).toBe(true);
		expect(control.state).toBeNull();
		expect(loader.calls).toBe(1);
		loader.release();
		await Promise.all([first, second]);
		expect(control.loading).toBe(false);
		expect(control.at).toBe(2);
		expect(loader.ran).toEqual([1, 2]);
		// Step 2 is the copy: refused locally, done on NFS.
		const local = control.state!.sides.local.transcript.at(-1)!;
		expect(local.output).toContain('Text file busy');
		expect(changes).toBeGreaterThanOrEqual(2);
	});

	it('resolves each queued press against the step reached by the ones before it', async () => {
		const loader = slowTwin();
		const control = new TwinControl(loader.load, TWIN_STEPS.length, () => {});
		const presses = (['back', 'next', 'next', 'next', 'back', 'reset', 'next'] as const).map((p) =>
			control.press(p),
		);
		loader.release();
		await Promise.all(presses);
		// Back at the start does nothing; then 1, 2, 3, back to 2, reset to 0, and 1 again.
		expect(loader.ran).toEqual([1, 2, 3, 2, 0, 1]);
		expect(control.at).toBe(1);
	});

	it('stops at the last step', async () => {
		const loader = slowTwin();
		loader.release();
		const control = new TwinControl(loader.load, TWIN_STEPS.length, () => {});
		for (let i = 0; i < TWIN_STEPS.length + 2; i++) await control.press('next');
		expect(control.at).toBe(TWIN_STEPS.length);
		expect(loader.ran).toEqual(TWIN_STEPS.map((_, i) => i + 1));
	});

	it('says when the engine cannot be loaded, keeps the worlds as they were, and retries', async () => {
		const loader = slowTwin();
		loader.release();
		const control = new TwinControl(loader.load, TWIN_STEPS.length, () => {});
		await control.press('next');
		const shown = control.state;
		// A later fetch fails: as if the first one had, with a step already shown.
		const failing = slowTwin(true);
		failing.release();
		const offline = new TwinControl(failing.load, TWIN_STEPS.length, () => {});
		await Promise.all([offline.press('next'), offline.press('next')]);
		expect(offline.error).toMatch(/could not be loaded/);
		expect(offline.state).toBeNull();
		expect(offline.loading).toBe(false);
		// The next press fetches again, and only it runs: the failed presses were dropped.
		failing.fail = false;
		await offline.press('next');
		expect(failing.calls).toBe(2);
		expect(offline.error).toBe('');
		expect(offline.at).toBe(1);
		expect(offline.state).toEqual(shown);
	});
});
