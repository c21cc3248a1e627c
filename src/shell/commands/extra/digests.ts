/**
 * Tools no chapter uses, in the chunk fetched when a line needs one (../deferred.ts):
 * md5sum and sha256sum, cmp and yes.
 */
import type { Errno } from '../../../kernel';
import { O_RDONLY, utf8Encode as utf8Bytes } from '../../../kernel';
import type { CommandContext, CommandFn } from '../../context';
import { errText, Runaway } from '../../context';
import { bytesToBinary } from '../../proc';
import { binaryToBytes } from '../../bytes';
import { getopt, UsageError, type ParsedArgs } from '../../getopt';
import { fail, parseOpts, q } from '../util';
import { Md5 } from './md5';
import { Sha256 } from './sha256';

/**
 * `md5sum [FILE…]` and `sha256sum [FILE…]`: the digest of each file (read(2) in 32 KiB pieces,
 * as coreutils 9.1 does) or of standard input (`-`), printed as `HASH  NAME`.
 */
const digestCommand =
	(tool: string, make: () => { update(bytes: string): void; hex(): string }): CommandFn =>
	(ctx) => {
		const opts = parseOpts(ctx, tool, [
			{ short: 'b', long: 'binary' },
			{ short: 't', long: 'text' },
		]);
		if (!opts) return 1;
		const mark = opts.opts.has('binary') ? '*' : ' ';
		const files = opts.operands.length === 0 ? ['-'] : opts.operands;
		let status = 0;
		for (const f of files) {
			const digest = make();
			if (f === '-') {
				for (const chunk of ctx.stdin?.chunks() ?? []) digest.update(chunk);
			} else {
				const fd = ctx.host.openat(ctx.pid, f, O_RDONLY);
				if (!fd.ok) {
					fail(ctx, tool, f, fd.errno);
					status = 1;
					continue;
				}
				let failed = false;
				for (;;) {
					const chunk = ctx.host.read(ctx.pid, fd.value, 32768);
					if (!chunk.ok) {
						fail(ctx, tool, f, chunk.errno);
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

export const md5sum = digestCommand('md5sum', () => new Md5());
export const sha256sum = digestCommand('sha256sum', () => new Sha256());

/** One side of a cmp: a file read in blksize pieces, or standard input. */
interface CmpInput {
	name: string;
	/** The next piece ('' at EOF), or the read's errno. */
	next(): { ok: true; value: string } | { ok: false; errno: Errno };
	close(): void;
	size: number | null;
	/** dev:ino of a file, to see that both names are the same file. */
	id: string | null;
}

/**
 * `cmp [-l] [-s] FILE1 [FILE2]` (GNU diffutils 3.8, cmp.c): the first differing byte as
 * `A B differ: byte N, line M` on stdout; a shorter file as `cmp: EOF on A after byte N, line M`
 * (`in line M` when its last line has no newline, `which is empty` for nothing) on stderr.
 * Status 0 same, 1 different, 2 trouble. FILE2 defaults to standard input (`-`).
 */
export const cmp: CommandFn = (ctx) => {
	// diffutils' try_help() puts the program name before the hint line too.
	const usage = (message: string): number => {
		ctx.err(`cmp: ${message}\ncmp: Try 'cmp --help' for more information.\n`);
		return 2;
	};
	let opts: ParsedArgs;
	try {
		opts = getopt(ctx.argv.slice(1), [
			{ short: 'l', long: 'verbose' },
			{ short: 's', long: 'quiet', key: 'silent' },
			{ long: 'silent' },
		]);
	} catch (e) {
		if (e instanceof UsageError) return usage(e.message);
		throw e;
	}
	const silent = opts.opts.has('silent');
	const verbose = opts.opts.has('verbose');
	if (silent && verbose) return usage('options -l and -s are incompatible');
	const [a, b = '-', extra] = opts.operands;
	if (a === undefined) return usage("missing operand after 'cmp'");
	if (extra !== undefined) {
		// A third operand is the number of bytes to skip (--ignore-initial).
		if (!/^\d+$/.test(extra)) return usage(`invalid --ignore-initial value ${q(extra)}`);
		ctx.err(`[simulation: cmp's SKIP operands are not supported]\n`);
		return 2;
	}
	const open = (name: string): CmpInput | null => {
		if (name === '-') {
			const chunks = ctx.stdin?.chunks() ?? [];
			const it = chunks[Symbol.iterator]();
			return {
				name,
				next: () => {
					const r = it.next();
					return { ok: true, value: r.done ? '' : r.value };
				},
				close: () => {},
				size: null,
				id: null,
			};
		}
		const fd = ctx.host.openat(ctx.pid, name, O_RDONLY);
		if (!fd.ok) {
			fail(ctx, 'cmp', name, fd.errno);
			return null;
		}
		const st = ctx.host.fstat(ctx.pid, fd.value);
		const piece = st.ok ? st.value.blksize : 4096;
		return {
			name,
			next: () => {
				const r = ctx.host.read(ctx.pid, fd.value, piece);
				return r.ok ? { ok: true, value: bytesToBinary(r.value) } : r;
			},
			close: () => ctx.host.close(ctx.pid, fd.value),
			size: st.ok && st.value.type === 'file' ? st.value.size : null,
			id: st.ok ? `${st.value.dev}:${st.value.ino}` : null,
		};
	};
	const left = open(a);
	if (!left) return 2;
	const right = open(b);
	if (!right) {
		left.close();
		return 2;
	}
	try {
		// Two names for one file at the same position are the same bytes (cmp.c same_file).
		if (left.id !== null && left.id === right.id) return 0;
		return compare(ctx, left, right, silent, verbose);
	} finally {
		left.close();
		right.close();
	}
};

/** How much `cmp -l` may print before the simulation treats it as endless (bytes, roughly). */
const CMP_LIST_LIMIT = 1 << 20;

function compare(
	ctx: CommandContext,
	left: CmpInput,
	right: CmpInput,
	silent: boolean,
	verbose: boolean,
): number {
	// -l numbers bytes in a column as wide as the smaller size needs (cmp.c offset_width).
	const smaller = Math.min(
		left.size ?? Number.MAX_SAFE_INTEGER,
		right.size ?? Number.MAX_SAFE_INTEGER,
	);
	const width = String(smaller).length;
	let bufA = '';
	let bufB = '';
	let offset = 0;
	let lines = 0;
	let lastNewline = true;
	let differ = false;
	let listed = 0;
	// The bytes not compared yet of each side; null at EOF, undefined after a read error.
	const fill = (input: CmpInput, buf: string): string | null | undefined => {
		if (buf !== '') return buf;
		const got = input.next();
		if (!got.ok) {
			fail(ctx, 'cmp', input.name, got.errno);
			return undefined;
		}
		return got.value === '' ? null : got.value;
	};
	for (;;) {
		const sa = fill(left, bufA);
		if (sa === undefined) return 2;
		const sb = fill(right, bufB);
		if (sb === undefined) return 2;
		if (sa === null || sb === null) {
			if (sa === null && sb === null) return differ ? 1 : 0;
			const short = sa === null ? left : right;
			if (!silent) {
				const where =
					offset === 0
						? 'which is empty'
						: verbose
							? `after byte ${offset}`
							: `after byte ${offset}, ${lastNewline ? '' : 'in '}line ${lines + (lastNewline ? 0 : 1)}`;
				ctx.err(`cmp: EOF on ${short.name} ${where}\n`);
			}
			return 1;
		}
		const n = Math.min(sa.length, sb.length);
		const pa = n === sa.length ? sa : sa.slice(0, n);
		// Equal pieces (the usual case) need only their newlines counted.
		if (pa === (n === sb.length ? sb : sb.slice(0, n))) {
			for (let at = pa.indexOf('\n'); at !== -1; at = pa.indexOf('\n', at + 1)) lines++;
		} else
			for (let i = 0; i < n; i++) {
				const ca = sa.charCodeAt(i);
				const cb = sb.charCodeAt(i);
				if (ca !== cb) {
					if (silent) return 1;
					if (!verbose) {
						const line = lines + 1;
						ctx.out(`${left.name} ${right.name} differ: byte ${offset + i + 1}, line ${line}\n`);
						return 1;
					}
					differ = true;
					// Listing every byte of two different programs is millions of lines: past a
					// megabyte the listing counts as endless, like a reader of /dev/zero.
					if ((listed += 16) > CMP_LIST_LIMIT) throw new Runaway();
					ctx.out(
						`${String(offset + i + 1).padStart(width)} ${ca.toString(8).padStart(3)} ${cb.toString(8).padStart(3)}\n`,
					);
				}
				if (ca === 10) lines++;
			}
		if (n > 0) lastNewline = sa.charCodeAt(n - 1) === 10;
		offset += n;
		bufA = sa.slice(n);
		bufB = sb.slice(n);
	}
}

/** How much `yes` writes before the simulation treats it as the endless writer it is. */
const YES_LIMIT = 128 * 1024;

/**
 * `yes [STRING…]` (coreutils 9.1 yes.c): the line (`y`, or the operands joined by spaces)
 * repeated to fill a BUFSIZ (8192-byte) buffer, written until a write fails, which is reported
 * as `yes: standard output: …`. It never ends by itself: after twice what a pipe holds it
 * counts as endless, so a reader like `head` gets its lines and yes dies of SIGPIPE, and
 * anything else is interrupted after the time limit as Ctrl-C would.
 */
export const yes: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	if (args[0] === '--') args.shift();
	const line = utf8Bytes(`${args.length > 0 ? args.join(' ') : 'y'}\n`);
	const copies = Math.max(1, Math.floor(8192 / line.length));
	const buffer = line.repeat(copies);
	for (let written = 0; written < YES_LIMIT; written += buffer.length) {
		const failed = ctx.out(binaryToBytes(buffer));
		if (failed !== null) {
			ctx.err(`yes: standard output: ${errText(failed)}\n`);
			return 1;
		}
	}
	throw new Runaway();
};
