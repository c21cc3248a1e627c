import { describe, expect, it } from 'vitest';
import { evalArith } from '../../../src/shell/arith';
import { runScript } from '../../../src/shell/index';
import { INTERRUPT_NOTE } from '../../../src/shell/session';

const t = (...lines: string[]): string => lines.join('\n') + '\n';
const run = (line: string): string => runScript([line]).split('\n').slice(1).join('\n');

describe('command substitution and arithmetic', () => {
	it('expands backquotes, unquoted and quoted', () => {
		expect(run('echo `hostname` "`echo a  b`" `echo x`y')).toBe('app a b xy\n');
	});

	it('evaluates $(( )) with precedence, parentheses, variables and C division', () => {
		expect(run('x=4; echo $((1+2)) $((2**3 + 7%3 - (4-1)*2)) $(( -5/2 )) $((x*2)) $(($x+1))')).toBe(
			'3 3 -2 8 5\n',
		);
		expect(evalArith('y + 1', (n) => (n === 'y' ? '41' : undefined))).toBe(42n);
	});

	it('abandons the line on division by zero, with bash 5.2 wording', () => {
		expect(runScript(['echo $((1/0)); echo next', 'echo $?', 'echo $((1+))'])).toBe(
			t(
				'root@app:~# echo $((1/0)); echo next',
				'bash: 1/0: division by 0 (error token is "0")',
				'root@app:~# echo $?',
				'1',
				'root@app:~# echo $((1+))',
				'bash: 1+: syntax error: operand expected (error token is "+")',
			),
		);
	});
});

describe('compound commands', () => {
	it('runs for, if/elif/else, while, groups and subshells', () => {
		expect(run('for i in 1 2; do echo $i; done')).toBe('1\n2\n');
		expect(run('if [ -d /nope ]; then echo a; elif true; then echo b; else echo c; fi')).toBe(
			'b\n',
		);
		expect(run('n=0; while [ $n -lt 3 ]; do echo $n; n=$((n+1)); done')).toBe('0\n1\n2\n');
		expect(run('n=0; until [ $n -eq 2 ]; do n=$((n+1)); done; echo $n')).toBe('2\n');
		expect(run('{ echo g1; echo g2; } > /tmp/g; cat /tmp/g')).toBe('g1\ng2\n');
		expect(run('(cd /tmp; pwd; x=1); pwd; echo "[$x]"')).toBe('/tmp\n/root\n[]\n');
		expect(run('for i in a b c; do [ $i = b ] && continue; echo $i; done')).toBe('a\nc\n');
		expect(run('for i in 1 2 3; do for j in x y; do echo $i$j; break 2; done; done')).toBe('1x\n');
	});

	it('stops an endless while loop with the simulation note', () => {
		expect(runScript(['while true; do :; done', 'echo $?'])).toBe(
			t('root@app:~# while true; do :; done', INTERRUPT_NOTE, 'root@app:~# echo $?', '130'),
		);
	});

	it('reports grammar errors as bash does', () => {
		expect(run('done')).toBe("bash: syntax error near unexpected token `done'\n");
		expect(run('for i in 1; do echo $i')).toBe('bash: syntax error: unexpected end of file\n');
		expect(run('break')).toBe(
			"bash: break: only meaningful in a `for', `while', or `until' loop\n",
		);
	});

	it('shows a background loop in its job line', () => {
		expect(run('for i in 1; do sleep 5; done &')).toMatch(/^\[1\] \d+\n$/);
		expect(runScript(['for i in 1; do sleep 5; done &', 'jobs'])).toContain(
			'for i in 1; do sleep 5; done',
		);
	});
});

describe('history expansion', () => {
	it('expands !! and !$ and echoes the result, but not inside single quotes', () => {
		expect(runScript(['echo !!', 'echo a b c', '!!', 'echo !$ "!!" \'!!\''])).toBe(
			t(
				'root@app:~# echo !!',
				'bash: !!: event not found',
				'root@app:~# echo a b c',
				'a b c',
				'root@app:~# !!',
				'echo a b c',
				'a b c',
				'root@app:~# echo !$ "!!" \'!!\'',
				'echo c "echo a b c" \'!!\'',
				'c echo a b c !!',
			),
		);
	});
});

describe('grammar outside the simulation', () => {
	it('says so plainly instead of inventing a bash error', () => {
		for (const line of ['case x in x) echo;; esac', 'cat <<EOF', 'f() { echo; }', '((x=1))']) {
			expect(run(line)).toMatch(/^\[simulation: .* is not supported in this simulated shell\]\n$/);
		}
	});
});

describe('test and [', () => {
	it('follows POSIX by argument count, with bash 5.2 errors', () => {
		expect(
			run('[ -z "" ]; echo $?; [ ! -d /root ]; echo $?; [ -d /root -a -d /tmp ]; echo $?'),
		).toBe(t('0', '1', '0'));
		expect(run('[ 1 -eq 1')).toBe(t("bash: [: missing `]'"));
		expect(run('[ a -eq 1 ]; echo $?')).toBe(t('bash: [: a: integer expression expected', '2'));
		expect(run('[ -q x ]; echo $?')).toBe(t('bash: [: -q: unary operator expected', '2'));
		expect(run('[ -L /proc/self/exe ] && [ -x /usr/bin/ls ] && echo ok')).toBe(t('ok'));
	});
});

describe('parameter expansion operators', () => {
	it('handles defaults, length, affix removal, replacement and substrings like bash 5.2', () => {
		expect(run('echo "${x:-def} ${#HOME} ${HOME%/*}x ${HOME#/} ${y:+a}b"')).toBe(
			t('def 5 x root b'),
		);
		expect(run('z=abc.tar.gz; echo ${z%%.*} ${z%.*} ${z#*.} ${z##*.} ${z/a/X} ${z:1:2}')).toBe(
			t('abc abc.tar tar.gz gz Xbc.tar.gz bc'),
		);
		expect(run('echo ${q?unset}; echo next')).toBe(t('bash: q: unset'));
		expect(run('echo ${x y}')).toBe(t('bash: ${x y}: bad substitution'));
		expect(run('echo ${!z}')).toBe(
			t('[simulation: ${!z} is not supported in this simulated shell]'),
		);
	});
});
