/** The one place a process record (task_struct and mm_struct, abridged) is made. */
import type { ProcessState } from './state';

/** What differs between new processes: the rest starts empty. */
export interface NewProcess {
	pid: number;
	ppid: number;
	/** The command name; the kernel keeps 15 characters of it (TASK_COMM_LEN). */
	comm: string;
	/** The argument vector; defaults to the name alone. */
	argv?: string[];
	cwd: string;
	/** When it started, in milliseconds since boot. */
	startTime: number;
	/** Runnable by default; init waits. */
	state?: ProcessState['state'];
}

/**
 * A fresh process: no executable, mappings or open files yet, default signal dispositions, no
 * core dumps (RLIMIT_CORE 0) and no program behaviour until exec picks one. init (pid 1), login
 * shells and forked children all start here.
 */
export function newProcessState(init: NewProcess): ProcessState {
	return {
		pid: init.pid,
		ppid: init.ppid,
		comm: init.comm.slice(0, 15),
		argv: init.argv ?? [init.comm],
		state: init.state ?? 'R',
		cwd: init.cwd,
		exe: null,
		program: 'generic',
		fds: {},
		vmas: [],
		anonPages: 0,
		rlimitCore: 0,
		ignored: [],
		startTime: init.startTime,
		vars: {},
		strs: {},
	};
}
