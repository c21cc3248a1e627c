/**
 * Turning the two runs of a scenario into evidence, and showing a disagreement.
 */
import { fieldsAgree, type EvidenceCase } from './evidence';
import {
	commandLines,
	observe,
	observeShown,
	stableTranscript,
	transcript,
	type Run,
} from '../scenarios/observe';
import type { Scenario } from '../scenarios/types';

/** A run plus the error that cut it short, if any. */
export type SideRun = Run & { error?: string };

/**
 * The evidence for one scenario. `real` is undefined for simulation-only scenarios; `ranOn` says
 * where the real side ran ("Linux 6.18.44 x86-64 (ext4)").
 */
export function toEvidence(
	scenario: Scenario,
	sim: SideRun,
	real?: SideRun,
	ranOn = 'a real Linux kernel',
): EvidenceCase {
	const fields = Object.keys(scenario.expect);
	const simFields = { ...observe(scenario, sim), ...observeShown(scenario, sim) };
	const shown = scenario.shown
		? {
				shown: {
					fields: Object.keys(scenario.shown.observe),
					why: scenario.shown.why,
					...(scenario.shown.realExpect ? { realExpect: scenario.shown.realExpect } : {}),
				},
			}
		: {};
	const base = {
		id: scenario.id,
		title: scenario.title,
		group: scenario.group,
		note: scenario.note,
		...(scenario.caveat ? { caveat: scenario.caveat } : {}),
		steps: commandLines(scenario),
		fields,
		...shown,
		sim: simFields,
		simTranscript: stableTranscript(transcript(sim)),
		expected: scenario.expect,
	};
	const errors = [
		sim.error && `simulation: ${sim.error}`,
		real?.error && `real kernel: ${real.error}`,
	];
	const error = errors.filter(Boolean).join('\n') || undefined;
	if (!real) {
		return {
			...base,
			ranOn: 'simulation only',
			checkedBy: 'simulation',
			realTranscript: '',
			real: {},
			agree: !sim.error && fieldsAgree(fields, scenario.expect, simFields),
			...(scenario.simulationOnly ? { simulationOnly: scenario.simulationOnly } : {}),
			...(error ? { error } : {}),
		};
	}
	const realFields = { ...observe(scenario, real), ...observeShown(scenario, real) };
	const pinned = scenario.shown?.realExpect ?? {};
	return {
		...base,
		ranOn,
		checkedBy: 'kernel',
		realTranscript: stableTranscript(transcript(real)),
		real: realFields,
		agree: !sim.error && !real.error && fieldsAgree(fields, realFields, simFields),
		realAsExpected:
			!real.error &&
			fieldsAgree(fields, scenario.expect, realFields) &&
			fieldsAgree(Object.keys(pinned), pinned, realFields),
		...(error ? { error } : {}),
	};
}

/** Whether a case counts as passed: the simulation agrees and the real kernel did what we claim. */
export function passed(c: EvidenceCase): boolean {
	return c.agree && c.realAsExpected !== false;
}

/** Two texts in columns, for a terminal: the real kernel on the left, the simulation on the right. */
export function sideBySide(
	left: string,
	right: string,
	titles: [string, string],
	width = 64,
): string {
	const wrap = (text: string) =>
		text
			.replace(/\n$/, '')
			.split('\n')
			.flatMap((line) => {
				const parts: string[] = [];
				for (let i = 0; i < line.length; i += width) parts.push(line.slice(i, i + width));
				return parts.length > 0 ? parts : [''];
			});
	const a = wrap(left);
	const b = wrap(right);
	const rows = [
		`${titles[0].padEnd(width)} │ ${titles[1]}`,
		`${'─'.repeat(width)}─┼─${'─'.repeat(width)}`,
	];
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const l = a[i] ?? '';
		const r = b[i] ?? '';
		rows.push(`${l.padEnd(width)} ${l === r ? '│' : '≠'} ${r}`);
	}
	return rows.join('\n');
}

/** A report of one failed case: the fields that differ, then both transcripts. */
export function explainFailure(c: EvidenceCase): string {
	const lines = [`✗ ${c.id}: ${c.title}`];
	if (c.error) lines.push(`  error: ${c.error}`);
	const right = c.simulationOnly ? (c.expected ?? {}) : c.real;
	const rightName = c.simulationOnly ? 'expected' : 'real kernel';
	for (const f of c.fields) {
		const r = right[f];
		const s = c.sim[f];
		if (r !== s)
			lines.push(`  ${f}: ${rightName} ${JSON.stringify(r)}, simulation ${JSON.stringify(s)}`);
		const e = c.expected?.[f];
		if (!c.simulationOnly && c.expected && f in c.expected && c.real[f] !== e) {
			lines.push(
				`  ${f}: the scenario expects ${JSON.stringify(e)}, the real kernel gave ${JSON.stringify(c.real[f])}`,
			);
		}
	}
	for (const [f, e] of Object.entries(c.shown?.realExpect ?? {})) {
		if (c.real[f] !== e) {
			lines.push(
				`  ${f}: the real programs should give ${JSON.stringify(e)}, the real kernel gave ${JSON.stringify(c.real[f])}`,
			);
		}
	}
	if (c.realTranscript || c.simTranscript) {
		lines.push(
			sideBySide(c.realTranscript || '(not run on a real kernel)', c.simTranscript ?? '', [
				'real kernel',
				'simulation',
			]),
		);
	}
	return lines.join('\n');
}
