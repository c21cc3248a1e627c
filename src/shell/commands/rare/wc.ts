/**
 * `wc` as coreutils 9.1 writes it (src/wc.c), system call for system call: the sizes of the
 * operands first when there are several (for the column width), then each file opened and
 * counted. `wc -c` alone takes a regular file's size from fstat and reads nothing unless the
 * size is a multiple of the page size (then only the last st_blksize + 1 bytes or fewer, for
 * /proc-like files whose size is a guess), so `wc -c` of a 24 MiB program over NFS sends no READ.
 */
import type { Errno, Stat } from '../../../kernel';
import { O_RDONLY, SEEK_CUR } from '../../../kernel';
import type { CommandContext, CommandFn } from '../../context';
import { errText } from '../../context';
import { bytesToBinary } from '../../proc';
import { parseOpts, qf, stdinFd } from '../util';

/** wc.c's BUFFER_SIZE: what each read(2) asks for. */
const BUFFER_SIZE = 16 * 1024;
/** getpagesize() on x86-64. */
const PAGE_SIZE = 4096;
/** POSIX_FADV_SEQUENTIAL (include/uapi/linux/fadvise.h). */
const FADV_SEQUENTIAL = 2;

interface Counts {
	lines: number;
	words: number;
	chars: number;
	bytes: number;
	maxLength: number;
}

interface Want {
	lines: boolean;
	words: boolean;
	chars: boolean;
	bytes: boolean;
	maxLength: boolean;
}

/** The counting state carried from one piece of input to the next. */
class Counter {
	readonly c: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLength: 0 };
	#inWord = false;
	#linePos = 0;
	/** Bytes of a UTF-8 character that the previous piece ended in the middle of. */
	#pending = '';

	add(piece: string, scan: boolean): void {
		this.c.bytes += piece.length;
		if (!scan) return;
		const text = this.#pending + piece;
		this.#pending = '';
		const c = this.c;
		for (let i = 0; i < text.length;) {
			const b = text.charCodeAt(i);
			if (b < 0x80) {
				c.chars++;
				if (b === 10) {
					c.lines++;
					this.#endLine();
				} else if (b === 13 || b === 12) this.#endLine();
				else if (b === 9) this.#linePos += 8 - (this.#linePos % 8);
				else if (b >= 32 && b < 127) this.#linePos++;
				// wc.c counts a word where a non-space character follows a space.
				const space = b === 32 || (b >= 9 && b <= 13);
				if (!space && !this.#inWord) c.words++;
				this.#inWord = !space;
				i++;
				continue;
			}
			// A multibyte character (mbrtowc in C.UTF-8): an invalid byte is skipped uncounted.
			const need = b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
			if (need === 0) {
				i++;
				continue;
			}
			if (i + need > text.length) {
				this.#pending = text.slice(i);
				break;
			}
			let valid = true;
			for (let k = 1; k < need; k++) valid &&= (text.charCodeAt(i + k) & 0xc0) === 0x80;
			if (!valid) {
				i++;
				continue;
			}
			c.chars++;
			this.#linePos++;
			if (!this.#inWord) c.words++;
			this.#inWord = true;
			i += need;
		}
	}

	#endLine(): void {
		if (this.#linePos > this.c.maxLength) this.c.maxLength = this.#linePos;
		this.#linePos = 0;
	}

	done(): Counts {
		this.#endLine();
		return this.c;
	}
}

/**
 * What get_input_fstatus learnt about an operand: nothing yet (1), its stat (null for a pipe,
 * which is no regular file), or a failure.
 */
type FStatus = { failed: 1 } | { failed: 0; st: Stat | null } | { failed: -1 };

/** `wc [-clmwL] [FILE…]`. */
export const wc: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'wc', [
		{ short: 'c', long: 'bytes' },
		{ short: 'm', long: 'chars' },
		{ short: 'l', long: 'lines' },
		{ short: 'w', long: 'words' },
		{ short: 'L', long: 'max-line-length' },
	]);
	if (!opts) return 1;
	const o = opts.opts;
	const any = ['bytes', 'chars', 'lines', 'words', 'max-line-length'].some((k) => o.has(k));
	const want: Want = any
		? {
				lines: o.has('lines'),
				words: o.has('words'),
				chars: o.has('chars'),
				bytes: o.has('bytes'),
				maxLength: o.has('max-line-length'),
			}
		: { lines: true, words: true, chars: false, bytes: true, maxLength: false };
	const shown = Object.values(want).filter(Boolean).length;
	// No operand is standard input without a name.
	const files: (string | null)[] = opts.operands.length > 0 ? opts.operands : [null];
	const isStdin = (f: string | null): boolean => f === null || f === '-';
	const stdin = stdinFd(ctx);
	// get_input_fstatus: the operands (standard input when there are none) are stat'ed first,
	// unless one operand gets one count.
	const statuses: FStatus[] =
		files.length === 1 && shown === 1
			? files.map(() => ({ failed: 1 }))
			: files.map((f) => {
					if (isStdin(f)) {
						if (stdin === null) return { failed: 0, st: null };
						const st = ctx.host.fstat(ctx.pid, stdin);
						return st.ok ? { failed: 0, st: st.value } : { failed: -1 };
					}
					const st = ctx.host.stat(ctx.pid, f as string);
					return st.ok ? { failed: 0, st: st.value } : { failed: -1 };
				});
	const width = numberWidth(statuses);
	const format = (c: Counts, name: string | null): string => {
		const fields: number[] = [];
		if (want.lines) fields.push(c.lines);
		if (want.words) fields.push(c.words);
		if (want.chars) fields.push(c.chars);
		if (want.bytes) fields.push(c.bytes);
		if (want.maxLength) fields.push(c.maxLength);
		const text = fields.map((n) => String(n).padStart(width)).join(' ');
		return `${text}${name === null ? '' : ` ${name}`}\n`;
	};
	const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLength: 0 };
	let status = 0;
	files.forEach((f, i) => {
		const fstatus = statuses[i] as FStatus;
		let result: { counts: Counts; errno: Errno | null };
		if (isStdin(f)) {
			result = stdin === null ? countPipe(ctx, want) : countFd(ctx, stdin, fstatus, -1, want);
		} else {
			const fd = ctx.host.openat(ctx.pid, f as string, O_RDONLY);
			if (!fd.ok) {
				ctx.err(`wc: ${qf(f as string)}: ${errText(fd.errno)}\n`);
				status = 1;
				return;
			}
			result = countFd(ctx, fd.value, fstatus, 0, want);
			ctx.host.close(ctx.pid, fd.value);
		}
		if (result.errno !== null) {
			ctx.err(
				`wc: ${qf(f === null || f === '-' ? 'standard input' : f)}: ${errText(result.errno)}\n`,
			);
			status = 1;
		}
		const c = result.counts;
		total.lines += c.lines;
		total.words += c.words;
		total.chars += c.chars;
		total.bytes += c.bytes;
		total.maxLength = Math.max(total.maxLength, c.maxLength);
		ctx.out(format(c, f));
	});
	if (files.length > 1) ctx.out(format(total, 'total'));
	return status;
};

/**
 * compute_number_width: wide enough for the sum of the regular files' sizes, and at least 7
 * when an operand is not a regular file (a pipe); 1 when nothing was stat'ed beforehand.
 */
function numberWidth(statuses: FStatus[]): number {
	const first = statuses[0];
	if (!first || first.failed === 1) return 1;
	let minimum = 1;
	let regular = 0;
	for (const s of statuses) {
		if (s.failed !== 0) continue;
		if (s.st?.type === 'file') regular += s.st.size;
		else minimum = 7;
	}
	return Math.max(minimum, String(regular).length);
}

/** wc() over a descriptor; `currentPos` is 0 for a file wc opened, -1 for standard input. */
function countFd(
	ctx: CommandContext,
	fd: number,
	fstatus: FStatus,
	currentPos: number,
	want: Want,
): { counts: Counts; errno: Errno | null } {
	const h = ctx.host;
	const counter = new Counter();
	const onlyBytes = want.bytes && !want.chars && !want.lines && !want.words && !want.maxLength;
	if (onlyBytes) {
		let st: Stat | null = fstatus.failed === 0 ? fstatus.st : null;
		if (fstatus.failed === 1) {
			const r = h.fstat(ctx.pid, fd);
			st = r.ok ? r.value : null;
		}
		// usable_st_size: a regular file's size is its byte count.
		if (st && st.type === 'file') {
			const end = st.size;
			let pos = currentPos;
			if (pos < 0) {
				const r = h.lseek(ctx.pid, fd, 0, SEEK_CUR);
				pos = r.ok ? r.value : -1;
			}
			if (end % PAGE_SIZE !== 0) {
				counter.c.bytes = end < pos ? 0 : end - pos;
				return { counts: counter.c, errno: null };
			}
			// A size that is a whole number of pages may be a guess (/proc, /sys): read the tail.
			const hi = end - (end % (st.blksize + 1));
			if (pos >= 0 && pos < hi && h.lseek(ctx.pid, fd, hi, SEEK_CUR).ok) counter.c.bytes = hi - pos;
		}
	}
	h.fadvise64(ctx.pid, fd, 0, 0, FADV_SEQUENTIAL);
	for (;;) {
		const r = h.read(ctx.pid, fd, BUFFER_SIZE);
		if (!r.ok) return { counts: counter.done(), errno: r.errno };
		if (r.value.length === 0) break;
		counter.add(bytesToBinary(r.value), !onlyBytes);
	}
	return { counts: counter.done(), errno: null };
}

/** Counts standard input that is a pipe (or the terminal, which gives nothing here). */
function countPipe(ctx: CommandContext, want: Want): { counts: Counts; errno: Errno | null } {
	const counter = new Counter();
	const scan = !(want.bytes && !want.chars && !want.lines && !want.words && !want.maxLength);
	for (const piece of ctx.stdin?.chunks() ?? []) counter.add(piece, scan);
	return { counts: counter.done(), errno: null };
}
