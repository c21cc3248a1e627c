/**
 * Word expansion in bash's order (bash(1) EXPANSION): tilde, parameters and command
 * substitution, word splitting of unquoted results, then pathname expansion (globbing).
 */
import { ArithError, evalArith, UnsupportedExpansion } from './arith';
import type { Word, WordPart } from './parser';

/** What expansion needs from the shell. */
export interface ExpandContext {
	/** A variable's value, or undefined when unset. */
	variable(name: string): string | undefined;
	/** The home directory for `~` or `~user`, or undefined for an unknown user. */
	home(user: string): string | undefined;
	/** Runs `$(…)` and returns its standard output. */
	substitute(source: string): string;
	/** Directory entries (without `.` and `..`) of an absolute path, or null if unreadable. */
	readdir(path: string): string[] | null;
	/** The working directory, for relative globs. */
	cwd: string;
}

/** A character of an expanded word, remembering whether globbing may treat it as special. */
interface Char {
	c: string;
	quoted: boolean;
}

const GLOB_CHAR = /[*?[]/;

/** Expands words into argument strings. */
export function expandWords(words: readonly Word[], ctx: ExpandContext): string[] {
	const out: string[] = [];
	for (const w of words) out.push(...expandWord(w, ctx));
	return out;
}

/** Expands one word into zero or more fields. */
export function expandWord(word: Word, ctx: ExpandContext): string[] {
	// Each part's value in order (command substitutions run here, once each).
	const values = word.parts.map((part) => partValue(part, ctx));
	// A word with nothing to split and no unquoted glob character is just its text.
	if (
		word.parts.length > 0 &&
		word.parts.every((part) => part.kind === 'tilde' || part.kind === 'lit' || part.quoted) &&
		!word.parts.some(
			(part, i) => part.kind === 'lit' && !part.quoted && GLOB_CHAR.test(values[i] as string),
		)
	)
		return [values.join('')];
	const fields: Char[][] = [];
	let cur: Char[] | null = null;
	const push = (text: string, quoted: boolean): void => {
		cur ??= [];
		for (const c of text) cur.push({ c, quoted });
	};
	const split = (text: string): void => {
		// Unquoted expansion results are split on IFS whitespace.
		const pieces = text.split(/[ \t\n]+/);
		pieces.forEach((p, idx) => {
			if (idx > 0 && cur !== null) {
				fields.push(cur);
				cur = null;
			}
			if (p !== '') push(p, true);
		});
	};
	for (const [i, part] of word.parts.entries()) {
		const value = values[i] as string;
		if (part.kind === 'lit' || part.kind === 'tilde' || part.quoted) {
			push(value, part.kind === 'tilde' || (part.kind === 'lit' && part.quoted) || part.quoted);
		} else {
			split(value);
		}
	}
	if (cur !== null) fields.push(cur);
	const result: string[] = [];
	for (const f of fields) {
		const text = f.map((ch) => ch.c).join('');
		if (f.some((ch) => !ch.quoted && (ch.c === '*' || ch.c === '?' || ch.c === '['))) {
			const matches = glob(f, ctx);
			if (matches.length > 0) {
				result.push(...matches);
				continue;
			}
		}
		result.push(text);
	}
	return result;
}

/** Expands a word without splitting or globbing (assignments, redirection targets). */
export function expandString(word: Word, ctx: ExpandContext): string {
	return word.parts.map((p) => partValue(p, ctx)).join('');
}

function partValue(part: WordPart, ctx: ExpandContext): string {
	switch (part.kind) {
		case 'lit':
			return part.text;
		case 'tilde':
			return ctx.home(part.user) ?? `~${part.user}`;
		case 'param':
			return paramValue(part.name, ctx);
		case 'cmdsub':
			// Command substitution drops trailing newlines (bash(1) Command Substitution).
			return ctx.substitute(part.source).replace(/\n+$/, '');
		case 'arith': {
			// Parameters and command substitutions inside are expanded first, then evaluated.
			const text = part.source
				.replace(/\$\(([^()]*)\)/g, (_, cmd: string) => ctx.substitute(cmd).replace(/\n+$/, ''))
				.replace(
					/\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*|[?$#!0-9])/g,
					(_, a?: string, b?: string) => ctx.variable((a ?? b) as string) ?? '',
				);
			return String(evalArith(text, (name) => ctx.variable(name)));
		}
	}
}

/** Pathname expansion of one field, sorted like bash in the C locale. */
function glob(field: Char[], ctx: ExpandContext): string[] {
	const text = field.map((c) => c.c).join('');
	const absolute = text.startsWith('/');
	// Split the field into path components, keeping each character's quoting.
	const comps: Char[][] = [[]];
	for (const ch of field) {
		if (ch.c === '/') comps.push([]);
		else (comps[comps.length - 1] as Char[]).push(ch);
	}
	let paths: string[] = [absolute ? '/' : ''];
	let seenMagic = false;
	comps.forEach((comp, idx) => {
		if (idx === 0 && absolute) return;
		const isLast = idx === comps.length - 1;
		const literal = comp.map((c) => c.c).join('');
		const magic = comp.some((c) => !c.quoted && '*?['.includes(c.c));
		const next: string[] = [];
		for (const base of paths) {
			const join = (name: string): string =>
				base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`;
			if (!magic) {
				if (literal === '') {
					if (isLast) next.push(join(literal));
					continue;
				}
				// After a wildcard, bash keeps only names that exist (glob_vector in lib/glob/glob.c
				// tests a literal part against the directory), so `/proc/*/exe` skips /proc/meminfo.
				if (seenMagic) {
					const entries = ctx.readdir(base === '' ? ctx.cwd : resolveFrom(ctx.cwd, base));
					if (!entries?.includes(literal)) continue;
				}
				next.push(join(literal));
				continue;
			}
			const dir = base === '' ? ctx.cwd : resolveFrom(ctx.cwd, base);
			const entries = ctx.readdir(dir);
			if (!entries) continue;
			const re = globRegExp(comp);
			for (const name of entries.slice().sort()) {
				if (name.startsWith('.') && !(comp[0]?.c === '.')) continue;
				if (re.test(name)) next.push(join(name));
			}
		}
		if (magic) seenMagic = true;
		paths = next;
	});
	return paths;
}

function resolveFrom(cwd: string, p: string): string {
	return p.startsWith('/') ? p : cwd === '/' ? `/${p}` : `${cwd}/${p}`;
}

function globRegExp(comp: Char[]): RegExp {
	let src = '';
	for (let i = 0; i < comp.length; i++) {
		const { c, quoted } = comp[i] as Char;
		if (!quoted && c === '*') src += '.*';
		else if (!quoted && c === '?') src += '.';
		else if (!quoted && c === '[') {
			let j = i + 1;
			let cls = '';
			while (j < comp.length && comp[j]?.c !== ']') cls += comp[j++]?.c ?? '';
			if (j < comp.length) {
				src += `[${cls.replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
				i = j;
			} else src += '\\[';
		} else src += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${src}$`);
}

const PARAM = '([A-Za-z_][A-Za-z0-9_]*|[?!$#0-9])';

/** `$x`, `${x}` and the common `${x…}` operators of bash(1) Parameter Expansion. */
function paramValue(name: string, ctx: ExpandContext): string {
	if (new RegExp(`^${PARAM}$`).test(name) || name === '@' || name === '*' || name === '-')
		return ctx.variable(name) ?? '';
	// $name inside the word of an operator is expanded too (one level, unquoted).
	const word = (w: string): string =>
		w.replace(
			/\$\{?([A-Za-z_][A-Za-z0-9_]*|[?$#!0-9])\}?/g,
			(_, n: string) => ctx.variable(n) ?? '',
		);
	let m = new RegExp(`^#${PARAM}$`).exec(name);
	if (m) return String([...(ctx.variable(m[1] as string) ?? '')].length);
	m = new RegExp(`^${PARAM}:(-?\\d+)(?::(\\d+))?$`).exec(name);
	if (m) {
		const v = ctx.variable(m[1] as string) ?? '';
		const off = Number(m[2]);
		const start = off < 0 ? Math.max(0, v.length + off) : off;
		return m[3] === undefined ? v.slice(start) : v.slice(start, start + Number(m[3]));
	}
	m = new RegExp(`^${PARAM}(:?)([-+?=])([\\s\\S]*)$`).exec(name);
	if (m) {
		const [, n, colon, op, w] = m as unknown as [string, string, string, string, string];
		const v = ctx.variable(n);
		const missing = v === undefined || (colon === ':' && v === '');
		if (op === '-') return missing ? word(w) : (v as string);
		if (op === '+') return missing ? '' : word(w);
		if (op === '?') {
			if (!missing) return v as string;
			throw new ArithError(`${n}: ${w === '' ? 'parameter null or not set' : word(w)}`);
		}
		throw new UnsupportedExpansion(
			`[simulation: \${${name}} (assigning a default) is not supported in this simulated shell]`,
		);
	}
	m = /^([A-Za-z_][A-Za-z0-9_]*)(%%|%|##|#)([\s\S]*)$/.exec(name);
	if (m) {
		const [, n, op, pat] = m as unknown as [string, string, string, string];
		const v = ctx.variable(n) ?? '';
		const re = new RegExp(`^${patternSource(word(pat))}$`, 's');
		const ends = [...Array(v.length + 1).keys()];
		if (op === '%' || op === '%%') {
			// Suffix removal: shortest (%) or longest (%%) matching suffix.
			for (const i of op === '%' ? ends.reverse() : ends)
				if (re.test(v.slice(i))) return v.slice(0, i);
			return v;
		}
		for (const i of op === '#' ? ends : ends.reverse())
			if (re.test(v.slice(0, i))) return v.slice(i);
		return v;
	}
	m = /^([A-Za-z_][A-Za-z0-9_]*)(\/\/?)([^/]*)(?:\/([\s\S]*))?$/.exec(name);
	if (m) {
		const [, n, op, pat, rep] = m as unknown as [string, string, string, string, string?];
		const v = ctx.variable(n) ?? '';
		if (pat === '') return v;
		const re = new RegExp(patternSource(word(pat)), op === '//' ? 'gs' : 's');
		return v.replace(re, () => word(rep ?? ''));
	}
	// `${NAME[i]}`, `${NAME[@]}`: the shell's arrays (PIPESTATUS); a plain variable is an
	// array of one element (bash(1) Arrays).
	m = /^([A-Za-z_][A-Za-z0-9_]*)\[([@*]|\d+)\]$/.exec(name);
	if (m) {
		const [, n, index] = m as unknown as [string, string, string];
		const element = ctx.variable(`${n}[${index}]`);
		if (element !== undefined) return element;
		return index === '0' || index === '@' || index === '*' ? (ctx.variable(n) ?? '') : '';
	}
	if (/^[!]|[\^,@]/.test(name))
		throw new UnsupportedExpansion(
			`[simulation: \${${name}} is not supported in this simulated shell]`,
		);
	throw new ArithError(`\${${name}}: bad substitution`);
}

/** A shell pattern (`*`, `?`, `[…]`) as a regular expression source. */
function patternSource(pat: string): string {
	let src = '';
	for (const c of pat) {
		if (c === '*') src += '.*?';
		else if (c === '?') src += '.';
		else src += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}
	return src;
}
