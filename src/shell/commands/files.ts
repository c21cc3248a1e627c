/**
 * File tools from GNU coreutils 9.1 (and rsync 3.x), written as the system calls each makes so
 * that strace and the kernel's events show the real sequence (see linux-facts.md §2). Messages
 * were copied from the real tools.
 */
import type { Errno, Stat } from '../../kernel';
import {
	AT_REMOVEDIR,
	AT_SYMLINK_NOFOLLOW,
	O_CREAT,
	O_DIRECTORY,
	O_EXCL,
	O_NOCTTY,
	O_NOFOLLOW,
	O_NONBLOCK,
	O_PATH,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	RENAME_NOREPLACE,
	START_EPOCH_MS,
	errnoNumber,
	parseSize,
	utf8Encode as utf8Bytes,
} from '../../kernel';
import type { CommandContext, CommandFn } from '../context';
import { absPath, errText, Runaway } from '../context';
import { bytesToBinary, procKind, procList, procRead, procReadlink } from '../proc';
import { binaryToBytes, ByteBuffer } from '../bytes';
import { Md5 } from './md5';
import {
	basename,
	fail,
	epochSeconds,
	human,
	joinPath,
	lq,
	lsDate,
	modeString,
	parseOpts,
	q,
	statDate,
	usageError,
} from './util';

/** copy_file_range's length argument as cp passes it (SSIZE_MAX rounded down to a page). */
const COPY_CHUNK = 9223372035781033984;

const isProc = (ctx: CommandContext, path: string): boolean => {
	const abs = absPath(ctx.sh.cwd, path);
	return abs === '/proc' || abs.startsWith('/proc/');
};

/** Copies an open file to another with copy_file_range, as cp 9.1 does; returns the errno. */
function copyData(ctx: CommandContext, inFd: number, outFd: number): Errno | null {
	for (;;) {
		const n = ctx.host.copyFileRange(ctx.pid, inFd, outFd, COPY_CHUNK);
		if (!n.ok) return n.errno;
		if (n.value === 0) return null;
	}
}

// ------------------------------------------------------------------ cat

/** `cat [FILE…]`: read(2) in 128 KiB chunks, write(2) each to standard output. */
export const cat: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'cat', [
		{ short: 'n', long: 'number' },
		{ short: 'A', long: 'show-all' },
		{ short: 'v', long: 'show-nonprinting' },
		{ short: 'u' },
	]);
	if (!opts) return 1;
	const files = opts.operands.length === 0 ? ['-'] : opts.operands;
	let status = 0;
	let lineNo = 0;
	// The first failed write(2) ends cat: `cat: write error: No space left on device` (cat.c).
	let writeError: Errno | null = null;
	const emit = (text: string | Uint8Array): void => {
		if (writeError !== null) return;
		if (!opts.opts.has('number')) {
			writeError = ctx.out(text);
			return;
		}
		// Numbering works on the bytes; the result is written as bytes, not re-encoded as text.
		const s = typeof text === 'string' ? utf8Bytes(text) : bytesToBinary(text);
		writeError = ctx.out(
			binaryToBytes(s.replace(/^(?=.)/gm, () => `${String(++lineNo).padStart(6)}\t`)),
		);
	};
	const writeFailed = (): number => {
		ctx.err(`cat: write error: ${errText(writeError as Errno)}\n`);
		return 1;
	};
	for (const f of files) {
		if (f === '-') {
			// A pipe's bytes are copied as they were written, in the writer's pieces.
			for (const chunk of ctx.stdin?.chunks() ?? []) {
				emit(binaryToBytes(chunk));
				if (writeError !== null) break;
			}
			if (writeError !== null) return writeFailed();
			continue;
		}
		if (isProc(ctx, f)) {
			const r = procRead(ctx.host, absPath(ctx.sh.cwd, f), ctx.pid);
			if (!r.ok) {
				fail(ctx, 'cat', f, r.errno);
				status = 1;
			} else emit(r.text);
			continue;
		}
		const fd = ctx.host.openat(ctx.pid, f, O_RDONLY);
		if (!fd.ok) {
			fail(ctx, 'cat', f, fd.errno);
			status = 1;
			continue;
		}
		for (;;) {
			const chunk = ctx.host.read(ctx.pid, fd.value, 131072);
			if (!chunk.ok) {
				fail(ctx, 'cat', f, chunk.errno);
				status = 1;
				break;
			}
			if (chunk.value.length === 0) break;
			emit(chunk.value);
			if (ctx.host.process(ctx.pid)?.state === 'Z') return 1;
			if (writeError !== null) return writeFailed();
		}
		ctx.host.close(ctx.pid, fd.value);
	}
	return status;
};

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

// ------------------------------------------------------------------ ls

interface LsEntry {
	name: string;
	path: string;
	st: Stat | null;
	link?: string | null;
}

/** GNU ls's vertical column layout for an 80-column terminal (ls.c calculate_columns). */
function columns(names: string[], width = 80): string {
	if (names.length === 0) return '';
	const n = names.length;
	for (let cols = Math.min(n, Math.floor(width / 3)); cols >= 1; cols--) {
		const rows = Math.ceil(n / cols);
		const widths: number[] = [];
		for (let c = 0; c < cols; c++) {
			const col = names.slice(c * rows, c * rows + rows);
			if (col.length === 0) continue;
			widths.push(Math.max(...col.map((s) => s.length)) + 2);
		}
		const total = widths.reduce((a, b) => a + b, 0) - 2;
		if (total <= width || cols === 1) {
			const lines: string[] = [];
			for (let r = 0; r < rows; r++) {
				let line = '';
				for (let c = 0; c < widths.length; c++) {
					const item = names[c * rows + r];
					if (item === undefined) continue;
					const isLast = c === widths.length - 1 || names[(c + 1) * rows + r] === undefined;
					line += isLast ? item : item.padEnd(widths[c] as number);
				}
				lines.push(line);
			}
			return lines.join('\n') + '\n';
		}
	}
	return names.join('\n') + '\n';
}

/** `ls [-laidh1AStr] [FILE…]`. */
export const ls: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'ls', [
		{ short: 'a', long: 'all' },
		{ short: 'A', long: 'almost-all' },
		{ short: 'd', long: 'directory' },
		{ short: 'h', long: 'human-readable' },
		{ short: 'i', long: 'inode' },
		{ short: 'l' },
		{ short: '1' },
		{ short: 'S' },
		{ short: 't' },
		{ short: 'r', long: 'reverse' },
		{ short: 'F', long: 'classify' },
		{ short: 's', long: 'size' },
		{ short: 'R', long: 'recursive' },
		{ long: 'full-time' },
		{ long: 'color', arg: false },
	]);
	if (!opts) {
		return 2;
	}
	const o = opts.opts;
	// --full-time is -l with --time-style=full-iso (ls.c).
	const fullTime = o.has('full-time');
	const long = o.has('l') || fullTime;
	const showSize = o.has('size');
	const recursive = o.has('recursive');
	const showInode = o.has('inode');
	const all = o.has('all');
	const almost = o.has('almost-all');
	const dirAsFile = o.has('directory');
	const humanSizes = o.has('human-readable');
	const oneCol = o.has('1') || !ctx.stdoutIsTerminal;
	const operands = opts.operands.length === 0 ? ['.'] : opts.operands;
	let status = 0;

	const statOf = (path: string): { st: Stat | null; link: string | null; errno?: Errno } => {
		if (isProc(ctx, path)) {
			const abs = absPath(ctx.sh.cwd, path);
			const kind = procKind(ctx.host, abs, ctx.pid);
			if (kind === null) return { st: null, link: null, errno: 'ENOENT' };
			// procfs stamps an inode when it makes it: /proc itself at mount (boot), a process's
			// entries on first look, which the process's start stands for (proc_pid_make_inode).
			const bootMs = ctx.host.wallClockMs() - ctx.host.now();
			const parts = abs.split('/');
			const seg = parts[2] ?? '';
			// The /proc/self link itself belongs to procfs's root, made at mount.
			const pid =
				seg === 'self'
					? parts.length > 3
						? ctx.pid
						: null
					: /^\d+$/.test(seg)
						? Number(seg)
						: null;
			const started = pid === null ? undefined : ctx.host.process(pid)?.startTime;
			const time = (bootMs + (started ?? 0) - START_EPOCH_MS) * 1e6;
			const st: Stat = {
				dev: 0x14,
				ino: 4026531840,
				mode: kind === 'dir' ? 0o555 : kind === 'link' ? 0o777 : 0o444,
				type: kind === 'dir' ? 'dir' : 'file',
				nlink: kind === 'dir' ? 9 : 1,
				uid: 0,
				gid: 0,
				size: 0,
				blocks: 0,
				blksize: 1024,
				atime: time,
				mtime: time,
				ctime: time,
				btime: null,
				fsId: 'proc',
				fsType: 'proc',
			};
			return { st, link: kind === 'link' ? procReadlink(ctx.host, abs, ctx.pid) : null };
		}
		const r = ctx.host.lstat(ctx.pid, path);
		if (!r.ok) return { st: null, link: null, errno: r.errno };
		if (r.value.type !== 'symlink') return { st: r.value, link: null };
		const target = ctx.host.readlinkat(ctx.pid, path);
		return { st: r.value, link: target.ok ? target.value : '' };
	};

	const sortEntries = (list: LsEntry[]): LsEntry[] => {
		const sorted = [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		if (o.has('S')) sorted.sort((a, b) => (b.st?.size ?? 0) - (a.st?.size ?? 0));
		if (o.has('t')) sorted.sort((a, b) => (b.st?.mtime ?? 0) - (a.st?.mtime ?? 0));
		if (o.has('reverse')) sorted.reverse();
		return sorted;
	};

	const render = (entries: LsEntry[], withTotal: boolean): string => {
		if (entries.length === 0) return withTotal && long ? 'total 0\n' : '';
		const inoW = Math.max(...entries.map((e) => String(e.st?.ino ?? '?').length));
		const classify = (e: LsEntry): string =>
			o.has('classify') ? (e.st?.type === 'dir' ? '/' : e.st && e.st.mode & 0o111 ? '*' : '') : '';
		// -s: allocated size in 1 KiB blocks (or -h units), right-aligned before the name.
		const kib = (e: LsEntry): number => (e.st ? Math.ceil((e.st.blocks * 512) / 1024) : 0);
		const blocksText = (e: LsEntry): string =>
			humanSizes ? (kib(e) === 0 ? '0' : human(kib(e) * 1024)) : String(kib(e));
		const blocksW = Math.max(...entries.map((e) => blocksText(e).length));
		const blockCol = (e: LsEntry): string =>
			showSize ? `${blocksText(e).padStart(blocksW)} ` : '';
		const totalLine = (): string => {
			const blocks = entries.reduce((sum, e) => sum + kib(e), 0);
			return `total ${humanSizes ? human(blocks * 1024) : blocks}\n`;
		};
		if (!long) {
			const names = entries.map(
				(e) =>
					(showInode ? `${String(e.st?.ino ?? '?').padStart(inoW)} ` : '') +
					blockCol(e) +
					e.name +
					classify(e),
			);
			const head = withTotal && showSize ? totalLine() : '';
			return head + (oneCol ? names.join('\n') + '\n' : columns(names));
		}
		const sizeOf = (e: LsEntry): string => {
			const size = e.st?.size ?? 0;
			return humanSizes ? human(size) : String(size);
		};
		const linkW = Math.max(...entries.map((e) => String(e.st?.nlink ?? 1).length));
		const sizeW = Math.max(...entries.map((e) => sizeOf(e).length));
		let out = '';
		if (withTotal) out += totalLine();
		for (const e of entries) {
			const st = e.st as Stat;
			const isLink = e.link !== undefined && e.link !== null;
			const ino = showInode ? `${String(st.ino).padStart(inoW)} ` : '';
			out +=
				`${ino}${blockCol(e)}${modeString(st, isLink)} ${String(st.nlink).padStart(linkW)} root root ` +
				`${sizeOf(e).padStart(sizeW)} ${fullTime ? statDate(st.mtime) : lsDate(st.mtime, ctx.host.wallClockMs())} ${e.name}${classify(e)}` +
				(isLink ? ` -> ${e.link}` : '') +
				'\n';
		}
		return out;
	};

	const files: LsEntry[] = [];
	const dirs: { name: string; path: string }[] = [];
	for (const operand of operands) {
		let { st, link, errno } = statOf(operand);
		// Command-line symbolic links are followed unless -l or -d is given (ls.c).
		if (link !== null && link !== undefined && !long && !dirAsFile) {
			if (isProc(ctx, operand)) {
				const target = link.startsWith('/') ? link : `/proc/${link}`;
				const followed = statOf(target);
				if (followed.st?.type === 'dir') {
					dirs.push({ name: operand, path: target });
					continue;
				}
				({ st, link, errno } = followed);
			} else {
				const followed = ctx.host.stat(ctx.pid, operand);
				if (followed.ok && followed.value.type === 'dir') {
					dirs.push({ name: operand, path: operand });
					continue;
				}
				if (followed.ok) {
					st = followed.value;
					link = null;
				}
			}
		}
		if (!st) {
			ctx.err(`ls: cannot access ${q(operand)}: ${errText(errno ?? 'ENOENT')}\n`);
			status = 2;
			continue;
		}
		if (st.type === 'dir' && !dirAsFile) dirs.push({ name: operand, path: operand });
		else files.push({ name: operand, path: operand, st, link });
	}
	let out = render(sortEntries(files), false);
	const sortedDirs = [...dirs].sort((a, b) => (a.name < b.name ? -1 : 1));
	let listed = 0;
	const listDir = (d: { name: string; path: string }): void => {
		const idx = listed++;
		let names: string[] | null;
		if (isProc(ctx, d.path)) names = procList(ctx.host, absPath(ctx.sh.cwd, d.path), ctx.pid);
		else {
			const r = ctx.host.readdir(ctx.pid, d.path);
			if (!r.ok) {
				ctx.err(`ls: cannot open directory ${q(d.name)}: ${errText(r.errno)}\n`);
				status = 2;
				return;
			}
			names = r.value.map((e) => e.name);
		}
		const visible = (names ?? []).filter((n) => {
			if (n === '.' || n === '..') return all;
			return all || almost || !n.startsWith('.');
		});
		if (all && !visible.includes('.')) visible.unshift('.', '..');
		const entries = visible.map((n) => {
			const path = joinPath(d.path, n);
			const needStat =
				long || showInode || showSize || recursive || o.has('S') || o.has('t') || o.has('classify');
			const s = needStat ? statOf(path) : { st: null, link: null };
			return { name: n, path, st: s.st ?? (needStat ? null : ({} as Stat)), link: s.link };
		});
		const shown = entries.filter((e) => e.st !== null);
		if (operands.length > 1 || files.length > 0 || recursive)
			out += `${out !== '' || idx > 0 ? '\n' : ''}${d.name}:\n`;
		const sorted = sortEntries(shown);
		out += render(sorted, true);
		// -R descends into each subdirectory in listing order, after the directory itself.
		if (recursive)
			for (const e of sorted) {
				if (e.name === '.' || e.name === '..' || e.st?.type !== 'dir' || e.link) continue;
				listDir({ name: joinPath(d.name, e.name), path: e.path });
			}
	};
	sortedDirs.forEach(listDir);
	ctx.out(out);
	return status;
};

// ------------------------------------------------------------------ stat

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

// ------------------------------------------------------------------ cp, install, mv, rm, ln

/**
 * Whether the last operand names a directory, checked the way coreutils 9.1 does it: an
 * openat with O_DIRECTORY (the real tools add O_PATH, which the simulated kernel lacks).
 */
function targetIsDir(ctx: CommandContext, path: string): boolean {
	const fd = ctx.host.openat(ctx.pid, path, O_RDONLY | O_DIRECTORY);
	if (!fd.ok) return false;
	ctx.host.close(ctx.pid, fd.value);
	return true;
}

/** The destination path for a source: inside DEST when DEST is a directory. */
function destFor(ctx: CommandContext, src: string, dest: string, destIsDir: boolean): string {
	return destIsDir ? joinPath(dest, basename(src)) : dest;
}

/** `cp [-fpv] [--remove-destination] SRC… DEST`, following cp 9.1's system calls. */
export const cp: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'cp', [
		{ short: 'f', long: 'force' },
		{ short: 'i', long: 'interactive' },
		{ short: 'p' },
		{ short: 'r', long: 'recursive' },
		{ short: 'R', key: 'recursive' },
		{ short: 'a', long: 'archive' },
		{ short: 'v', long: 'verbose' },
		{ long: 'remove-destination' },
		{ short: 'T', long: 'no-target-directory' },
	]);
	if (!opts) return 1;
	return copyLike(ctx, 'cp', opts.operands, {
		force: opts.opts.has('force'),
		remove: opts.opts.has('remove-destination'),
		verbose: opts.opts.has('verbose'),
		recursive: opts.opts.has('recursive') || opts.opts.has('archive'),
		install: false,
	});
};

/** `install [-m MODE] SRC… DEST`: unlinks the target and creates a new file (install.c). */
export const install: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'install', [
		{ short: 'm', long: 'mode', arg: true },
		{ short: 'v', long: 'verbose' },
		{ short: 'D' },
		{ short: 'd', long: 'directory' },
	]);
	if (!opts) return 1;
	return copyLike(ctx, 'install', opts.operands, {
		force: false,
		remove: true,
		verbose: opts.opts.has('verbose'),
		recursive: false,
		install: true,
		mode: Number.parseInt(opts.opts.get('mode')?.at(-1) ?? '755', 8),
	});
};

interface CopyOptions {
	force: boolean;
	remove: boolean;
	verbose: boolean;
	recursive: boolean;
	install: boolean;
	mode?: number;
}

function copyLike(ctx: CommandContext, tool: string, operands: string[], o: CopyOptions): number {
	if (operands.length === 0) {
		usageError(ctx, tool, 'missing file operand');
		return 1;
	}
	if (operands.length === 1) {
		usageError(ctx, tool, `missing destination file operand after ${q(operands[0] as string)}`);
		return 1;
	}
	const dest = operands[operands.length - 1] as string;
	const sources = operands.slice(0, -1);
	const destIsDir = targetIsDir(ctx, dest);
	if (sources.length > 1 && !destIsDir) {
		ctx.err(`${tool}: target ${q(dest)} is not a directory\n`);
		return 1;
	}
	let status = 0;
	for (const src of sources) {
		const target = destFor(ctx, src, dest, destIsDir);
		if (!copyOne(ctx, tool, src, target, o)) status = 1;
	}
	return status;
}

function copyOne(
	ctx: CommandContext,
	tool: string,
	src: string,
	target: string,
	o: CopyOptions,
): boolean {
	const h = ctx.host;
	const pid = ctx.pid;
	const s = h.stat(pid, src);
	if (!s.ok) {
		ctx.err(`${tool}: cannot stat ${q(src)}: ${errText(s.errno)}\n`);
		return false;
	}
	if (s.value.type === 'dir') {
		if (!o.recursive) {
			ctx.err(
				tool === 'install'
					? `install: omitting directory ${q(src)}\n`
					: `cp: -r not specified; omitting directory ${q(src)}\n`,
			);
			return false;
		}
		return copyTree(ctx, tool, src, target, o);
	}
	const t = h.stat(pid, target);
	if (t.ok && t.value.ino === s.value.ino && t.value.dev === s.value.dev) {
		ctx.err(`${tool}: ${q(src)} and ${q(target)} are the same file\n`);
		return false;
	}
	const mode = o.mode ?? s.value.mode & 0o777;
	if (t.ok && o.remove) {
		const gone = h.unlinkat(pid, target, 0);
		if (!gone.ok && gone.errno !== 'ENOENT') {
			ctx.err(`${tool}: cannot remove ${q(target)}: ${errText(gone.errno)}\n`);
			return false;
		}
	}
	const inFd = h.openat(pid, src, O_RDONLY);
	if (!inFd.ok) {
		ctx.err(`${tool}: cannot open ${q(src)} for reading: ${errText(inFd.errno)}\n`);
		return false;
	}
	let outFd;
	if (t.ok && !o.remove) {
		// cp overwrites an existing file in place: same inode, O_TRUNC (copy.c copy_reg).
		outFd = h.openat(pid, target, O_WRONLY | O_TRUNC);
		if (!outFd.ok && o.force && outFd.errno !== 'ENOENT') {
			// -f: "if an existing destination file cannot be opened, remove it and try again".
			const gone = h.unlinkat(pid, target, 0);
			if (gone.ok) outFd = h.openat(pid, target, O_WRONLY | O_CREAT | O_EXCL, mode);
		}
	} else {
		outFd = h.openat(pid, target, O_WRONLY | O_CREAT | O_EXCL, o.install ? 0o600 : mode);
	}
	if (!outFd.ok) {
		ctx.err(`${tool}: cannot create regular file ${q(target)}: ${errText(outFd.errno)}\n`);
		h.close(pid, inFd.value);
		return false;
	}
	const copied = copyData(ctx, inFd.value, outFd.value);
	h.close(pid, outFd.value);
	h.close(pid, inFd.value);
	if (copied !== null) {
		ctx.err(`${tool}: error writing ${q(target)}: ${errText(copied)}\n`);
		return false;
	}
	if (o.install) h.fchmodat(pid, target, mode);
	if (o.verbose) ctx.out(`${q(src)} -> ${q(target)}\n`);
	return true;
}

function copyTree(
	ctx: CommandContext,
	tool: string,
	src: string,
	target: string,
	o: CopyOptions,
): boolean {
	const h = ctx.host;
	const t = h.stat(ctx.pid, target);
	if (!t.ok) {
		const made = h.mkdir(ctx.pid, target, 0o755);
		if (!made.ok) {
			ctx.err(`${tool}: cannot create directory ${q(target)}: ${errText(made.errno)}\n`);
			return false;
		}
	}
	const list = h.readdir(ctx.pid, src);
	if (!list.ok) {
		ctx.err(`${tool}: cannot access ${q(src)}: ${errText(list.errno)}\n`);
		return false;
	}
	let good = true;
	for (const e of list.value) {
		if (e.name === '.' || e.name === '..') continue;
		if (!copyOne(ctx, tool, joinPath(src, e.name), joinPath(target, e.name), o)) good = false;
	}
	return good;
}

/**
 * `mv SRC… DEST`: renameat2(RENAME_NOREPLACE), then rename over an existing target; across
 * filesystems (EXDEV) it unlinks the target and copies, then removes the source (mv.c, copy.c).
 */
export const mv: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'mv', [
		{ short: 'f', long: 'force' },
		{ short: 'i', long: 'interactive' },
		{ short: 'n', long: 'no-clobber' },
		{ short: 'v', long: 'verbose' },
		{ short: 'T', long: 'no-target-directory' },
	]);
	if (!opts) return 1;
	const operands = opts.operands;
	if (operands.length === 0) {
		usageError(ctx, 'mv', 'missing file operand');
		return 1;
	}
	if (operands.length === 1) {
		usageError(ctx, 'mv', `missing destination file operand after ${q(operands[0] as string)}`);
		return 1;
	}
	const h = ctx.host;
	const pid = ctx.pid;
	const dest = operands[operands.length - 1] as string;
	const sources = operands.slice(0, -1);
	// -T treats the destination as a plain name, even when it is a directory (mv.c).
	const noTarget = opts.opts.has('no-target-directory');
	if (noTarget && operands.length > 2) {
		usageError(ctx, 'mv', `extra operand ${q(operands[2] as string)}`);
		return 1;
	}
	const destIsDir = !noTarget && targetIsDir(ctx, dest);
	if (sources.length > 1 && !destIsDir) {
		ctx.err(`mv: target ${q(dest)} is not a directory\n`);
		return 1;
	}
	let status = 0;
	for (const src of sources) {
		const target = destFor(ctx, src, dest, destIsDir);
		let r = h.renameat2(pid, src, target, RENAME_NOREPLACE);
		// mv 9.1 retries with a plain rename after EEXIST, and also after EXDEV (it stats both
		// names first), before falling back to copying.
		if (!r.ok && (r.errno === 'EEXIST' || r.errno === 'EXDEV')) {
			if (r.errno === 'EEXIST' && opts.opts.has('no-clobber')) continue;
			r = h.rename(pid, src, target);
		}
		if (r.ok) {
			if (opts.opts.has('verbose')) ctx.out(`renamed ${q(src)} -> ${q(target)}\n`);
			continue;
		}
		if (r.errno === 'EXDEV') {
			const s = h.stat(pid, src);
			if (!s.ok) {
				ctx.err(`mv: cannot stat ${q(src)}: ${errText(s.errno)}\n`);
				status = 1;
				continue;
			}
			// Across filesystems mv copies: it first removes an existing target (copy.c with
			// unlink_dest_before_opening), so the running program's inode is left alone.
			const copied = copyOne(ctx, 'mv', src, target, {
				force: true,
				remove: true,
				verbose: false,
				recursive: true,
				install: false,
			});
			if (!copied) {
				status = 1;
				continue;
			}
			const gone = s.value.type === 'dir' ? h.rmdir(pid, src) : h.unlinkat(pid, src, 0);
			if (!gone.ok) {
				ctx.err(`mv: cannot remove ${q(src)}: ${errText(gone.errno)}\n`);
				status = 1;
			}
			continue;
		}
		if (r.errno === 'ENOENT' && !h.stat(pid, src).ok) {
			ctx.err(`mv: cannot stat ${q(src)}: ${errText('ENOENT')}\n`);
		} else if (r.errno === 'EISDIR') {
			// copy.c's own wording for a file over a directory, and the reverse below.
			ctx.err(`mv: cannot overwrite directory ${q(target)} with non-directory\n`);
		} else if (r.errno === 'ENOTDIR' && h.lstat(pid, target).ok) {
			ctx.err(`mv: cannot overwrite non-directory ${q(target)} with directory ${q(src)}\n`);
		} else {
			ctx.err(`mv: cannot move ${q(src)} to ${q(target)}: ${errText(r.errno)}\n`);
		}
		status = 1;
	}
	return status;
};

/** `rm [-frv] FILE…`: unlinkat(2) (rm.c via remove.c). */
export const rm: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'rm', [
		{ short: 'f', long: 'force' },
		{ short: 'r', long: 'recursive' },
		{ short: 'R', key: 'recursive' },
		{ short: 'v', long: 'verbose' },
		{ short: 'i' },
		{ short: 'd', long: 'dir' },
	]);
	if (!opts) return 1;
	const force = opts.opts.has('force');
	if (opts.operands.length === 0) {
		if (force) return 0;
		usageError(ctx, 'rm', 'missing operand');
		return 1;
	}
	let status = 0;
	const removeTree = (path: string): boolean => {
		const list = ctx.host.readdir(ctx.pid, path);
		if (list.ok) {
			for (const e of list.value) {
				if (e.name === '.' || e.name === '..') continue;
				const child = joinPath(path, e.name);
				if (e.type === 'dir') {
					if (!removeTree(child)) return false;
				} else {
					const r = ctx.host.unlinkat(ctx.pid, child, 0);
					if (!r.ok) {
						ctx.err(`rm: cannot remove ${q(child)}: ${errText(r.errno)}\n`);
						return false;
					}
				}
			}
		}
		const r = ctx.host.unlinkat(ctx.pid, path, AT_REMOVEDIR);
		if (!r.ok) {
			ctx.err(`rm: cannot remove ${q(path)}: ${errText(r.errno)}\n`);
			return false;
		}
		return true;
	};
	for (const f of opts.operands) {
		const st = ctx.host.lstat(ctx.pid, f);
		if (st.ok && st.value.type === 'dir') {
			if (opts.opts.has('recursive')) {
				if (!removeTree(f)) status = 1;
				continue;
			}
			if (opts.opts.has('dir')) {
				const r = ctx.host.unlinkat(ctx.pid, f, AT_REMOVEDIR);
				if (!r.ok) {
					ctx.err(`rm: cannot remove ${q(f)}: ${errText(r.errno)}\n`);
					status = 1;
				}
				continue;
			}
			ctx.err(`rm: cannot remove ${q(f)}: Is a directory\n`);
			status = 1;
			continue;
		}
		const r = ctx.host.unlinkat(ctx.pid, f, 0);
		if (!r.ok) {
			if (force && r.errno === 'ENOENT') continue;
			ctx.err(`rm: cannot remove ${q(f)}: ${errText(r.errno)}\n`);
			status = 1;
		} else if (opts.opts.has('verbose')) ctx.out(`removed ${q(f)}\n`);
	}
	return status;
};

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

/**
 * `ln [-s] [-f] [-n] [-T] [-v] TARGET [LINK]` as coreutils 9.1 makes it (ln.c, gnulib
 * force-link.c): the last operand is a directory if openat(O_PATH|O_DIRECTORY) succeeds on it,
 * with O_NOFOLLOW under -n, so that `ln -sfn` treats a link to a directory as a file to replace;
 * then symlinkat or link, and with -f on EEXIST a new link under a temporary name renamed over
 * the old one, so that the name never goes missing.
 */
export const ln: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'ln', [
		{ short: 's', long: 'symbolic' },
		{ short: 'f', long: 'force' },
		{ short: 'v', long: 'verbose' },
		{ short: 'n', long: 'no-dereference' },
		{ short: 'T', long: 'no-target-directory' },
	]);
	if (!opts) return 1;
	const ops = opts.operands;
	if (ops.length === 0) {
		usageError(ctx, 'ln', 'missing file operand');
		return 1;
	}
	const symbolic = opts.opts.has('symbolic');
	const force = opts.opts.has('force');
	const target = ops[0] as string;
	const destArg = ops.length >= 2 ? (ops[ops.length - 1] as string) : '.';
	let intoDir = ops.length < 2;
	if (!intoDir && !opts.opts.has('no-target-directory')) {
		const nofollow = opts.opts.has('no-dereference') ? O_NOFOLLOW : 0;
		const fd = ctx.host.openat(ctx.pid, destArg, O_RDONLY | O_PATH | O_DIRECTORY | nofollow);
		if (fd.ok) {
			intoDir = true;
			ctx.host.close(ctx.pid, fd.value);
		}
	}
	const link = intoDir ? joinPath(destArg, basename(target)) : destArg;
	const make = (name: string) =>
		symbolic ? ctx.host.symlinkat(ctx.pid, target, name) : ctx.host.link(ctx.pid, target, name);
	let r = make(link);
	// A hard link that failed is diagnosed with the source's own lstat.
	const source = !r.ok && !symbolic ? ctx.host.fstatat(ctx.pid, target, AT_SYMLINK_NOFOLLOW) : null;
	if (!r.ok && r.errno === 'EEXIST' && force) {
		const existing = ctx.host.fstatat(ctx.pid, link, AT_SYMLINK_NOFOLLOW);
		// quotef(): quoted only when the name needs it.
		const named = /^[A-Za-z0-9_./@%+,:=-]+$/.test(link) ? link : q(link);
		if (existing.ok && existing.value.type === 'dir') {
			ctx.err(`ln: ${named}: cannot overwrite directory\n`);
			return 1;
		}
		if (
			source?.ok &&
			existing.ok &&
			source.value.ino === existing.value.ino &&
			source.value.dev === existing.value.dev
		) {
			ctx.err(`ln: ${q(target)} and ${q(link)} are the same file\n`);
			return 1;
		}
		// force_symlinkat / force_linkat: samedir_template's "CuXXXXXX", then renameat over.
		const slash = link.lastIndexOf('/');
		const temp = `${slash >= 0 ? link.slice(0, slash + 1) : ''}Cu${tempSuffix(ctx)}`;
		r = make(temp);
		if (r.ok) {
			r = ctx.host.rename(ctx.pid, temp, link);
			if (!r.ok) ctx.host.unlinkat(ctx.pid, temp, 0);
		}
	}
	if (!r.ok) {
		const short = ['EDQUOT', 'EEXIST', 'ENOSPC', 'EROFS'].includes(r.errno);
		if (symbolic) ctx.err(`ln: failed to create symbolic link ${q(link)}: ${errText(r.errno)}\n`);
		else if (source && !source.ok)
			ctx.err(`ln: failed to access ${q(target)}: ${errText(source.errno)}\n`);
		else if (short) ctx.err(`ln: failed to create hard link ${q(link)}: ${errText(r.errno)}\n`);
		else
			ctx.err(`ln: failed to create hard link ${q(link)} => ${q(target)}: ${errText(r.errno)}\n`);
		return 1;
	}
	if (opts.opts.has('verbose')) ctx.out(`${q(link)} ${symbolic ? '->' : '=>'} ${q(target)}\n`);
	return 0;
};

// ------------------------------------------------------------------ truncate, touch, mkdir, chmod

/** `truncate -s SIZE FILE…`: openat(O_WRONLY|O_CREAT|O_NONBLOCK) + ftruncate (truncate.c). */
export const truncate: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'truncate', [
		{ short: 's', long: 'size', arg: true },
		{ short: 'c', long: 'no-create' },
		{ short: 'r', long: 'reference', arg: true },
		{ short: 'o', long: 'io-blocks' },
	]);
	if (!opts) return 1;
	const sizeArg = opts.opts.get('size')?.at(-1);
	if (sizeArg === undefined) {
		usageError(ctx, 'truncate', 'you must specify either ‘--size’ or ‘--reference’');
		return 1;
	}
	if (opts.operands.length === 0) {
		usageError(ctx, 'truncate', 'missing file operand');
		return 1;
	}
	const m = /^([-+<>/%]?)(.*)$/.exec(sizeArg) as RegExpExecArray;
	const rel = m[1] as string;
	const amount = parseSize(m[2] as string);
	if (amount === null) {
		ctx.err(`truncate: Invalid number: ${q(sizeArg)}\n`);
		return 1;
	}
	let status = 0;
	for (const f of opts.operands) {
		const flags = O_WRONLY | O_NONBLOCK | (opts.opts.has('no-create') ? 0 : O_CREAT);
		const fd = ctx.host.openat(ctx.pid, f, flags, 0o666);
		if (!fd.ok) {
			if (fd.errno === 'ENOENT' && opts.opts.has('no-create')) continue;
			ctx.err(`truncate: cannot open ${q(f)} for writing: ${errText(fd.errno)}\n`);
			status = 1;
			continue;
		}
		let size = amount;
		if (rel !== '') {
			const st = ctx.host.fstat(ctx.pid, fd.value);
			const cur = st.ok ? st.value.size : 0;
			size =
				rel === '+'
					? cur + amount
					: rel === '-'
						? Math.max(0, cur - amount)
						: rel === '<'
							? Math.min(cur, amount)
							: rel === '>'
								? Math.max(cur, amount)
								: rel === '/'
									? Math.floor(cur / amount) * amount
									: Math.ceil(cur / amount) * amount;
		}
		const r = ctx.host.ftruncate(ctx.pid, fd.value, size);
		if (!r.ok) {
			ctx.err(`truncate: failed to truncate ${q(f)} at ${size} bytes: ${errText(r.errno)}\n`);
			status = 1;
		}
		ctx.host.close(ctx.pid, fd.value);
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

/** `mkdir [-p] DIR…`. */
export const mkdir: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'mkdir', [
		{ short: 'p', long: 'parents' },
		{ short: 'm', long: 'mode', arg: true },
		{ short: 'v', long: 'verbose' },
	]);
	if (!opts) return 1;
	if (opts.operands.length === 0) {
		usageError(ctx, 'mkdir', 'missing operand');
		return 1;
	}
	let status = 0;
	for (const d of opts.operands) {
		if (opts.opts.has('parents')) {
			const parts = absPath(ctx.sh.cwd, d).split('/').filter(Boolean);
			let path = '';
			for (const p of parts) {
				path += `/${p}`;
				const st = ctx.host.stat(ctx.pid, path);
				if (st.ok) continue;
				const r = ctx.host.mkdir(ctx.pid, path, 0o777);
				if (!r.ok) {
					ctx.err(`mkdir: cannot create directory ‘${d}’: ${errText(r.errno)}\n`);
					status = 1;
					break;
				}
			}
			continue;
		}
		const r = ctx.host.mkdir(ctx.pid, d, 0o777);
		if (!r.ok) {
			ctx.err(`mkdir: cannot create directory ‘${d}’: ${errText(r.errno)}\n`);
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

// ------------------------------------------------------------------ dd

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
	// Three writes, as strace shows: the records lines, the bytes line, then its newline.
	ctx.err(`${full}+${partial} records in\n${outFull}+${outPartial} records out\n`);
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

// ------------------------------------------------------------------ rsync

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
	const r = h.rename(pid, tmp, dest);
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

/** mkstemp's six random characters, drawn from the world's seed. */
function tempSuffix(ctx: CommandContext): string {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let s = '';
	for (let i = 0; i < 6; i++) s += chars[Math.floor(ctx.world.random() * chars.length)];
	return s;
}

function errnoNum(errno: Errno): number {
	return errnoNumber(errno);
}

/** `wc [-lc] [FILE]` over standard input or files. */
export const wc: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	const flags = args.filter((a) => a.startsWith('-')).join('');
	const files = args.filter((a) => !a.startsWith('-'));
	// Counts go over the bytes piece by piece, so a word may span two pieces.
	const count = (pieces: Iterable<string>): string => {
		let lines = 0;
		let words = 0;
		let bytes = 0;
		let inWord = false;
		// wc -c alone needs no scan (wc.c takes the size, or counts what read(2) returned).
		const scan = !(flags.includes('c') && !flags.includes('l') && !flags.includes('w'));
		for (const text of pieces) {
			bytes += text.length;
			for (let i = 0; scan && i < text.length; i++) {
				const c = text.charCodeAt(i);
				if (c === 10) lines++;
				// wc.c counts a word at its end: a space character after a non-space.
				const space = c === 32 || (c >= 9 && c <= 13);
				if (!space && !inWord) words++;
				inWord = !space;
			}
		}
		if (flags.includes('l')) return String(lines);
		if (flags.includes('c')) return String(bytes);
		if (flags.includes('w')) return String(words);
		return `${String(lines).padStart(7)} ${String(words).padStart(7)} ${String(bytes).padStart(7)}`;
	};
	if (files.length === 0) {
		ctx.out(`${count(ctx.stdin?.chunks() ?? [])}\n`);
		return 0;
	}
	let status = 0;
	for (const f of files) {
		const fd = ctx.host.openat(ctx.pid, f, O_RDONLY);
		if (!fd.ok) {
			fail(ctx, 'wc', f, fd.errno);
			status = 1;
			continue;
		}
		const data = ctx.host.readAll(ctx.pid, fd.value);
		ctx.host.close(ctx.pid, fd.value);
		ctx.out(`${count(data.ok ? [bytesToBinary(data.value)] : [])} ${f}\n`);
	}
	return status;
};

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

/**
 * `md5sum [FILE…]`: the MD5 digest of each file (read(2) in 32 KiB pieces, as coreutils 9.1
 * does) or of standard input (`-`), printed as `HASH  NAME`.
 */
export const md5sum: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'md5sum', [
		{ short: 'b', long: 'binary' },
		{ short: 't', long: 'text' },
	]);
	if (!opts) return 1;
	const mark = opts.opts.has('binary') ? '*' : ' ';
	const files = opts.operands.length === 0 ? ['-'] : opts.operands;
	let status = 0;
	for (const f of files) {
		const digest = new Md5();
		if (f === '-') {
			for (const chunk of ctx.stdin?.chunks() ?? []) digest.update(chunk);
		} else {
			const fd = ctx.host.openat(ctx.pid, f, O_RDONLY);
			if (!fd.ok) {
				fail(ctx, 'md5sum', f, fd.errno);
				status = 1;
				continue;
			}
			let failed = false;
			for (;;) {
				const chunk = ctx.host.read(ctx.pid, fd.value, 32768);
				if (!chunk.ok) {
					fail(ctx, 'md5sum', f, chunk.errno);
					failed = true;
					break;
				}
				if (chunk.value.length === 0) break;
				digest.update(bytesToBinary(chunk.value));
			}
			ctx.host.close(ctx.pid, fd.value);
			if (failed) {
				status = 1;
				continue;
			}
		}
		ctx.out(`${digest.hex()} ${mark}${f}\n`);
	}
	return status;
};
