/** Helpers the command implementations share. */
import type { Errno, Stat } from '../../kernel';
import { fileTimeMs } from '../../kernel';
import type { CommandContext } from '../context';
import { errText, ToolExit } from '../context';
import { toolVersion } from './deferred';
import { getopt, UsageError } from '../getopt';
import { FileInput } from '../bytes';
import type { OptionSpec, ParsedArgs } from '../getopt';

/** coreutils' usage error: the message, then "Try 'TOOL --help' for more information.". */
export function usageError(ctx: CommandContext, tool: string, message: string): void {
	ctx.err(`${tool}: ${message}\nTry '${tool} --help' for more information.\n`);
}

/** The two long options every GNU tool has (gnulib long-options, coreutils' emit_*). */
const STANDARD_OPTIONS: readonly OptionSpec[] = [{ long: 'help' }, { long: 'version' }];

/**
 * Parses options; on a usage error prints it the coreutils way and returns null. `--help` and
 * `--version` (or an unambiguous prefix of them) end the tool at once with status 0: the
 * version text is the real one where the simulation has it, and the help text is a note.
 */
export function parseOpts(
	ctx: CommandContext,
	tool: string,
	specs: readonly OptionSpec[],
): ParsedArgs | null {
	try {
		const parsed = getopt(ctx.argv.slice(1), [...specs, ...STANDARD_OPTIONS]);
		// GNU tools act on the first of the two they meet, in the order given.
		const which = [...parsed.opts.keys()].find((k) => k === 'help' || k === 'version');
		if (which !== undefined) {
			if (which === 'help')
				ctx.out(`[simulation: the text of ${tool} --help is not reproduced here]\n`);
			else
				ctx.out(
					toolVersion(tool) ?? `[simulation: the version text of ${tool} is not reproduced here]\n`,
				);
			throw new ToolExit(0);
		}
		return parsed;
	} catch (e) {
		if (e instanceof UsageError) {
			usageError(ctx, tool, e.message);
			return null;
		}
		throw e;
	}
}

/** C escapes quotearg uses inside $'…' for the control characters that have one. */
const CONTROL_ESCAPES: Readonly<Record<string, string>> = {
	'\x07': '\\a',
	'\b': '\\b',
	'\f': '\\f',
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
	'\v': '\\v',
};

/**
 * A file name as ls prints it to a terminal (coreutils 8.25 and later: quoting style
 * shell-escape, gnulib quotearg.c): as it is when the shell would take it so; in double quotes
 * when its only awkward character is a single quote; otherwise in single quotes, with `'\''` for
 * a quote and `$'\t'` or `$'\001'` for a control character. Checked against ls 9.1 on a pty.
 */
export function lsQuote(name: string): string {
	const isControl = (ch: string): boolean => {
		const code = ch.charCodeAt(0);
		return code < 0x20 || code === 0x7f;
	};
	const hasControl = [...name].some(isControl);
	if (name !== '' && !hasControl && !/[ !"$&'()*;<=>?[\\^`|]|^[#~]/.test(name)) return name;
	if (!hasControl && !/[!"$\\`]/.test(name)) return name.includes("'") ? `"${name}"` : `'${name}'`;
	let out = "'";
	for (const ch of name) {
		if (ch === "'") out += "'\\''";
		else if (isControl(ch))
			out += `'$'${CONTROL_ESCAPES[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`}''`;
		else out += ch;
	}
	return out + "'";
}

/** GNU quoting for file names in messages (quotearg's shell-escape style): 'name'. */
export function q(name: string): string {
	if (!/[^A-Za-z0-9_./@%+,:=-]/.test(name) && name !== '') return `'${name}'`;
	return `'${name.replace(/'/g, "'\\''")}'`;
}

/**
 * gnulib quotef(): a file name in a message as it is when the shell would not need quotes
 * for it, else quoted like q() (`wc: nofile: …` but `wc: 'standard input': …`).
 */
export function qf(name: string): string {
	return /^[A-Za-z0-9_./@%+,:=-]+$/.test(name) ? name : q(name);
}

/**
 * gnulib quote(): the locale's quotation marks around a value (`invalid mode: ‘999’`). The
 * shells here run in C.UTF-8, where coreutils 9.1 uses U+2018 and U+2019; file names in
 * perror-style messages use q() instead (quotef, shell-escape style).
 */
export function lq(text: string): string {
	return `\u2018${text}\u2019`;
}

/** A perror-style message: `tool: what: strerror`. */
export function fail(ctx: CommandContext, tool: string, what: string, errno: Errno): void {
	ctx.err(`${tool}: ${what}: ${errText(errno)}\n`);
}

/** Permission string like ls -l shows: `-rwxr-xr-x`, `drwxr-xr-x`. */
export function modeString(st: Pick<Stat, 'type' | 'mode'>, link = false): string {
	const t =
		link || st.type === 'symlink' ? 'l' : st.type === 'dir' ? 'd' : st.type === 'chr' ? 'c' : '-';
	const m = st.mode;
	let s = t;
	for (const shift of [6, 3, 0]) {
		const bits = (m >> shift) & 7;
		s += bits & 4 ? 'r' : '-';
		s += bits & 2 ? 'w' : '-';
		s += bits & 1 ? 'x' : '-';
	}
	if (m & 0o1000) s = s.slice(0, 9) + (m & 1 ? 't' : 'T');
	return s;
}

/** Month abbreviations of the C locale (strftime %b). */
export const MONTHS = [
	'Jan',
	'Feb',
	'Mar',
	'Apr',
	'May',
	'Jun',
	'Jul',
	'Aug',
	'Sep',
	'Oct',
	'Nov',
	'Dec',
];

/**
 * ls -l's date column: `Mar 15 09:00`, or `Mar 15  2018` when over six months away (UTC).
 * `ns` is an inode time and `nowMs` the wall clock (`host.wallClockMs()`), as ls compares
 * st_mtime with the time of day (ls.c: six months back, or in the future).
 */
export function lsDate(ns: number, nowMs: number): string {
	const ms = fileTimeMs(ns);
	const d = new Date(ms);
	const mon = MONTHS[d.getUTCMonth()] ?? '';
	const day = String(d.getUTCDate()).padStart(2);
	const sixMonths = (365.2425 * 24 * 3600 * 1000) / 2;
	if (ms > nowMs - sixMonths && ms <= nowMs + 3600_000) {
		const hh = String(d.getUTCHours()).padStart(2, '0');
		const mm = String(d.getUTCMinutes()).padStart(2, '0');
		return `${mon} ${day} ${hh}:${mm}`;
	}
	return `${mon} ${day}  ${d.getUTCFullYear()}`;
}

/** stat's full timestamp of an inode time: `2018-03-15 09:00:01.234567890 +0000`. */
export function statDate(ns: number): string {
	const d = new Date(fileTimeMs(ns));
	const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
	// START_EPOCH_MS is a whole second, so the nanoseconds within the second are ns mod 1e9.
	const frac = String(((ns % 1e9) + 1e9) % 1e9).padStart(9, '0');
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${frac} +0000`;
}

/** Seconds since the Unix epoch of an inode time (stat's %Y, %X, %Z). */
export function epochSeconds(ns: number): number {
	return Math.floor(fileTimeMs(ns) / 1000);
}

/** Human-readable size as ls -h and df -h print it (powers of 1024, one decimal under 10). */
export function human(bytes: number): string {
	const units = ['', 'K', 'M', 'G', 'T'];
	let v = bytes;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	if (i === 0) return String(bytes);
	const shown = v < 10 ? Math.ceil(v * 10) / 10 : Math.ceil(v);
	const text = v < 10 && shown < 10 ? shown.toFixed(1) : String(Math.ceil(v));
	return `${text}${units[i]}`;
}

/** The last path component (basename without trailing slashes). */
export function basename(path: string): string {
	const trimmed = path.replace(/\/+$/, '');
	return trimmed === '' ? '/' : (trimmed.split('/').pop() ?? trimmed);
}

/** Joins a directory and a name. */
export function joinPath(dir: string, name: string): string {
	return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/**
 * The descriptor through which the tool reads standard input redirected from a file (fd 0 after
 * bash's dup2), or null when standard input is a pipe or the terminal. Tools that copy a real
 * program's reads use it instead of `ctx.stdin`, which reads the whole file at once.
 */
export function stdinFd(ctx: CommandContext): number | null {
	const input = ctx.stdinPrefix;
	if (!(input instanceof FileInput) || input.filled || input.reader.pid !== ctx.pid) return null;
	return input.reader.fd;
}
