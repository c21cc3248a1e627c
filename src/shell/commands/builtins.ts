/**
 * Bash builtins: they run inside the shell process, so their redirections and errors are the
 * shell's own (`bash: cd: …`). Messages are bash 5.2's (builtins/*.def).
 */
import type { Errno, SignalName, Stat } from '../../kernel';
import { utf8Encode } from '../../kernel';
import { binaryToBytes } from '../bytes';
import type { CommandContext, CommandFn } from '../context';
import { absPath, errText, interruptNote, LoopControl, setVar, unsetVar } from '../context';
import { exitStatus } from '../jobs';
import type { Job } from '../jobs';
import { killListing, parseSignal, signalName } from '../signals';
import { procKind } from '../proc';
import { QuietError } from '../quiet-error';
import { pathCandidates, searchPath } from '../lookup';

/** Error from a builtin, prefixed the way bash prefixes it. */
function berr(ctx: CommandContext, text: string): void {
	ctx.err(`${ctx.prefix}${text}\n`);
}

/** `echo [-neE] [arg …]` (builtins/echo.def). */
const echo: CommandFn = (ctx) => {
	let args = ctx.argv.slice(1);
	let newline = true;
	let escapes = false;
	while (args.length > 0 && /^-[neE]+$/.test(args[0] as string)) {
		const flags = args[0] as string;
		if (flags.includes('n')) newline = false;
		if (flags.includes('e')) escapes = true;
		if (flags.includes('E')) escapes = false;
		args = args.slice(1);
	}
	let text = args.join(' ');
	if (escapes) {
		text = text.replace(/\\([nt\\ae0]|c.*$)/g, (_m, c: string) => {
			if (c === 'n') return '\n';
			if (c === 't') return '\t';
			if (c === '\\') return '\\';
			if (c === 'a') return '\x07';
			if (c === 'e') return '\x1b';
			if (c === '0') return '\0';
			newline = false;
			return '';
		});
	}
	return checkWrite(ctx, 'echo', ctx.out(text + (newline ? '\n' : '')), 0);
};

/**
 * sh_chkwrite() after echo and printf (builtins/common.c): a failed write(2) (ENOSPC on a
 * full disk) is reported as `bash: echo: write error: …` and the builtin fails.
 */
function checkWrite(
	ctx: CommandContext,
	name: string,
	errno: Errno | null,
	status: number,
): number {
	if (errno === null) return status;
	berr(ctx, `${name}: write error: ${errText(errno)}`);
	return 1;
}

/** `cd [dir]`: chdir(2) in the shell; `cd` alone goes home, `cd -` to OLDPWD. */
const cd: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	if (args.length > 1) {
		berr(ctx, 'cd: too many arguments');
		return 1;
	}
	let target = args[0] ?? ctx.sh.vars.get('HOME') ?? '/root';
	let print = false;
	if (target === '-') {
		const old = ctx.sh.vars.get('OLDPWD');
		if (old === undefined) {
			berr(ctx, 'cd: OLDPWD not set');
			return 1;
		}
		target = old;
		print = true;
	}
	const path = absPath(ctx.sh.cwd, target);
	const done = ctx.host.chdir(ctx.sh.pid, path);
	if (!done.ok) {
		berr(ctx, `cd: ${target}: ${errText(done.errno)}`);
		return 1;
	}
	ctx.sh.vars.set('OLDPWD', ctx.sh.cwd);
	ctx.sh.cwd = path;
	ctx.sh.vars.set('PWD', path);
	if (print) ctx.out(`${path}\n`);
	return 0;
};

const pwd: CommandFn = (ctx) => {
	ctx.out(`${ctx.sh.cwd}\n`);
	return 0;
};

const exit: CommandFn = (ctx) => {
	const arg = ctx.argv[1];
	if (ctx.argv.length > 2 && arg !== undefined && /^-?\d+$/.test(arg)) {
		// exit.def: an interactive shell says `exit` first, then refuses and stays (status 1).
		if (ctx.sh.interactive) ctx.err('exit\n');
		berr(ctx, 'exit: too many arguments');
		return 1;
	}
	if (arg !== undefined && !/^-?\d+$/.test(arg)) {
		return ctx.exit(2, `${ctx.prefix}exit: ${arg}: numeric argument required\n`);
	}
	return ctx.exit(arg === undefined ? ctx.sh.status : Number(arg) & 0xff);
};

const trueCmd: CommandFn = () => 0;
const falseCmd: CommandFn = () => 1;

/** `jobs [-lp] [jobspec]` (builtins/jobs.def). */
const jobs: CommandFn = (ctx) => {
	let long = false;
	let pidsOnly = false;
	const specs: string[] = [];
	for (const a of ctx.argv.slice(1)) {
		if (/^-[lpnrs]+$/.test(a)) {
			if (a.includes('l')) long = true;
			if (a.includes('p')) pidsOnly = true;
		} else if (a.startsWith('-') && a !== '-') {
			berr(ctx, `jobs: ${a.slice(0, 2)}: invalid option`);
			ctx.err('jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n');
			return 2;
		} else specs.push(a);
	}
	ctx.reapJobs();
	const table = ctx.sh.jobs;
	let status = 0;
	const selected = specs.length === 0 ? [...table.list] : [];
	for (const s of specs) {
		const job = table.find(s);
		if (!job) {
			berr(ctx, `jobs: ${s}: no such job`);
			status = 1;
		} else selected.push(job);
	}
	for (const job of selected) {
		ctx.out(pidsOnly ? `${job.pids[0]}\n` : `${table.format(job, long)}\n`);
		// Listing a finished job reports it, so no notice follows.
		if (!pidsOnly) job.notified = true;
	}
	table.removeDead();
	return status;
};

/**
 * A wait that would never end (a daemon that does not exit): after an hour of simulated time
 * the simulation interrupts `wait` with SIGINT (status 130) and says so, since nobody pressed
 * Ctrl-C.
 */
function interrupted(ctx: CommandContext): number {
	ctx.err(`${interruptNote(WAIT_LIMIT_MS)}\n`);
	return 130;
}

/** How long `wait` lets a job run before the simulation interrupts it. */
const WAIT_LIMIT_MS = 3_600_000;

/** `wait [id …]`: waits for jobs or pids, letting simulated time pass (builtins/wait.def). */
const wait: CommandFn = (ctx) => {
	const limit = WAIT_LIMIT_MS;
	const args = ctx.argv.slice(1);
	const table = ctx.sh.jobs;
	ctx.reapJobs();
	if (args.length === 0) {
		// Jobs that were already dead are collected silently; those that end during the wait
		// are reported as it returns, before the rest of the line runs (bash 5.2 in a pty:
		// `sleep 1 & sleep 2 & wait; echo after` prints both Done lines, then `after`).
		const before = table.list.filter((j) => j.status.kind !== 'running');
		for (const job of [...table.list]) {
			if (job.status.kind !== 'running') continue;
			// A pipeline's job ends with its last process (each one is waited for).
			for (const pid of job.pids)
				if (ctx.waitChild(pid, limit) === 'timeout') return interrupted(ctx);
		}
		ctx.reapJobs();
		for (const job of before) table.remove(job);
		ctx.notify();
		for (const job of [...table.list]) if (job.status.kind !== 'running') table.remove(job);
		return 0;
	}
	let status = 0;
	for (const a of args) {
		if (a.startsWith('%')) {
			const job = table.find(a);
			if (!job) {
				berr(ctx, `wait: ${a}: no such job`);
				status = 127;
				continue;
			}
			if (
				job.status.kind === 'running' &&
				job.pids.some((pid) => ctx.waitChild(pid, limit) === 'timeout')
			)
				return interrupted(ctx);
			ctx.reapJobs();
			status = exitStatus(job.status);
			ctx.notify();
			continue;
		}
		if (!/^\d+$/.test(a)) {
			berr(ctx, `wait: \`${a}': not a pid or valid job spec`);
			status = 2;
			continue;
		}
		const pid = Number(a);
		const job = table.byPid(pid);
		if (job) {
			if (job.status.kind === 'running' && ctx.waitChild(pid, limit) === 'timeout')
				return interrupted(ctx);
			ctx.reapJobs();
			status = exitStatus(job.status);
			ctx.notify();
			continue;
		}
		const saved = ctx.sh.bgStatus.get(pid);
		if (saved !== undefined) {
			status = saved;
			continue;
		}
		berr(ctx, `wait: pid ${pid} is not a child of this shell`);
		status = 127;
	}
	return status;
};

/** `kill [-s sig | -sig] pid|%job …` and `kill -l [sig]` (builtins/kill.def). */
const kill: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	const usage = (): number => {
		ctx.err(
			'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n',
		);
		return 2;
	};
	if (args.length === 0) return usage();
	let sig = 15;
	let i = 0;
	const first = args[0] as string;
	if (first === '-l' || first === '-L') {
		if (args.length === 1) {
			ctx.out(killListing());
			return 0;
		}
		let status = 0;
		for (const a of args.slice(1)) {
			if (/^\d+$/.test(a)) {
				// An exit status names the signal that caused it (`kill -l 135` → BUS).
				const n = Number(a) > 128 ? Number(a) - 128 : Number(a);
				const name = signalName(n);
				if (name === null) {
					berr(ctx, `kill: ${a}: invalid signal specification`);
					status = 1;
				} else ctx.out(`${name}\n`);
			} else {
				const n = parseSignal(a);
				if (n === null) {
					berr(ctx, `kill: ${a}: invalid signal specification`);
					status = 1;
				} else ctx.out(`${n}\n`);
			}
		}
		return status;
	}
	if (first === '-s' || first === '-n') {
		const spec = args[1];
		if (spec === undefined) {
			berr(ctx, `kill: ${first}: option requires an argument`);
			return 2;
		}
		const n = parseSignal(spec);
		if (n === null) {
			berr(ctx, `kill: ${spec}: invalid signal specification`);
			return 1;
		}
		sig = n;
		i = 2;
	} else if (first === '--') {
		i = 1;
	} else if (first.startsWith('-') && first.length > 1) {
		const n = parseSignal(first.slice(1));
		if (n === null) {
			berr(ctx, `kill: ${first.slice(1)}: invalid signal specification`);
			return 1;
		}
		sig = n;
		i = 1;
	}
	const targets = args.slice(i);
	if (targets.length === 0) return usage();
	const name = sig === 0 ? 0 : (`SIG${signalName(sig) ?? ''}` as SignalName);
	let status = 0;
	for (const t of targets) {
		let pids: number[];
		if (t.startsWith('%')) {
			const job = ctx.sh.jobs.find(t);
			if (!job) {
				berr(ctx, `kill: ${t}: no such job`);
				status = 1;
				continue;
			}
			// A job is signalled as a process group (jobs.c kill_pid: killpg), so the programs a
			// background subshell started (`( sleep 10; echo x ) &`) get the signal too.
			const leader = job.pids[0] as number;
			const group = ctx.host
				.processes()
				.filter((p) => p.pgid === leader && p.state !== 'Z' && !job.pids.includes(p.pid))
				.map((p) => p.pid);
			pids = [...job.pids, ...group];
		} else if (/^-?\d+$/.test(t)) {
			pids = [Number(t)];
		} else {
			berr(ctx, `kill: ${t}: arguments must be process or job IDs`);
			status = 1;
			continue;
		}
		const job = t.startsWith('%') ? ctx.sh.jobs.find(t) : ctx.sh.jobs.byPid(Number(t));
		for (const pid of pids) {
			if (sig > 31) {
				// The simulated kernel knows the 31 standard signals only.
				berr(ctx, `kill: ${t}: ${errText('EINVAL')}`);
				status = 1;
				continue;
			}
			const done = ctx.host.kill(ctx.sh.pid, pid, name);
			if (!done.ok) {
				berr(ctx, `kill: (${pid}) - ${errText(done.errno)}`);
				status = 1;
			} else if (job?.status.kind === 'stopped' && sig !== 9 && sig !== 18 && sig !== 0) {
				// bash continues a stopped job after signalling it, so the signal is acted on
				// (jobs.c kill_pid).
				ctx.host.kill(ctx.sh.pid, pid, 'SIGCONT');
			}
		}
	}
	return status;
};

/** The job `fg` or `bg` names: the argument, or the current job. */
function jobArg(ctx: CommandContext, cmd: string): Job | null {
	ctx.reapJobs();
	const spec = ctx.argv[1] ?? '%+';
	const job = ctx.sh.jobs.find(spec);
	if (!job) {
		berr(ctx, `${cmd}: ${ctx.argv[1] ?? 'current'}: no such job`);
		return null;
	}
	return job;
}

/** `fg [%job]`: prints the command, continues the job if stopped and waits for it. */
const fg: CommandFn = (ctx) => {
	const job = jobArg(ctx, 'fg');
	if (!job) return 1;
	ctx.out(`${job.command}\n`);
	const pid = job.pids[0] as number;
	if (job.status.kind === 'stopped') ctx.host.kill(ctx.sh.pid, pid, 'SIGCONT');
	// The job is no longer a background job: its end is reported like a foreground command's.
	ctx.sh.jobs.remove(job);
	// A pipeline's processes are waited for in turn; the last one gives the status. Those
	// already reaped are skipped.
	let status = 0;
	for (const p of job.pids) {
		const saved = job.exits?.get(p);
		status = saved ? exitStatus(saved) : ctx.foreground(p);
	}
	return status;
};

/** `bg [%job]`: continues a stopped job in the background (`[1]+ cmd &`). */
const bg: CommandFn = (ctx) => {
	const job = jobArg(ctx, 'bg');
	if (!job) return 1;
	if (job.status.kind !== 'stopped') {
		berr(ctx, `bg: job ${job.id} already in background`);
		return 0;
	}
	ctx.host.kill(ctx.sh.pid, job.pids[0] as number, 'SIGCONT');
	ctx.sh.jobs.update(job, { kind: 'running' });
	job.notified = true;
	ctx.out(`[${job.id}]${ctx.sh.jobs.mark(job)} ${job.command} &\n`);
	return 0;
};

/** `ulimit [-c] [limit]`: only the core size limit is modelled (builtins/ulimit.def). */
const ulimit: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	let i = 0;
	let which = 'f';
	while (i < args.length && /^-[a-zA-Z]+$/.test(args[i] as string)) {
		const flags = (args[i] as string).slice(1);
		for (const f of flags) {
			if (!'SHabcdefiklmnpqrstuvxPRT'.includes(f)) {
				berr(ctx, `ulimit: -${f}: invalid option`);
				ctx.err('ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n');
				return 2;
			}
			if (f !== 'S' && f !== 'H') which = f;
		}
		i++;
	}
	const value = args[i];
	if (which === 'a') {
		const core = ctx.host.coreLimit(ctx.sh.pid);
		// RLIMIT_NPROC and RLIMIT_SIGPENDING start at max_threads / 2, and max_threads is RAM
		// over 8 kernel stacks of 16 KiB (kernel/fork.c set_max_threads); the rest are the
		// defaults of a Debian 12 root login (systemd 252: 1024 open files, 8 MiB memlock).
		const threads = Math.floor(Math.floor((ctx.host.meminfo().memTotal * 1024) / (16384 * 8)) / 2);
		const rows: [string, string, string][] = [
			['real-time non-blocking time', '(microseconds, -R)', 'unlimited'],
			['core file size', '(blocks, -c)', core < 0 ? 'unlimited' : String(Math.floor(core / 1024))],
			['data seg size', '(kbytes, -d)', 'unlimited'],
			['scheduling priority', '(-e)', '0'],
			['file size', '(blocks, -f)', 'unlimited'],
			['pending signals', '(-i)', String(threads)],
			['max locked memory', '(kbytes, -l)', '8192'],
			['max memory size', '(kbytes, -m)', 'unlimited'],
			['open files', '(-n)', '1024'],
			['pipe size', '(512 bytes, -p)', '8'],
			['POSIX message queues', '(bytes, -q)', '819200'],
			['real-time priority', '(-r)', '0'],
			['stack size', '(kbytes, -s)', '8192'],
			['cpu time', '(seconds, -t)', 'unlimited'],
			['max user processes', '(-u)', String(threads)],
			['virtual memory', '(kbytes, -v)', 'unlimited'],
			['file locks', '(-x)', 'unlimited'],
		];
		// ulimit.def print_all_limits: the description is padded to 20 columns, the unit to 20.
		ctx.out(rows.map(([d, u, v]) => `${d.padEnd(20)}${u.padStart(20)} ${v}\n`).join(''));
		return 0;
	}
	if (which !== 'c') {
		// Other limits exist in bash but are not modelled here; they read as unlimited.
		if (value === undefined)
			ctx.out(which === 'n' ? '1024\n' : which === 's' ? '8192\n' : 'unlimited\n');
		return 0;
	}
	if (value === undefined) {
		const core = ctx.host.coreLimit(ctx.sh.pid);
		ctx.out(core < 0 ? 'unlimited\n' : `${Math.floor(core / 1024)}\n`);
		return 0;
	}
	let bytes: number;
	if (value === 'unlimited') bytes = -1;
	else if (/^\d+$/.test(value)) bytes = Number(value) * 1024;
	else {
		berr(ctx, `ulimit: ${value}: invalid number`);
		return 1;
	}
	ctx.host.setCoreLimit(ctx.sh.pid, bytes);
	return 0;
};

/** `history [n]`: numbered like bash, `%5d  %s`. */
const history: CommandFn = (ctx) => {
	const list = ctx.history();
	const n = ctx.argv[1];
	if (n !== undefined && !/^\d+$/.test(n)) {
		berr(ctx, `history: ${n}: numeric argument required`);
		return 1;
	}
	const start = n === undefined ? 0 : Math.max(0, list.length - Number(n));
	ctx.out(
		list
			.slice(start)
			.map((line, i) => `${String(start + i + 1).padStart(5)}  ${line}\n`)
			.join(''),
	);
	return 0;
};

/** `help`: bash's header, then what this simulated shell understands. */
const help: CommandFn = (ctx) => {
	const tools = ctx
		.commandNames()
		.filter((n) => !builtinNames.includes(n))
		.join(' ');
	ctx.out(
		`GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)
These shell commands are defined internally.  Type \`help' to see this list.

Builtins in this simulation:
 ${builtinNames.filter((n) => n !== ':' && !UNSUPPORTED_BUILTINS.has(n)).join(' ')}

Other commands on this host:
 ${wrap(tools, 78)}

Syntax: words and 'quotes', $VAR, $?, $!, $(cmd), ; && || | & > >> 2> 2>&1 < ~ and * globs.
`,
	);
	return 0;
};

function wrap(text: string, width: number): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line !== '' && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line === '' ? word : `${line} ${word}`;
	}
	lines.push(line);
	return lines.join('\n ');
}

/** `export NAME=value`: the simulation has one environment per shell. */
const exportCmd: CommandFn = (ctx) => {
	for (const a of ctx.argv.slice(1)) {
		const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a);
		if (!m) {
			berr(ctx, `export: \`${a}': not a valid identifier`);
			return 1;
		}
		if (m[2] !== undefined) setVar(ctx.sh, m[1] as string, m[2]);
	}
	return 0;
};

/** Options of `set -o` that bash knows; only pipefail changes anything here. */
const SET_OPTIONS = new Set([
	'allexport',
	'braceexpand',
	'emacs',
	'errexit',
	'errtrace',
	'functrace',
	'hashall',
	'histexpand',
	'history',
	'ignoreeof',
	'interactive-comments',
	'keyword',
	'monitor',
	'noclobber',
	'noexec',
	'noglob',
	'nolog',
	'notify',
	'nounset',
	'onecmd',
	'physical',
	'pipefail',
	'posix',
	'privileged',
	'verbose',
	'vi',
	'xtrace',
]);

/**
 * `set -o pipefail` and `set +o pipefail` (builtins/set.def); an unknown option name gets
 * bash's message and status 2, and other uses of set say they are not simulated.
 */
const set: CommandFn = (ctx) => {
	const [flag, name, ...rest] = ctx.argv.slice(1);
	if ((flag === '-o' || flag === '+o') && name !== undefined && rest.length === 0) {
		if (!SET_OPTIONS.has(name)) {
			berr(ctx, `set: ${name}: invalid option name`);
			return 2;
		}
		if (name === 'pipefail') {
			ctx.sh.pipefail = flag === '-o';
			return 0;
		}
	}
	ctx.err(
		`[simulation: set ${ctx.argv.slice(1).join(' ')} is not supported in this simulated shell; set -o pipefail is]\n`,
	);
	return 0;
};

const unset: CommandFn = (ctx) => {
	for (const a of ctx.argv.slice(1)) unsetVar(ctx.sh, a);
	return 0;
};

/** bash's reserved words (parse.y word_token_alist), which `type` names before anything else. */
const KEYWORDS = new Set([
	'if',
	'then',
	'else',
	'elif',
	'fi',
	'case',
	'esac',
	'for',
	'select',
	'while',
	'until',
	'do',
	'done',
	'in',
	'function',
	'time',
	'{',
	'}',
	'!',
	'[[',
	']]',
	'coproc',
]);

/** Every file on PATH named `name`, executable ones only (findcmd.c user_command_matches). */
function allOnPath(ctx: CommandContext, name: string): string[] {
	const pathVar = ctx.sh.vars.get('PATH');
	if (name.includes('/'))
		return ctx.host.peekExecStatus(absPath(ctx.sh.cwd, name)) === 'exec' ? [name] : [];
	if (pathVar === undefined || pathVar === '') return [];
	return pathCandidates(pathVar, name).filter(
		(path) => ctx.host.peekExecStatus(absPath(ctx.sh.cwd, path)) === 'exec',
	);
}

/**
 * What `type` and `command -V` say about one name (builtins/type.def describe_command): a
 * keyword, a builtin, a remembered file (counted as a hit, as phash_search does), or the file
 * a PATH search finds. `form` picks what is printed: a sentence, the word of -t, the path of
 * -p/-P, or command -v's name or path.
 */
function describe(
	ctx: CommandContext,
	name: string,
	form: 'sentence' | 'type' | 'path' | 'forcePath' | 'reuse',
	all: boolean,
): string[] {
	const lines: string[] = [];
	const say = (kind: string, sentence: string, path?: string): void => {
		if (form === 'type') lines.push(kind);
		else if (form === 'sentence') lines.push(sentence);
		else if (form === 'reuse') lines.push(path ?? name);
		else if (path !== undefined) lines.push(path);
	};
	if (form !== 'forcePath') {
		if (KEYWORDS.has(name)) {
			say('keyword', `${name} is a shell keyword`);
			if (!all) return lines;
		}
		if (builtinNames.includes(name)) {
			say('builtin', `${name} is a shell builtin`);
			if (!all) return lines;
		}
	}
	if (!all || form === 'forcePath') {
		const hashed = name.includes('/') ? undefined : ctx.sh.hash.find(name);
		if (hashed !== undefined) {
			say('file', `${name} is hashed (${hashed})`, hashed);
			return lines;
		}
	}
	if (all) {
		for (const path of allOnPath(ctx, name)) say('file', `${name} is ${path}`, path);
		return lines;
	}
	let path: string | null = null;
	if (name.includes('/')) {
		path = ctx.host.peekExecStatus(absPath(ctx.sh.cwd, name)) === 'exec' ? name : null;
	} else {
		const found = searchPath(ctx.host, ctx.sh.cwd, ctx.sh.vars.get('PATH'), name);
		path = found.kind === 'file' ? found.path : null;
	}
	if (path !== null) say('file', `${name} is ${path}`, path);
	return lines;
}

/** `type [-afptP] name …` (builtins/type.def). */
const type: CommandFn = (ctx) => {
	let all = false;
	let form: 'sentence' | 'type' | 'path' | 'forcePath' = 'sentence';
	const args = ctx.argv.slice(1);
	while (args.length > 0 && /^-./.test(args[0] as string)) {
		const a = args.shift() as string;
		if (a === '--') break;
		for (const f of a.slice(1)) {
			if (f === 'a') all = true;
			else if (f === 't') form = 'type';
			else if (f === 'p') form = form === 'forcePath' ? form : 'path';
			else if (f === 'P') form = 'forcePath';
			else if (f !== 'f') {
				berr(ctx, `type: -${f}: invalid option`);
				ctx.err('type: usage: type [-afptP] name [name ...]\n');
				return 2;
			}
		}
	}
	let status = 0;
	for (const name of args) {
		const lines = describe(ctx, name, form, all);
		// -p names nothing for a builtin or keyword and still succeeds (type.def).
		const known =
			lines.length > 0 || (form === 'path' && (KEYWORDS.has(name) || builtinNames.includes(name)));
		if (!known) {
			if (form === 'sentence') berr(ctx, `type: ${name}: not found`);
			status = 1;
		}
		for (const line of lines) ctx.out(`${line}\n`);
	}
	return status;
};

/**
 * `command -v|-V name …` (builtins/command.def). Running a command through `command` is done
 * by the shell itself, which skips the word (there are no functions for it to bypass).
 */
const command: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	const flag = args[0];
	if (flag === undefined) return 0;
	if (flag !== '-v' && flag !== '-V') {
		ctx.err('[simulation: command -p is not supported in this simulated shell]\n');
		return 2;
	}
	// Success when any name was found (command.def counts them).
	let found = 0;
	for (const name of args.slice(1)) {
		const lines = describe(ctx, name, flag === '-v' ? 'reuse' : 'sentence', false);
		if (lines.length === 0 && flag === '-V') berr(ctx, `command: ${name}: not found`);
		if (lines.length > 0) found++;
		for (const line of lines) ctx.out(`${line}\n`);
	}
	return found > 0 ? 0 : 1;
};

/** `hash [-lr] [-p pathname] [-dt] [name …]` (builtins/hash.def). */
const hash: CommandFn = (ctx) => {
	const table = ctx.sh.hash;
	let portable = false;
	let flush = false;
	let remove = false;
	let targets = false;
	let pathname: string | null = null;
	const args = ctx.argv.slice(1);
	const usage = (): number => {
		ctx.err('hash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n');
		return 2;
	};
	while (args.length > 0 && /^-./.test(args[0] as string)) {
		const a = args.shift() as string;
		if (a === '--') break;
		for (let i = 1; i < a.length; i++) {
			const f = a[i] as string;
			if (f === 'l') portable = true;
			else if (f === 'r') flush = true;
			else if (f === 'd') remove = true;
			else if (f === 't') targets = true;
			else if (f === 'p') {
				const rest = a.slice(i + 1);
				const value = rest !== '' ? rest : args.shift();
				if (value === undefined) {
					berr(ctx, 'hash: -p: option requires an argument');
					return usage();
				}
				pathname = value;
				break;
			} else {
				berr(ctx, `hash: -${f}: invalid option`);
				return usage();
			}
		}
	}
	if ((remove || targets) && args.length === 0) {
		berr(ctx, `hash: ${remove ? '-d' : '-t'}: option requires an argument`);
		return 1;
	}
	if (args.length === 0 && !flush) {
		const entries = table.list();
		if (!portable && entries.length > 0) ctx.out('hits\tcommand\n');
		for (const e of entries)
			ctx.out(
				portable
					? `builtin hash -p ${e.path} ${e.name}\n`
					: `${String(e.hits).padStart(4)}\t${e.path}\n`,
			);
		if (entries.length === 0 && !portable) ctx.out('hash: hash table empty\n');
		return 0;
	}
	if (flush) table.clear();
	if (targets) {
		let status = 0;
		for (const name of args) {
			const path = table.find(name);
			if (path === undefined) {
				berr(ctx, `hash: ${name}: not found`);
				status = 1;
			} else if (portable) ctx.out(`builtin hash -p ${path} ${name}\n`);
			else ctx.out(args.length > 1 ? `${name}\t${path}\n` : `${path}\n`);
		}
		return status;
	}
	let status = 0;
	for (const name of args) {
		if (name.includes('/')) continue;
		if (pathname !== null) {
			if (ctx.host.peekStat(absPath(ctx.sh.cwd, pathname))?.type === 'dir') {
				berr(ctx, `hash: ${pathname}: Is a directory`);
				status = 1;
			} else table.insert(name, pathname, 0);
		} else if (remove) {
			if (!table.remove(name)) {
				berr(ctx, `hash: ${name}: not found`);
				status = 1;
			}
		} else if (!builtinNames.includes(name)) {
			// add_hashed_command(): forget the name, search again, keep only an executable file.
			table.remove(name);
			const found = searchPath(ctx.host, ctx.sh.cwd, ctx.sh.vars.get('PATH'), name);
			const path = found.kind === 'file' ? found.path : null;
			if (path !== null && ctx.host.peekExecStatus(absPath(ctx.sh.cwd, path)) === 'exec')
				table.insert(name, path, 0);
			else {
				berr(ctx, `hash: ${name}: not found`);
				status = 1;
			}
		}
	}
	return status;
};

/** `pushd`-free directory check used by tests: `test -d/-f/-e`. */
/** A `test` usage error, printed as `bash: [: MESSAGE` with status 2. */
class TestError extends QuietError {}

/**
 * `test EXPR` / `[ EXPR ]` (builtins/test.def, test.c): POSIX's rules by argument count, with
 * `!`, parentheses around one argument, file, string and integer operators.
 */
const test: CommandFn = (ctx) => {
	let args = ctx.argv.slice(1);
	const name = ctx.argv[0] as string;
	if (name === '[') {
		if (args[args.length - 1] !== ']') {
			berr(ctx, "[: missing `]'");
			return 2;
		}
		args = args.slice(0, -1);
	}
	const pid = ctx.sh.pid;
	const stat = (path: string, follow: boolean): Stat | null => {
		const r = follow ? ctx.host.stat(pid, path) : ctx.host.lstat(pid, path);
		if (r.ok) return r.value;
		const abs = absPath(ctx.sh.cwd, path);
		if (abs === '/proc' || abs.startsWith('/proc/')) {
			const kind = procKind(ctx.host, abs, pid);
			if (kind === null) return null;
			const type = kind === 'dir' ? 'dir' : kind === 'link' && !follow ? 'symlink' : 'file';
			return { type, mode: kind === 'dir' ? 0o555 : 0o444, size: 0 } as Stat;
		}
		return null;
	};
	const int = (v: string): bigint => {
		if (!/^\s*[+-]?\d+\s*$/.test(v)) throw new TestError(`${v}: integer expression expected`);
		return BigInt(v.trim());
	};
	const unary = (op: string, v: string): boolean | null => {
		switch (op) {
			case '-z':
				return v === '';
			case '-n':
				return v !== '';
			case '-L':
			case '-h':
				return stat(v, false)?.type === 'symlink';
		}
		if (!/^-[efdsxrwbcpSg]$/.test(op)) return null;
		const st = stat(v, true);
		if (!st) return false;
		switch (op) {
			case '-d':
				return st.type === 'dir';
			case '-f':
				return st.type === 'file';
			case '-s':
				return st.size > 0;
			case '-x':
				// Root may execute anything with an x bit, and search any directory.
				return st.type === 'dir' || (st.mode & 0o111) !== 0;
			case '-c':
				return st.type === 'chr';
			case '-b':
			case '-p':
			case '-S':
			case '-g':
				return false;
			default:
				// -e, and -r/-w, which root always passes.
				return true;
		}
	};
	const binary = (a: string, op: string, b: string): boolean | null => {
		switch (op) {
			case '=':
			case '==':
				return a === b;
			case '!=':
				return a !== b;
			case '<':
				return a < b;
			case '>':
				return a > b;
			case '-eq':
				return int(a) === int(b);
			case '-ne':
				return int(a) !== int(b);
			case '-lt':
				return int(a) < int(b);
			case '-le':
				return int(a) <= int(b);
			case '-gt':
				return int(a) > int(b);
			case '-ge':
				return int(a) >= int(b);
			default:
				return null;
		}
	};
	const evaluate = (a: string[]): boolean => {
		const [x, y, z] = a as [string, string, string];
		switch (a.length) {
			case 0:
				return false;
			case 1:
				return x !== '';
			case 2: {
				if (x === '!') return y === '';
				const r = unary(x, y);
				if (r === null) throw new TestError(`${x}: unary operator expected`);
				return r;
			}
			case 3: {
				const r = binary(x, y, z);
				if (r !== null) return r;
				if (x === '!') return !evaluate(a.slice(1));
				if (x === '(' && z === ')') return y !== '';
				throw new TestError(`${y}: binary operator expected`);
			}
			case 4:
				if (x === '!') return !evaluate(a.slice(1));
				throw new TestError('too many arguments');
			default: {
				// -o binds looser than -a (test.c's or/and levels).
				for (const op of ['-o', '-a']) {
					const at = a.lastIndexOf(op);
					if (at > 0 && at < a.length - 1) {
						const l = evaluate(a.slice(0, at));
						const r = evaluate(a.slice(at + 1));
						return op === '-o' ? l || r : l && r;
					}
				}
				throw new TestError('too many arguments');
			}
		}
	};
	try {
		return evaluate(args) ? 0 : 1;
	} catch (e) {
		if (!(e instanceof TestError)) throw e;
		berr(ctx, `${name}: ${e.message}`);
		return 2;
	}
};

/** Characters of printf's one-letter backslash escapes (builtins/printf.def tescape). */
const PRINTF_ESCAPES: Record<string, string> = {
	a: '\x07',
	b: '\b',
	e: '\x1b',
	E: '\x1b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
	v: '\v',
	'\\': '\\',
	"'": "'",
	'"': '"',
	'?': '?',
};

/**
 * One backslash escape of printf at `text[at]` (the character after the backslash), as bash's
 * tescape() reads it: in the format, `\NNN` is up to three octal digits; for `%b` (`inB`),
 * `\0NNN` takes up to three more, and `\c` ends all output. \xHH gives one raw byte,
 * \uHHHH and \UHHHHHHHH a character as UTF-8. An unknown escape stays as it is. Returns the
 * bytes, how many characters were read, and whether output stops.
 */
function printfEscape(text: string, at: number, inB: boolean): [string, number, boolean] {
	const c = text[at];
	if (c === undefined) return ['\\', 0, false];
	const simple = PRINTF_ESCAPES[c];
	if (simple !== undefined) return [simple, 1, false];
	if (inB && c === 'c') return ['', 1, true];
	const octal = (inB && c === '0' ? /^0([0-7]{0,3})/ : /^([0-7]{1,3})/).exec(text.slice(at));
	if (octal)
		return [
			String.fromCharCode(Number.parseInt(octal[1] || '0', 8) & 0xff),
			octal[0].length,
			false,
		];
	const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(at));
	if (hex)
		return [String.fromCharCode(Number.parseInt(hex[1] as string, 16)), hex[0].length, false];
	const uni = (c === 'u' ? /^u([0-9a-fA-F]{1,4})/ : /^U([0-9a-fA-F]{1,8})/).exec(text.slice(at));
	if (uni) {
		const code = Number.parseInt(uni[1] as string, 16);
		if (code <= 0x10ffff) return [utf8Encode(String.fromCodePoint(code)), uni[0].length, false];
	}
	return [`\\${c}`, 1, false];
}

/**
 * `printf FORMAT [ARG…]` (bash's builtin, builtins/printf.def): the format's backslash escapes,
 * %s %b %d %i %x %o %c %% with a width, and the format reused while arguments remain. Only the
 * format and `%b` arguments have their escapes expanded; `%s` prints its argument as it is.
 */
const printf: CommandFn = (ctx) => {
	const [rawFormat, ...rawArgs] = ctx.argv.slice(1);
	if (rawFormat === undefined) {
		ctx.err('printf: usage: printf [-v var] format [arguments]\n');
		return 2;
	}
	// printf works on bytes (glibc counts %5s widths in bytes): the format and arguments are
	// taken as their UTF-8 bytes, and \NNN and \xHH escapes give single raw bytes.
	const format = utf8Encode(rawFormat);
	const args = rawArgs.map(utf8Encode);
	let out = '';
	let i = 0;
	let status = 0;
	let stop = false;
	/** Expands the escapes of a `%b` argument, up to a `\c`. */
	const bExpand = (arg: string): string => {
		let v = '';
		for (let k = 0; k < arg.length && !stop; k++) {
			if (arg[k] !== '\\') {
				v += arg[k];
				continue;
			}
			const [bytes, used, end] = printfEscape(arg, k + 1, true);
			v += bytes;
			k += used;
			stop = end;
		}
		return v;
	};
	do {
		let used = false;
		for (let k = 0; k < format.length && !stop; k++) {
			const ch = format[k] as string;
			if (ch === '\\') {
				const [bytes, n] = printfEscape(format, k + 1, false);
				out += bytes;
				k += n;
				continue;
			}
			const spec = ch === '%' ? /^%(-?\d*)([sbdixoc%])/.exec(format.slice(k)) : null;
			if (!spec) {
				out += ch;
				continue;
			}
			k += spec[0].length - 1;
			const width = spec[1] as string;
			const conv = spec[2] as string;
			if (conv === '%') {
				out += '%';
				continue;
			}
			used = true;
			const arg = args[i++] ?? '';
			let v: string;
			if (conv === 's') v = arg;
			else if (conv === 'b') v = bExpand(arg);
			else if (conv === 'c') v = arg.slice(0, 1);
			else {
				const n = arg === '' ? 0 : Number(arg);
				if (!Number.isInteger(n)) {
					ctx.err(`${ctx.prefix}printf: ${rawArgs[i - 1] ?? ''}: invalid number\n`);
					status = 1;
				}
				const int = Number.isInteger(n) ? n : 0;
				v = conv === 'x' ? int.toString(16) : conv === 'o' ? int.toString(8) : String(int);
			}
			const w = Number(width.replace('-', '') || '0');
			out += width.startsWith('-') ? v.padEnd(w) : v.padStart(w);
		}
		if (!used || stop) break;
	} while (i < args.length);
	return checkWrite(ctx, 'printf', ctx.out(binaryToBytes(out)), status);
};

/** `break [n]` and `continue [n]` (builtins/break.def). */
function loopControl(kind: 'break' | 'continue'): CommandFn {
	return (ctx) => {
		const arg = ctx.argv[1];
		if (arg !== undefined && !/^-?\d+$/.test(arg)) {
			berr(ctx, `${kind}: ${arg}: numeric argument required`);
			return 128;
		}
		const n = arg === undefined ? 1 : Number(arg);
		if (n < 1) {
			berr(ctx, `${kind}: ${arg}: loop count out of range`);
			return 1;
		}
		if ((ctx.sh.loops ?? 0) === 0) {
			berr(ctx, `${kind}: only meaningful in a \`for', \`while', or \`until' loop`);
			return 0;
		}
		throw new LoopControl(kind, Math.min(n, ctx.sh.loops ?? 1));
	};
}

/**
 * bash 5.2's other builtins (`compgen -b`). They are known by name, so `type` calls them shell
 * builtins and no PATH search happens, as in bash, but they are not modelled: each prints the
 * simulation's note and fails with 2, like the syntax the parser does not support.
 */
const UNSUPPORTED_BUILTINS = new Set([
	'.',
	'alias',
	'bind',
	'builtin',
	'caller',
	'compgen',
	'complete',
	'compopt',
	'declare',
	'dirs',
	'disown',
	'enable',
	'eval',
	'exec',
	'fc',
	'getopts',
	'let',
	'local',
	'mapfile',
	'popd',
	'pushd',
	'read',
	'readarray',
	'readonly',
	'return',
	'shift',
	'shopt',
	'source',
	'suspend',
	'times',
	'trap',
	'typeset',
	'umask',
	'unalias',
]);

const unsupportedBuiltin: CommandFn = (ctx) => {
	ctx.err(`[simulation: the ${ctx.argv[0]} builtin is not supported in this simulated shell]\n`);
	return 2;
};

/** Builtins by name. */
export const builtins: Record<string, CommandFn> = {
	echo,
	cd,
	pwd,
	exit,
	logout: exit,
	true: trueCmd,
	false: falseCmd,
	':': trueCmd,
	jobs,
	wait,
	kill,
	ulimit,
	history,
	help,
	export: exportCmd,
	unset,
	set,
	type,
	hash,
	command,
	test,
	'[': test,
	printf,
	fg,
	bg,
	break: loopControl('break'),
	continue: loopControl('continue'),
	...Object.fromEntries([...UNSUPPORTED_BUILTINS].map((name) => [name, unsupportedBuiltin])),
};

/** Names that bash runs as builtins, never as files. */
export const builtinNames: string[] = Object.keys(builtins);
