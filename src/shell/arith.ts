/**
 * Arithmetic expansion `$(( … ))` on integers (bash(1) ARITHMETIC EVALUATION): + - * / % **,
 * unary + - ! ~, comparisons, && ||, parentheses, and variables by name or as `$x`. Errors
 * carry bash's wording (expr.c), e.g. `1/0: division by 0 (error token is "0")`.
 */
import { QuietError } from './quiet-error';

/** An expansion error; the message is what bash prints after its `bash: ` prefix. */
export class ArithError extends QuietError {}

/** An expansion bash has but this simulation does not: its message is printed as it is. */
export class UnsupportedExpansion extends ArithError {}

/** What to print for an expansion error: bash's prefixed message, or the simulation's note. */
export function expansionMessage(e: ArithError, prefix: string): string {
	return e instanceof UnsupportedExpansion ? `${e.message}\n` : `${prefix}${e.message}\n`;
}

type Tok = { t: 'num'; v: bigint } | { t: 'name'; v: string } | { t: 'op'; v: string };

const OPS = [
	'**',
	'<=',
	'>=',
	'==',
	'!=',
	'&&',
	'||',
	'<<',
	'>>',
	'+',
	'-',
	'*',
	'/',
	'%',
	'(',
	')',
	'<',
	'>',
	'!',
	'~',
	'&',
	'|',
	'^',
];

/** Evaluates an expression (already parameter-expanded) with `variable` for bare names. */
export function evalArith(expr: string, variable: (name: string) => string | undefined): bigint {
	const toks: { tok: Tok; at: number }[] = [];
	let i = 0;
	while (i < expr.length) {
		const c = expr[i] as string;
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		const num = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(expr.slice(i));
		if (num) {
			toks.push({ tok: { t: 'num', v: BigInt(num[1] as string) }, at: i });
			i += (num[1] as string).length;
			continue;
		}
		const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
		if (name) {
			toks.push({ tok: { t: 'name', v: name[0] }, at: i });
			i += name[0].length;
			continue;
		}
		const op = OPS.find((o) => expr.startsWith(o, i));
		if (!op)
			throw new ArithError(
				`${expr.trim()}: syntax error: invalid arithmetic operator (error token is "${expr.slice(i)}")`,
			);
		toks.push({ tok: { t: 'op', v: op }, at: i });
		i += op.length;
	}
	let pos = 0;
	// The rest of the expression from the failing token; at the end, from the last one (`1+`).
	const rest = (): string => expr.slice(toks[Math.min(pos, toks.length - 1)]?.at ?? expr.length);
	const fail = (what: string): never => {
		throw new ArithError(`${expr.trim()}: ${what} (error token is "${rest().trim()}")`);
	};
	const peekOp = (): string | null => {
		const t = toks[pos]?.tok;
		return t && t.t === 'op' ? t.v : null;
	};
	// Bash wraps at 64 bits.
	const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
	const value = (name: string): bigint => {
		const text = (variable(name) ?? '').trim();
		if (text === '') return 0n;
		// A variable holding an expression is evaluated in turn (one level is enough here).
		return /^-?\d+$/.test(text) ? BigInt(text) : evalArith(text, () => undefined);
	};
	const primary = (): bigint => {
		const t = toks[pos]?.tok;
		if (!t) return fail('syntax error: operand expected');
		if (t.t === 'num') {
			pos++;
			return t.v;
		}
		if (t.t === 'name') {
			pos++;
			return value(t.v);
		}
		if (t.v === '(') {
			pos++;
			const v = orExpr();
			if (peekOp() !== ')') fail("syntax error: missing `)'");
			pos++;
			return v;
		}
		if (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~') {
			pos++;
			const v = unary();
			return t.v === '-' ? wrap(-v) : t.v === '+' ? v : t.v === '!' ? (v === 0n ? 1n : 0n) : ~v;
		}
		return fail('syntax error: operand expected');
	};
	const unary = primary;
	const power = (): bigint => {
		const base = unary();
		if (peekOp() === '**') {
			pos++;
			const exp = power();
			if (exp < 0n) fail('exponent less than 0');
			return wrap(base ** exp);
		}
		return base;
	};
	const binary =
		(ops: string[], next: () => bigint, apply: (op: string, a: bigint, b: bigint) => bigint) =>
		(): bigint => {
			let v = next();
			for (let op = peekOp(); op !== null && ops.includes(op); op = peekOp()) {
				pos++;
				v = apply(op, v, next());
			}
			return v;
		};
	const b = (x: boolean): bigint => (x ? 1n : 0n);
	const mul = binary(['*', '/', '%'], power, (op, a, c) => {
		if (op === '*') return wrap(a * c);
		if (c === 0n) {
			pos--;
			fail('division by 0');
		}
		return op === '/' ? wrap(a / c) : a % c;
	});
	const add = binary(['+', '-'], mul, (op, a, c) => wrap(op === '+' ? a + c : a - c));
	const shift = binary(['<<', '>>'], add, (op, a, c) => wrap(op === '<<' ? a << c : a >> c));
	const rel = binary(['<', '>', '<=', '>='], shift, (op, a, c) =>
		b(op === '<' ? a < c : op === '>' ? a > c : op === '<=' ? a <= c : a >= c),
	);
	const eq = binary(['==', '!='], rel, (op, a, c) => b(op === '==' ? a === c : a !== c));
	const band = binary(['&'], eq, (_, a, c) => a & c);
	const bxor = binary(['^'], band, (_, a, c) => a ^ c);
	const bor = binary(['|'], bxor, (_, a, c) => a | c);
	const and = binary(['&&'], bor, (_, a, c) => b(a !== 0n && c !== 0n));
	const orExpr = binary(['||'], and, (_, a, c) => b(a !== 0n || c !== 0n));
	if (toks.length === 0) return 0n;
	const v = orExpr();
	if (pos < toks.length) fail('syntax error in expression');
	return v;
}
