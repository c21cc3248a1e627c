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
	/** What the real kernel printed (empty for simulation-only cases). */
	realTranscript: string;
	/** Observed fields on the real kernel. */
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
	/** Where the real side ran, when not on the kernel named in the report (e.g. "qemu-aarch64 8.2"). */
	ranOn?: string;
	/** Set when a side could not run at all (e.g. the simulation threw); shown on the page. */
	error?: string;
}

/** The file the harness writes and the page reads. */
export interface EvidenceReport {
	/** `uname -r` of the machine that produced the real side. */
	kernel: string;
	/** `uname -m`. */
	machine: string;
	/** ISO 8601 time the run finished. */
	date: string;
	/** Wall-clock seconds the run took. */
	seconds: number;
	/** What /proc/sys/kernel/core_pattern was during the run. */
	corePattern: string;
	passed: number;
	failed: number;
	cases: EvidenceCase[];
}

/** Whether the named fields agree between the two sides. */
export function fieldsAgree(
	fields: readonly string[],
	real: Record<string, EvidenceValue>,
	sim: Record<string, EvidenceValue>,
): boolean {
	return fields.every((f) => f in real && f in sim && real[f] === sim[f]);
}
