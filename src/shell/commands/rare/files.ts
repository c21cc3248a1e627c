/**
 * File tools that the chapters rarely use (head, tail, stat, touch, chmod, readlink, rmdir, dd,
 * rsync, grep): GNU coreutils 9.1, grep 3.8 and rsync 3.x, written as the system calls each makes, like the tools in ../files.ts. The browser loads this module after the
 * first command (see ../deferred.ts); everything else imports it at once.
 */
import type { Errno, Stat } from '../../../kernel';
import {
	O_CREAT,
	O_EXCL,
	O_NOCTTY,
	O_NONBLOCK,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	errnoNumber,
	parseSize,
	utf8Encode as utf8Bytes,
} from '../../../kernel';
import type { CommandContext, CommandFn } from '../../context';
import { absPath, errText, Runaway } from '../../context';
import { bytesToBinary, procRead, procReadlink } from '../../proc';
import { binaryToBytes, ByteBuffer } from '../../bytes';
import {
	basename,
	fail,
	epochSeconds,
	joinPath,
	lq,
	modeString,
	parseOpts,
	q,
	statDate,
	usageError,
} from '../util';
import { copyData, isProc, tempSuffix } from '../files';

/** `head`/`tail -n N` and `-c N` over files or standard input. */
function headTail(which: 'head' | 'tail'): CommandFn {
	return (ctx) => {
		const argv = ctx.argv.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
		// A prototype link rather than a spread, which would read ctx.stdin (an endless pipe).
		const opts = parseOpts(Object.assign(Object.create(ctx) as CommandContext, { argv }), which, [
			{ short: 'n', long: 'lines', arg: true },
			{ short: 'c', long: 'bytes', arg: true },
			{ short: 'q', long: 'quiet' },
			...(which === 'tail' ? [{ short: 'f', long: 'follow' }, { short: 'F' }] : []),
		]);
		if (!opts) return 1;
		// Counts take coreutils' binary suffixes (10K, 70M), as parseSize reads them.
		const linesText = opts.opts.get('lines')?.at(-1) ?? '10';
		const bytesText = opts.opts.get('bytes')?.at(-1);
		const lines = parseSize(linesText) ?? NaN;
		if (Number.isNaN(lines)) {
			ctx.err(`${which}: invalid number of lines: ${lq(linesText)}\n`);
			return 1;
		}
		const bytesCount = bytesText === undefined ? undefined : (parseSize(bytesText) ?? NaN);
		if (bytesText !== undefined && Number.isNaN(bytesCount)) {
			ctx.err(`${which}: invalid number of bytes: ${lq(bytesText)}\n`);
			return 1;
		}
		const bytes = bytesCount === undefined ? undefined : String(bytesCount);
		const files = opts.operands.length === 0 ? ['-'] : opts.operands;
		let status = 0;
		files.forEach((f, idx) => {
			let text: string;
			if (f === '-' && ctx.stdinEndless) {
				// An endless pipe (cat /dev/zero | head -c 10): head exits once it has what it
				// needs; tail, or a head that needs more than was written, waits forever.
				const input = ctx.stdinPrefix ?? new ByteBuffer();
				text = bytes !== undefined ? input.prefix(Number(bytes)) : input.headLines(lines);
				const enough =
					which === 'head' &&
					(bytes !== undefined
						? Number(bytes) <= text.length
						: text.split('\n').length - 1 >= lines);
				if (!enough) throw new Runaway();
			} else if (f === '-') {
				// Only the part that is shown is taken out of the pipe's buffer.
				const input = ctx.stdin ?? new ByteBuffer();
				if (which === 'head')
					text = bytes !== undefined ? input.prefix(Number(bytes)) : input.headLines(lines);
				else text = bytes !== undefined ? input.suffix(Number(bytes)) : input.binary();
			} else if (isProc(ctx, f)) {
				const r = procRead(ctx.host, absPath(ctx.sh.cwd, f), ctx.pid);
				if (!r.ok) {
					ctx.err(`${which}: cannot open ${q(f)} for reading: ${errText(r.errno)}\n`);
					status = 1;
					return;
				}
				text = utf8Bytes(r.text);
			} else {
				const fd = ctx.host.openat(ctx.pid, f, O_RDONLY);
				if (!fd.ok) {
					ctx.err(`${which}: cannot open ${q(f)} for reading: ${errText(fd.errno)}\n`);
					status = 1;
					return;
				}
				const got = readPart(
					ctx,
					fd.value,
					which,
					lines,
					bytes === undefined ? null : Number(bytes),
				);
				ctx.host.close(ctx.pid, fd.value);
				if (!got.ok) {
					ctx.err(`${which}: error reading ${q(f)}: ${errText(got.errno)}\n`);
					status = 1;
					return;
				}
				text = got.text;
			}
			if (files.length > 1 && !opts.opts.has('quiet'))
				ctx.out(`${idx > 0 ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
			let shown: string;
			if (bytes !== undefined) {
				const n = Number(bytes);
				shown = which === 'head' ? text.slice(0, n) : text.slice(Math.max(0, text.length - n));
			} else {
				const parts = text.split(/(?<=\n)/);
				shown = (which === 'head' ? parts.slice(0, lines) : parts.slice(-lines)).join('');
			}
			// `text` holds bytes: they are written as they are, not encoded again.
			const failed = ctx.out(binaryToBytes(shown));
			if (failed !== null) {
				// head.c/tail.c: `error writing 'standard output'` (quotef of that name).
				ctx.err(`${which}: error writing 'standard output': ${errText(failed)}\n`);
				status = 1;
			}
		});
		// tail -f then waits for the files to grow, forever: an endless program here.
		if (opts.opts.has('follow') || opts.opts.has('F')) throw new Runaway();
		return status;
	};
}

/**
 * Reads only what head or tail needs: from the start until enough lines or bytes, or the end of
 * the file (tail seeks near the end, as tail.c does for regular files).
 */
function readPart(
	ctx: CommandContext,
	fd: number,
	which: 'head' | 'tail',
	lines: number,
	bytes: number | null,
): { ok: true; text: string } | { ok: false; errno: Errno } {
	const h = ctx.host;
	if (which === 'head') {
		let text = '';
		for (;;) {
			if (bytes !== null ? text.length >= bytes : (text.match(/\n/g) ?? []).length >= lines) break;
			const chunk = h.read(ctx.pid, fd, 8192);
			if (!chunk.ok) return chunk;
			if (chunk.value.length === 0) break;
			text += bytesToBinary(chunk.value);
		}
		return { ok: true, text };
	}
	const st = h.fstat(ctx.pid, fd);
	const size = st.ok ? st.value.size : 0;
	let span = bytes !== null ? bytes : 8192;
	for (;;) {
		const from = Math.max(0, size - span);
		h.lseek(ctx.pid, fd, from, 0);
		let text = '';
		for (;;) {
			const chunk = h.read(ctx.pid, fd, 65536);
			if (!chunk.ok) return chunk;
			if (chunk.value.length === 0) break;
			text += bytesToBinary(chunk.value);
		}
		if (from === 0 || bytes !== null || (text.match(/\n/g) ?? []).length > lines)
			return { ok: true, text };
		span *= 4;
	}
}

export const head = headTail('head');
export const tail = headTail('tail');

/** `stat FILE…` in coreutils 9.1's default format. */
export const stat: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'stat', [
		{ short: 'L', long: 'dereference' },
		{ short: 'c', long: 'format', arg: true },
		{ short: 't', long: 'terse' },
	]);
	if (!opts) return 1;
	if (opts.operands.length === 0) {
		usageError(ctx, 'stat', 'missing operand');
		return 1;
	}
	let status = 0;
	for (const f of opts.operands) {
		// stat does not follow a symbolic link unless -L is given.
		const r = opts.opts.has('dereference') ? ctx.host.stat(ctx.pid, f) : ctx.host.lstat(ctx.pid, f);
		if (!r.ok) {
			ctx.err(`stat: cannot statx ${q(f)}: ${errText(r.errno)}\n`);
			status = 1;
			continue;
		}
		const st = r.value;
		const linkTarget = st.type === 'symlink' ? ctx.host.readlinkat(ctx.pid, f) : null;
		const format = opts.opts.get('format')?.at(-1);
		if (format !== undefined) {
			ctx.out(formatStat(format, f, st) + '\n');
			continue;
		}
		const kind =
			st.type === 'dir'
				? 'directory'
				: st.type === 'symlink'
					? 'symbolic link'
					: st.type === 'chr'
						? 'character special file'
						: st.size === 0
							? 'regular empty file'
							: 'regular file';
		const dev = `${st.dev >> 8},${st.dev & 0xff}`;
		ctx.out(
			`  File: ${f}${linkTarget?.ok ? ` -> ${linkTarget.value}` : ''}\n` +
				`  Size: ${String(st.size).padEnd(10)}\tBlocks: ${String(st.blocks).padEnd(10)} IO Block: ${String(st.blksize).padEnd(6)} ${kind}\n` +
				`Device: ${dev}\tInode: ${String(st.ino).padEnd(10)}  Links: ${st.nlink}\n` +
				`Access: (${(st.mode & 0o7777).toString(8).padStart(4, '0')}/${modeString(st)})  Uid: (    0/    root)   Gid: (    0/    root)\n` +
				`Access: ${statDate(st.atime)}\n` +
				`Modify: ${statDate(st.mtime)}\n` +
				`Change: ${statDate(st.ctime)}\n` +
				` Birth: ${st.btime === null ? '-' : statDate(st.btime)}\n`,
		);
	}
	return status;
};

/** The few `stat -c` directives chapters use: %n %s %i %h %a %A %F %X %Y %Z %W %w %b. */
function formatStat(format: string, name: string, st: Stat): string {
	return format.replace(/%([nsihaAFXYZWwb%])/g, (_m, d: string) => {
		switch (d) {
			case 'n':
				return name;
			case 's':
				return String(st.size);
			case 'i':
				return String(st.ino);
			case 'h':
				return String(st.nlink);
			case 'a':
				return (st.mode & 0o7777).toString(8);
			case 'A':
				return modeString(st);
			case 'F':
				return st.type === 'dir'
					? 'directory'
					: st.size === 0
						? 'regular empty file'
						: 'regular file';
			case 'X':
				return String(epochSeconds(st.atime));
			case 'Y':
				return String(epochSeconds(st.mtime));
			case 'Z':
				return String(epochSeconds(st.ctime));
			// stat.c: an unknown birth time is `-` for %w and 0 for %W (neg_to_zero).
			case 'W':
				return st.btime === null ? '0' : String(epochSeconds(st.btime));
			case 'w':
				return st.btime === null ? '-' : statDate(st.btime);
			case 'b':
				return String(st.blocks);
			default:
				return '%';
		}
	});
}

/** `rmdir DIR…`. */
export const rmdir: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'rmdir', [{ short: 'p', long: 'parents' }]);
	if (!opts) return 1;
	if (opts.operands.length === 0) {
		usageError(ctx, 'rmdir', 'missing operand');
		return 1;
	}
	let status = 0;
	for (const d of opts.operands) {
		const r = ctx.host.rmdir(ctx.pid, d);
		if (!r.ok) {
			ctx.err(`rmdir: failed to remove ${q(d)}: ${errText(r.errno)}\n`);
			status = 1;
		}
	}
	return status;
};

/** `touch FILE…`: openat(O_WRONLY|O_CREAT|O_NOCTTY|O_NONBLOCK), then utimensat (touch.c). */
export const touch: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'touch', [
		{ short: 'c', long: 'no-create' },
		{ short: 'a' },
		{ short: 'm' },
	]);
	if (!opts) return 1;
	if (opts.operands.length === 0) {
		usageError(ctx, 'touch', 'missing file operand');
		return 1;
	}
	let status = 0;
	for (const f of opts.operands) {
		if (!opts.opts.has('no-create')) {
			const fd = ctx.host.openat(ctx.pid, f, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0o666);
			if (fd.ok) {
				ctx.host.close(ctx.pid, fd.value);
			} else if (fd.errno !== 'EISDIR' && fd.errno !== 'ETXTBSY') {
				ctx.err(`touch: cannot touch ${q(f)}: ${errText(fd.errno)}\n`);
				status = 1;
				continue;
			}
		}
		const r = ctx.host.utimensat(ctx.pid, f);
		if (!r.ok && !(r.errno === 'ENOENT' && opts.opts.has('no-create'))) {
			ctx.err(`touch: setting times of ${q(f)}: ${errText(r.errno)}\n`);
			status = 1;
		}
	}
	return status;
};

/** `chmod MODE FILE…` with octal or simple symbolic modes (+x, -w, u+x). */
export const chmod: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	if (args.length === 0) {
		usageError(ctx, 'chmod', 'missing operand');
		return 1;
	}
	if (args.length === 1) {
		usageError(ctx, 'chmod', `missing operand after ${q(args[0] as string)}`);
		return 1;
	}
	const spec = args[0] as string;
	let status = 0;
	for (const f of args.slice(1)) {
		const st = ctx.host.stat(ctx.pid, f);
		if (!st.ok) {
			ctx.err(`chmod: cannot access ${q(f)}: ${errText(st.errno)}\n`);
			status = 1;
			continue;
		}
		const mode = applyMode(spec, st.value.mode & 0o7777);
		if (mode === null) {
			ctx.err(`chmod: invalid mode: ${lq(spec)}\nTry 'chmod --help' for more information.\n`);
			return 1;
		}
		const r = ctx.host.fchmodat(ctx.pid, f, mode);
		if (!r.ok) {
			ctx.err(`chmod: changing permissions of ${q(f)}: ${errText(r.errno)}\n`);
			status = 1;
		}
	}
	return status;
};

function applyMode(spec: string, mode: number): number | null {
	if (/^[0-7]{1,4}$/.test(spec)) return Number.parseInt(spec, 8);
	let result = mode;
	for (const clause of spec.split(',')) {
		const m = /^([ugoa]*)([-+=])([rwx]*)$/.exec(clause);
		if (!m) return null;
		const who = m[1] === '' || m[1] === 'a' ? 'ugo' : (m[1] as string);
		let bits = 0;
		for (const p of m[3] as string) bits |= p === 'r' ? 4 : p === 'w' ? 2 : 1;
		let mask = 0;
		for (const w of who) mask |= bits << (w === 'u' ? 6 : w === 'g' ? 3 : 0);
		if (m[2] === '+') result |= mask;
		else if (m[2] === '-') result &= ~mask;
		else {
			let clear = 0;
			for (const w of who) clear |= 7 << (w === 'u' ? 6 : w === 'g' ? 3 : 0);
			result = (result & ~clear) | mask;
		}
	}
	return result;
}

/** `readlink FILE…`: the target of each symbolic link (readlink(2)); /proc links included. */
export const readlink: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
	if (args.length === 0) {
		usageError(ctx, 'readlink', 'missing operand');
		return 1;
	}
	let status = 0;
	for (const f of args) {
		if (isProc(ctx, f)) {
			const link = procReadlink(ctx.host, absPath(ctx.sh.cwd, f), ctx.pid);
			if (link === null) status = 1;
			else ctx.out(`${link}\n`);
			continue;
		}
		const r = ctx.host.readlink(ctx.pid, f);
		if (r.ok) ctx.out(`${r.value}\n`);
		else status = 1;
	}
	return status;
};

/** `dd if= of= [conv=notrunc] [bs= count= seek=]`: opens the output O_TRUNC unless notrunc. */
export const dd: CommandFn = (ctx) => {
	const params = new Map<string, string>();
	for (const a of ctx.argv.slice(1)) {
		const eq = a.indexOf('=');
		if (eq < 0) {
			ctx.err(`dd: unrecognized operand ${q(a)}\nTry 'dd --help' for more information.\n`);
			return 1;
		}
		params.set(a.slice(0, eq), a.slice(eq + 1));
	}
	const h = ctx.host;
	const pid = ctx.pid;
	const conv = (params.get('conv') ?? '').split(',');
	const bsText = params.get('bs') ?? '512';
	const bs = parseSize(bsText) ?? 0;
	// dd.c rejects a block size below 1 with gnulib quote() around the operand.
	if (bs < 1) {
		ctx.err(`dd: invalid number: ${lq(bsText)}\n`);
		return 1;
	}
	// status=none prints nothing, noxfer only the record counts (dd.c STATUS_*); progress adds
	// lines while copying, and a simulated copy is over before the first one is due.
	const level = params.get('status') ?? 'default';
	if (
		!['none', 'noxfer', 'progress', 'default'].includes(level) ||
		(level === 'default' && params.has('status'))
	) {
		ctx.err(`dd: invalid status level: ${lq(level)}\nTry 'dd --help' for more information.\n`);
		return 1;
	}
	const count = params.has('count') ? Number(params.get('count')) : Infinity;
	const seek = Number(params.get('seek') ?? '0');
	const inPath = params.get('if');
	const outPath = params.get('of');
	let input: string;
	let inFd: number | null = null;
	// dd.c opens if= and of= onto fds 0 and 1 (fd_reopen: open, dup2, close) and works on those.
	const reopen = (fd: number, target: number): number => {
		if (fd === target) return fd;
		h.dup2(pid, fd, target);
		h.close(pid, fd);
		return target;
	};
	if (inPath !== undefined) {
		const fd = h.openat(pid, inPath, O_RDONLY);
		if (!fd.ok) {
			ctx.err(`dd: failed to open ${q(inPath)}: ${errText(fd.errno)}\n`);
			return 1;
		}
		inFd = reopen(fd.value, 0);
		h.lseek(pid, inFd, 0, 1);
		input = '';
	} else input = ctx.stdin?.binary() ?? '';
	let outFd: number | null = null;
	if (outPath !== undefined) {
		const flags = O_WRONLY | O_CREAT | (conv.includes('notrunc') || seek > 0 ? 0 : O_TRUNC);
		const fd = h.openat(pid, outPath, flags, 0o666);
		if (!fd.ok) {
			ctx.err(`dd: failed to open ${q(outPath)}: ${errText(fd.errno)}\n`);
			if (inFd !== null) h.close(pid, inFd);
			return 1;
		}
		outFd = reopen(fd.value, 1);
		if (seek > 0) h.lseek(pid, outFd, seek * bs, 0);
	}
	let full = 0;
	let partial = 0;
	// Records and bytes written can fall short of those read (a full disk).
	let outFull = 0;
	let outPartial = 0;
	let total = 0;
	let stdinPos = 0;
	let status = 0;
	while (full + partial < count) {
		let chunk: Uint8Array | string;
		if (inFd !== null) {
			const r = h.read(pid, inFd, bs);
			if (!r.ok) {
				ctx.err(`dd: error reading ${q(inPath ?? '')}: ${errText(r.errno)}\n`);
				break;
			}
			chunk = r.value;
		} else {
			chunk = binaryToBytes(input.slice(stdinPos, stdinPos + bs));
			stdinPos += chunk.length;
		}
		if (chunk.length === 0) break;
		if (chunk.length === bs) full++;
		else partial++;
		let w: { ok: true; value: number } | { ok: false; errno: Errno } = {
			ok: true,
			value: chunk.length,
		};
		if (outFd !== null) w = h.write(pid, outFd, chunk);
		if (outFd !== null && w.ok && w.value < chunk.length && typeof chunk !== 'string') {
			// dd.c iwrite() writes the rest after a short write; the bytes that made it count in
			// w_bytes even when the next write fails (ENOSPC), but not as a record.
			let written = w.value;
			while (w.ok && w.value > 0 && written < chunk.length) {
				w = h.write(pid, outFd, chunk.subarray(written));
				if (w.ok) written += w.value;
			}
			if (!w.ok) total += written;
			else w = { ok: true, value: written };
		}
		if (!w.ok) {
			ctx.err(`dd: error writing ${q(outPath ?? '')}: ${errText(w.errno)}\n`);
			status = 1;
			break;
		}
		if (outFd === null) ctx.out(chunk);
		if (w.value === bs) outFull++;
		else outPartial++;
		total += w.value;
	}
	if (inFd !== null) h.close(pid, inFd);
	if (outFd !== null) h.close(pid, outFd);
	// The copy takes simulated time at DD_BYTES_PER_S plus a fixed start-up cost.
	const seconds = DD_START_S + total / DD_BYTES_PER_S;
	ctx.advance(Math.round(seconds * 1000));
	// dd.c print_xfer_stats: SI size, then the binary size from 1024 bytes on, both rounded to
	// nearest; the rate the same way.
	const sizes =
		total >= 1000
			? ` (${ddHuman(total, 1000)}${total >= 1024 ? `, ${ddHuman(total, 1024)}` : ''})`
			: '';
	if (level === 'none') return status;
	// Three writes, as strace shows: the records lines, the bytes line, then its newline.
	ctx.err(`${full}+${partial} records in\n${outFull}+${outPartial} records out\n`);
	if (level === 'noxfer') return status;
	// The rate goes through human_readable's floating-point path (the time is not a whole
	// divisor), which scales by at least one power of 1000: nothing copied is `0.0 kB/s`.
	const rate = total / seconds;
	const rateText =
		rate < 999.95 ? `${(Math.round(rate / 100) / 10).toFixed(1)} kB` : ddHuman(rate, 1000);
	ctx.err(
		`${total} byte${total === 1 ? '' : 's'}${sizes} copied, ${printfG(seconds)} s, ${rateText}/s`,
	);
	ctx.err('\n');
	return status;
};

/** A plausible sustained copy rate for the simulation's disks and NFS (about 90 MB/s). */
const DD_BYTES_PER_S = 90e6;
/** dd's start-up before the first block (opening files, allocating the buffer). */
const DD_START_S = 0.00005;

/**
 * gnulib human_readable with human_autoscale | human_round_to_nearest | human_space_before_unit
 * | human_B, as dd uses it: one decimal below 10, then whole numbers (`1.0 kB`, `26 MiB`).
 */
export function ddHuman(n: number, base: 1000 | 1024): string {
	const units = base === 1000 ? ['', 'k', 'M', 'G', 'T', 'P'] : ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
	let v = n;
	let i = 0;
	while (v >= base && i < units.length - 1) {
		v /= base;
		i++;
	}
	if (i === 0) return `${Math.round(v)} B`;
	let text: string;
	if (Math.round(v * 10) / 10 < 10) text = (Math.round(v * 10) / 10).toFixed(1);
	else if (Math.round(v) < base) text = String(Math.round(v));
	else {
		text = '1.0';
		i++;
	}
	return `${text} ${units[i]}B`;
}

/** C's `%g`: six significant digits, trailing zeros dropped, exponent below 1e-4. */
export function printfG(x: number): string {
	if (x === 0) return '0';
	const exp = Math.floor(Math.log10(Math.abs(x)));
	if (exp < -4 || exp >= 6) {
		const [m, e] = x.toExponential(5).split('e') as [string, string];
		const mant = m.replace(/\.?0+$/, '');
		const en = Number(e);
		return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
	}
	return x
		.toPrecision(6)
		.replace(/(\.\d*?)0+$/, '$1')
		.replace(/\.$/, '');
}

/**
 * `rsync [--inplace] SRC DEST`: by default writes a temporary `.NAME.XXXXXX` beside the target
 * and renames it over; `--inplace` writes into the existing file (receiver.c, util1.c).
 */
export const rsync: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	const inplace = args.includes('--inplace');
	const operands = args.filter((a) => !a.startsWith('-'));
	const unknown = args.find(
		(a) => a.startsWith('-') && !/^(--inplace|-[avzhPcrtp]+|--progress)$/.test(a),
	);
	if (unknown !== undefined) {
		ctx.err(
			`rsync: ${unknown}: unknown option\nrsync error: syntax or usage error (code 1) at main.c(1886) [client=3.5.0]\n`,
		);
		return 1;
	}
	if (operands.length === 0) {
		// rsync without operands prints its version banner and full help to standard output.
		ctx.out(
			'rsync  version 3.5.0  protocol version 32\n\nUsage: rsync [OPTION]... SRC [SRC]... DEST\n',
		);
		ctx.err('rsync error: syntax or usage error (code 1) at main.c(1871) [client=3.5.0]\n');
		return 1;
	}
	const h = ctx.host;
	const pid = ctx.pid;
	const src = operands[0] as string;
	const destArg = operands[operands.length - 1] as string;
	const s = h.stat(pid, src);
	if (!s.ok) {
		ctx.err(
			`rsync: [sender] link_stat "${absPath(ctx.sh.cwd, src)}" failed: ${errText(s.errno)} (${errnoNum(s.errno)})\n${RSYNC_23}`,
		);
		return 23;
	}
	if (operands.length === 1) {
		// One operand lists it, like `ls -l` (rsync's --list-only).
		ctx.out(
			`${modeString(s.value)} ${String(s.value.size).padStart(14)} ${rsyncDate(s.value.mtime)} ${basename(src)}\n`,
		);
		return 0;
	}
	const destSt = h.stat(pid, destArg);
	const dest =
		destSt.ok && destSt.value.type === 'dir' ? joinPath(destArg, basename(src)) : destArg;
	const absDest = absPath(ctx.sh.cwd, dest);
	const destDir = absDest.slice(0, absDest.lastIndexOf('/')) || '/';
	const tmpName = joinPath(destDir, `.${basename(absDest)}.${tempSuffix(ctx)}`);
	const inFd = h.openat(pid, src, O_RDONLY);
	if (!inFd.ok) return 23;
	const failed = (what: string, errno: Errno): number => {
		ctx.err(
			`rsync: [receiver] ${what} "${what === 'mkstemp' ? tmpName : absDest}" failed: ${errText(errno)} (${errnoNum(errno)})\n${RSYNC_23}`,
		);
		h.close(pid, inFd.value);
		return 23;
	};
	if (inplace) {
		const out = h.openat(pid, dest, O_WRONLY | O_CREAT, 0o600);
		if (!out.ok) return failed('open', out.errno);
		const err = copyData(ctx, inFd.value, out.value);
		if (err === null) h.ftruncate(pid, out.value, s.value.size);
		h.close(pid, out.value);
		h.close(pid, inFd.value);
		if (err !== null) return failed('write', err);
		h.chmod(pid, dest, s.value.mode & 0o777);
		return 0;
	}
	const tmp = tmpName;
	const out = h.openat(pid, tmp, O_RDWR | O_CREAT | O_EXCL, 0o600);
	if (!out.ok) return failed('mkstemp', out.errno);
	const err = copyData(ctx, inFd.value, out.value);
	h.close(pid, out.value);
	h.close(pid, inFd.value);
	if (err !== null) return failed('write', err);
	h.chmod(pid, tmp, s.value.mode & 0o777);
	const r = h.renameat2(pid, tmp, dest);
	if (!r.ok) {
		h.unlinkat(pid, tmp, 0);
		return failed('rename', r.errno);
	}
	return 0;
};

/** rsync's closing line after a partial transfer (exit 23). */
const RSYNC_23 =
	'rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]\n';

/** rsync --list-only's date column: `2018/03/15 09:00:00`. */
function rsyncDate(ns: number): string {
	return statDate(ns).slice(0, 19).replace(/-/g, '/');
}

function errnoNum(errno: Errno): number {
	return errnoNumber(errno);
}

/** `grep [-v] [-i] [-c] PATTERN [FILE…]` with an extended regular expression. */
export const grep: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'grep', [
		{ short: 'v', long: 'invert-match' },
		{ short: 'i', long: 'ignore-case' },
		{ short: 'c', long: 'count' },
		{ short: 'E', long: 'extended-regexp' },
		{ short: 'F', long: 'fixed-strings' },
		{ short: 'q', long: 'quiet' },
	]);
	if (!opts) return 2;
	const [pattern, ...files] = opts.operands;
	if (pattern === undefined) {
		ctx.err(
			"Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
		);
		return 2;
	}
	let re: RegExp;
	try {
		// Lines are matched as bytes, so the pattern is taken as its UTF-8 bytes too.
		const src = opts.opts.has('fixed-strings')
			? utf8Bytes(pattern).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
			: utf8Bytes(pattern);
		re = new RegExp(src, opts.opts.has('ignore-case') ? 'i' : '');
	} catch {
		ctx.err('grep: Unmatched ( or \\(\n');
		return 2;
	}
	const sources: { name: string; text: string }[] = [];
	let status = 1;
	let errors = false;
	// Sources hold bytes; matching lines are written back as the same bytes.
	if (files.length === 0)
		sources.push({ name: '(standard input)', text: ctx.stdin?.binary() ?? '' });
	for (const f of files) {
		if (isProc(ctx, f)) {
			const r = procRead(ctx.host, absPath(ctx.sh.cwd, f), ctx.pid);
			if (r.ok) sources.push({ name: f, text: utf8Bytes(r.text) });
			else {
				fail(ctx, 'grep', f, r.errno);
				errors = true;
			}
			continue;
		}
		const fd = ctx.host.openat(ctx.pid, f, O_RDONLY);
		if (!fd.ok) {
			fail(ctx, 'grep', f, fd.errno);
			errors = true;
			continue;
		}
		const data = ctx.host.readAll(ctx.pid, fd.value);
		ctx.host.close(ctx.pid, fd.value);
		if (!data.ok) {
			fail(ctx, 'grep', f, data.errno);
			errors = true;
			continue;
		}
		sources.push({ name: f, text: bytesToBinary(data.value) });
	}
	const invert = opts.opts.has('invert-match');
	const quiet = opts.opts.has('quiet');
	for (const s of sources) {
		const prefix = sources.length > 1 ? `${s.name}:` : '';
		if (s.text.includes('\0')) {
			// GNU grep 3.8 prints no lines of a binary file: with -c it prints the count (NUL bytes
			// end lines there too, grep.c zap_nuls), otherwise it says on stderr that the file
			// matches, unless stdout is /dev/null.
			const hits = binaryLineHits(s.text, re, invert);
			if (hits > 0) status = 0;
			if (quiet) continue;
			if (opts.opts.has('count')) ctx.out(`${prefix}${hits}\n`);
			else if (hits > 0 && !ctx.stdoutIsNull) ctx.err(`grep: ${s.name}: binary file matches\n`);
			continue;
		}
		const lines = s.text.split('\n');
		if (lines[lines.length - 1] === '') lines.pop();
		const hits = lines.filter((l) => re.test(l) !== invert);
		if (hits.length > 0) status = 0;
		if (quiet) continue;
		if (opts.opts.has('count')) ctx.out(`${prefix}${hits.length}\n`);
		else for (const l of hits) ctx.out(binaryToBytes(`${utf8Bytes(prefix)}${l}\n`));
	}
	return errors ? 2 : status;
};

/**
 * How many lines of a binary file (bytes, one char each) match: lines end at a newline or a
 * NUL byte. Runs of NUL bytes make empty lines, counted without building them (a 24 MiB
 * program is mostly zeros).
 */
function binaryLineHits(text: string, re: RegExp, invert: boolean): number {
	let separators = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0 || c === 10) separators++;
	}
	const last = text.charCodeAt(text.length - 1);
	const total = separators + (last === 0 || last === 10 ? 0 : 1);
	let nonEmpty = 0;
	let hits = 0;
	for (const m of text.matchAll(/[^\n\0]+/g)) {
		nonEmpty++;
		if (re.test(m[0]) !== invert) hits++;
	}
	if (re.test('') !== invert) hits += total - nonEmpty;
	return hits;
}
