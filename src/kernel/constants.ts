/** Constants copied from the x86-64 Linux ABI (include/uapi/asm-generic/fcntl.h, signal.h). */

/** Wall-clock time the story starts (15 March 2018, 09:00 UTC, the article's date). */
export const START_EPOCH_MS = 1521104400000;

/**
 * Inode and stat times are wall-clock nanoseconds counted from START_EPOCH_MS, so that they stay
 * exact integers in a double; this is their calendar time in milliseconds since the Unix epoch.
 */
export function fileTimeMs(ns: number): number {
	return START_EPOCH_MS + Math.floor(ns / 1e6);
}

/** The size of a page on x86-64. */
export const PAGE_SIZE = 4096;

export const O_RDONLY = 0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_ACCMODE = 0o3;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_CLOEXEC = 0o2000000;
/** Open a location only (no read or write); with O_NOFOLLOW it can name a symlink itself. */
export const O_PATH = 0o10000000;

/** The dirfd that means "relative to the current directory" (fcntl.h). */
export const AT_FDCWD = -100;
/** *at(2) flag: act on a symbolic link itself rather than on what it points to (fcntl.h). */
export const AT_SYMLINK_NOFOLLOW = 0x100;
/** unlinkat(2) flag: remove a directory. */
export const AT_REMOVEDIR = 0x200;
/** renameat2(2) flag: fail with EEXIST instead of replacing. */
export const RENAME_NOREPLACE = 1;

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
export const MAP_SHARED = 1;
export const MAP_PRIVATE = 2;

/** st_mode file type bits (sys/stat.h). */
export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFLNK = 0o120000;

/** How many symbolic links one path walk may follow before ELOOP (MAXSYMLINKS, include/linux/namei.h). */
export const MAXSYMLINKS = 40;

/**
 * Flag names in the order strace prints them (its open_mode_flags table; checked on the
 * reference machine: `O_RDONLY|O_TRUNC|O_APPEND|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC|O_DIRECTORY`
 * and `ln -sfn`'s `O_RDONLY|O_NOFOLLOW|O_PATH|O_DIRECTORY`).
 */
const openFlagNames: ReadonlyArray<readonly [number, string]> = [
	[O_CREAT, 'O_CREAT'],
	[O_EXCL, 'O_EXCL'],
	[O_NOCTTY, 'O_NOCTTY'],
	[O_TRUNC, 'O_TRUNC'],
	[O_APPEND, 'O_APPEND'],
	[O_NONBLOCK, 'O_NONBLOCK'],
	[O_NOFOLLOW, 'O_NOFOLLOW'],
	[O_CLOEXEC, 'O_CLOEXEC'],
	[O_PATH, 'O_PATH'],
	[O_DIRECTORY, 'O_DIRECTORY'],
];

/** Formats open(2) flags the way strace does: `O_WRONLY|O_CREAT|O_TRUNC`. */
export function formatOpenFlags(flags: number): string {
	const access = flags & O_ACCMODE;
	const parts = [access === O_WRONLY ? 'O_WRONLY' : access === O_RDWR ? 'O_RDWR' : 'O_RDONLY'];
	for (const [bit, name] of openFlagNames) if (flags & bit) parts.push(name);
	return parts.join('|');
}

/** What a signal does when nothing handles it (signal(7) "Standard signals"). */
export type SignalAction = 'term' | 'core' | 'ign' | 'stop' | 'cont';

/** Signal names, numbers (x86), strsignal() descriptions and default actions, from signal(7). */
export const signalTable = {
	SIGHUP: [1, 'Hangup', 'term'],
	SIGINT: [2, 'Interrupt', 'term'],
	SIGQUIT: [3, 'Quit', 'core'],
	SIGILL: [4, 'Illegal instruction', 'core'],
	SIGTRAP: [5, 'Trace/breakpoint trap', 'core'],
	SIGABRT: [6, 'Aborted', 'core'],
	SIGBUS: [7, 'Bus error', 'core'],
	SIGFPE: [8, 'Floating point exception', 'core'],
	SIGKILL: [9, 'Killed', 'term'],
	SIGUSR1: [10, 'User defined signal 1', 'term'],
	SIGSEGV: [11, 'Segmentation fault', 'core'],
	SIGUSR2: [12, 'User defined signal 2', 'term'],
	SIGPIPE: [13, 'Broken pipe', 'term'],
	SIGALRM: [14, 'Alarm clock', 'term'],
	SIGTERM: [15, 'Terminated', 'term'],
	SIGSTKFLT: [16, 'Stack fault', 'term'],
	SIGCHLD: [17, 'Child exited', 'ign'],
	SIGCONT: [18, 'Continued', 'cont'],
	SIGSTOP: [19, 'Stopped (signal)', 'stop'],
	SIGTSTP: [20, 'Stopped', 'stop'],
	SIGTTIN: [21, 'Stopped (tty input)', 'stop'],
	SIGTTOU: [22, 'Stopped (tty output)', 'stop'],
	SIGURG: [23, 'Urgent I/O condition', 'ign'],
	SIGXCPU: [24, 'CPU time limit exceeded', 'core'],
	SIGXFSZ: [25, 'File size limit exceeded', 'core'],
	SIGVTALRM: [26, 'Virtual timer expired', 'term'],
	SIGPROF: [27, 'Profiling timer expired', 'term'],
	SIGWINCH: [28, 'Window changed', 'ign'],
	SIGIO: [29, 'I/O possible', 'term'],
	SIGPWR: [30, 'Power failure', 'term'],
	SIGSYS: [31, 'Bad system call', 'core'],
} as const satisfies Record<string, readonly [number, string, SignalAction]>;

/** A signal name such as 'SIGBUS'. */
export type SignalName = keyof typeof signalTable;

/** The number of a signal (SIGBUS → 7 on x86 and ARM). */
export function signalNumber(name: SignalName): number {
	return signalTable[name][0];
}

/** The strsignal(3) text bash prints when a job dies of this signal ('Bus error'). */
export function signalDescription(name: SignalName): string {
	return signalTable[name][1];
}

/** The default action of a signal. */
export function signalDefaultAction(name: SignalName): SignalAction {
	return signalTable[name][2];
}

/** The signal name for a number, e.g. 7 → 'SIGBUS'. */
export function signalName(signo: number): SignalName | undefined {
	for (const [name, [value]] of Object.entries(signalTable)) {
		if (value === signo) return name as SignalName;
	}
	return undefined;
}

/** si_code values for SIGBUS (include/uapi/asm-generic/siginfo.h). */
export const BUS_ADRALN = 1;
export const BUS_ADRERR = 2;
export const BUS_OBJERR = 3;
/** si_code values for SIGSEGV and SIGILL. */
export const SEGV_MAPERR = 1;
export const ILL_ILLOPN = 2;
/** si_code for a signal sent by kill(2). */
export const SI_USER = 0;

/** The name of an si_code for a given signal, as strace and sigaction(2) spell it. */
export function siCodeName(signal: SignalName, code: number): string {
	if (code === SI_USER) return 'SI_USER';
	if (signal === 'SIGBUS') {
		return (
			['', 'BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO'][code] ??
			String(code)
		);
	}
	if (signal === 'SIGSEGV') return ['', 'SEGV_MAPERR', 'SEGV_ACCERR'][code] ?? String(code);
	if (signal === 'SIGILL') return ['', 'ILL_ILLOPC', 'ILL_ILLOPN'][code] ?? String(code);
	return String(code);
}
