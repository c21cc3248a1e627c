/**
 * A small bash grammar: simple commands with assignments and redirections, pipelines,
 * `&&`/`||` lists, `;`/`&`/newline terminated items, and the compound commands `for`, `while`,
 * `until`, `if`, `{ …; }` and `( … )` (bash(1) SHELL GRAMMAR). Functions, `case`, `select` and
 * here-documents are out of scope.
 */
import { QuietError } from './quiet-error';

/** One piece of a word, remembering whether it was quoted (quoted text is not globbed). */
export type WordPart =
	| { kind: 'lit'; text: string; quoted: boolean }
	| { kind: 'param'; name: string; quoted: boolean }
	| { kind: 'cmdsub'; source: string; quoted: boolean }
	| { kind: 'arith'; source: string; quoted: boolean }
	| { kind: 'tilde'; user: string };

/** A shell word as typed (`raw`) and as parts to expand. */
export interface Word {
	raw: string;
	parts: WordPart[];
}

/** A redirection operator. `>&` duplicates `fd` from the target fd (`2>&1`). */
export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '>|';

/** One redirection such as `2>&1` or `>> log`. */
export interface Redirect {
	fd: number;
	op: RedirOp;
	target: Word;
}

/** A simple command: `VAR=value cmd arg... > file`. */
export interface SimpleCommand {
	assigns: { name: string; value: Word }[];
	words: Word[];
	redirs: Redirect[];
}

/** A compound command (bash(1) Compound Commands) with its own redirections. */
export type CompoundCommand = (
	| { compound: 'for'; name: string; words: Word[] | null; body: ListItem[] }
	| { compound: 'while' | 'until'; cond: ListItem[]; body: ListItem[] }
	| {
			compound: 'if';
			branches: { cond: ListItem[]; body: ListItem[] }[];
			orElse: ListItem[] | null;
	  }
	| { compound: 'group' | 'subshell'; body: ListItem[] }
) & { redirs: Redirect[]; text: string };

/** Commands joined by `|`, optionally negated with `!`. */
export interface Pipeline {
	negate: boolean;
	commands: (SimpleCommand | CompoundCommand)[];
}

/** Whether a pipeline element is a compound command. */
export function isCompound(c: SimpleCommand | CompoundCommand): c is CompoundCommand {
	return 'compound' in c;
}

/** Pipelines joined by `&&` and `||`, evaluated left to right. */
export interface AndOrList {
	first: Pipeline;
	rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

/** One list item, run in the background when it ended with `&`. */
export interface ListItem {
	list: AndOrList;
	background: boolean;
}

/** Why a line could not be parsed, in bash's words (without the `bash: ` prefix). */
export class ShellSyntaxError extends QuietError {
	/** True when more input could complete the line (an open quote or a trailing `|`). */
	readonly incomplete: boolean;
	constructor(message: string, incomplete: boolean) {
		super(message);
		this.incomplete = incomplete;
	}
}

/**
 * Bash grammar this simulation does not implement (case, functions, here-documents …). Its
 * message is the simulation's own, printed without bash's prefix, so nobody takes it for bash.
 */
export class UnsupportedSyntax extends ShellSyntaxError {
	constructor(what: string) {
		super(`[simulation: ${what} is not supported in this simulated shell]`, false);
	}
}

/** bash's message for a parse error, or the simulation's note for unsupported grammar. */
export function syntaxMessage(e: ShellSyntaxError, prefix: string): string {
	return e instanceof UnsupportedSyntax ? `${e.message}\n` : `${prefix}${e.message}\n`;
}

/** Reserved words and keywords that start grammar outside this simulation. */
const UNSUPPORTED_WORDS = ['case', 'select', 'function', 'coproc', '[[', 'esac', 'in'];

type Token =
	| { type: 'word'; word: Word }
	| { type: 'op'; op: string }
	| { type: 'redir'; fd: number | null; op: RedirOp }
	| { type: 'eof' };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = '?!$#0123456789@*-';
const METACHARS = ' \t\n;&|<>()';

/** Splits a line into words and operators, following bash's quoting rules (bash(1) QUOTING). */
export function tokenize(src: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	const n = src.length;

	const readDollar = (quoted: boolean, parts: WordPart[]): void => {
		// `i` points at '$'.
		const next = src[i + 1];
		if (next === '{') {
			const close = src.indexOf('}', i + 2);
			if (close < 0)
				throw new ShellSyntaxError("unexpected EOF while looking for matching `}'", true);
			parts.push({ kind: 'param', name: src.slice(i + 2, close), quoted });
			i = close + 1;
			return;
		}
		if (next === '(' && src[i + 2] === '(') {
			// `$(( expr ))`: arithmetic expansion, up to the matching `))`.
			let depth = 2;
			let j = i + 3;
			while (j < n && depth > 0) {
				if (src[j] === '(') depth++;
				else if (src[j] === ')') depth--;
				j++;
			}
			if (depth > 0)
				throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", true);
			parts.push({ kind: 'arith', source: src.slice(i + 3, j - 2), quoted });
			i = j;
			return;
		}
		if (next === '(') {
			let depth = 1;
			let j = i + 2;
			while (j < n && depth > 0) {
				const c = src[j];
				if (c === '(') depth++;
				else if (c === ')') depth--;
				else if (c === "'") {
					const q = src.indexOf("'", j + 1);
					j = q < 0 ? n : q;
				}
				j++;
			}
			if (depth > 0)
				throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", true);
			parts.push({ kind: 'cmdsub', source: src.slice(i + 2, j - 1), quoted });
			i = j;
			return;
		}
		if (next !== undefined && SPECIAL_PARAMS.includes(next)) {
			parts.push({ kind: 'param', name: next, quoted });
			i += 2;
			return;
		}
		if (next !== undefined && NAME_START.test(next)) {
			let j = i + 1;
			while (j < n && NAME_CHAR.test(src[j] ?? '')) j++;
			parts.push({ kind: 'param', name: src.slice(i + 1, j), quoted });
			i = j;
			return;
		}
		parts.push({ kind: 'lit', text: '$', quoted });
		i++;
	};

	// `…`: the old form of command substitution; `\`` inside stands for a backquote.
	const readBackquote = (quoted: boolean, parts: WordPart[]): void => {
		let j = i + 1;
		let body = '';
		while (j < n && src[j] !== '`') {
			if (src[j] === '\\' && j + 1 < n && '$`\\'.includes(src[j + 1] as string)) {
				body += src[j + 1];
				j += 2;
			} else body += src[j++];
		}
		if (j >= n) throw new ShellSyntaxError("unexpected EOF while looking for matching ``'", true);
		parts.push({ kind: 'cmdsub', source: body, quoted });
		i = j + 1;
	};

	const readWord = (): Word => {
		const start = i;
		const parts: WordPart[] = [];
		const lit = (text: string, quoted: boolean): void => {
			const last = parts[parts.length - 1];
			if (last && last.kind === 'lit' && last.quoted === quoted) last.text += text;
			else parts.push({ kind: 'lit', text, quoted });
		};
		// A leading `~` (up to the first slash) is a tilde prefix (bash(1) Tilde Expansion).
		if (src[i] === '~') {
			let j = i + 1;
			while (j < n && !METACHARS.includes(src[j] ?? '') && src[j] !== '/') j++;
			const user = src.slice(i + 1, j);
			if (/^[A-Za-z0-9_.-]*$/.test(user)) {
				parts.push({ kind: 'tilde', user });
				i = j;
			}
		}
		while (i < n) {
			const c = src[i] as string;
			if (METACHARS.includes(c)) break;
			if (c === '\\') {
				if (i + 1 < n) {
					lit(src[i + 1] as string, true);
					i += 2;
				} else {
					i++;
				}
				continue;
			}
			if (c === "'") {
				const close = src.indexOf("'", i + 1);
				if (close < 0)
					throw new ShellSyntaxError("unexpected EOF while looking for matching `''", true);
				lit(src.slice(i + 1, close), true);
				i = close + 1;
				continue;
			}
			if (c === '"') {
				i++;
				// An empty pair of quotes still makes a (quoted, empty) word.
				lit('', true);
				for (;;) {
					if (i >= n)
						throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'', true);
					const d = src[i] as string;
					if (d === '"') {
						i++;
						break;
					}
					if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(src[i + 1] as string)) {
						lit(src[i + 1] as string, true);
						i += 2;
					} else if (d === '$') {
						readDollar(true, parts);
					} else if (d === '`') {
						readBackquote(true, parts);
					} else {
						lit(d, true);
						i++;
					}
				}
				continue;
			}
			if (c === '$') {
				readDollar(false, parts);
				continue;
			}
			if (c === '`') {
				readBackquote(false, parts);
				continue;
			}
			lit(c, false);
			i++;
		}
		return { raw: src.slice(start, i), parts };
	};

	while (i < n) {
		const c = src[i] as string;
		if (c === ' ' || c === '\t') {
			i++;
			continue;
		}
		if (c === '#') {
			// A comment runs to the end of the line.
			while (i < n && src[i] !== '\n') i++;
			continue;
		}
		if (c === '\n') {
			tokens.push({ type: 'op', op: '\n' });
			i++;
			continue;
		}
		const two = src.slice(i, i + 2);
		const three = src.slice(i, i + 3);
		if (three === '&>>') {
			tokens.push({ type: 'redir', fd: null, op: '&>>' });
			i += 3;
			continue;
		}
		if (two === '&>') {
			tokens.push({ type: 'redir', fd: null, op: '&>' });
			i += 2;
			continue;
		}
		if (two === '&&' || two === '||' || two === ';;') {
			tokens.push({ type: 'op', op: two });
			i += 2;
			continue;
		}
		if (src.startsWith('((', i)) throw new UnsupportedSyntax('the arithmetic command (( ))');
		if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
			tokens.push({ type: 'op', op: c });
			i++;
			continue;
		}
		if (src.startsWith('<<', i) && !src.startsWith('<<<', i))
			throw new UnsupportedSyntax('a here-document (<<)');
		if (src.startsWith('<<<', i)) throw new UnsupportedSyntax('a here-string (<<<)');
		if (c === '>' || c === '<') {
			const op = (['>>', '>&', '<&', '>|'] as const).find((o) => src.startsWith(o, i)) ?? c;
			tokens.push({ type: 'redir', fd: null, op });
			i += op.length;
			continue;
		}
		// Digits directly followed by a redirection operator name the fd (`2>`).
		const io = /^(\d+)(?=[<>])/.exec(src.slice(i));
		if (io) {
			i += io[1]!.length;
			const op = (['>>', '>&', '<&', '>|'] as const).find((o) => src.startsWith(o, i)) ?? src[i];
			tokens.push({ type: 'redir', fd: Number(io[1]), op: op as RedirOp });
			i += (op as string).length;
			continue;
		}
		tokens.push({ type: 'word', word: readWord() });
	}
	tokens.push({ type: 'eof' });
	return tokens;
}

const opText = (t: Token): string => {
	if (t.type === 'eof') return 'newline';
	if (t.type === 'word') return t.word.raw;
	if (t.type === 'redir') return (t.fd ?? '') + t.op;
	return t.op === '\n' ? 'newline' : t.op;
};

/** Words that end a list when they stand where a command would start. */
const RESERVED_END = ['do', 'done', 'then', 'elif', 'else', 'fi', '}'];

/**
 * Lines already parsed, by source. A reader repeats the same few lines (and a loop body or `$(…)`
 * is parsed on every pass), and parsing depends on nothing but the text, so a line is parsed once.
 * The trees are frozen: the interpreter only reads them, and a stray write would throw instead of
 * changing the next run of the same line. Lines that fail to parse are not kept.
 */
const parsed = new Map<string, readonly ListItem[]>();
const PARSED_LIMIT = 512;

/** Freezes a syntax tree and everything in it. */
function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		for (const child of Object.values(value)) deepFreeze(child);
		Object.freeze(value);
	}
	return value;
}

/** Parses a command line into list items; throws ShellSyntaxError with bash's message. */
export function parse(src: string): ListItem[] {
	let items = parsed.get(src);
	if (items === undefined) {
		items = deepFreeze(parseLine(src));
		// Forget everything at once when full: cheap, and a reader's working set is small.
		if (parsed.size >= PARSED_LIMIT) parsed.clear();
		parsed.set(src, items);
	}
	return items as ListItem[];
}

function parseLine(src: string): ListItem[] {
	const tokens = tokenize(src);
	let pos = 0;
	const peek = (): Token => tokens[pos] as Token;
	const eofError = (): never => {
		throw new ShellSyntaxError('syntax error: unexpected end of file', true);
	};
	const unexpected = (t: Token): never => {
		throw new ShellSyntaxError(`syntax error near unexpected token \`${opText(t)}'`, false);
	};
	const isWord = (t: Token, w: string): boolean => t.type === 'word' && t.word.raw === w;
	const isOp = (t: Token, op: string): boolean => t.type === 'op' && t.op === op;
	const skipNewlines = (): void => {
		while (isOp(peek(), '\n')) pos++;
	};
	// Inside a compound command, the end of the line means more input may finish it.
	const missing = (): never => (peek().type === 'eof' ? eofError() : unexpected(peek()));
	const expectWord = (w: string): void => {
		if (!isWord(peek(), w)) missing();
		pos++;
	};

	const parseRedirect = (t: Token & { type: 'redir' }): Redirect => {
		pos++;
		const target = peek();
		if (target.type !== 'word') unexpected(target);
		pos++;
		const defaultFd = t.op.startsWith('<') ? 0 : 1;
		return { fd: t.fd ?? defaultFd, op: t.op, target: (target as { word: Word }).word };
	};

	const parseSimple = (): SimpleCommand => {
		const cmd: SimpleCommand = { assigns: [], words: [], redirs: [] };
		for (;;) {
			const t = peek();
			if (t.type === 'word') {
				pos++;
				const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.word.raw);
				if (cmd.words.length === 0 && m) {
					cmd.assigns.push({ name: m[1]!, value: dropPrefix(t.word, m[0].length) });
				} else {
					cmd.words.push(t.word);
				}
			} else if (t.type === 'redir') {
				cmd.redirs.push(parseRedirect(t));
			} else {
				break;
			}
		}
		if (cmd.assigns.length === 0 && cmd.words.length === 0 && cmd.redirs.length === 0)
			unexpected(peek());
		return cmd;
	};

	/** A list up to one of `terms` (reserved words, or `)`), which is left unread. */
	const parseList = (terms: readonly string[]): ListItem[] => {
		const items: ListItem[] = [];
		for (;;) {
			skipNewlines();
			const t = peek();
			if (t.type === 'eof') break;
			if (t.type === 'word' && terms.includes(t.word.raw)) break;
			if (t.type === 'op' && t.op === ')' && terms.includes(')')) break;
			if (t.type === 'op' && t.op !== '(') unexpected(t);
			const list = parseAndOr();
			const end = peek();
			if (end.type === 'eof') {
				items.push({ list, background: false });
				break;
			}
			if (end.type === 'op' && (end.op === ';' || end.op === '&' || end.op === '\n')) {
				pos++;
				items.push({ list, background: end.op === '&' });
				continue;
			}
			if (isOp(end, ')') && terms.includes(')')) {
				items.push({ list, background: false });
				break;
			}
			unexpected(end);
		}
		return items;
	};

	/** A list that must not be empty (bash: `while do` is a syntax error). */
	const parseBody = (terms: readonly string[]): ListItem[] => {
		const items = parseList(terms);
		if (items.length === 0) missing();
		return items;
	};

	const parseCompound = (): CompoundCommand | null => {
		const t = peek();
		let cmd: DistributiveOmit<CompoundCommand, 'redirs' | 'text'>;
		if (isOp(t, '(')) {
			pos++;
			const body = parseBody([')']);
			if (!isOp(peek(), ')')) missing();
			pos++;
			cmd = { compound: 'subshell', body };
		} else if (t.type !== 'word') {
			return null;
		} else if (t.word.raw === '{') {
			pos++;
			const body = parseBody(['}']);
			expectWord('}');
			cmd = { compound: 'group', body };
		} else if (t.word.raw === 'for') {
			pos++;
			const nameTok = peek();
			if (nameTok.type !== 'word') missing();
			const name = (nameTok as { word: Word }).word.raw;
			if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
				throw new ShellSyntaxError(`\`${name}': not a valid identifier`, false);
			pos++;
			skipNewlines();
			let words: Word[] | null = null;
			if (isWord(peek(), 'in')) {
				pos++;
				words = [];
				for (let w = peek(); w.type === 'word'; w = peek()) {
					words.push(w.word);
					pos++;
				}
			}
			if (isOp(peek(), ';') || isOp(peek(), '\n')) pos++;
			skipNewlines();
			expectWord('do');
			const body = parseBody(['done']);
			expectWord('done');
			cmd = { compound: 'for', name, words, body };
		} else if (t.word.raw === 'while' || t.word.raw === 'until') {
			pos++;
			const cond = parseBody(['do']);
			expectWord('do');
			const body = parseBody(['done']);
			expectWord('done');
			cmd = { compound: t.word.raw, cond, body };
		} else if (t.word.raw === 'if') {
			pos++;
			const branches: { cond: ListItem[]; body: ListItem[] }[] = [];
			let orElse: ListItem[] | null = null;
			for (;;) {
				const cond = parseBody(['then']);
				expectWord('then');
				const body = parseBody(['elif', 'else', 'fi']);
				branches.push({ cond, body });
				if (isWord(peek(), 'elif')) {
					pos++;
					continue;
				}
				if (isWord(peek(), 'else')) {
					pos++;
					orElse = parseBody(['fi']);
				}
				expectWord('fi');
				break;
			}
			cmd = { compound: 'if', branches, orElse };
		} else {
			return null;
		}
		const redirs: Redirect[] = [];
		for (let r = peek(); r.type === 'redir'; r = peek()) redirs.push(parseRedirect(r));
		const full = { ...cmd, redirs, text: '' } as CompoundCommand;
		full.text = compoundText(full);
		return full;
	};

	const parseCommand = (): SimpleCommand | CompoundCommand => {
		const t = peek();
		if (t.type === 'word' && RESERVED_END.includes(t.word.raw)) unexpected(t);
		if (t.type === 'word' && UNSUPPORTED_WORDS.includes(t.word.raw))
			throw new UnsupportedSyntax(`\`${t.word.raw}'`);
		// `name() { …; }` defines a function.
		const after = tokens[pos + 1];
		if (t.type === 'word' && after && isOp(after, '(') && isOp(tokens[pos + 2] as Token, ')'))
			throw new UnsupportedSyntax('defining a function');
		return parseCompound() ?? parseSimple();
	};

	const parsePipeline = (): Pipeline => {
		let negate = false;
		const t = peek();
		if (t.type === 'word' && t.word.raw === '!') {
			negate = true;
			pos++;
		}
		const commands = [parseCommand()];
		for (;;) {
			const p = peek();
			if (p.type === 'op' && p.op === '|') {
				pos++;
				skipNewlines();
				if (peek().type === 'eof') eofError();
				commands.push(parseCommand());
			} else break;
		}
		return { negate, commands };
	};

	const parseAndOr = (): AndOrList => {
		const first = parsePipeline();
		const rest: AndOrList['rest'] = [];
		for (;;) {
			const p = peek();
			if (p.type === 'op' && (p.op === '&&' || p.op === '||')) {
				pos++;
				skipNewlines();
				if (peek().type === 'eof') eofError();
				rest.push({ op: p.op, pipeline: parsePipeline() });
			} else break;
		}
		return { first, rest };
	};

	const items = parseList(TOP);
	if (peek().type !== 'eof') unexpected(peek());
	return items;
}

const TOP: readonly string[] = [];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A list as bash shows it in job notices: items joined by `; ` (or ` & `). */
function listText(items: ListItem[], indent = ''): string {
	return items
		.map(
			(it, i) =>
				commandText(it.list, indent) + (it.background ? ' &' : i < items.length - 1 ? ';' : ''),
		)
		.join(' ');
}

/**
 * A compound command as bash prints it in `jobs` and job notices (print_cmd.c): `if`, `for`,
 * `while` and `until` over several lines with bodies indented by four spaces, an `elif` as an
 * `if` nested in `else`; `{ …; }` and `( … )` on one line.
 */
function compoundText(c: CompoundCommand, indent = ''): string {
	const inner = indent + '    ';
	const body = (items: ListItem[]): string => `${inner}${listText(items, inner)};\n`;
	switch (c.compound) {
		case 'for': {
			const words = c.words ? c.words.map((w) => w.raw).join(' ') : '"$@"';
			return `for ${c.name} in ${words};\n${indent}do\n${body(c.body)}${indent}done`;
		}
		case 'while':
		case 'until':
			return `${c.compound} ${listText(c.cond, indent)}; do\n${body(c.body)}${indent}done`;
		case 'if': {
			const ifText = (branches: typeof c.branches, at: string): string => {
				const deeper = at + '    ';
				const [first, ...rest] = branches;
				if (!first) return '';
				let text = `if ${listText(first.cond, at)}; then\n${deeper}${listText(first.body, deeper)};\n`;
				if (rest.length > 0) text += `${at}else\n${deeper}${ifText(rest, deeper)};\n`;
				else if (c.orElse) text += `${at}else\n${deeper}${listText(c.orElse, deeper)};\n`;
				return `${text}${at}fi`;
			};
			return ifText(c.branches, indent);
		}
		case 'group':
			return `{ ${listText(c.body, indent)}; }`;
		case 'subshell':
			return `( ${listText(c.body, indent)} )`;
	}
}

/** Removes the first `count` raw characters (an assignment's `NAME=`) from a word. */
function dropPrefix(word: Word, count: number): Word {
	const parts = word.parts.slice();
	let left = count;
	while (left > 0 && parts.length > 0) {
		const p = parts[0] as WordPart;
		if (p.kind !== 'lit') break;
		if (p.text.length <= left) {
			left -= p.text.length;
			parts.shift();
		} else {
			parts[0] = { ...p, text: p.text.slice(left) };
			left = 0;
		}
	}
	return { raw: word.raw.slice(count), parts };
}

/** Rebuilds a command's text the way bash shows it in job notices (words joined by spaces). */
export function commandText(list: AndOrList, indent = ''): string {
	const redirs = (c: SimpleCommand | CompoundCommand): string[] =>
		c.redirs.map((r) => {
			const fd = r.op.startsWith('&') || r.fd === (r.op.startsWith('<') ? 0 : 1) ? '' : r.fd;
			return r.op.endsWith('&') ? `${fd}${r.op}${r.target.raw}` : `${fd}${r.op} ${r.target.raw}`;
		});
	const simple = (c: SimpleCommand | CompoundCommand): string =>
		isCompound(c)
			? [indent === '' ? c.text : compoundText(c, indent), ...redirs(c)].join(' ')
			: [
					...c.assigns.map((a) => `${a.name}=${a.value.raw}`),
					...c.words.map((w) => w.raw),
					...redirs(c),
				].join(' ');
	const pipe = (p: Pipeline): string => (p.negate ? '! ' : '') + p.commands.map(simple).join(' | ');
	return [pipe(list.first), ...list.rest.map((r) => `${r.op} ${pipe(r.pipeline)}`)].join(' ');
}
