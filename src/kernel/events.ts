import type { Errno } from './errno';
import type { SignalName } from './constants';

/** Something that can be unsubscribed. */
export interface Disposable {
	dispose(): void;
}

/** How a process ended: exit(2) with a code, or killed by a signal (with or without a core). */
export type ExitStatus =
	| { kind: 'exited'; code: number }
	| { kind: 'signaled'; signal: SignalName; signo: number; core: boolean };

/** The NFSv3 procedures the simulation speaks (RFC 1813). */
export type NfsOp =
	| 'GETATTR'
	| 'SETATTR'
	| 'LOOKUP'
	| 'ACCESS'
	| 'READ'
	| 'WRITE'
	| 'CREATE'
	| 'MKDIR'
	| 'REMOVE'
	| 'RMDIR'
	| 'RENAME'
	| 'LINK'
	| 'SYMLINK'
	| 'READLINK'
	| 'READDIRPLUS'
	| 'FSSTAT'
	| 'COMMIT';

/** NFSv3 status codes used here (RFC 1813 section 2.6). */
export type NfsStatus =
	| 'NFS3_OK'
	| 'NFS3ERR_NOENT'
	| 'NFS3ERR_IO'
	| 'NFS3ERR_EXIST'
	| 'NFS3ERR_NOTDIR'
	| 'NFS3ERR_ISDIR'
	| 'NFS3ERR_INVAL'
	| 'NFS3ERR_NOSPC'
	| 'NFS3ERR_NOTEMPTY'
	| 'NFS3ERR_STALE';

/** One argument of a traced system call, kept structured so views can style it. */
export type SyscallArg =
	| { kind: 'int'; value: number }
	| { kind: 'fd'; value: number }
	| { kind: 'path'; value: string }
	| { kind: 'flags'; value: string }
	| { kind: 'mode'; value: number }
	| { kind: 'raw'; value: string };

/** Why a cached page left memory. */
export type EvictReason = 'reclaim' | 'drop_caches' | 'invalidate' | 'truncate' | 'inode-freed';

/**
 * Every change in the world, as a discriminated union on `type`. Times are simulated
 * milliseconds since boot; `host` names the machine the event happened on.
 */
export type KernelEvent =
	| {
			type: 'syscall';
			time: number;
			host: string;
			pid: number;
			comm: string;
			name: string;
			args: SyscallArg[];
			/** The return value: >= 0, or -1 when errno is set. */
			result: number;
			errno?: Errno;
			/** The whole line as strace prints it, e.g. `openat(AT_FDCWD, "x", O_RDONLY) = 3`. */
			line: string;
	  }
	| {
			type: 'fault';
			time: number;
			host: string;
			pid: number;
			comm: string;
			/** Page index within the file. */
			page: number;
			address: number;
			kind: 'minor' | 'major';
			fs: string;
			ino: number;
			path: string;
			/** What happened: 'ok', or the signal the fault raised. */
			outcome: 'ok' | 'SIGBUS' | 'SIGSEGV' | 'SIGILL';
			/** For text pages: whether the bytes matched the build the process started from. */
			matches?: boolean;
	  }
	| {
			type: 'rpc';
			time: number;
			client: string;
			server: string;
			op: NfsOp;
			fh: string;
			name?: string;
			status: NfsStatus;
			detail?: string;
	  }
	| {
			type: 'signal';
			time: number;
			host: string;
			pid: number;
			comm: string;
			signal: SignalName;
			signo: number;
			code: number;
			codeName: string;
			/** The fault address (si_addr) for faults, or undefined for kill(2). */
			address?: number;
			senderPid?: number;
			/** 'handled' if the program caught it, 'ignored', 'fatal', 'stop' or 'cont'. */
			disposition: 'handled' | 'ignored' | 'fatal' | 'stop' | 'cont';
	  }
	| { type: 'spawn'; time: number; host: string; pid: number; ppid: number; comm: string }
	| {
			type: 'exec';
			time: number;
			host: string;
			pid: number;
			comm: string;
			path: string;
			argv: string[];
	  }
	| {
			type: 'exit';
			time: number;
			host: string;
			pid: number;
			comm: string;
			status: ExitStatus;
			/** The shell-visible status: code, or 128 + signal number. */
			shellStatus: number;
			corePath?: string;
	  }
	| { type: 'reap'; time: number; host: string; pid: number }
	| {
			type: 'page-cache';
			time: number;
			host: string;
			action: 'add' | 'evict';
			reason?: EvictReason;
			fs: string;
			ino: number;
			path: string;
			pages: number[];
	  }
	| {
			type: 'invalidate';
			time: number;
			host: string;
			fs: string;
			ino: number;
			path: string;
			pages: number;
			/** Pids whose page tables lost entries. */
			unmapped: number[];
	  }
	| {
			type: 'reclaim';
			time: number;
			host: string;
			wanted: number;
			freed: number;
			scanned: number;
			activated: number;
	  }
	| {
			type: 'attr-cache';
			time: number;
			host: string;
			fs: string;
			fh: string;
			path: string;
			changed: boolean;
			attrtimeo: number;
	  }
	| { type: 'silly-rename'; time: number; host: string; from: string; to: string; dir: string }
	| { type: 'inode-freed'; time: number; host: string; fs: string; ino: number }
	| { type: 'console'; time: number; host: string; pid: number; fd: number; text: string }
	| { type: 'dmesg'; time: number; host: string; text: string }
	| { type: 'memory'; time: number; host: string; pid: number; anonPages: number }
	| { type: 'clock'; time: number; delta: number };

/** The `type` tags of KernelEvent. */
export type KernelEventType = KernelEvent['type'];

/** A subscription that can also narrow or widen the event types it receives, keeping its place. */
export interface Subscription extends Disposable {
	/** Receives only events of these types from now on (every type for null). */
	only(types: readonly string[] | null): void;
}

interface Listener<T> {
	call: (event: T) => void;
	types: ReadonlySet<string> | null;
}

/**
 * A tiny typed emitter: listeners are removed through the handle they get back. A listener may
 * name the event types it wants, so that an event nobody wants need not be built (`wants`).
 */
export class Emitter<T extends { type: string }> {
	/** Replaced, never changed in place, so a delivery can walk the array it started with. */
	#listeners: ReadonlyArray<Listener<T>> = [];
	/** How many listeners want each type; `all` counts those that want every type. */
	#wanted = new Map<string, number>();
	#all = 0;

	/** Adds a listener for every event, or for the given types only, and returns its handle. */
	on(call: (event: T) => void, types: readonly string[] | null = null): Subscription {
		const entry: Listener<T> = { call, types: null };
		this.#listeners = [...this.#listeners, entry];
		this.#count(entry, types, 1);
		return {
			dispose: () => {
				if (!this.#listeners.includes(entry)) return;
				this.#listeners = this.#listeners.filter((l) => l !== entry);
				this.#count(entry, entry.types && [...entry.types], -1);
			},
			only: (next) => {
				if (!this.#listeners.includes(entry)) return;
				this.#count(entry, entry.types && [...entry.types], -1);
				this.#count(entry, next, 1);
			},
		};
	}

	#count(entry: Listener<T>, types: readonly string[] | null, delta: 1 | -1): void {
		if (delta === 1) entry.types = types && new Set(types);
		if (types === null) this.#all += delta;
		else for (const t of types) this.#wanted.set(t, (this.#wanted.get(t) ?? 0) + delta);
	}

	/** Calls every listener that wants the event; a listener added during delivery waits for the next one. */
	emit(event: T): void {
		for (const listener of this.#listeners)
			if (listener.types === null || listener.types.has(event.type)) listener.call(event);
	}

	/** Whether some listener wants events of this type. */
	wants(type: string): boolean {
		return this.#all > 0 || (this.#wanted.get(type) ?? 0) > 0;
	}
}
