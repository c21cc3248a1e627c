/**
 * `od` as coreutils 9.1 writes it (src/od.c): -A d|o|x|n, -t a|c|d|o|u|x[SIZE][z] (several),
 * the traditional -b -c -d -o -s -x -i -l, -j, -N, -w and -v; octal 2-byte words by default;
 * a repeated line becomes `*`. Multi-byte items are little-endian, as on x86-64. Dumping a
 * whole program is millions of lines: past a megabyte of output it counts as endless, like a
 * reader of /dev/zero, so `od -c server | head` works and `od -c server` is interrupted.
 */
import type { Errno } from '../../../kernel';
import { O_RDONLY, SEEK_CUR } from '../../../kernel';
import type { CommandContext, CommandFn } from '../../context';
import { errText, Runaway } from '../../context';
import { getopt, UsageError } from '../../getopt';
import { bytesToBinary } from '../../proc';
import { lq, qf, stdinFd } from '../util';

/** How much od may print before the simulation treats it as endless. */
const OD_LIMIT = 1 << 20;

interface Spec {
	kind: 'a' | 'c' | 'd' | 'o' | 'u' | 'x';
	size: number;
	width: number;
	z: boolean;
	pad: number;
}

const WIDTHS: Record<string, Record<number, number>> = {
	o: { 1: 3, 2: 6, 4: 11, 8: 22 },
	x: { 1: 2, 2: 4, 4: 8, 8: 16 },
	d: { 1: 4, 2: 6, 4: 11, 8: 20 },
	u: { 1: 3, 2: 5, 4: 10, 8: 20 },
};

const NAMES = [
	'nul',
	'soh',
	'stx',
	'etx',
	'eot',
	'enq',
	'ack',
	'bel',
	'bs',
	'ht',
	'nl',
	'vt',
	'ff',
	'cr',
	'so',
	'si',
	'dle',
	'dc1',
	'dc2',
	'dc3',
	'dc4',
	'nak',
	'syn',
	'etb',
	'can',
	'em',
	'sub',
	'esc',
	'fs',
	'gs',
	'rs',
	'us',
	'sp',
];

const C_ESCAPES: Record<number, string> = {
	0: '\\0',
	7: '\\a',
	8: '\\b',
	9: '\\t',
	10: '\\n',
	11: '\\v',
	12: '\\f',
	13: '\\r',
};

class BadType extends Error {}

/** decode_format_string: the specs of one -t argument. */
function parseTypes(text: string): Spec[] {
	const specs: Spec[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i++] as string;
		if (c === 'a' || c === 'c') {
			specs.push({ kind: c, size: 1, width: 3, z: false, pad: 0 });
		} else if ('doux'.includes(c)) {
			let size = 4;
			const named: Record<string, number> = { C: 1, S: 2, I: 4, L: 8 };
			const n = /^\d+/.exec(text.slice(i));
			if (n) {
				size = Number(n[0]);
				i += n[0].length;
				if (![1, 2, 4, 8].includes(size))
					throw new BadType(
						`invalid type string ${lq(text)};\nthis system doesn't provide a ${size}-byte integral type`,
					);
			} else if (named[text[i] ?? ''] !== undefined) size = named[text[i++] as string] as number;
			const kind = c as Spec['kind'];
			specs.push({ kind, size, width: WIDTHS[kind]?.[size] ?? 3, z: false, pad: 0 });
		} else if (c === 'f') throw new BadType('f');
		else throw new BadType(`invalid character '${c}' in type string ${lq(text)}`);
		if (text[i] === 'z') {
			(specs[specs.length - 1] as Spec).z = true;
			i++;
		}
	}
	return specs;
}

/** xstrtoumax with base 0 and od's suffixes (b 512, k/K 1024, M, G …, kB 1000 …), or null. */
function parseCount(text: string): number | null {
	const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)(b|[kKMGTPE](?:B|iB)?)?$/.exec(text);
	if (!m) return null;
	const digits = m[1] as string;
	const n = /^0[xX]/.test(digits)
		? Number.parseInt(digits.slice(2), 16)
		: digits.startsWith('0')
			? Number.parseInt(digits, 8)
			: Number(digits);
	const suffix = m[2];
	if (suffix === undefined) return n;
	if (suffix === 'b') return n * 512;
	const power = 'KMGTPE'.indexOf((suffix[0] as string).toUpperCase()) + 1;
	return n * (suffix.endsWith('B') && !suffix.endsWith('iB') ? 1000 : 1024) ** power;
}

/** One input of the concatenated stream. */
interface Input {
	name: string;
	read(): { ok: true; value: string } | { ok: false; errno: Errno };
	/**
	 * od.c skip(): a regular file no bigger than what is left to skip is passed over whole
	 * (returns its size), a bigger one is lseek'd into (returns the count); null: read instead.
	 */
	skip?(count: number): number | null;
	close(): void;
}

export const od: CommandFn = (ctx) => {
	const usage = (message: string): number => {
		ctx.err(`od: ${message}\nTry 'od --help' for more information.\n`);
		return 1;
	};
	let parsed;
	try {
		parsed = getopt(ctx.argv.slice(1), [
			{ short: 'A', long: 'address-radix', arg: true },
			{ short: 't', long: 'format', arg: true },
			{ short: 'N', long: 'read-bytes', arg: true },
			{ short: 'j', long: 'skip-bytes', arg: true },
			{ short: 'w', long: 'width', arg: 'optional' },
			{ short: 'v', long: 'output-duplicates' },
			...'abcdfilosx'.split('').map((short) => ({ short, key: `trad-${short}` })),
		]);
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		return usage(e.message);
	}
	const o = parsed.opts;
	const radixText = o.get('address-radix')?.at(-1) ?? 'o';
	if (!/^[doxn]$/.test(radixText)) {
		ctx.err(
			`od: invalid output address radix '${radixText}'; it must be one character from [doxn]\n`,
		);
		return 1;
	}
	// Options come in the order given: -t and the traditional letters alike.
	const specs: Spec[] = [];
	const traditional: Record<string, string> = {
		a: 'a',
		b: 'o1',
		c: 'c',
		d: 'u2',
		i: 'dI',
		l: 'dL',
		o: 'o2',
		s: 'd2',
		x: 'x2',
	};
	const args = ctx.argv.slice(1);
	try {
		for (let i = 0; i < args.length; i++) {
			const a = args[i] as string;
			if (a === '--') break;
			if (a.startsWith('--format=')) specs.push(...parseTypes(a.slice(9)));
			else if (a === '--format') specs.push(...parseTypes(args[++i] ?? ''));
			else if (/^-[^-]/.test(a)) {
				for (let j = 1; j < a.length; j++) {
					const ch = a[j] as string;
					if ('ANjw'.includes(ch)) {
						if (j === a.length - 1 && ch !== 'w') i++;
						break;
					}
					if (ch === 't') {
						specs.push(...parseTypes(j + 1 < a.length ? a.slice(j + 1) : (args[++i] ?? '')));
						break;
					}
					if (ch === 'f') throw new BadType('f');
					const t = traditional[ch];
					if (t) specs.push(...parseTypes(t));
				}
			}
		}
	} catch (e) {
		if (!(e instanceof BadType)) throw e;
		if (e.message === 'f') {
			ctx.err("[simulation: od's floating-point formats are not supported]\n");
			return 1;
		}
		ctx.err(`od: ${e.message}\n`);
		return 1;
	}
	if (specs.length === 0) specs.push(...parseTypes('o2'));
	const count = (key: string, flag: string): number | null | undefined => {
		const text = o.get(key)?.at(-1);
		if (text === undefined) return undefined;
		const n = parseCount(text);
		if (n === null) ctx.err(`od: invalid -${flag} argument '${text}'\n`);
		return n;
	};
	const limit = count('read-bytes', 'N');
	const skip = count('skip-bytes', 'j');
	if (limit === null || skip === null) return 1;
	let width = 16;
	const wText = o.get('width')?.at(-1);
	if (wText !== undefined) {
		const w = wText === '' ? 32 : parseCount(wText);
		if (w === null) {
			ctx.err(`od: invalid -w argument '${wText}'\n`);
			return 1;
		}
		width = w;
	}
	const lcm = specs.reduce((m, s) => (m % s.size === 0 ? m : m * s.size), 1);
	if (width === 0 || width % lcm !== 0) {
		ctx.err(`od: warning: invalid width ${width}; using ${lcm} instead\n`);
		width = lcm;
	}
	// od.c main: every spec's fields are widened so that the columns of all specs line up.
	let perBlock = 0;
	for (const s of specs) perBlock = Math.max(perBlock, (s.width + 1) * (width / s.size));
	for (const s of specs) s.pad = perBlock - s.width * (width / s.size);

	const inputs = openInputs(ctx, parsed.operands.length > 0 ? parsed.operands : ['-']);
	let status = inputs.status;
	if (inputs.list.length === 0) return status;
	const addrWidth = radixText === 'x' ? 6 : 7;
	const address = (n: number): string =>
		radixText === 'n'
			? ''
			: radixText === 'd'
				? String(n).padStart(addrWidth, '0')
				: n.toString(radixText === 'x' ? 16 : 8).padStart(addrWidth, '0');
	let printed = 0;
	const emit = (text: string): void => {
		printed += text.length;
		ctx.out(text);
		if (printed > OD_LIMIT) throw new Runaway();
	};

	// The stream: the inputs one after the other, less -j bytes, at most -N bytes.
	let pending = '';
	let toSkip = skip ?? 0;
	let left = limit ?? Infinity;
	let current = 0;
	const fill = (): boolean => {
		while (current < inputs.list.length) {
			const input = inputs.list[current] as Input;
			if (toSkip > 0 && input.skip) {
				const skipped = input.skip(toSkip);
				if (skipped !== null) {
					toSkip -= skipped;
					if (toSkip > 0) {
						input.close();
						current++;
						continue;
					}
				}
			}
			const r = input.read();
			if (!r.ok) {
				ctx.err(`od: ${qf(input.name)}: ${errText(r.errno)}\n`);
				status = 1;
			}
			if (!r.ok || r.value === '') {
				input.close();
				current++;
				continue;
			}
			let piece = r.value;
			if (toSkip > 0) {
				const cut = Math.min(toSkip, piece.length);
				toSkip -= cut;
				piece = piece.slice(cut);
				if (piece === '') continue;
			}
			pending += piece;
			return true;
		}
		return false;
	};
	let offset = skip ?? 0;
	let previous: string | null = null;
	let starred = false;
	for (;;) {
		while (pending.length < width && left > pending.length && fill());
		if (toSkip > 0) {
			ctx.err('od: cannot skip past end of combined input\n');
			return 1;
		}
		const n = Math.min(width, pending.length, left);
		if (n === 0) break;
		const block = pending.slice(0, n);
		pending = pending.slice(n);
		left -= n;
		if (!o.has('output-duplicates') && n === width && block === previous) {
			if (!starred) emit('*\n');
			starred = true;
		} else {
			starred = false;
			specs.forEach((s, i) => {
				const start = i === 0 ? address(offset) : ' '.repeat(radixText === 'n' ? 0 : addrWidth);
				emit(`${start}${formatBlock(block, s, width)}\n`);
			});
		}
		previous = n === width ? block : null;
		offset += n;
	}
	for (; current < inputs.list.length; current++) inputs.list[current]?.close();
	if (radixText !== 'n') emit(`${address(offset)}\n`);
	return status;
};

/** The inputs that could be opened (each missing one is reported and makes the status 1). */
function openInputs(ctx: CommandContext, names: string[]): { list: Input[]; status: number } {
	const list: Input[] = [];
	let status = 0;
	for (const name of names) {
		if (name === '-') {
			const fd = stdinFd(ctx);
			if (fd !== null) {
				list.push(fdInput(ctx, name, fd, false));
				continue;
			}
			const it = (ctx.stdin?.chunks() ?? [])[Symbol.iterator]();
			list.push({
				name,
				read: () => {
					const r = it.next();
					return { ok: true, value: r.done ? '' : r.value };
				},
				close: () => {},
			});
			continue;
		}
		const fd = ctx.host.openat(ctx.pid, name, O_RDONLY);
		if (!fd.ok) {
			ctx.err(`od: ${qf(name)}: ${errText(fd.errno)}\n`);
			status = 1;
			continue;
		}
		list.push(fdInput(ctx, name, fd.value, true));
	}
	return { list, status };
}

function fdInput(ctx: CommandContext, name: string, fd: number, owned: boolean): Input {
	// A file skipped whole is not read at all.
	let passed = false;
	return {
		name,
		read: () => {
			if (passed) return { ok: true, value: '' };
			const r = ctx.host.read(ctx.pid, fd, 4096);
			return r.ok ? { ok: true, value: bytesToBinary(r.value) } : r;
		},
		skip: (count) => {
			const st = ctx.host.fstat(ctx.pid, fd);
			if (!st.ok || st.value.type !== 'file') return null;
			if (count >= st.value.size) {
				passed = true;
				return st.value.size;
			}
			return ctx.host.lseek(ctx.pid, fd, count, SEEK_CUR).ok ? count : null;
		},
		close: () => {
			if (owned) ctx.host.close(ctx.pid, fd);
		},
	};
}

/** One line of one spec: its fields, widened by the spec's share of the padding. */
function formatBlock(block: string, s: Spec, width: number): string {
	const fields = width / s.size;
	const shown = Math.ceil(block.length / s.size);
	let out = '';
	let padLeft = s.pad;
	for (let i = 0; i < fields; i++) {
		const nextPad = Math.floor((s.pad * (fields - i - 1)) / fields);
		const w = padLeft - nextPad + s.width;
		padLeft = nextPad;
		if (i >= shown) {
			if (s.z) out += ' '.repeat(w);
			continue;
		}
		out += formatItem(block, i * s.size, s).padStart(w);
	}
	if (s.z) {
		let text = '';
		for (let i = 0; i < block.length; i++) {
			const c = block.charCodeAt(i);
			text += c >= 32 && c < 127 ? block[i] : '.';
		}
		out += `  >${text}<`;
	}
	return out;
}

function formatItem(block: string, at: number, s: Spec): string {
	const byte = (i: number): number => (at + i < block.length ? block.charCodeAt(at + i) : 0);
	if (s.kind === 'c') {
		const c = byte(0);
		return (
			C_ESCAPES[c] ?? (c >= 32 && c < 127 ? String.fromCharCode(c) : c.toString(8).padStart(3, '0'))
		);
	}
	if (s.kind === 'a') {
		const c = byte(0) & 0x7f;
		return c === 127 ? 'del' : (NAMES[c] ?? String.fromCharCode(c));
	}
	let v = 0n;
	for (let i = s.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(byte(i));
	if (s.kind === 'd' && v >= 1n << BigInt(s.size * 8 - 1)) v -= 1n << BigInt(s.size * 8);
	if (s.kind === 'o') return v.toString(8).padStart(s.width, '0');
	if (s.kind === 'x') return v.toString(16).padStart(s.width, '0');
	return v.toString();
}
