/**
 * Reading a scenario's fields out of a run. Both runners (the simulation and the real kernel)
 * produce a Run; everything after that is shared, so the two sides are read the same way.
 */
import type { EvidenceValue } from '../kernel/evidence';
import type { HostName, Observation, Probe, Scenario } from './types';
import { stepId, stepText } from './types';

/** What the terminal showed after one step. */
export interface StepResult {
	/** The line as the reader typed it. */
	command: string;
	/** The host the prompt was on (always `app`: other hosts are reached with `ssh`). */
	host: HostName;
	/** Everything printed after the line, before the next prompt, with `\n` line ends. */
	output: string;
}

/** A fatal SIGBUS, SIGSEGV or SIGILL, with the si_code the kernel gave it. */
export interface Fault {
	pid: number;
	signal: string;
	siCode: string;
}

/** One run of a scenario on one side. */
export interface Run {
	steps: StepResult[];
	/** Faults in the order they happened. */
	faults: Fault[];
}

/** The si_code names of include/uapi/asm-generic/siginfo.h, by signal. */
const SI_CODES: Record<string, readonly string[]> = {
	SIGBUS: ['SI_USER', 'BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO'],
	SIGSEGV: ['SI_USER', 'SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR', 'SEGV_PKUERR'],
	SIGILL: ['SI_USER', 'ILL_ILLOPC', 'ILL_ILLOPN', 'ILL_ILLADR', 'ILL_ILLTRP', 'ILL_PRVOPC'],
};

/** The name of an si_code; SI_KERNEL (0x80) is what x86 gives a general-protection fault. */
export function siCodeName(signal: string, code: number): string {
	if (code === 0x80) return 'SI_KERNEL';
	return SI_CODES[signal]?.[code] ?? String(code);
}

/** Signal names by number on x86-64 and ARM (signal(7)); only the ones a fault can raise. */
export const FAULT_SIGNALS: Record<number, string> = { 4: 'SIGILL', 7: 'SIGBUS', 11: 'SIGSEGV' };

/**
 * Pids differ between any two runs, so they are blanked where programs print them next to their
 * name (`server[4242]:` as syslog-style daemons do).
 */
export function withoutPids(line: string): string {
	return line.replace(/([A-Za-z_-])\[\d+\]/g, '$1[PID]');
}

/** The prompt as bash shows it for root in /root. */
export function prompt(host: HostName): string {
	return `root@${host}:~# `;
}

/** A run as a terminal would show it: each prompt and line, then what it printed. */
export function transcript(run: Run): string {
	return run.steps.map((s) => prompt(s.host) + s.command + '\n' + s.output).join('');
}

function linesOf(run: Run, scenario: Scenario, step: string | undefined): string[] {
	let outputs: string[];
	if (step === undefined) {
		outputs = run.steps.map((s) => s.output);
	} else {
		const index = scenario.steps.findIndex((s) => stepId(s) === step);
		if (index < 0) throw new Error(`${scenario.id}: no step with id ${step}`);
		outputs = [run.steps[index]?.output ?? ''];
	}
	return outputs.flatMap((o) => o.split('\n')).map((l) => l.replace(/\s+$/, ''));
}

function read(probe: Probe, run: Run, scenario: Scenario): EvidenceValue {
	switch (probe.from) {
		case 'line': {
			for (const line of linesOf(run, scenario, probe.step)) {
				const m = probe.match.exec(line);
				if (!m) continue;
				const text = withoutPids(m[probe.group ?? 0] ?? '');
				return probe.number ? Number(text) : text;
			}
			return null;
		}
		case 'has':
			return linesOf(run, scenario, probe.step).some((l) => probe.match.test(l));
		case 'count':
			return linesOf(run, scenario, probe.step).filter((l) => probe.match.test(l)).length;
		case 'fault': {
			const fault = run.faults[0];
			if (!fault) return null;
			return probe.what === 'signal' ? fault.signal : fault.siCode;
		}
		case 'same': {
			const a = read(probe.a, run, scenario);
			const b = read(probe.b, run, scenario);
			return a !== null && a === b;
		}
	}
}

function classify(observation: Observation, value: EvidenceValue): EvidenceValue {
	const key = String(value);
	return observation.classes?.[key] ?? value;
}

/** Reads every field a scenario names from one run. */
export function observe(scenario: Scenario, run: Run): Record<string, EvidenceValue> {
	const fields: Record<string, EvidenceValue> = {};
	for (const name of Object.keys(scenario.expect)) {
		const observation = scenario.observe[name];
		if (!observation) throw new Error(`${scenario.id}: field ${name} has no observation`);
		fields[name] = classify(observation, read(observation.probe, run, scenario));
	}
	return fields;
}

/** Reads the fields a scenario shows without comparing them (`shown`), from one run. */
export function observeShown(scenario: Scenario, run: Run): Record<string, EvidenceValue> {
	const fields: Record<string, EvidenceValue> = {};
	for (const [name, observation] of Object.entries(scenario.shown?.observe ?? {})) {
		fields[name] = classify(observation, read(observation.probe, run, scenario));
	}
	return fields;
}

/**
 * A transcript as it is stored in content/evidence. Each local `npm run test:kernel` used to
 * rewrite most of the committed file with values that differ on every run and tell a reader
 * nothing: pids (blanked here the way fields are compared, withoutPids, plus the job-start line
 * `[1] 4242` and kill's `(4242)`), dmesg's uptime stamp and ASLR addresses, ls's modification
 * time, and dd's timing. Each is replaced by a word in capitals, so nobody mistakes it for real
 * output. Inode numbers stay: they are evidence the page shows (the replace-* cases).
 */
export function stableTranscript(text: string): string {
	return withoutPids(text)
		.replace(/^(\[\d+\]) \d+$/gm, '$1 PID')
		.replace(/^(bash: kill: )\(\d+\)/gm, '$1(PID)')
		.replace(/^\[ *\d+\.\d+\] /gm, '[UPTIME] ')
		.replace(/\b(ip|sp):[0-9a-f]{8,}\b/g, '$1:ADDR')
		.replace(/\b(in \S+\[[0-9a-f]+,)[0-9a-f]{8,}\+/g, '$1BASE+')
		.replace(
			/^((?:\d+ +)?[-dlcbps][-rwxsStT]{9}\S* +\d+ +\S+ +\S+ +\d+ )[A-Z][a-z]{2} +\d+ +[\d:]+ /gm,
			'$1DATE ',
		)
		.replace(/(bytes? \([^)]*\) copied), [\d.e-]+ s, [\d.]+ [kMGT]?B\/s$/gm, '$1, TIME s, RATE')
		.replace(/^(bash: line \d+: )\d+ /gm, '$1PID ');
}

/** The fields whose values differ between two observations, in the scenario's order. */
export function differences(
	fields: readonly string[],
	a: Record<string, EvidenceValue>,
	b: Record<string, EvidenceValue>,
): string[] {
	return fields.filter((f) => a[f] !== b[f]);
}

/** The command lines of a scenario, as typed. */
export function commandLines(scenario: Scenario): string[] {
	return scenario.steps.map(stepText);
}
