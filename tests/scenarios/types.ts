/**
 * The shape of a scenario: what a reader types, on which hosts, and what must come out. The same
 * data drives the simulation (tests/kernel/sim.ts, tests/unit/scenarios) and the real kernel
 * (tests/kernel/real.ts), so adding a case is adding an entry to one of the files beside this one.
 */
import type { EvidenceValue } from '../kernel/evidence';

/** The simulated world's hosts. A step runs on `app` unless it starts with `ssh HOST`. */
export type HostName = 'app' | 'build' | 'filer';

/**
 * One command line, exactly as a reader types it at `root@app:~#`. A line of the form
 * `ssh HOST COMMAND` runs COMMAND on that host. `id` names the step for probes.
 */
export type Step = string | { run: string; id: string };

/**
 * How a field is read from a run. Text probes look at what the terminal showed after each step
 * (paths are already the scenario's, not the real machine's); fault probes look at the first
 * SIGBUS, SIGSEGV or SIGILL a process took (the kernel's siginfo, which no terminal prints).
 */
export type Probe =
	/** The first line matching `match` (in the step `step`, or anywhere), or null if none. */
	| { from: 'line'; match: RegExp; step?: string; group?: number; number?: boolean }
	/** Whether any line matches `match` (in the step `step`, or anywhere). */
	| { from: 'has'; match: RegExp; step?: string }
	/** How many lines match `match` (in the step `step`, or anywhere). */
	| { from: 'count'; match: RegExp; step?: string }
	/** The signal name (`SIGBUS`) of the first fatal fault, or null if there was none. */
	| { from: 'fault'; what: 'signal' }
	/** The si_code name (`BUS_ADRERR`) of the first fatal fault, or null. */
	| { from: 'fault'; what: 'siCode' }
	/** Whether two probes read the same value (e.g. an inode number before and after). */
	| { from: 'same'; a: Probe; b: Probe };

/** A probe plus an optional mapping of its values to classes both kernels may legitimately differ within. */
export interface Observation {
	probe: Probe;
	/**
	 * Values that count as the same outcome: e.g. the bytes of a rebuilt binary decode to SIGSEGV
	 * or SIGILL depending on where the old code lands, and the simulation picks one with its seed.
	 */
	classes?: Record<string, string>;
}

/** One scenario the site shows. */
export interface Scenario {
	/** Kebab-case, unique; the page anchor. */
	id: string;
	/** A question a reader would ask. */
	title: string;
	/** The part of the story: "Text file busy", "NFS", "Core dumps", "Other roads to SIGBUS". */
	group: string;
	/** One or two sentences on why the case matters. */
	note: string;
	steps: Step[];
	/** How each field is read. */
	observe: Record<string, Observation>;
	/** The outcome the site claims, field by field. Every key must be in `observe`. */
	expect: Record<string, EvidenceValue>;
	/**
	 * Fields read on both sides and shown on the page, but not compared, with the reason (e.g. the
	 * exact signal where the simulation may legitimately pick another). `realExpect` pins what the
	 * real kernel must give for some of them, where the real programs make it deterministic.
	 */
	shown?: {
		observe: Record<string, Observation>;
		why: string;
		realExpect?: Record<string, EvidenceValue>;
	};
	/** Where the stand-in (FUSE for NFS) passes for a reason of its own; shown with the case. */
	caveat?: string;
	/** The simulation's seed (the headless runner's `--seed`); default 1. */
	seed?: number;
	/**
	 * Set when FUSE, our stand-in for an NFS client, genuinely behaves differently from NFS, so
	 * the real kernel cannot check the case here. The kernel source that backs it instead.
	 */
	simulationOnly?: { reason: string; source: string };
}

/** The text of a step, whichever way it was written. */
export function stepText(step: Step): string {
	return typeof step === 'string' ? step : step.run;
}

/** The id of a step, if it has one. */
export function stepId(step: Step): string | undefined {
	return typeof step === 'string' ? undefined : step.id;
}
