/**
 * GNU sed 4.9's script compiler (sed/compile.c) for the commands the simulation runs, with its
 * error messages word for word (`-e expression #1, char 5: unterminated `s' command`), and the
 * translation of POSIX basic and extended regular expressions (with GNU's extensions) into
 * JavaScript ones. Scripts, regular expressions and lines are byte strings (one char per byte).
 */

/** A compile error: compile.c's bad_prog() message and the character count where it stopped. */
export class SedError extends Error {
	constructor(
		message: string,
		readonly at: number,
	) {
		super(message);
	}
}

/** A valid GNU sed command the simulation does not run (r, w, e …). */
export class SedUnsupported extends Error {}

export type Address =
	| { kind: 'line'; n: number }
	| { kind: 'last' }
	| { kind: 're'; re: Regex | null }
	| { kind: 'step'; first: number; step: number }
	| { kind: 'plus'; n: number }
	| { kind: 'mult'; n: number };

/** A compiled regular expression; null in an address or `s` means the last one used (`//`). */
export interface Regex {
	re: RegExp;
	groups: number;
}

/** A piece of an `s` replacement: text, a group (0 for &), or a case conversion (\U \L \u \l \E). */
export type ReplPart = string | { group: number } | { caseOp: 'U' | 'L' | 'u' | 'l' | 'E' };

export interface Command {
	a1: Address | null;
	a2: Address | null;
	negate: boolean;
	name: string;
	/** `{`: the index after its `}`; b/t/T: the index of the label (or the end). */
	jump?: number;
	label?: string;
	/** q/Q exit code, `l` line length. */
	int?: number;
	/** a/i/c text (with its newline). */
	text?: string;
	/** s: the regex, replacement and flags; y: the byte map. */
	regex?: Regex | null;
	repl?: ReplPart[];
	global?: boolean;
	print?: number;
	nth?: number;
	map?: Map<string, string>;
	/** Range state while running: active, and the line that ends a numeric range. */
	active?: boolean;
	end?: number;
}

const M = {
	unterminatedS: "unterminated `s' command",
	unterminatedY: "unterminated `y' command",
	unknownSOpt: "unknown option to `s'",
	multipleP: "multiple `p' options to `s' command",
	multipleG: "multiple `g' options to `s' command",
	multipleNum: "multiple number options to `s' command",
	zeroNum: "number option to `s' command may not be zero",
	unknownCmd: (c: string) => `unknown command: \`${c}'`,
	missingCmd: 'missing command',
	unterminatedRe: 'unterminated address regex',
	unexpectedComma: "unexpected `,'",
	extra: 'extra characters after command',
	oneAddr: 'command only uses one address',
	noAddr: (c: string) => `${c} doesn't want any addresses`,
	unmatchedBrace: "unmatched `{'",
	unexpectedBrace: "unexpected `}'",
	yLengths: "strings for `y' command are different lengths",
	line0: 'invalid usage of line address 0',
	multipleBang: "multiple `!'s",
	expectedBackslash: "expected \\ after `a', `c' or `i'",
	missingFile: 'missing filename in r/R/w/W commands',
	comments: "comments don't accept any addresses",
	badRef: (n: number) => `invalid reference \\${n} on \`s' command's RHS`,
	noPrevious: 'no previous regular expression',
	labelMissing: (l: string) => `can't find label for jump to \`${l}'`,
};

const SPACE = /[ \t\n\v\f\r]/;

/** Compiles one -e expression (or a script file) onto `cmds`; `blocks` carries open `{`s. */
export function compile(
	script: string,
	extended: boolean,
	cmds: Command[],
	blocks: number[],
): void {
	let pos = 0;
	const inch = (): string | null => (pos < script.length ? (script[pos++] as string) : null);
	const back = (ch: string | null): void => {
		if (ch !== null) pos--;
	};
	const bad = (message: string): never => {
		throw new SedError(message, pos);
	};
	const skipSpace = (): string | null => {
		let ch = inch();
		while (ch !== null && ch !== '\n' && SPACE.test(ch)) ch = inch();
		return ch;
	};
	const readNumber = (first: string): number => {
		let n = first;
		let ch = inch();
		while (ch !== null && /\d/.test(ch)) {
			n += ch;
			ch = inch();
		}
		back(ch);
		return Number(n);
	};
	/** match_slash: text up to an unescaped delimiter (brackets kept whole in a regex). */
	const matchSlash = (delim: string, regex: boolean): string | null => {
		let out = '';
		for (;;) {
			let ch = inch();
			if (ch === null) return null;
			if (ch === '\n' && regex) return null;
			if (ch === delim) return out;
			if (ch === '\\') {
				ch = inch();
				if (ch === null) return null;
				if (ch === delim) out += delim === '&' && !regex ? '\\&' : delim;
				else if (ch === 'n' && !regex) out += '\n';
				else out += '\\' + ch;
				continue;
			}
			if (ch === '[' && regex) {
				// A bracket expression may hold the delimiter (`s/[/]/x/`).
				out += ch;
				let c = inch();
				if (c === '^') {
					out += c;
					c = inch();
				}
				if (c === ']') {
					out += c;
					c = inch();
				}
				while (c !== null && c !== ']' && c !== '\n') {
					out += c;
					if (c === '[') {
						const kind = inch();
						if (kind === ':' || kind === '.' || kind === '=') {
							out += kind;
							for (let d = inch(); d !== null; d = inch()) {
								out += d;
								if (d === kind && script[pos] === ']') {
									out += inch();
									break;
								}
							}
						} else back(kind);
					}
					c = inch();
				}
				if (c === null || c === '\n') return null;
				out += c;
				continue;
			}
			out += ch;
		}
	};
	const compileRe = (src: string, flags: string): Regex | null => {
		if (src === '') return null;
		const t = translate(src, extended);
		if ('error' in t) return bad(t.error);
		return { re: new RegExp(t.source, flags), groups: t.groups };
	};
	const address = (): Address | null => {
		const ch = inch();
		if (ch === null) return null;
		if (ch === '/' || ch === '\\') {
			const delim = ch === '\\' ? inch() : '/';
			if (delim === null) return bad(M.unterminatedRe);
			const src = matchSlash(delim, true);
			if (src === null) return bad(M.unterminatedRe);
			let flags = '';
			for (;;) {
				const f = inch();
				if (f === 'I') flags += 'i';
				else if (f === 'M') flags += 'm';
				else {
					back(f);
					break;
				}
			}
			return { kind: 're', re: compileRe(src, flags) };
		}
		if (/\d/.test(ch)) {
			const n = readNumber(ch);
			const next = inch();
			if (next === '~') {
				const d = inch();
				if (d !== null && /\d/.test(d)) return { kind: 'step', first: n, step: readNumber(d) };
				back(d);
				return { kind: 'step', first: n, step: 0 };
			}
			back(next);
			return { kind: 'line', n };
		}
		if (ch === '+' || ch === '~') {
			const d = inch();
			if (d !== null && /\d/.test(d))
				return ch === '+' ? { kind: 'plus', n: readNumber(d) } : { kind: 'mult', n: readNumber(d) };
			back(d);
			back(ch);
			return null;
		}
		if (ch === '$') return { kind: 'last' };
		back(ch);
		return null;
	};
	/** read_end_of_cmd: only spaces, then the end, a newline, `;`, `}` or `#`. */
	const endOfCmd = (): void => {
		const ch = skipSpace();
		if (ch === '}' || ch === '#') back(ch);
		else if (ch !== null && ch !== '\n' && ch !== ';') bad(M.extra);
	};
	const readLabel = (): string => {
		let ch = skipSpace();
		let label = '';
		while (ch !== null && ch !== '\n' && ch !== ';' && !SPACE.test(ch)) {
			label += ch;
			ch = inch();
		}
		back(ch);
		return label;
	};
	const readText = (cmd: string): string => {
		let ch = skipSpace();
		if (ch === null) bad(M.expectedBackslash);
		if (ch === '\\') {
			ch = inch();
			if (ch === '\n') ch = inch();
			else if (ch !== null) {
				// `a\text`: the text starts right after the backslash, spaces included.
				back(ch);
				ch = inch();
			}
		}
		let text = '';
		while (ch !== null && ch !== '\n') {
			if (ch === '\\') {
				const next = inch();
				if (next !== null) text += next;
			} else text += ch;
			ch = inch();
		}
		void cmd;
		return text + '\n';
	};

	for (;;) {
		let ch = inch();
		while (ch !== null && (ch === ';' || SPACE.test(ch))) ch = inch();
		if (ch === null) break;
		back(ch);
		const cmd: Command = { a1: null, a2: null, negate: false, name: '' };
		cmd.a1 = address();
		if (cmd.a1) {
			ch = skipSpace();
			if (ch === ',') {
				ch = skipSpace();
				back(ch);
				cmd.a2 = address();
				if (!cmd.a2) bad(M.unexpectedComma);
			} else back(ch);
		}
		ch = skipSpace();
		if (ch === '!') {
			cmd.negate = true;
			ch = skipSpace();
			if (ch === '!') bad(M.multipleBang);
		}
		if (ch === null || ch === '\n') bad(M.missingCmd);
		// Line 0 is only the start of 0,/re/ (checked once the command is read).
		if (cmd.a1?.kind === 'line' && cmd.a1.n === 0 && cmd.a2?.kind !== 're') bad(M.line0);
		cmd.name = ch as string;
		const oneAddress = (): void => {
			if (cmd.a2) bad(M.oneAddr);
		};
		switch (ch) {
			case '#':
				if (cmd.a1) bad(M.comments);
				while (ch !== null && ch !== '\n') ch = inch();
				continue;
			case '{':
				blocks.push(cmds.length);
				cmds.push(cmd);
				continue;
			case '}': {
				if (blocks.length === 0) bad(M.unexpectedBrace);
				if (cmd.a1) bad(M.noAddr('}'));
				const open = blocks.pop() as number;
				endOfCmd();
				(cmds[open] as Command).jump = cmds.length;
				continue;
			}
			case '=':
			case 'd':
			case 'D':
			case 'g':
			case 'G':
			case 'h':
			case 'H':
			case 'n':
			case 'N':
			case 'p':
			case 'P':
			case 'x':
			case 'z':
				endOfCmd();
				break;
			case 'q':
			case 'Q': {
				oneAddress();
				const d = skipSpace();
				if (d !== null && /\d/.test(d)) cmd.int = readNumber(d);
				else back(d);
				endOfCmd();
				break;
			}
			case 'l': {
				const d = skipSpace();
				if (d !== null && /\d/.test(d)) cmd.int = readNumber(d);
				else back(d);
				endOfCmd();
				break;
			}
			case 'a':
			case 'i':
			case 'c':
				cmd.text = readText(ch);
				break;
			case ':': {
				if (cmd.a1) bad(": doesn't want any addresses");
				const label = readLabel();
				if (label === '') bad('":" lacks a label');
				cmd.label = label;
				endOfCmd();
				break;
			}
			case 'b':
			case 't':
			case 'T':
				cmd.label = readLabel();
				endOfCmd();
				break;
			case 's': {
				const delim = inch();
				if (delim === null || delim === '\n' || delim === '\\') bad(M.unterminatedS);
				const src = matchSlash(delim as string, true);
				if (src === null) bad(M.unterminatedS);
				const replSrc = matchSlash(delim as string, false);
				if (replSrc === null) bad(M.unterminatedS);
				let flags = '';
				cmd.print = 0;
				for (;;) {
					const f = inch();
					if (f === 'i' || f === 'I') flags += 'i';
					else if (f === 'm' || f === 'M') flags += 'm';
					else if (f === 'p') {
						if (cmd.print) bad(M.multipleP);
						cmd.print = 1;
					} else if (f === 'g') {
						if (cmd.global) bad(M.multipleG);
						cmd.global = true;
					} else if (f !== null && /\d/.test(f)) {
						if (cmd.nth !== undefined) bad(M.multipleNum);
						const n = readNumber(f);
						if (n === 0) bad(M.zeroNum);
						cmd.nth = n;
					} else if (f === 'w') {
						const name = readLabel();
						if (name === '') bad(M.missingFile);
						throw new SedUnsupported("the `w' flag of `s'");
					} else if (f === 'e') throw new SedUnsupported("the `e' flag of `s'");
					else if (f === '}' || f === '#') {
						back(f);
						break;
					} else if (f === null || f === '\n' || f === ';') break;
					else if (SPACE.test(f)) continue;
					else bad(M.unknownSOpt);
				}
				cmd.regex = compileRe(src as string, flags);
				cmd.repl = parseReplacement(replSrc as string);
				const needed = Math.max(
					0,
					...cmd.repl.map((p) => (typeof p === 'object' && 'group' in p ? p.group : 0)),
				);
				if (cmd.regex && needed > cmd.regex.groups) bad(M.badRef(needed));
				break;
			}
			case 'y': {
				const delim = inch();
				if (delim === null || delim === '\n' || delim === '\\') bad(M.unterminatedY);
				const from = matchSlash(delim as string, false);
				if (from === null) bad(M.unterminatedY);
				const to = matchSlash(delim as string, false);
				if (to === null) bad(M.unterminatedY);
				const a = unescapeY(from as string);
				const b = unescapeY(to as string);
				if (a.length !== b.length) bad(M.yLengths);
				cmd.map = new Map([...a].map((c, i) => [c, b[i] as string]));
				endOfCmd();
				break;
			}
			case 'r':
			case 'R':
			case 'w':
			case 'W': {
				const name = readLabel();
				if (name === '') bad(M.missingFile);
				throw new SedUnsupported(`the \`${ch}' command`);
			}
			case 'e':
			case 'F':
			case 'L':
			case 'v':
				throw new SedUnsupported(`the \`${ch}' command`);
			default:
				bad(M.unknownCmd(ch as string));
		}
		cmds.push(cmd);
	}
}

/** Resolves labels once every expression is compiled (compile.c check_final_program). */
export function finish(cmds: Command[], blocks: number[]): void {
	if (blocks.length > 0) throw new SedError(M.unmatchedBrace, 0);
	const labels = new Map<string, number>();
	cmds.forEach((c, i) => {
		if (c.name === ':' && c.label !== undefined) labels.set(c.label, i);
	});
	for (const c of cmds) {
		if (c.name !== 'b' && c.name !== 't' && c.name !== 'T') continue;
		if (c.label === '' || c.label === undefined) c.jump = cmds.length;
		else {
			const at = labels.get(c.label);
			if (at === undefined) throw new SedError(M.labelMissing(c.label), -1);
			c.jump = at;
		}
	}
}

export const NO_PREVIOUS_REGEX = M.noPrevious;

function unescapeY(s: string): string {
	return s.replace(/\\(.)/gs, (_m, c: string) => (c === 'n' ? '\n' : c === '\\' ? '\\' : c));
}

/** The replacement of `s`: & and \1…\9, \n, \t, and GNU's case conversions. */
function parseReplacement(src: string): ReplPart[] {
	const parts: ReplPart[] = [];
	let text = '';
	const flush = (): void => {
		if (text !== '') parts.push(text);
		text = '';
	};
	for (let i = 0; i < src.length; i++) {
		const c = src[i] as string;
		if (c === '&') {
			flush();
			parts.push({ group: 0 });
		} else if (c === '\\' && i + 1 < src.length) {
			const d = src[++i] as string;
			if (/\d/.test(d)) {
				flush();
				parts.push({ group: Number(d) });
			} else if ('ULulE'.includes(d)) {
				flush();
				parts.push({ caseOp: d as 'U' | 'L' | 'u' | 'l' | 'E' });
			} else if (d === 'n') text += '\n';
			else if (d === 't') text += '\t';
			else if (d === 'a') text += '\x07';
			else if (d === 'f') text += '\f';
			else if (d === 'r') text += '\r';
			else if (d === 'v') text += '\v';
			else text += d;
		} else text += c;
	}
	flush();
	return parts;
}

/** glibc regcomp's messages (posix/regcomp.c __re_error_msgid). */
const RE = {
	paren: 'Unmatched ( or \\(',
	rparen: 'Unmatched ) or \\)',
	bracket: 'Unmatched [, [^, [:, [., or [=',
	brace: 'Unmatched \\{',
	badBrace: 'Invalid content of \\{\\}',
	badRepeat: 'Invalid preceding regular expression',
	backref: 'Invalid back reference',
	trailing: 'Trailing backslash',
	range: 'Invalid range end',
	ctype: 'Invalid character class name',
};

const CLASSES: Record<string, string> = {
	alpha: 'a-zA-Z',
	digit: '0-9',
	alnum: '0-9a-zA-Z',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\v\\f\\r',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	print: ' -~',
	graph: '!-~',
	cntrl: '\\x00-\\x1f\\x7f',
	xdigit: '0-9A-Fa-f',
};

const escapeJs = (c: string): string => (/[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c);

/**
 * A POSIX regular expression (basic, or extended with -E) with GNU's extensions (\+ \? \|, \w
 * \s \b \< \> \` \') as a JavaScript source, or glibc's error for it.
 */
export function translate(
	re: string,
	ere: boolean,
): { source: string; groups: number } | { error: string } {
	let out = '';
	let groups = 0;
	const open: number[] = [];
	const closed = new Set<number>();
	let start = true;
	let i = 0;
	/** The interval after `{` (or `\{`): `m`, `m,`, `m,n`, or null when malformed. */
	const interval = (close: string): string | { error: string } => {
		const end = re.indexOf(close, i);
		if (end < 0) return { error: ere ? RE.brace : RE.brace };
		const body = re.slice(i, end);
		if (!/^\d*(,\d*)?$/.test(body) || body === '' || body === ',') return { error: RE.badBrace };
		const [lo, hi] = body.split(',');
		if (hi !== undefined && hi !== '' && Number(hi) < Number(lo || '0'))
			return { error: RE.badBrace };
		i = end + close.length;
		return `{${lo || '0'}${hi === undefined ? '' : `,${hi}`}}`;
	};
	while (i < re.length) {
		const c = re[i] as string;
		const wasStart = start;
		start = false;
		if (c === '\\') {
			i++;
			if (i >= re.length) return { error: RE.trailing };
			const d = re[i++] as string;
			if (!ere && d === '(') {
				open.push(++groups);
				out += '(';
				start = true;
			} else if (!ere && d === ')') {
				const g = open.pop();
				if (g === undefined) return { error: RE.rparen };
				closed.add(g);
				out += ')';
			} else if (!ere && d === '{') {
				if (wasStart) return { error: RE.badRepeat };
				const r = interval('\\}');
				if (typeof r !== 'string') return r;
				out += r;
			} else if (!ere && d === '|') {
				out += '|';
				start = true;
			} else if (!ere && (d === '+' || d === '?')) out += wasStart ? `\\${d}` : d;
			else if (d >= '1' && d <= '9') {
				if (!closed.has(Number(d))) return { error: RE.backref };
				out += `\\${d}`;
			} else if (d === 'n') out += '\\n';
			else if (d === 't') out += '\\t';
			else if ('wWsSbB'.includes(d)) out += `\\${d}`;
			else if (d === '<') out += '\\b(?=\\w)';
			else if (d === '>') out += '\\b(?<=\\w)';
			else if (d === '`') out += '(?<![\\s\\S])';
			else if (d === "'") out += '(?![\\s\\S])';
			else out += escapeJs(d);
			continue;
		}
		if (c === '[') {
			const r = bracket(re, i + 1);
			if ('error' in r) return r;
			out += r.source;
			i = r.next;
			continue;
		}
		i++;
		if (c === '.') out += '[\\s\\S]';
		else if (c === '*') out += wasStart ? '\\*' : '*';
		else if (c === '^') {
			if (ere || wasStart) {
				out += '^';
				start = true;
			} else out += '\\^';
		} else if (c === '$') {
			const atEnd = i >= re.length || re.startsWith('\\)', i) || re.startsWith('\\|', i);
			out += ere || atEnd ? '$' : '\\$';
		} else if (ere && c === '(') {
			open.push(++groups);
			out += '(';
			start = true;
		} else if (ere && c === ')') {
			const g = open.pop();
			if (g === undefined) return { error: RE.rparen };
			closed.add(g);
			out += ')';
		} else if (ere && c === '|') {
			out += '|';
			start = true;
		} else if (ere && (c === '+' || c === '?')) out += wasStart ? `\\${c}` : c;
		else if (ere && c === '{') {
			if (wasStart) return { error: RE.badRepeat };
			const r = interval('}');
			if (typeof r !== 'string') return r;
			out += r;
		} else out += escapeJs(c);
	}
	if (open.length > 0) return { error: RE.paren };
	return { source: out, groups };
}

/** A bracket expression from just after its `[`: a JavaScript class, and where it ended. */
function bracket(re: string, from: number): { source: string; next: number } | { error: string } {
	let i = from;
	let out = '[';
	if (re[i] === '^') {
		out += '^';
		i++;
	}
	let first = true;
	for (;;) {
		if (i >= re.length) return { error: RE.bracket };
		const c = re[i] as string;
		if (c === ']' && !first) return { source: out + ']', next: i + 1 };
		first = false;
		if (c === '[' && (re[i + 1] === ':' || re[i + 1] === '.' || re[i + 1] === '=')) {
			const kind = re[i + 1] as string;
			const end = re.indexOf(`${kind}]`, i + 2);
			if (end < 0) return { error: RE.bracket };
			const name = re.slice(i + 2, end);
			if (kind === ':') {
				const cls = CLASSES[name];
				if (cls === undefined) return { error: RE.ctype };
				out += cls;
			} else out += name.split('').map(escapeJs).join('');
			i = end + 2;
			continue;
		}
		if (c === '-' && out.length > 1 && re[i + 1] !== ']') {
			// A range: its end must not sort before its start.
			const lo = re.charCodeAt(i - 1);
			const hi = re.charCodeAt(i + 1);
			if (hi < lo) return { error: RE.range };
			out += '-';
			i++;
			continue;
		}
		// A backslash is an ordinary character inside brackets (POSIX).
		out += c === '\\' || c === ']' || c === '[' || c === '^' || c === '-' ? `\\${c}` : c;
		i++;
	}
}
