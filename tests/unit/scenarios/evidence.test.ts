/**
 * The "How we know" page shows content/evidence/real-kernel.json, which only `npm run
 * test:kernel` (as root) writes. These checks catch a committed copy that no longer matches the
 * scenarios, so the page cannot show evidence for commands the scenarios no longer run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countCases, type EvidenceReport } from '../../kernel/evidence';
import { passed } from '../../kernel/compare';
import { scenarios } from '../../scenarios/index';
import { commandLines } from '../../scenarios/observe';

const report = JSON.parse(
	readFileSync(new URL('../../../content/evidence/real-kernel.json', import.meta.url), 'utf8'),
) as EvidenceReport;

describe('the committed real-kernel evidence', () => {
	it('names the kernel it ran on and counts its cases', () => {
		expect(report.kernel).toMatch(/^\d+\.\d+/);
		expect(report.passed + report.failed).toBe(report.cases.length);
		expect(countCases(report.cases, passed)).toEqual(report.counts);
	});

	it('says where every case ran, and counts each run once', () => {
		for (const c of report.cases) {
			expect(c.ranOn, c.id).toMatch(/\S/);
			expect(c.checkedBy === 'simulation', c.id).toBe(c.realTranscript === '');
			if (c.checkedBy === 'qemu') expect(c.ranOn, c.id).toMatch(/^qemu-\S+ [\d.]+ user mode/);
			if (c.checkedBy === 'compiler') expect(c.ranOn, c.id).toMatch(/^gcc /);
		}
		// One qemu run per distinct command: the same run counted twice would inflate the evidence.
		const runs = report.cases
			.filter((c) => c.checkedBy !== 'simulation')
			.map((c) => c.steps.join('\n'));
		expect(new Set(runs).size).toBe(runs.length);
	});

	it('stores transcripts without the pids that change on every run', () => {
		for (const c of report.cases) {
			expect(c.realTranscript, c.id).not.toMatch(/^\[\d+\] \d+$|[a-z]\[\d+\]:/m);
		}
	});

	for (const scenario of scenarios) {
		it(`is current for ${scenario.id} (else run npm run test:kernel as root)`, () => {
			const c = report.cases.find((x) => x.id === scenario.id);
			expect(c, 'no evidence for this scenario').toBeDefined();
			expect(c?.steps).toEqual(commandLines(scenario));
			expect(c?.fields).toEqual(Object.keys(scenario.expect));
			expect(c?.expected).toEqual(scenario.expect);
			expect(c?.shown?.fields ?? []).toEqual(Object.keys(scenario.shown?.observe ?? {}));
			expect(c?.caveat).toEqual(scenario.caveat);
			if (scenario.simulationOnly) {
				expect(c?.simulationOnly).toEqual(scenario.simulationOnly);
			} else {
				expect(c?.realTranscript).not.toBe('');
				expect(c?.realAsExpected).toBe(true);
			}
		});
	}
});
