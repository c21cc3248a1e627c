/**
 * One comparison between the simulation and a real Linux kernel, as the "How we know" page and
 * content/evidence/real-kernel.json show it. The NFS/ETXTBSY scenarios (tests/scenarios) and the
 * ARM alignment lab (tests/kernel/alignment) both produce these.
 */

/** A value a scenario observes: a line of output, an exit status, a signal name, a flag. */
export type EvidenceValue = string | number | boolean | null;

export interface EvidenceCase {
	/** Stable identifier, used as the page anchor (kebab-case). */
	id: string;
	/** One-line title, as a reader would ask it. */
	title: string;
	/** Which part of the story it belongs to (e.g. "Text file busy", "NFS", "Alignment"). */
	group: string;
	/** The commands, in the shell language readers type on the site. */
	steps: string[];
	/** What the real side printed: the kernel, qemu-user or gcc (empty for simulation-only cases). */
	realTranscript: string;
	/** Observed fields on the real side (see ranOn for what that was). */
	real: Record<string, EvidenceValue>;
	/** The same fields observed in the simulation. */
	sim: Record<string, EvidenceValue>;
	/** The fields that must agree; a case agrees when real[f] === sim[f] for each of them. */
	fields: string[];
	/** True when every named field agrees (simulation-only: when the simulation meets the expectation). */
	agree: boolean;
	/** Set when this machine cannot reproduce the case; the kernel source that backs it instead. */
	simulationOnly?: { reason: string; source: string };
	/** The simulation's transcript, shown beside the real one when they disagree. */
	simTranscript?: string;
	/** The expectation from the scenario data, for simulation-only cases and for reference. */
	expected?: Record<string, EvidenceValue>;
	/** Whether the real kernel did what the scenario claims (unset for simulation-only cases). */
	realAsExpected?: boolean;
	/** Why the case matters, in a sentence or two (shown on the page). */
	note?: string;
	/**
	 * Where the case really ran, in words: "Linux 6.18.44 x86-64 (ext4)", "qemu-aarch64 7.2 user
	 * mode (no kernel)", "gcc 12.2 cross compiler", "simulation only".
	 */
	ranOn: string;
	/** What checked the simulation: a real kernel, qemu-user, a compiler, or nothing (simulation only). */
	checkedBy: CheckedBy;
	/**
	 * Other claims this one run is evidence for (e.g. the same armhf binary on an arm64 kernel
	 * without compat fix-ups), so that one qemu run is counted once.
	 */
	alsoFor?: Array<{ title: string; note: string }>;
	/** Fields shown but not compared, and why (see Scenario.shown). */
	shown?: { fields: string[]; why: string; realExpect?: Record<string, EvidenceValue> };
	/** Where the stand-in passes for a reason of its own (e.g. FUSE's invalidate-on-open). */
	caveat?: string;
	/** Set when a side could not run at all (e.g. the simulation threw); shown on the page. */
	error?: string;
}

/**
 * What a case was checked against. Only `kernel` is agreement with a real Linux kernel; `qemu`
 * is a CPU emulator without a kernel, `compiler` is gcc's output, and `simulation` is a check
 * against the authors' own expectations (a regression test, not evidence about Linux).
 */
export type CheckedBy = 'kernel' | 'qemu' | 'compiler' | 'simulation';

/** The order and wording the page and the console use for each kind. */
export const CHECKED_BY: ReadonlyArray<readonly [CheckedBy, string]> = [
	['kernel', 'compared with a real Linux kernel'],
	['qemu', 'compared with qemu-user (an emulated ARM CPU, no kernel)'],
	['compiler', 'compared with a real compiler’s output'],
	['simulation', 'simulation only, checked against the authors’ expectations'],
];

/** Passed and failed cases of one kind. */
export interface Count {
	passed: number;
	failed: number;
}

/** The file the harness writes and the page reads. */
export interface EvidenceReport {
	/** `uname -r` of the machine that produced the real side. */
	kernel: string;
	/** `uname -m`. */
	machine: string;
	/**
	 * The day the run finished (YYYY-MM-DD, UTC). Only the day: the time and the run's duration
	 * changed on every run and made the committed file churn; the console prints the duration.
	 */
	date: string;
	/** What /proc/sys/kernel/core_pattern was during the run. */
	corePattern: string;
	passed: number;
	failed: number;
	/** The same cases split by what checked them; they add up to passed and failed. */
	counts: Record<CheckedBy, Count>;
	cases: EvidenceCase[];
}

/** Counts cases by what checked them. `passed` decides what a case passing means. */
export function countCases(
	cases: readonly EvidenceCase[],
	passed: (c: EvidenceCase) => boolean,
): Record<CheckedBy, Count> {
	const counts = Object.fromEntries(
		CHECKED_BY.map(([kind]) => [kind, { passed: 0, failed: 0 }]),
	) as Record<CheckedBy, Count>;
	for (const c of cases) counts[c.checkedBy][passed(c) ? 'passed' : 'failed'] += 1;
	return counts;
}

/** Whether the named fields agree between the two sides. */
export function fieldsAgree(
	fields: readonly string[],
	real: Record<string, EvidenceValue>,
	sim: Record<string, EvidenceValue>,
): boolean {
	return fields.every((f) => f in real && f in sim && real[f] === sim[f]);
}
