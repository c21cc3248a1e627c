/**
 * The simulation's side: the same command lines, typed into a fresh simulated world through the
 * shell's public API (src/shell), with the kernel's own signal events standing in for the
 * real programs' fault log.
 */
import { createWorld } from '../../src/kernel';
import { createSession } from '../../src/shell';
import type { Fault, Run } from '../scenarios/observe';
import { stepText, type Scenario } from '../scenarios/types';

const FAULTS = new Set(['SIGBUS', 'SIGSEGV', 'SIGILL']);

/** Runs a scenario in the simulation; an exception inside the simulation becomes `error`. */
export function runSim(scenario: Scenario): Run & { error?: string } {
	const faults: Fault[] = [];
	const run: Run = { steps: [], faults };
	let subscription: { dispose(): void } | undefined;
	try {
		const world = createWorld({ seed: scenario.seed ?? 1 });
		subscription = world.on((event) => {
			// A fault carries the address that faulted; a kill(2) does not (si_code SI_USER).
			if (event.type === 'signal' && FAULTS.has(event.signal) && event.address !== undefined) {
				faults.push({ pid: event.pid, signal: event.signal, siCode: event.codeName });
			}
		});
		const session = createSession(world);
		for (const step of scenario.steps) {
			const command = stepText(step);
			const host = session.host as Run['steps'][number]['host'];
			run.steps.push({ command, host, output: session.runLine(command) });
		}
		return run;
	} catch (error) {
		return {
			...run,
			error: error instanceof Error ? (error.stack ?? error.message) : String(error),
		};
	} finally {
		subscription?.dispose();
	}
}
