/**
 * The twin worlds' buttons. The simulation is fetched on the first press, and presses made while
 * it loads are kept and run in order once it arrives, as the lab does with keystrokes: two
 * presses of Next step before the engine is in take the worlds to step 2. A press is an intent
 * (next, back, reset) resolved against the step the worlds are at when it runs. If the engine
 * cannot be fetched, the worlds stay as they were, the reader is told, and the next press tries
 * again. This module has no engine imports, so the page's first load stays small.
 */
import type { TwinState } from './twin';

/** What a button asks for. */
export type TwinPress = 'next' | 'back' | 'reset';

/** The part of the twin engine (twin.ts) that the buttons use. */
export interface TwinEngine {
	runTwin(at: number): TwinState;
}

export class TwinControl {
	/** Both worlds after the steps run so far; null until the first step has been computed. */
	state: TwinState | null = null;
	/** Whether presses are waiting for the engine. */
	loading = false;
	/** Why the last load failed, until a press succeeds. */
	error = '';

	#load: () => Promise<TwinEngine>;
	#total: number;
	#changed: () => void;
	#engine: TwinEngine | null = null;
	#fetching: Promise<void> | null = null;
	#queue: TwinPress[] = [];

	/**
	 * `load` fetches the engine, `total` is the number of steps, and `changed` is called
	 * whenever state, loading or error change.
	 */
	constructor(load: () => Promise<TwinEngine>, total: number, changed: () => void) {
		this.#load = load;
		this.#total = total;
		this.#changed = changed;
	}

	/** The step the worlds are at. */
	get at(): number {
		return this.state?.at ?? 0;
	}

	/** Handles a press; resolves once it (and every press before it) has run or failed. */
	press(press: TwinPress): Promise<void> {
		if (this.#engine && this.#queue.length === 0) {
			this.#apply(this.#engine, press);
			this.#changed();
			return Promise.resolve();
		}
		this.#queue.push(press);
		this.#fetching ??= this.#fetch();
		return this.#fetching;
	}

	async #fetch(): Promise<void> {
		this.loading = true;
		this.#changed();
		try {
			const engine = await this.#load();
			this.#engine = engine;
			this.error = '';
			const queued = this.#queue;
			this.#queue = [];
			for (const press of queued) this.#apply(engine, press);
		} catch (e) {
			this.#queue = [];
			this.error = `The simulation could not be loaded (${e instanceof Error ? e.message : 'unknown error'}), so the worlds stay as they were. Press a button to try again.`;
		} finally {
			this.#fetching = null;
			this.loading = false;
			this.#changed();
		}
	}

	#apply(engine: TwinEngine, press: TwinPress): void {
		const at = this.at;
		const target =
			press === 'next' ? Math.min(at + 1, this.#total) : press === 'back' ? Math.max(at - 1, 0) : 0;
		// A press that would not move (Back or Reset at the start, Next at the end) does nothing,
		// as the buttons say with aria-disabled.
		if (target === at) return;
		this.state = engine.runTwin(target);
		this.error = '';
	}
}
