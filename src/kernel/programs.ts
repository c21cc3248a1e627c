/**
 * The behaviour of the programs the kernel itself runs: the long-running `server` daemon and the
 * small tools chapter 9 uses. Each runs as a real process and acts only through system calls and
 * memory accesses, so strace, faults and signals work for them exactly as for anything else.
 * Programs the shell implements (cp, cat …) are 'generic': they do nothing until the shell drives
 * them.
 */
import {
	MAP_SHARED,
	O_CREAT,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	PAGE_SIZE,
	PROT_READ,
	PROT_WRITE,
} from './constants';
import type { SignalName } from './constants';
import type { Host } from './host';

/** The page layout of the `server` image: hot pages used all the time, cold ones on reload. */
export const serverLayout = {
	/** The main loop, touched every time the clock advances. */
	hotPages: [0, 1, 2, 3],
	/** The configuration parser: far past the first MiB, used only at SIGHUP. */
	coldPages: [1280, 1281, 1282, 1283, 1284, 1285, 1286, 1287],
	/** Sizes of the builds in bytes: every code page differs between builds, and v2 is larger. */
	sizes: { v1: 25_165_824 + 1_234, v2: 27_262_976 + 4_321 } as Record<string, number>,
};

/** A program the kernel can run. */
export interface Program {
	/** Runs right after a successful execve. */
	start(host: Host, pid: number): void;
	/** Runs each time the clock advances while the process is alive and not stopped. */
	tick?(host: Host, pid: number): void;
	/** Runs between reclaim passes: the pages a busy process keeps touching meanwhile. */
	touchHot?(host: Host, pid: number): void;
	/** Handles a signal; returns false to fall back to the default action. */
	signal?(host: Host, pid: number, signal: SignalName): boolean;
}

/** Parses a size like `64M`, `1G`, `512k` or `4096` into bytes (binary units, as memhog does). */
export function parseSize(text: string): number | null {
	const match = /^(\d+)([kKmMgG]?)[bB]?$/.exec(text.trim());
	if (!match) return null;
	const unit = (match[2] ?? '').toLowerCase();
	const scale = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
	return Number(match[1]) * scale;
}

function say(host: Host, pid: number, fd: number, text: string): void {
	host.write(pid, fd, text);
}

const server: Program = {
	start(host, pid) {
		for (const page of serverLayout.hotPages) {
			if (!host.execute(pid, page)) return;
		}
		const build = host.runningBuild(pid) ?? '?';
		say(host, pid, 1, `server[${pid}]: started (build ${build})\n`);
	},
	tick(host, pid) {
		serverLayout.hotPages.every((page) => host.execute(pid, page));
	},
	touchHot(host, pid) {
		serverLayout.hotPages.every((page) => host.execute(pid, page));
	},
	signal(host, pid, signal) {
		if (signal !== 'SIGHUP') return false;
		// Reloading the configuration runs the parser, which lives on cold pages.
		for (const page of serverLayout.coldPages) {
			if (!host.execute(pid, page)) return true;
		}
		const build = host.runningBuild(pid) ?? '?';
		say(host, pid, 1, `server[${pid}]: reloaded configuration (build ${build})\n`);
		return true;
	},
};

/** `mapreader FILE`: maps a data file and reads every page of it, now and on every tick. */
const mapreader: Program = {
	start(host, pid) {
		const path = host.process(pid)?.argv[1];
		if (!path) {
			say(host, pid, 2, 'usage: mapreader FILE\n');
			host.exit(pid, 2);
			return;
		}
		const fd = host.openat(pid, path, O_RDONLY);
		if (!fd.ok) {
			say(host, pid, 2, `mapreader: ${path}: ${host.strerror(fd.errno)}\n`);
			host.exit(pid, 1);
			return;
		}
		const st = host.fstat(pid, fd.value);
		const size = st.ok ? st.value.size : 0;
		if (size === 0) {
			say(host, pid, 2, `mapreader: ${path}: file is empty\n`);
			host.exit(pid, 1);
			return;
		}
		const addr = host.mmap(pid, fd.value, size, PROT_READ, MAP_SHARED, 0);
		host.close(pid, fd.value);
		if (!addr.ok) {
			say(host, pid, 2, `mapreader: mmap: ${host.strerror(addr.errno)}\n`);
			host.exit(pid, 1);
			return;
		}
		const proc = host.process(pid);
		if (!proc) return;
		proc.vars.addr = addr.value;
		proc.vars.length = size;
		if (!readAll(host, pid)) return;
		const pages = Math.ceil(size / PAGE_SIZE);
		say(host, pid, 1, `mapreader: mapped ${path} (${size} bytes, ${pages} pages)\n`);
	},
	tick(host, pid) {
		readAll(host, pid);
	},
};

function readAll(host: Host, pid: number): boolean {
	const proc = host.process(pid);
	if (!proc) return false;
	const addr = proc.vars.addr ?? 0;
	const length = proc.vars.length ?? 0;
	for (let offset = 0; offset < length; offset += PAGE_SIZE) {
		if (!host.memAccess(pid, addr + offset, false)) return false;
	}
	return true;
}

/** `shmwriter SIZE [FILE]`: writes SIZE bytes through a shared mapping of a file in /dev/shm. */
const shmwriter: Program = {
	start(host, pid) {
		const proc = host.process(pid);
		const size = parseSize(proc?.argv[1] ?? '');
		const path = proc?.argv[2] ?? '/dev/shm/shmwriter.dat';
		if (size === null || size <= 0) {
			say(host, pid, 2, 'usage: shmwriter SIZE [FILE]\n');
			host.exit(pid, 2);
			return;
		}
		const fd = host.openat(pid, path, O_RDWR | O_CREAT | O_TRUNC, 0o600);
		if (!fd.ok) {
			say(host, pid, 2, `shmwriter: ${path}: ${host.strerror(fd.errno)}\n`);
			host.exit(pid, 1);
			return;
		}
		// ftruncate only sets the size; tmpfs allocates a page when it is first written.
		const grown = host.ftruncate(pid, fd.value, size);
		if (!grown.ok) {
			say(host, pid, 2, `shmwriter: ftruncate: ${host.strerror(grown.errno)}\n`);
			host.exit(pid, 1);
			return;
		}
		const addr = host.mmap(pid, fd.value, size, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
		host.close(pid, fd.value);
		if (!addr.ok) {
			say(host, pid, 2, `shmwriter: mmap: ${host.strerror(addr.errno)}\n`);
			host.exit(pid, 1);
			return;
		}
		for (let offset = 0; offset < size; offset += PAGE_SIZE) {
			if (!host.memAccess(pid, addr.value + offset, true)) return;
		}
		say(host, pid, 1, `shmwriter: wrote ${Math.ceil(size / 1024)} KiB to ${path}\n`);
		host.exit(pid, 0);
	},
};

/** `memhog SIZE`: allocates and touches SIZE bytes of anonymous memory, then exits. */
const memhog: Program = {
	start(host, pid) {
		const size = parseSize(host.process(pid)?.argv[1] ?? '');
		if (size === null || size <= 0) {
			say(host, pid, 2, 'usage: memhog SIZE\n');
			host.exit(pid, 2);
			return;
		}
		// numactl's memhog.c hog(): one flushed '.' per UNIT (10 MiB) chunk before touching it,
		// then a newline; the rest of the mapping counts in total_vm if the OOM killer strikes.
		const unit = 10 << 20;
		for (let done = 0; done < size; done += unit) {
			const chunk = Math.min(unit, size - done);
			say(host, pid, 1, '.');
			if (!host.allocAnon(pid, chunk, size - done - chunk)) return;
		}
		say(host, pid, 1, '\n');
		host.exit(pid, 0);
	},
};

/**
 * One coreutils 9.1 sleep operand in seconds, or null if sleep rejects it: what strtod takes
 * (leading blanks, a sign, decimal or hex digits, an exponent, inf or infinity), at most one of
 * the suffixes s, m, h and d (sleep.c apply_suffix), and not negative or NaN.
 */
export function parseInterval(text: string): number | null {
	const match =
		/^\s*\+?(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(0[xX](?:[\da-fA-F]+\.?[\da-fA-F]*|\.[\da-fA-F]+)(?:[pP][+-]?\d+)?)|(inf(?:inity)?))([smhd]?)$/i.exec(
			text,
		);
	if (!match) return null;
	let value: number;
	if (match[1] !== undefined) value = Number(match[1]);
	else if (match[2] !== undefined) value = parseHexFloat(match[2]);
	else value = Infinity;
	const scale = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[4] ?? ''] ?? 1;
	return value * scale;
}

/** A C99 hex float such as 0x1.8p3, as strtod reads it. */
function parseHexFloat(text: string): number {
	const [mantissa = '', exponent = '0'] = text.slice(2).toLowerCase().split('p');
	const [whole = '', frac = ''] = mantissa.split('.');
	const digits = parseInt(`${whole}${frac}` || '0', 16);
	return digits * 2 ** (Number(exponent) - 4 * frac.length);
}

/**
 * `sleep NUMBER[SUFFIX]…`: sleeps on the simulated clock for the sum of its operands, as
 * coreutils 9.1 does; an endless one (inf, or too long for the clock) never wakes by itself.
 */
const sleep: Program = {
	start(host, pid) {
		const proc = host.process(pid);
		const ops = proc?.argv.slice(1) ?? [];
		const values = ops.map(parseInterval);
		const bad = ops.filter((_, i) => values[i] === null);
		if (!proc || ops.length === 0 || bad.length > 0) {
			const text = bad.map((op) => `sleep: invalid time interval \u2018${op}\u2019\n`).join('');
			say(
				host,
				pid,
				2,
				`${text || 'sleep: missing operand\n'}Try 'sleep --help' for more information.\n`,
			);
			host.exit(pid, 1);
			return;
		}
		const ms = values.reduce<number>((sum, v) => sum + (v ?? 0), 0) * 1000;
		if (ms > Number.MAX_SAFE_INTEGER) {
			// No wake-up time: the process sleeps until a signal ends it.
			host.sleepUntil(pid, undefined);
			return;
		}
		host.sleepUntil(pid, host.now() + ms);
	},
	tick(host, pid) {
		const proc = host.process(pid);
		if (proc && proc.wakeAt !== undefined && host.now() >= proc.wakeAt) host.exit(pid, 0);
	},
};

/** Programs by image name. */
export const programs: Record<string, Program> = { server, mapreader, shmwriter, memhog, sleep };
