/**
 * System tools that the chapters rarely use: hostname, coreutils df and date, vmtouch, nfs-utils
 * nfsstat and strace. Output formats were copied from the real tools. The browser loads this
 * module after the first command (see ../deferred.ts); everything else imports it at once.
 */
import type { CommandFn } from '../../context';
import { absPath, errText } from '../../context';
import { fail, human, lq, MONTHS, parseOpts, q } from '../util';
import { DAYS, sizeToHuman } from '../system';

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
