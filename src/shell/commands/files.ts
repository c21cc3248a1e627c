/**
 * File tools from GNU coreutils 9.1 (and rsync 3.x), written as the system calls each makes so
 * that strace and the kernel's events show the real sequence (see linux-facts.md §2). Messages
 * were copied from the real tools.
 */
import type { Errno, Stat } from '../../kernel';
import {
	AT_REMOVEDIR,
	O_ACCMODE,
	AT_SYMLINK_NOFOLLOW,
	O_CREAT,
	O_DIRECTORY,
	O_EXCL,
	O_NOFOLLOW,
	O_NONBLOCK,
	O_PATH,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	RENAME_NOREPLACE,
	START_EPOCH_MS,
	parseSize,
	utf8Encode as utf8Bytes,
} from '../../kernel';
import type { CommandContext, CommandFn } from '../context';
import { absPath, errText } from '../context';
import { bytesToBinary, procKind, procList, procRead, procReadlink } from '../proc';
import { binaryToBytes } from '../bytes';
import {
	basename,
	fail,
	human,
	joinPath,
	lsDate,
	lsQuote,
	modeString,
	parseOpts,
	q,
	statDate,
	usageError,
	stdinFd,
} from './util';

/** copy_file_range's length argument as cp passes it (SSIZE_MAX rounded down to a page). */
const COPY_CHUNK = 9223372035781033984;

export const isProc = (ctx: CommandContext, path: string): boolean => {
	const abs = absPath(ctx.sh.cwd, path);
	return abs === '/proc' || abs.startsWith('/proc/');
};

/** Copies an open file to another with copy_file_range, as cp 9.1 does; returns the errno. */
export function copyData(ctx: CommandContext, inFd: number, outFd: number): Errno | null {
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
		const input = f === '-' ? stdinFd(ctx) : null;
		if (f === '-' && input === null) {
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
		// Standard input redirected from a file is read through fd 0 like any file.
		const fd =
			input !== null ? { ok: true as const, value: input } : ctx.host.openat(ctx.pid, f, O_RDONLY);
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
		if (input === null) ctx.host.close(ctx.pid, fd.value);
	}
	return status;
};

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

	/** The directory fd ls holds while it lists its own /proc/self/fd. */
	let ownDirFd: { path: string; target: string } | null = null;
	const statOf = (path: string): { st: Stat | null; link: string | null; errno?: Errno } => {
		if (ownDirFd?.path === path) {
			const own = statOf(`/proc/${ctx.pid}/fd/0`);
			const st = own.st && { ...own.st, mode: 0o500 };
			return { st, link: ownDirFd.target };
		}
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
			// An fd link's permissions are the file's open mode, and its size is 64
			// (fs/proc/fd.c tid_fd_update_inode, proc_fd_instantiate).
			const fdEntry =
				pid !== null && parts[3] === 'fd' && parts.length === 5
					? ctx.host.fdTable(pid).find((f) => String(f.fd) === parts[4])
					: undefined;
			const fdMode = fdEntry ? [0o500, 0o300, 0o700][fdEntry.flags & O_ACCMODE] : undefined;
			const st: Stat = {
				dev: 0x14,
				ino: 4026531840,
				mode: fdMode ?? (kind === 'dir' ? 0o555 : kind === 'link' ? 0o777 : 0o444),
				type: kind === 'dir' ? 'dir' : 'file',
				nlink: kind === 'dir' ? 9 : 1,
				uid: 0,
				gid: 0,
				size: fdEntry ? 64 : 0,
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

	// On a terminal ls quotes names the shell would not take as they are (lsQuote); in columns and
	// long listings, once any name in a listing is quoted, the others get a space in front so
	// that the names still line up (ls.c align_variable_outer_quotes).
	const quoting = ctx.stdoutIsTerminal;
	const shownName = (name: string): string => (quoting ? lsQuote(name) : name);
	const render = (entries: LsEntry[], withTotal: boolean, othersQuoted = false): string => {
		if (entries.length === 0) return withTotal && long ? 'total 0\n' : '';
		const quotedAny =
			quoting && !oneCol && (othersQuoted || entries.some((e) => lsQuote(e.name) !== e.name));
		const nameOf = (e: LsEntry): string => {
			const shown = shownName(e.name);
			return quotedAny && shown === e.name ? ` ${shown}` : shown;
		};
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
					nameOf(e) +
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
				`${sizeOf(e).padStart(sizeW)} ${fullTime ? statDate(st.mtime) : lsDate(st.mtime, ctx.host.wallClockMs())} ${nameOf(e)}${classify(e)}` +
				(isLink ? ` -> ${shownName(e.link ?? '')}` : '') +
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
	// The operands are one listing, directories included, for lining up quoted names (ls.c).
	const operandQuoted = dirs.some((d) => lsQuote(d.name) !== d.name);
	let out = render(sortEntries(files), false, operandQuoted);
	const sortedDirs = [...dirs].sort((a, b) => (a.name < b.name ? -1 : 1));
	let listed = 0;
	const listDir = (d: { name: string; path: string }): void => {
		const idx = listed++;
		let names: string[] | null;
		if (isProc(ctx, d.path)) {
			const abs = absPath(ctx.sh.cwd, d.path);
			names = procList(ctx.host, abs, ctx.pid);
			// ls reads the directory through an fd of its own (opendir), which its own
			// /proc/self/fd lists, pointing at that directory.
			if (names && new RegExp(`^/proc/(self|${ctx.pid})/fd/?$`).test(abs)) {
				const used = new Set(ctx.host.fdTable(ctx.pid).map((f) => f.fd));
				let fd = 0;
				while (used.has(fd)) fd++;
				names = [...names, String(fd)];
				ownDirFd = { path: joinPath(d.path, String(fd)), target: `/proc/${ctx.pid}/fd` };
			}
		} else {
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
			out += `${out !== '' || idx > 0 ? '\n' : ''}${shownName(d.name)}:\n`;
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
			r = h.renameat2(pid, src, target);
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
			const gone = h.unlinkat(pid, src, s.value.type === 'dir' ? AT_REMOVEDIR : 0);
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
			r = ctx.host.renameat2(ctx.pid, temp, link);
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

// ------------------------------------------------------------------ dd

// ------------------------------------------------------------------ rsync

/** mkstemp's six random characters, drawn from the world's seed. */
export function tempSuffix(ctx: CommandContext): string {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let s = '';
	for (let i = 0; i < 6; i++) s += chars[Math.floor(ctx.world.random() * chars.length)];
	return s;
}
