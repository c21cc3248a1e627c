/**
 * `fallocate [-n] [-o OFFSET] -l LENGTH FILE` as util-linux 2.38.1 runs it (misc/fallocate.c):
 * openat(O_RDWR|O_CREAT, 0666) (no O_CREAT with -n), fallocate(2), fsync, close. Opening for
 * writing is what a running program's file refuses (`cannot open …: Text file busy`); NFSv3 has
 * no ALLOCATE (`fallocate failed: Operation not supported`).
 */
import { O_CREAT, O_RDWR } from '../../../kernel';
import type { CommandFn } from '../../context';
import { errText } from '../../context';
import { getopt, UsageError } from '../../getopt';

/** FALLOC_FL_KEEP_SIZE (include/uapi/linux/falloc.h). */
const KEEP_SIZE = 1;

/**
 * util-linux strtosize: a number (with a fraction) and an optional unit, K M G T P E as powers
 * of 1024 (`KiB` too) or, with a plain `B` (`KB`), of 1000; null when it is not one.
 */
export function parseUtilSize(text: string): number | null {
	const m = /^(\d+)(?:\.(\d+))?(?:([KMGTPE])(iB|B)?)?$/i.exec(text);
	if (!m) return null;
	const power = m[3] === undefined ? 0 : 'KMGTPE'.indexOf((m[3] as string).toUpperCase()) + 1;
	const base = m[4]?.toUpperCase() === 'B' ? 1000 : 1024;
	const unit = base ** power;
	const frac = m[2] === undefined ? 0 : Number(`0.${m[2]}`);
	return Number(m[1]) * unit + Math.floor(frac * unit);
}

export const fallocate: CommandFn = (ctx) => {
	const fail = (message: string): number => {
		ctx.err(`fallocate: ${message}\n`);
		return 1;
	};
	let parsed;
	try {
		parsed = getopt(ctx.argv.slice(1), [
			{ short: 'l', long: 'length', arg: true },
			{ short: 'o', long: 'offset', arg: true },
			{ short: 'n', long: 'keep-size' },
			{ short: 'c', long: 'collapse-range' },
			{ short: 'd', long: 'dig-holes' },
			{ short: 'i', long: 'insert-range' },
			{ short: 'p', long: 'punch-hole' },
			{ short: 'z', long: 'zero-range' },
			{ short: 'x', long: 'posix' },
			{ short: 'v', long: 'verbose' },
			{ short: 'V', long: 'version' },
		]);
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		ctx.err(`fallocate: ${e.message}\nTry 'fallocate --help' for more information.\n`);
		return 1;
	}
	const o = parsed.opts;
	if (o.has('version')) {
		ctx.out('fallocate from util-linux 2.38.1\n');
		return 0;
	}
	const [file, ...extra] = parsed.operands;
	if (file === undefined) return fail('no filename specified');
	if (extra.length > 0) return fail('unexpected number of arguments');
	const other = [
		'collapse-range',
		'dig-holes',
		'insert-range',
		'punch-hole',
		'zero-range',
		'posix',
	];
	const unsupported = other.find((k) => o.has(k));
	if (unsupported !== undefined) {
		ctx.err(`[simulation: fallocate --${unsupported} is not supported]\n`);
		return 1;
	}
	const lengthText = o.get('length')?.at(-1);
	if (lengthText === undefined) return fail('no length argument specified');
	const length = parseUtilSize(lengthText);
	if (length === null || length <= 0) return fail('invalid length value specified');
	const offsetText = o.get('offset')?.at(-1);
	const offset = offsetText === undefined ? 0 : parseUtilSize(offsetText);
	if (offset === null) return fail('invalid offset value specified');
	const keep = o.has('keep-size');
	const h = ctx.host;
	const fd = h.openat(ctx.pid, file, keep ? O_RDWR : O_RDWR | O_CREAT, 0o666);
	if (!fd.ok) return fail(`cannot open ${file}: ${errText(fd.errno)}`);
	const r = h.fallocate(ctx.pid, fd.value, keep ? KEEP_SIZE : 0, offset, length);
	if (!r.ok) {
		h.close(ctx.pid, fd.value);
		return fail(`fallocate failed: ${errText(r.errno)}`);
	}
	h.fsync(ctx.pid, fd.value);
	h.close(ctx.pid, fd.value);
	if (o.has('verbose')) ctx.out(`${file}: ${humanBytes(length)} (${length} bytes) allocated.\n`);
	return 0;
};

/** util-linux size_to_human_string as fallocate -v prints it: `1 MiB`, `1.5 KiB`, `1000 B`. */
function humanBytes(n: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
	let i = 0;
	while (i < units.length - 1 && n >= 1024 ** (i + 1)) i++;
	const v = n / 1024 ** i;
	const shown = Number.isInteger(v) ? String(v) : String(Math.round(v * 10) / 10);
	return `${shown} ${units[i]}`;
}
