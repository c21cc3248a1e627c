/**
 * System tools: procps (ps, free), util-linux (mount, dmesg, fincore), coreutils df, nfs-utils
 * nfsstat, hostname, ssh and strace. Output formats were copied from the real tools.
 */
import { formatPrintkTime, O_RDONLY } from '../../kernel';
import { bytesToBinary, decodeUtf8 } from '../proc';
import type { CommandFn } from '../context';
import { absPath, errText } from '../context';
import { fail, human, lq, MONTHS, parseOpts, q, usageError } from './util';
import { getopt, UsageError } from '../getopt';

/** net-tools hostname's usage text (hostname.c usage()). */
const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

/** `hostname [-s|-f|-i]`: the host's name, or its address with -i (net-tools hostname). */
export const hostname: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	const flag = args.find((a) => a.startsWith('-'));
	if (flag !== undefined && !/^-(s|f|a|A|d|i|I|y|-short|-fqdn|-long|-ip-address)$/.test(flag)) {
		// The complaint goes to standard error, the usage to standard output.
		ctx.err(`hostname: invalid option -- '${flag.slice(1, 2)}'\n`);
		ctx.out(HOSTNAME_USAGE);
		return 255;
	}
	if (flag === undefined && args.length > 0) {
		// Setting the name needs sethostname(2), which the simulated kernel does not have.
		// A real root shell would succeed; an invented errno would mislead, so say what is missing.
		ctx.err('[simulation: setting the host name (sethostname) is not modelled]\n');
		return 1;
	}
	const st = ctx.host.state();
	if (flag === '-i' || flag === '-I' || flag === '--ip-address') ctx.out(`${st.address}\n`);
	else if (flag === '-d' || flag === '-y' || flag === '-a') ctx.out('\n');
	else ctx.out(`${ctx.host.name}\n`);
	return 0;
};

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

/** `df [-h] [FILE…]`: coreutils 9.1 columns, widths grown to fit. */
export const df: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'df', [
		{ short: 'h', long: 'human-readable' },
		{ short: 'k' },
		{ short: 'T', long: 'print-type' },
		{ short: 'a', long: 'all' },
	]);
	if (!opts) return 1;
	const h = opts.opts.has('human-readable');
	const rows = ctx.host.df();
	let selected = rows.filter((r) => r.type !== 'proc' || opts.opts.has('all'));
	let status = 0;
	if (opts.operands.length > 0) {
		selected = [];
		for (const f of opts.operands) {
			const st = ctx.host.stat(ctx.pid, f);
			if (!st.ok) {
				ctx.err(`df: ${f}: ${errText(st.errno)}\n`);
				status = 1;
				continue;
			}
			const abs = absPath(ctx.sh.cwd, f);
			const best = rows
				.filter((r) => abs === r.target || abs.startsWith(r.target === '/' ? '/' : `${r.target}/`))
				.sort((a, b) => b.target.length - a.target.length)[0];
			if (best) selected.push(best);
		}
	}
	// Only failed operands: df prints the errors and no table.
	if (opts.operands.length > 0 && selected.length === 0) return status;
	const num = (kb: number): string => (h ? human(kb * 1024) : String(kb));
	const header = [
		'Filesystem',
		...(opts.opts.has('print-type') ? ['Type'] : []),
		h ? 'Size' : '1K-blocks',
		'Used',
		h ? 'Avail' : 'Available',
		'Use%',
		'Mounted on',
	];
	const table = selected.map((r) => [
		r.source,
		...(opts.opts.has('print-type') ? [r.type] : []),
		num(r.size),
		num(r.used),
		num(r.avail),
		r.size === 0 ? '-' : `${Math.ceil((r.used * 100) / (r.used + r.avail || 1))}%`,
		r.target,
	]);
	const typeCol = opts.opts.has('print-type') ? 1 : 0;
	const mins = [14, ...(typeCol ? [4] : []), 5, 5, 5, 4, 0];
	const widths = header.map((hd, i) =>
		Math.max(mins[i] ?? 0, hd.length, ...table.map((row) => (row[i] ?? '').length)),
	);
	const line = (cells: string[], isHeader: boolean): string =>
		cells
			.map((c, i) => {
				const last = i === cells.length - 1;
				if (last) return c;
				const left = i === 0 || (typeCol === 1 && i === 1);
				const w = widths[i] ?? 0;
				// Headers of number columns are right-aligned too, except "Use%" padding.
				return left || (isHeader && false) ? c.padEnd(w) : c.padStart(w);
			})
			.join(' ');
	ctx.out([line(header, true), ...table.map((r) => line(r, false))].join('\n') + '\n');
	return status;
};

/** `ps`, `ps -ef`, `ps aux`: procps-ng columns. */
export const ps: CommandFn = (ctx) => {
	// -p LIST, --pid LIST, -pLIST and BSD `p LIST` select processes by pid.
	const rest: string[] = [];
	let pids: number[] | null = null;
	const argv = ctx.argv.slice(1);
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		let list: string | undefined;
		if (a === '-p' || a === '--pid' || a === 'p') list = argv[++i];
		else if (/^-p.+/.test(a)) list = a.slice(2);
		else if (a.startsWith('--pid=')) list = a.slice(6);
		else {
			rest.push(a);
			continue;
		}
		if (list === undefined || !/^\d+(,\d+)*$/.test(list)) {
			ctx.err(
				"error: list of process IDs must follow -p\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n",
			);
			return 1;
		}
		pids = [...(pids ?? []), ...list.split(',').map(Number)];
	}
	const args = rest.join(' ');
	// BSD `x` or `ax` (no dash, no `u`): the job-control columns with STAT and COMMAND.
	const bsdX = rest.length > 0 && rest.every((a) => /^[ax]+$/.test(a)) && /x/.test(args);
	const all = /(^|\s)-?[a-z]*[eA][a-z]*(\s|$)|aux|ax/.test(args);
	const full = /-[a-z]*f/.test(args);
	const bsd = /(^|\s)a?ux?(\s|$)/.test(args) && !args.startsWith('-');
	if (/(^|\s)-[a-zA-Z]*[^efAalxuwp\s]/.test(args)) {
		ctx.err(
			"error: unsupported SysV option\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n",
		);
		return 1;
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
		pids !== null
			? procs.filter((p) => pids.includes(p.pid))
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
	const start = (ms: number): string => {
		const d = new Date(bootMs + ms);
		if (d.getUTCFullYear() !== today.getUTCFullYear()) return String(d.getUTCFullYear());
		if (d.getUTCMonth() !== today.getUTCMonth() || d.getUTCDate() !== today.getUTCDate())
			return `${MONTHS[d.getUTCMonth()] ?? ''}${String(d.getUTCDate()).padStart(2, '0')}`;
		return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
	};
	const cmd = (p: { argv: string[]; comm: string; pid: number }): string =>
		p.pid === 1 ? '/sbin/init' : p.argv.join(' ') || `[${p.comm}]`;
	let out = '';
	// STAT from the kernel: state, `s` for a session leader, `+` for the terminal's foreground
	// process group (ps/output.c pr_stat).
	const statOf = (p: { pid: number; state: string }): string =>
		ctx.host.procState(p.pid, ctx.pid)?.stat ?? p.state;
	if (bsdX) {
		out += '  PID TTY      STAT   TIME COMMAND\n';
		for (const p of list)
			out += `${String(p.pid).padStart(5)} ${tty(p.pid).padEnd(8)} ${statOf(p).padEnd(6)} ${'0:00'.padStart(4)} ${cmd(p)}\n`;
	} else if (bsd) {
		const mem = ctx.host.meminfo().memTotal;
		out += 'USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
		for (const p of list) {
			const rss = p.anonPages * 4;
			const vsz = p.vmas.reduce((s, v) => s + (v.end - v.start) / 1024, 0);
			const stat = statOf(p);
			out += `${'root'.padEnd(8)} ${String(p.pid).padStart(5)}  0.0 ${((rss * 100) / mem).toFixed(1).padStart(4)} ${String(Math.round(vsz)).padStart(6)} ${String(rss).padStart(5)} ${tty(p.pid).padEnd(8)} ${stat.padEnd(4)} ${start(p.startTime)}   0:00 ${cmd(p)}\n`;
		}
	} else if (full) {
		out += 'UID        PID  PPID  C STIME TTY          TIME CMD\n';
		for (const p of list)
			out += `${'root'.padEnd(8)} ${String(p.pid).padStart(5)} ${String(p.ppid).padStart(5)}  0 ${start(p.startTime)} ${tty(p.pid).padEnd(8)} ${time} ${cmd(p)}\n`;
	} else {
		out += '  PID TTY          TIME CMD\n';
		for (const p of list)
			out += `${String(p.pid).padStart(5)} ${tty(p.pid).padEnd(8)} ${time} ${p.comm}\n`;
	}
	ctx.out(out);
	// With -p, no matching process is a failure (exit 1), the header still printed.
	return pids !== null && list.length === 0 ? 1 : 0;
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

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LONG_MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];

/** `Thu Mar 15 09:00:01 2018`: ctime(3) in UTC, what `dmesg -T` prints. */
function cTime(d: Date): string {
	return strftime('%a %b %e %H:%M:%S %Y', d, 0);
}

/**
 * strftime(3) in the C locale and UTC (the hosts have no /etc/localtime), for the conversions
 * date(1) documents; `ns` is the nanoseconds within the second (%N). Unknown ones print as
 * written, as glibc does.
 */
function strftime(format: string, d: Date, ns: number): string {
	const pad = (n: number, w = 2, c = '0'): string => String(n).padStart(w, c);
	const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
	const yday = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
	return format.replace(/%([%aAbBcCdDeFhHIjklmMnNpRsStTuwxXyYzZ])/g, (_m, c: string) => {
		switch (c) {
			case '%':
				return '%';
			case 'a':
				return DAYS[d.getUTCDay()] ?? '';
			case 'A':
				return LONG_DAYS[d.getUTCDay()] ?? '';
			case 'b':
			case 'h':
				return MONTHS[d.getUTCMonth()] ?? '';
			case 'B':
				return LONG_MONTHS[d.getUTCMonth()] ?? '';
			case 'c':
				return strftime('%a %b %e %H:%M:%S %Y', d, ns);
			case 'C':
				return pad(Math.floor(d.getUTCFullYear() / 100));
			case 'd':
				return pad(d.getUTCDate());
			case 'D':
			case 'x':
				return strftime('%m/%d/%y', d, ns);
			case 'e':
				return pad(d.getUTCDate(), 2, ' ');
			case 'F':
				return strftime('%Y-%m-%d', d, ns);
			case 'H':
				return pad(d.getUTCHours());
			case 'I':
				return pad(hour12);
			case 'j':
				return pad(yday, 3);
			case 'k':
				return pad(d.getUTCHours(), 2, ' ');
			case 'l':
				return pad(hour12, 2, ' ');
			case 'm':
				return pad(d.getUTCMonth() + 1);
			case 'M':
				return pad(d.getUTCMinutes());
			case 'n':
				return '\n';
			case 'N':
				return pad(ns, 9);
			case 'p':
				return d.getUTCHours() < 12 ? 'AM' : 'PM';
			case 'R':
				return strftime('%H:%M', d, ns);
			case 's':
				return String(Math.floor(d.getTime() / 1000));
			case 'S':
				return pad(d.getUTCSeconds());
			case 't':
				return '\t';
			case 'T':
			case 'X':
				return strftime('%H:%M:%S', d, ns);
			case 'u':
				return String(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
			case 'w':
				return String(d.getUTCDay());
			case 'y':
				return pad(d.getUTCFullYear() % 100);
			case 'Y':
				return String(d.getUTCFullYear());
			case 'z':
				return '+0000';
			default:
				return 'UTC';
		}
	});
}

/**
 * `date [-u] [-R] [-I] [+FORMAT]` (coreutils 9.1; -I takes no TIMESPEC here): the wall clock, by default as
 * `Thu Mar 15 09:00:00 UTC 2018` (the C locale's `%a %b %e %H:%M:%S %Z %Y`).
 */
export const date: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'date', [
		{ short: 'u', long: 'utc' },
		{ long: 'universal', key: 'utc' },
		{ short: 'R', long: 'rfc-email' },
		{ short: 'I', long: 'iso-8601' },
		{ short: 'd', long: 'date', arg: true },
		{ short: 's', long: 'set', arg: true },
	]);
	if (!opts) return 1;
	if (opts.opts.has('date') || opts.opts.has('set')) {
		ctx.err('[simulation: date -d and date -s are not modelled; date prints the clock]\n');
		return 1;
	}
	const formats = opts.operands.filter((a) => a.startsWith('+'));
	const others = opts.operands.filter((a) => !a.startsWith('+'));
	if (others.length > 0) {
		// An operand without + would set the clock (settimeofday), which is not modelled.
		ctx.err('[simulation: setting the clock (settimeofday) is not modelled]\n');
		return 1;
	}
	if (formats.length > 1) {
		ctx.err(
			`date: extra operand ${lq(formats[1] ?? '')}\nTry 'date --help' for more information.\n`,
		);
		return 1;
	}
	const ms = ctx.host.wallClockMs();
	const d = new Date(ms);
	// The simulated clock has millisecond steps; %N shows them as nanoseconds.
	const ns = (ms % 1000) * 1e6;
	let format = '%a %b %e %H:%M:%S %Z %Y';
	if (opts.opts.has('rfc-email')) format = '%a, %d %b %Y %H:%M:%S %z';
	if (opts.opts.has('iso-8601')) format = '%Y-%m-%d';
	if (formats[0] !== undefined) format = formats[0].slice(1);
	ctx.out(`${strftime(format, d, ns)}\n`);
	return 0;
};

/** util-linux's size_to_human_string: `147.8K`, `24M`, `0B`. */
function sizeToHuman(bytes: number): string {
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

/** `vmtouch FILE…`: the same residency in vmtouch's words. */
export const vmtouch: CommandFn = (ctx) => {
	const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
	if (files.length === 0) {
		ctx.err('vmtouch: no files or directories specified\n');
		return 1;
	}
	let total = 0;
	let resident = 0;
	let status = 0;
	for (const f of files) {
		const r = ctx.host.fincore(ctx.pid, f);
		if (!r.ok) {
			fail(ctx, 'vmtouch', f, r.errno);
			status = 1;
			continue;
		}
		total += r.value.pages;
		resident += r.value.resident.length;
	}
	const pct = total === 0 ? 0 : (resident * 100) / total;
	ctx.out(
		`           Files: ${files.length}\n     Directories: 0\n  Resident Pages: ${resident}/${total}  ${sizeToHuman(resident * 4096)}/${sizeToHuman(total * 4096)}  ${pct.toFixed(pct === 100 || pct === 0 ? 0 : 3)}%\n         Elapsed: 0.000151 seconds\n`,
	);
	return status;
};

const V3_PROCS = [
	'null',
	'getattr',
	'setattr',
	'lookup',
	'access',
	'readlink',
	'read',
	'write',
	'create',
	'mkdir',
	'symlink',
	'mknod',
	'remove',
	'rmdir',
	'rename',
	'link',
	'readdir',
	'readdirplus',
	'fsstat',
	'fsinfo',
	'pathconf',
	'commit',
];

/** nfs-utils print_callstats: six names per row (`%-13s`), counts as `%-8u%3u%% `. */
function callstats(header: string, counts: Record<string, number>): string {
	const values = V3_PROCS.map((p) => counts[p.toUpperCase()] ?? 0);
	const total = values.reduce((a, b) => a + b, 0) || 1;
	let out = header;
	for (let i = 0; i < V3_PROCS.length; i += 6) {
		out += V3_PROCS.slice(i, i + 6)
			.map((n) => n.padEnd(13))
			.join('');
		out += '\n';
		out += values
			.slice(i, i + 6)
			.map((v) => `${String(v).padEnd(8)}${String(Math.floor((v * 100) / total)).padStart(3)}% `)
			.join('');
		out += '\n';
	}
	return out + '\n';
}

/** nfs-utils print_numbers: `%-8u` with three spaces between. */
function numbers(header: string, values: number[]): string {
	return header + values.map((v, i) => `${i ? '   ' : ''}${String(v).padEnd(8)}`).join('') + '\n\n';
}

/** `nfsstat [-c|-s]`: RPC counts this host sent as a client or served as a server. */
export const nfsstat: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'nfsstat', [
		{ short: 'c', long: 'client' },
		{ short: 's', long: 'server' },
		{ short: 'n', long: 'nfs' },
		{ short: 'r', long: 'rpc' },
		{ short: 'o', arg: true },
		{ short: '3' },
	]);
	if (!opts) return 2;
	const stats = ctx.host.nfsstat();
	const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
	const isServer = ctx.host.state().exports.length > 0;
	const isClient = ctx.host.mounts().some((m) => m.type === 'nfs');
	const wantServer = opts.opts.has('server') || (!opts.opts.has('client') && isServer);
	const wantClient = opts.opts.has('client') || (!opts.opts.has('server') && isClient);
	const rpcOnly = opts.opts.has('rpc');
	const nfsOnly = opts.opts.has('nfs');
	let out = '';
	if (wantServer) {
		if (!nfsOnly)
			out += numbers('Server rpc stats:\ncalls      badcalls   badfmt     badauth    badclnt\n', [
				sum(stats.server),
				0,
				0,
				0,
				0,
			]);
		if (!rpcOnly) out += callstats('Server nfs v3:\n', stats.server);
	}
	if (wantClient) {
		if (!nfsOnly)
			out += numbers('Client rpc stats:\ncalls      retrans    authrefrsh\n', [
				sum(stats.client),
				0,
				sum(stats.client),
			]);
		if (!rpcOnly) out += callstats('Client nfs v3:\n', stats.client);
	}
	ctx.out(out);
	return 0;
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

/**
 * strace's syscall classes (the TRACE_FILE, TRACE_PROCESS … flags of its syscallent tables),
 * limited to the calls this simulation makes.
 */
const TRACE_CLASSES: Record<string, string[]> = {
	file: [
		'open',
		'openat',
		'stat',
		'lstat',
		'newfstatat',
		'access',
		'faccessat',
		'faccessat2',
		'execve',
		'unlink',
		'unlinkat',
		'rename',
		'renameat',
		'renameat2',
		'chmod',
		'fchmodat',
		'mkdir',
		'mkdirat',
		'rmdir',
		'link',
		'linkat',
		'symlink',
		'symlinkat',
		'readlink',
		'readlinkat',
		'truncate',
		'chdir',
		'utimensat',
		'statfs',
		'statx',
	],
	process: ['execve', 'exit', 'exit_group', 'clone', 'clone3', 'fork', 'vfork', 'wait4', 'kill'],
	memory: ['mmap', 'munmap', 'mprotect', 'brk', 'mremap', 'madvise'],
	desc: [
		'read',
		'write',
		'close',
		'dup2',
		'dup3',
		'openat',
		'open',
		'lseek',
		'fstat',
		'newfstatat',
		'ftruncate',
		'copy_file_range',
		'getdents64',
		'mmap',
		'fchmod',
		'fsync',
		'pread64',
		'pwrite64',
	],
	signal: ['kill', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn'],
};

/** `strace [-f] CMD…`: traces CMD's system calls (output goes to standard error). */
export const strace: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	let follow = false;
	let only: Set<string> | null = null;
	let output: string | null = null;
	let i = 0;
	while (i < args.length && (args[i] as string).startsWith('-')) {
		const a = args[i] as string;
		if (a === '-f' || a === '-ff') follow = true;
		else if (a === '-e' || a.startsWith('-e')) {
			const expr = a === '-e' ? args[++i] : a.slice(2);
			if (expr === undefined) {
				ctx.err(
					"strace: option requires an argument -- 'e'\nTry 'strace -h' for more information.\n",
				);
				return 1;
			}
			// -e trace=a,b or just -e a,b, with strace's classes (%file …); a leading ! or other
			// qualifiers are not modelled.
			const list = expr.replace(/^trace=/, '');
			const names = new Set<string>();
			for (const item of list.split(',').filter(Boolean)) {
				const cls = item.startsWith('%') ? TRACE_CLASSES[item.slice(1)] : undefined;
				if (item.startsWith('%') && cls === undefined) {
					ctx.err(`strace: invalid system call '${item}'\n`);
					return 1;
				}
				for (const n of cls ?? [item]) names.add(n);
			}
			only = list === 'all' ? null : names;
		} else if (a === '-o' || a.startsWith('-o')) {
			const file = a === '-o' ? args[++i] : a.slice(2);
			if (file === undefined) {
				ctx.err(
					"strace: option requires an argument -- 'o'\nTry 'strace -h' for more information.\n",
				);
				return 1;
			}
			output = file;
		} else if (a === '-s' || a === '-p') i++;
		else {
			ctx.err(
				`strace: invalid option -- ${q(a.slice(1, 2))}\nTry 'strace -h' for more information.\n`,
			);
			return 1;
		}
		i++;
	}
	const cmd = args.slice(i);
	if (cmd.length === 0) {
		ctx.err("strace: must have PROG [ARGS] or -p PID\nTry 'strace -h' for more information.\n");
		return 1;
	}
	return ctx.trace(cmd, { follow, only, output });
};
