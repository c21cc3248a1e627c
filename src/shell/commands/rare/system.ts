/**
 * System tools that the chapters rarely use: coreutils df, nfs-utils nfsstat and strace. Output formats were copied from the real tools. The browser loads this
 * module after the first command (see ../deferred.ts); everything else imports it at once.
 */
import type { CommandFn } from '../../context';
import { absPath, errText } from '../../context';
import { human, parseOpts, q } from '../util';

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
