/**
 * GNU getopt_long as coreutils uses it: clustered short options, `-s0` and `-s 0`, long options
 * with unique-prefix abbreviation, `--` to end options, and operands mixed with options
 * (argument permutation). Error texts are glibc's (posix/getopt.c).
 */
import { QuietError } from './quiet-error';

/** One option a command accepts. */
export interface OptionSpec {
	/** The short letter, if any. */
	short?: string;
	/** The long name without dashes, if any. */
	long?: string;
	/**
	 * Whether the option takes an argument; `optional` only as `-iSUFFIX` or `--in-place=SUFFIX`
	 * (getopt's `::`), an empty string when absent.
	 */
	arg?: boolean | 'optional';
	/** The key results are stored under (defaults to the long name, then the short letter). */
	key?: string;
}

/** Parsed options: each key maps to its arguments in order (an empty string for flags). */
export interface ParsedArgs {
	opts: Map<string, string[]>;
	operands: string[];
}

/** A usage error in glibc's words; the caller adds the "Try '… --help'" line. */
export class UsageError extends QuietError {}

const keyOf = (o: OptionSpec): string => o.key ?? o.long ?? o.short ?? '';

/** Records one occurrence of an option. */
function add(opts: Map<string, string[]>, spec: OptionSpec, value: string): void {
	const k = keyOf(spec);
	const list = opts.get(k) ?? [];
	list.push(value);
	opts.set(k, list);
}

/** Parses `args` against `specs`, throwing UsageError with glibc's message on bad input. */
export function getopt(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
	const opts = new Map<string, string[]>();
	const operands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i] as string;
		if (a === '--') {
			operands.push(...args.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
			const exact = specs.find((s) => s.long === name);
			const matches = exact ? [exact] : specs.filter((s) => s.long?.startsWith(name));
			if (matches.length === 0) throw new UsageError(`unrecognized option '${a}'`);
			if (matches.length > 1) {
				const names = matches.map((m) => `'--${m.long}'`).join(' ');
				throw new UsageError(`option '${a}' is ambiguous; possibilities: ${names}`);
			}
			const spec = matches[0] as OptionSpec;
			if (spec.arg === 'optional') add(opts, spec, eq >= 0 ? a.slice(eq + 1) : '');
			else if (spec.arg) {
				if (eq >= 0) add(opts, spec, a.slice(eq + 1));
				else if (i + 1 < args.length) add(opts, spec, args[++i] as string);
				else throw new UsageError(`option '--${spec.long}' requires an argument`);
			} else {
				if (eq >= 0) throw new UsageError(`option '--${spec.long}' doesn't allow an argument`);
				add(opts, spec, '');
			}
			continue;
		}
		if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const ch = a[j] as string;
				const spec = specs.find((s) => s.short === ch);
				if (!spec) throw new UsageError(`invalid option -- '${ch}'`);
				if (spec.arg === 'optional') {
					add(opts, spec, a.slice(j + 1));
					break;
				}
				if (spec.arg) {
					if (j + 1 < a.length) add(opts, spec, a.slice(j + 1));
					else if (i + 1 < args.length) add(opts, spec, args[++i] as string);
					else throw new UsageError(`option requires an argument -- '${ch}'`);
					break;
				}
				add(opts, spec, '');
			}
			continue;
		}
		operands.push(a);
	}
	return { opts, operands };
}
