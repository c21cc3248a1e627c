/**
 * System tools: procps (ps, free), util-linux (mount, dmesg, fincore), coreutils df, nfs-utils
 * nfsstat, hostname, ssh and strace. Output formats were copied from the real tools.
 */
import { formatPrintkTime, O_RDONLY } from '../../kernel';
import type { Host } from '../../kernel';
import { bytesToBinary, decodeUtf8, memoryKiB } from '../proc';
import type { CommandFn } from '../context';
import { errText } from '../context';
import { MONTHS, parseOpts, usageError } from './util';
import { getopt, UsageError } from '../getopt';

/** `mount`: lists the mount table as util-linux prints it (`SRC on DIR type FS (OPTS)`). */
export const mount: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'mount', [{ short: 't', long: 'types', arg: true }, { short: 'l' }]);
	if (!opts) return 1;
	if (opts.operands.length > 0) {
		// Mounting is not part of the simulation; util-linux says this for an unknown source.
		const src = opts.operands[0] as string;
		ctx.err(`mount: ${src}: can't find in /etc/fstab.\n`);
		return 1;
	}
	const type = opts.opts.get('types')?.at(-1);
	for (const m of ctx.host.mounts()) {
		if (type !== undefined && m.type !== type) continue;
		ctx.out(`${m.source} on ${m.target} type ${m.type} (${m.options})\n`);
	}
	return 0;
};

/** procps-ng's usage text after an error (ps/help.c do_help with no topic). */
const PS_USAGE =
	"\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

/** A process as ps reads it. */
type PsProc = ReturnType<Host['processes']>[number];

/**
 * The `-o` format specifiers ps knows here, with procps-ng 4.0.2's headers and widths
 * (ps/output.c format_array): right-aligned numbers, left-aligned text.
 */
const PS_FORMATS: Record<string, { header: string; width: number; right: boolean }> = {
	pid: { header: 'PID', width: 5, right: true },
	ppid: { header: 'PPID', width: 5, right: true },
	pgid: { header: 'PGID', width: 5, right: true },
	pgrp: { header: 'PGRP', width: 5, right: true },
	sid: { header: 'SID', width: 5, right: true },
	sess: { header: 'SESS', width: 5, right: true },
	uid: { header: 'UID', width: 5, right: true },
	euid: { header: 'EUID', width: 5, right: true },
	gid: { header: 'GID', width: 5, right: true },
	user: { header: 'USER', width: 8, right: false },
	euser: { header: 'EUSER', width: 8, right: false },
	uname: { header: 'USER', width: 8, right: false },
	group: { header: 'GROUP', width: 8, right: false },
	stat: { header: 'STAT', width: 4, right: false },
	s: { header: 'S', width: 1, right: false },
	state: { header: 'S', width: 1, right: false },
	comm: { header: 'COMMAND', width: 15, right: false },
	ucmd: { header: 'CMD', width: 15, right: false },
	ucomm: { header: 'COMMAND', width: 15, right: false },
	cmd: { header: 'CMD', width: 27, right: false },
	args: { header: 'COMMAND', width: 27, right: false },
	command: { header: 'COMMAND', width: 27, right: false },
	vsz: { header: 'VSZ', width: 6, right: true },
	vsize: { header: 'VSZ', width: 6, right: true },
	rss: { header: 'RSS', width: 5, right: true },
	rssize: { header: 'RSS', width: 5, right: true },
	rsz: { header: 'RSZ', width: 5, right: true },
	etime: { header: 'ELAPSED', width: 11, right: true },
	etimes: { header: 'ELAPSED', width: 7, right: true },
	tty: { header: 'TT', width: 8, right: false },
	tt: { header: 'TT', width: 8, right: false },
	tname: { header: 'TTY', width: 8, right: false },
	time: { header: 'TIME', width: 8, right: true },
	cputime: { header: 'TIME', width: 8, right: true },
	lstart: { header: 'STARTED', width: 24, right: true },
	start: { header: 'STARTED', width: 8, right: true },
	stime: { header: 'STIME', width: 5, right: true },
	start_time: { header: 'START', width: 5, right: true },
	'%cpu': { header: '%CPU', width: 4, right: true },
	pcpu: { header: '%CPU', width: 4, right: true },
	'%mem': { header: '%MEM', width: 4, right: true },
	pmem: { header: '%MEM', width: 4, right: true },
	nlwp: { header: 'NLWP', width: 4, right: true },
	ni: { header: 'NI', width: 3, right: true },
	nice: { header: 'NI', width: 3, right: true },
	pri: { header: 'PRI', width: 3, right: true },
};

/** `ps`, `ps -ef`, `ps aux`, `ps -o FORMAT`, `ps -p PID`, `ps -C NAME`: procps-ng columns. */
export const ps: CommandFn = (ctx) => {
	const fail = (msg: string): number => {
		ctx.err(`error: ${msg}\n${PS_USAGE}`);
		return 1;
	};
	// -p LIST, --pid LIST, -pLIST and BSD `p LIST` select processes by pid; -C LIST by command
	// name; -o FORMAT (repeatable), --format FORMAT choose the columns.
	const rest: string[] = [];
	let pids: number[] | null = null;
	let names: string[] | null = null;
	const formats: string[] = [];
	let headers = true;
	const argv = ctx.argv.slice(1);
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--no-headers' || a === '--no-heading') {
			headers = false;
			continue;
		}
		const value = (short: string, long: string): string | undefined | null => {
			if (a === `-${short}` || a === `--${long}` || (short === 'p' && a === 'p')) return argv[++i];
			if (a.startsWith(`-${short}`) && a.length > 2) return a.slice(2);
			if (a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
			return null;
		};
		const pidList = value('p', 'pid');
		if (pidList !== null) {
			if (pidList === undefined) return fail('list of process IDs must follow -p');
			if (!/^\d+([, ]\d+)*$/.test(pidList)) return fail('process ID list syntax error');
			pids = [...(pids ?? []), ...pidList.split(/[, ]/).map(Number)];
			continue;
		}
		const nameList = value('C', 'command');
		if (nameList !== null) {
			if (nameList === undefined) return fail('list of command names must follow -C');
			names = [...(names ?? []), ...nameList.split(',')];
			continue;
		}
		const format = value('o', 'format');
		if (format !== null) {
			if (format === undefined) return fail('format specification must follow -o');
			formats.push(format);
			continue;
		}
		rest.push(a);
	}
	const args = rest.join(' ');
	// BSD `x` or `ax` (no dash, no `u`): the job-control columns with STAT and COMMAND.
	const bsdX = rest.length > 0 && rest.every((a) => /^[ax]+$/.test(a)) && /x/.test(args);
	const all = /(^|\s)-?[a-z]*[eA][a-z]*(\s|$)|aux|ax/.test(args);
	const full = /-[a-z]*f/.test(args);
	const bsd = /(^|\s)a?ux?(\s|$)/.test(args) && !args.startsWith('-');
	if (/(^|\s)-[a-zA-Z]*[^efAalxuwp\s]/.test(args)) return fail('unsupported SysV option');
	// Columns: `name`, `name=HEADER` (the rest of that -o argument), `name:WIDTH`.
	const columns: { key: string; header: string; width: number; right: boolean }[] = [];
	for (const format of formats) {
		const items: string[] = [];
		for (const part of format.split(/[, ]/)) {
			if (items.length > 0 && (items[items.length - 1] as string).includes('=')) {
				// After `name=`, commas belong to the header.
				items[items.length - 1] += `,${part}`;
			} else if (part !== '') items.push(part);
		}
		for (const item of items) {
			const eq = item.indexOf('=');
			const spec = eq < 0 ? item : item.slice(0, eq);
			const [key = '', width] = spec.split(':');
			const known = PS_FORMATS[key.toLowerCase()];
			if (!known || (width !== undefined && !/^\d+$/.test(width)))
				return fail(`unknown user-defined format specifier "${spec}"`);
			columns.push({
				key: key.toLowerCase(),
				header: eq < 0 ? known.header : item.slice(eq + 1),
				width: width !== undefined ? Number(width) : known.width,
				right: known.right,
			});
		}
	}
	const procs = ctx.host.processes().filter((p) => p.state !== 'Z');
	// The terminal's processes: everything under the login shell (a child of init).
	let login = ctx.sh.pid;
	for (let guard = 0; guard < 64; guard++) {
		const parent = ctx.host.process(login)?.ppid;
		if (parent === undefined || parent <= 1) break;
		login = parent;
	}
	const mine = new Set<number>([login]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const p of procs)
			if (!mine.has(p.pid) && mine.has(p.ppid)) {
				mine.add(p.pid);
				grew = true;
			}
	}
	const list =
		pids !== null || names !== null
			? procs.filter((p) => pids?.includes(p.pid) || names?.includes(p.comm))
			: all || bsd || bsdX
				? procs
				: procs.filter((p) => mine.has(p.pid));
	const tty = (pid: number): string => (mine.has(pid) ? 'pts/0' : '?');
	const time = '00:00:00';
	// STIME and START: boot time (btime in /proc/stat) plus the start in ticks since boot, shown
	// as %H:%M today, %b%d on another day, %Y in another year (ps/output.c pr_stime).
	const nowMs = ctx.host.wallClockMs();
	const bootMs = nowMs - ctx.host.now();
	const today = new Date(nowMs);
	const two = (n: number): string => String(n).padStart(2, '0');
	const sameDay = (d: Date): boolean =>
		d.getUTCFullYear() === today.getUTCFullYear() &&
		d.getUTCMonth() === today.getUTCMonth() &&
		d.getUTCDate() === today.getUTCDate();
	const start = (ms: number): string => {
		const d = new Date(bootMs + ms);
		if (d.getUTCFullYear() !== today.getUTCFullYear()) return String(d.getUTCFullYear());
		if (!sameDay(d)) return `${MONTHS[d.getUTCMonth()] ?? ''}${two(d.getUTCDate())}`;
		return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
	};
	const cmd = (p: { argv: string[]; comm: string; pid: number }): string =>
		p.pid === 1 ? '/sbin/init' : p.argv.join(' ') || `[${p.comm}]`;
	let out = '';
	// STAT from the kernel: state, `s` for a session leader, `+` for the terminal's foreground
	// process group (ps/output.c pr_stat).
	const statOf = (p: { pid: number; state: string }): string =>
		ctx.host.procState(p.pid, ctx.pid)?.stat ?? p.state;
	const memTotal = ctx.host.meminfo().memTotal;
	const pmem = (p: PsProc): string => ((memoryKiB(p).rss * 100) / memTotal).toFixed(1);
	if (columns.length > 0) {
		const value = (key: string, p: PsProc): string => {
			const started = new Date(bootMs + p.startTime);
			const elapsed = Math.floor((ctx.host.now() - p.startTime) / 1000);
			switch (key) {
				case 'pid':
					return String(p.pid);
				case 'ppid':
					return String(p.ppid);
				case 'pgid':
				case 'pgrp':
					return String(p.pgid ?? p.pid);
				case 'sid':
				case 'sess':
					return String(p.sid ?? p.pid);
				case 'uid':
				case 'euid':
				case 'gid':
					return '0';
				case 'user':
				case 'euser':
				case 'uname':
				case 'group':
					return 'root';
				case 'stat':
					return statOf(p);
				case 's':
				case 'state':
					return statOf(p).slice(0, 1);
				case 'comm':
				case 'ucmd':
				case 'ucomm':
					return p.comm;
				case 'cmd':
				case 'args':
				case 'command':
					return cmd(p);
				case 'vsz':
				case 'vsize':
					return String(memoryKiB(p).vsz);
				case 'rss':
				case 'rssize':
				case 'rsz':
					return String(memoryKiB(p).rss);
				case 'etime': {
					// [[DD-]hh:]mm:ss (ps/output.c pr_etime).
					const days = Math.floor(elapsed / 86400);
					const h = Math.floor((elapsed % 86400) / 3600);
					const m = Math.floor((elapsed % 3600) / 60);
					const sec = elapsed % 60;
					const hm = days > 0 ? `${two(h)}:` : h > 0 ? `${two(h)}:` : '';
					return `${days > 0 ? `${days}-` : ''}${hm}${two(m)}:${two(sec)}`;
				}
				case 'etimes':
					return String(elapsed);
				case 'tty':
				case 'tt':
				case 'tname':
					return tty(p.pid);
				case 'time':
				case 'cputime':
					return time;
				case 'lstart':
					// ctime(3) form: `Fri Nov 27 01:59:39 2026`.
					return `${DAYS[started.getUTCDay()] ?? ''} ${MONTHS[started.getUTCMonth()] ?? ''} ${String(started.getUTCDate()).padStart(2)} ${two(started.getUTCHours())}:${two(started.getUTCMinutes())}:${two(started.getUTCSeconds())} ${started.getUTCFullYear()}`;
				case 'start':
					// pr_start: the time within the last day, else the date.
					return elapsed < 86400
						? `${two(started.getUTCHours())}:${two(started.getUTCMinutes())}:${two(started.getUTCSeconds())}`
						: `${MONTHS[started.getUTCMonth()] ?? ''} ${two(started.getUTCDate())}`;
				case 'stime':
				case 'start_time':
					return start(p.startTime);
				case '%cpu':
				case 'pcpu':
					return '0.0';
				case '%mem':
				case 'pmem':
					return pmem(p);
				case 'nlwp':
					return '1';
				case 'ni':
				case 'nice':
					return '0';
				case 'pri':
					return '19';
				default:
					return '-';
			}
		};
		const row = (cells: string[]): string =>
			cells
				.map((c, i) => {
					const col = columns[i] as (typeof columns)[number];
					if (col.right) return c.padStart(col.width);
					return i === cells.length - 1 ? c : c.padEnd(col.width);
				})
				.join(' ')
				.replace(/\s+$/, '') + '\n';
		if (headers && columns.some((c) => c.header !== '')) out += row(columns.map((c) => c.header));
		for (const p of list) out += row(columns.map((c) => value(c.key, p)));
	} else if (bsdX) {
		if (headers) out += '  PID TTY      STAT   TIME COMMAND\n';
		for (const p of list)
			out += `${String(p.pid).padStart(5)} ${tty(p.pid).padEnd(8)} ${statOf(p).padEnd(6)} ${'0:00'.padStart(4)} ${cmd(p)}\n`;
	} else if (bsd) {
		if (headers)
			out += 'USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
		for (const p of list) {
			const { vsz, rss } = memoryKiB(p);
			const stat = statOf(p);
			out += `${'root'.padEnd(8)} ${String(p.pid).padStart(5)}  0.0 ${pmem(p).padStart(4)} ${String(vsz).padStart(6)} ${String(rss).padStart(5)} ${tty(p.pid).padEnd(8)} ${stat.padEnd(4)} ${start(p.startTime)}   0:00 ${cmd(p)}\n`;
		}
	} else if (full) {
		if (headers) out += 'UID        PID  PPID  C STIME TTY          TIME CMD\n';
		for (const p of list)
			out += `${'root'.padEnd(8)} ${String(p.pid).padStart(5)} ${String(p.ppid).padStart(5)}  0 ${start(p.startTime)} ${tty(p.pid).padEnd(8)} ${time} ${cmd(p)}\n`;
	} else {
		if (headers) out += '  PID TTY          TIME CMD\n';
		for (const p of list)
			out += `${String(p.pid).padStart(5)} ${tty(p.pid).padEnd(8)} ${time} ${p.comm}\n`;
	}
	ctx.out(out);
	// With -p or -C, no matching process is a failure (exit 1), the header still printed.
	return (pids !== null || names !== null) && list.length === 0 ? 1 : 0;
};

/** `free [-h|-m|-k]` (procps-ng free.c). */
export const free: CommandFn = (ctx) => {
	let opts;
	try {
		opts = getopt(ctx.argv.slice(1), [
			{ short: 'h', long: 'human' },
			{ short: 'm', long: 'mebi' },
			{ short: 'k', long: 'kibi' },
			{ short: 'w', long: 'wide' },
		]);
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		// procps prints its whole usage after the getopt message.
		ctx.err(`free: ${e.message}\n${FREE_USAGE}`);
		return 1;
	}
	const m = ctx.host.meminfo();
	const cache = m.buffers + m.cached;
	const used = Math.max(0, m.memTotal - m.memFree - cache);
	const fmt = (kb: number): string => {
		if (opts.opts.has('human')) return humanFree(kb * 1024);
		if (opts.opts.has('mebi')) return String(Math.floor(kb / 1024));
		return String(kb);
	};
	const row = (label: string, values: number[]): string =>
		label.padEnd(8) + values.map((v) => fmt(v).padStart(12)).join('') + '\n';
	ctx.out(
		'               total        used        free      shared  buff/cache   available\n' +
			row('Mem:', [m.memTotal, used, m.memFree, m.shmem, cache, m.memAvailable]) +
			row('Swap:', [0, 0, 0]),
	);
	return 0;
};

/** procps-ng 4.0.2 free's usage text (free.c usage()). */
const FREE_USAGE = `
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`;

/** free -h's units: B, Ki, Mi, Gi with one decimal below 10 (procps scale_size). */
function humanFree(bytes: number): string {
	if (bytes < 1024) return `${bytes}B`;
	const units = ['Ki', 'Mi', 'Gi', 'Ti'];
	let v = bytes / 1024;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return v < 10 ? `${v.toFixed(1)}${units[i]}` : `${Math.round(v)}${units[i]}`;
}

/** `dmesg`: the kernel ring buffer with `[seconds.micros]` stamps (util-linux dmesg). */
export const dmesg: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'dmesg', [
		{ short: 'c', long: 'read-clear' },
		{ short: 'T', long: 'ctime' },
	]);
	if (!opts) return 1;
	// -T: boot time (the wall clock minus the uptime, in whole seconds) plus the stamp's whole
	// seconds, printed as `%a %b %e %H:%M:%S %Y` (dmesg.c record_localtime, strftime_c).
	const ctime = opts.opts.has('ctime');
	const bootSecs = Math.floor((ctx.host.wallClockMs() - ctx.host.now()) / 1000);
	for (const e of ctx.host.dmesg()) {
		const stamp = ctime
			? `[${cTime(new Date((bootSecs + Math.floor(e.time / 1000)) * 1000))}]`
			: formatPrintkTime(e.time);
		ctx.out(`${stamp} ${e.text}\n`);
	}
	return 0;
};

export const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * `Thu Mar 15 09:00:01 2018`: ctime(3) in UTC, what `dmesg -T` prints; the same as date's
 * strftime `%a %b %e %H:%M:%S %Y`.
 */
export function cTime(d: Date): string {
	const two = (n: number): string => String(n).padStart(2, '0');
	const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
	const day = String(d.getUTCDate()).padStart(2, ' ');
	return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time} ${d.getUTCFullYear()}`;
}

/** util-linux's size_to_human_string: `147.8K`, `24M`, `0B`. */
export function sizeToHuman(bytes: number): string {
	const letters = ['B', 'K', 'M', 'G', 'T'];
	let exp = 0;
	while (exp < 4 && bytes >= 1024 ** (exp + 1)) exp++;
	if (exp === 0) return `${bytes}B`;
	const unit = 1024 ** exp;
	let whole = Math.floor(bytes / unit);
	let frac = bytes % unit;
	if (frac) {
		frac = Math.floor((frac * 1000) / unit);
		frac = Math.floor((frac + 50) / 100);
		if (frac === 10) {
			whole++;
			frac = 0;
		}
	}
	return frac ? `${whole}.${frac}${letters[exp]}` : `${whole}${letters[exp]}`;
}

/** `fincore FILE…`: resident pages per file (util-linux 2.38), via open + mmap + mincore. */
export const fincore: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'fincore', [
		{ short: 'b', long: 'bytes' },
		{ short: 'n', long: 'noheadings' },
	]);
	if (!opts) return 1;
	if (opts.operands.length === 0) {
		usageError(ctx, 'fincore', 'no file specified');
		return 1;
	}
	const rows: string[][] = [];
	let status = 0;
	for (const f of opts.operands) {
		const r = ctx.host.fincore(ctx.pid, f);
		if (!r.ok) {
			ctx.err(`fincore: failed to open: ${f}: ${errText(r.errno)}\n`);
			status = 1;
			continue;
		}
		const res = r.value.resident.length;
		const size = (n: number): string => (opts.opts.has('bytes') ? String(n) : sizeToHuman(n));
		rows.push([size(res * 4096), String(res), size(r.value.size), f]);
	}
	if (rows.length > 0) {
		const header = ['RES', 'PAGES', 'SIZE', 'FILE'];
		const all = opts.opts.has('noheadings') ? rows : [header, ...rows];
		// libsmartcols width hints of fincore's columns: RES 5, PAGES 1, SIZE 5 (fincore.c infos[]).
		const hints = [5, 1, 5];
		const widths = [0, 1, 2].map((i) =>
			Math.max(hints[i] ?? 0, ...all.map((row) => (row[i] ?? '').length)),
		);
		for (const row of all)
			ctx.out(
				`${(row[0] ?? '').padStart(widths[0] ?? 0)} ${(row[1] ?? '').padStart(widths[1] ?? 0)} ${(row[2] ?? '').padStart(widths[2] ?? 0)} ${row[3]}\n`,
			);
	}
	return status;
};

/** OpenSSH's usage text (ssh.c usage()). */
const SSH_USAGE = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]
           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]
           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]
           [-J destination] [-L address] [-l login_name] [-m mac_spec]
           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-Q query_option]
           [-R address] [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]
           destination [command [argument ...]]
`;

/** `bash -c CMD`, `bash FILE` and a bare `bash` (a nested interactive shell); `sh` likewise. */
export const bash: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	const name = ctx.argv[0]?.split('/').pop() ?? 'bash';
	if (args[0] === '-c') {
		if (args[1] === undefined) {
			ctx.err(`${name}: -c: option requires an argument\n`);
			return 2;
		}
		return ctx.subshell(args[1], name);
	}
	const file = args.find((a) => !a.startsWith('-'));
	if (file === undefined) return ctx.subshell(null, name);
	const fd = ctx.host.openat(ctx.pid, file, O_RDONLY);
	if (!fd.ok) {
		ctx.err(`${name}: ${file}: ${errText(fd.errno)}\n`);
		return 127;
	}
	const data = ctx.host.readAll(ctx.pid, fd.value);
	ctx.host.close(ctx.pid, fd.value);
	if (!data.ok) {
		ctx.err(`${name}: ${file}: ${errText(data.errno)}\n`);
		return 126;
	}
	return ctx.subshell(decodeUtf8(bytesToBinary(data.value)), file);
};

/** `ssh HOST [CMD…]`: runs CMD there, or logs in until `exit`. */
export const ssh: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	let i = 0;
	while (i < args.length && (args[i] as string).startsWith('-')) {
		const a = args[i] as string;
		i += /^-[ilopFJLRDEbcemw]$/.test(a) ? 2 : 1;
	}
	const dest = args[i];
	if (dest === undefined) {
		ctx.err(SSH_USAGE);
		return 255;
	}
	const hostName = dest.includes('@') ? dest.slice(dest.indexOf('@') + 1) : dest;
	if (!ctx.world.hasHost(hostName)) {
		ctx.err(`ssh: Could not resolve hostname ${hostName}: Name or service not known\n`);
		return 255;
	}
	const rest = args.slice(i + 1);
	return ctx.remote(hostName, rest.length === 0 ? null : rest.join(' '));
};
