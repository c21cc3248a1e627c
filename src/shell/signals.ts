/**
 * Linux x86-64 signal numbers (signal(7)) with glibc's strsignal() texts, which bash prints in
 * job notices ("Bus error", "Terminated").
 */

/** Signal names without the SIG prefix, indexed by number (1–31). */
export const SIGNAL_NAMES: readonly string[] = [
	'',
	'HUP',
	'INT',
	'QUIT',
	'ILL',
	'TRAP',
	'ABRT',
	'BUS',
	'FPE',
	'KILL',
	'USR1',
	'SEGV',
	'USR2',
	'PIPE',
	'ALRM',
	'TERM',
	'STKFLT',
	'CHLD',
	'CONT',
	'STOP',
	'TSTP',
	'TTIN',
	'TTOU',
	'URG',
	'XCPU',
	'XFSZ',
	'VTALRM',
	'PROF',
	'WINCH',
	'IO',
	'PWR',
	'SYS',
];

/** glibc's sys_siglist descriptions, which bash shows for a process killed by a signal. */
const DESCRIPTIONS: readonly string[] = [
	'',
	'Hangup',
	'Interrupt',
	'Quit',
	'Illegal instruction',
	'Trace/breakpoint trap',
	'Aborted',
	'Bus error',
	'Floating point exception',
	'Killed',
	'User defined signal 1',
	'Segmentation fault',
	'User defined signal 2',
	'Broken pipe',
	'Alarm clock',
	'Terminated',
	'Stack fault',
	'Child exited',
	'Continued',
	'Stopped (signal)',
	'Stopped',
	'Stopped (tty input)',
	'Stopped (tty output)',
	'Urgent I/O condition',
	'CPU time limit exceeded',
	'File size limit exceeded',
	'Virtual timer expired',
	'Profiling timer expired',
	'Window changed',
	'I/O possible',
	'Power failure',
	'Bad system call',
];

/** Signals whose default action is to dump core (signal(7), "Core" in the action column). */
export const CORE_SIGNALS: ReadonlySet<number> = new Set([3, 4, 5, 6, 7, 8, 11, 24, 25, 31]);

/** The highest real-time signal on Linux (SIGRTMAX). */
export const SIGRTMAX = 64;

/** glibc strsignal() for a signal number. */
export function describeSignal(sig: number): string {
	if (sig >= 34 && sig <= SIGRTMAX) return `Real-time signal ${sig - 34}`;
	return DESCRIPTIONS[sig] ?? `Unknown signal ${sig}`;
}

/** Bash's name for a signal number, as `kill -l` prints it (SIGRTMIN+n for real-time ones). */
export function signalName(sig: number): string | null {
	if (sig >= 1 && sig <= 31) return SIGNAL_NAMES[sig] ?? null;
	if (sig === 34) return 'RTMIN';
	if (sig === SIGRTMAX) return 'RTMAX';
	if (sig > 34 && sig <= 49) return `RTMIN+${sig - 34}`;
	if (sig >= 50 && sig < SIGRTMAX) return `RTMAX-${SIGRTMAX - sig}`;
	return null;
}

/**
 * Parses a signal given by name (`HUP`, `SIGHUP`, `hup`) or number, as bash's decode_signal()
 * does. Returns null when it is not a signal.
 */
export function parseSignal(spec: string): number | null {
	if (/^\d+$/.test(spec)) {
		const n = Number(spec);
		return n >= 0 && n <= SIGRTMAX && (n === 0 || signalName(n) !== null) ? n : null;
	}
	let name = spec.toUpperCase();
	if (name.startsWith('SIG')) name = name.slice(3);
	for (let sig = 1; sig <= SIGRTMAX; sig++) if (signalName(sig) === name) return sig;
	return null;
}

/** The table `kill -l` prints: five columns, each entry `%2d) SIG%s` followed by a tab. */
export function killListing(): string {
	const cells: string[] = [];
	for (let sig = 1; sig <= SIGRTMAX; sig++) {
		const name = signalName(sig);
		if (name !== null) cells.push(`${String(sig).padStart(2)}) SIG${name}\t`);
	}
	const lines: string[] = [];
	for (let i = 0; i < cells.length; i += 5) lines.push(cells.slice(i, i + 5).join(''));
	return lines.map((l, i) => (i === lines.length - 1 ? l : l.replace(/\t$/, ''))).join('\n') + '\n';
}
