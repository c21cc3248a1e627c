/**
 * The simulation side of every real-kernel scenario (tests/scenarios), without root: each
 * scenario's simulated run must show what the scenario claims, field by field. The real kernel
 * checks the same claims in `npm run test:kernel`.
 */
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios/index';
import { observe, transcript } from '../../scenarios/observe';
import { runSim } from '../../kernel/sim';

describe('every scenario, in the simulation', () => {
	const ids = scenarios.map((s) => s.id);

	it('has unique ids and observes every field it expects', () => {
		expect(new Set(ids).size).toBe(ids.length);
		for (const s of scenarios) {
			expect(Object.keys(s.observe)).toEqual(expect.arrayContaining(Object.keys(s.expect)));
		}
	});

	for (const scenario of scenarios) {
		it(`${scenario.id}: ${scenario.title}`, () => {
			const run = runSim(scenario);
			expect(run.error).toBeUndefined();
			// The transcript is in the message, so a failure shows what the reader would see.
			expect(observe(scenario, run), transcript(run)).toEqual(scenario.expect);
		});
	}
});
