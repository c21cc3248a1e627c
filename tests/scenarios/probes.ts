/**
 * Observations several scenarios share. Steps print what these read in the plain words a reader
 * would use (`echo "status=$?"`, `jobs`, `readlink /proc/$!/exe`), so the page shows nothing the
 * reader could not type.
 */
import type { Observation } from './types';

/** `status=N`, printed by `echo "status=$?"` after the step `step`. */
export function status(step?: string): Observation {
	return { probe: { from: 'line', match: /^status=(\d+)$/, group: 1, number: true, step } };
}

/** The first line of a step's output (an error message, a readlink result). */
export function firstLine(step: string): Observation {
	return { probe: { from: 'line', match: /^.+$/, step } };
}

/** Bash's notice that a background job ended, e.g. `[1]+  Bus error  (core dumped) ./server`. */
export const jobNotice: Observation = {
	probe: { from: 'line', match: /^\[\d+\][+\- ] +(?!Running)\D.*$/ },
};

/** What bash printed when a foreground program was killed by a signal. */
export function foregroundNotice(step: string): Observation {
	return {
		probe: {
			from: 'line',
			match: /^(Bus error|Segmentation fault|Illegal instruction)( \(core dumped\))?$/,
			step,
		},
	};
}

/** The signal of the first fatal fault (SIGBUS, SIGSEGV, SIGILL), or null. */
export const faultSignal: Observation = { probe: { from: 'fault', what: 'signal' } };

/** The si_code of the first fatal fault (BUS_ADRERR …), or null. */
export const faultCode: Observation = { probe: { from: 'fault', what: 'siCode' } };

/** Whether `jobs` (run in the step `step`) still lists a running job. */
export function running(step: string): Observation {
	return { probe: { from: 'has', match: /^\[\d+\][+\- ] +Running /, step } };
}

/** The server's reload line, if it printed one in the step `step`: which build's code ran. */
export function reloaded(step: string): Observation {
	return {
		probe: { from: 'line', match: /^\S+\[\d+\]: reloaded configuration \(build v\d\)$/, step },
	};
}

/** The server's start line in the step `step`: which build it started from. */
export function started(step: string): Observation {
	return { probe: { from: 'line', match: /^\S+\[\d+\]: started \(build v\d\)$/, step } };
}

/** The size column of `ls -l FILE` in the step `step`. */
export function lsSize(step: string) {
	return { from: 'line', match: /^\S+ +\d+ +\S+ +\S+ +(\d+) /, group: 1, step } as const;
}

/** Whether `ls -li FILE` printed the same inode number in two steps. */
export function sameInode(before: string, after: string): Observation {
	const inode = (step: string) =>
		({ from: 'line', match: /^(\d+) /, group: 1, number: true, step }) as const;
	return { probe: { from: 'same', a: inode(before), b: inode(after) } };
}
