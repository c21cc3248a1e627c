// A command line is parsed once and its tree reused. These tests fail if a reused tree carried
// anything from an earlier run: an expansion, a changed variable, a changed file, or a write by
// the interpreter into the tree.
import { describe, expect, it } from 'vitest';
import { parse, ShellSyntaxError } from '../../../src/shell/parser';
import type { SimpleCommand } from '../../../src/shell/parser';
import { runScript } from '../../../src/shell/index';

const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('parsed lines are reused', () => {
	it('gives the same frozen tree for the same text', () => {
		const a = parse('echo "$x" > /tmp/out; ls | wc -l &');
		const b = parse('echo "$x" > /tmp/out; ls | wc -l &');
		expect(b).toBe(a);
		expect(Object.isFrozen(a)).toBe(true);
		const first = a[0]?.list.first.commands[0] as SimpleCommand;
		expect(Object.isFrozen(first.words[1]?.parts[0])).toBe(true);
		// A stray write by the interpreter throws instead of changing the next run of the line.
		expect(() => {
			(first.words as unknown[]).push('extra');
		}).toThrow(TypeError);
		expect(parse('echo "$x" > /tmp/out; ls | wc -l &')[0]?.list.first.commands[0]).toEqual(first);
	});

	it('does not keep lines that fail to parse', () => {
		expect(() => parse('echo (')).toThrow(ShellSyntaxError);
		expect(() => parse('echo (')).toThrow("syntax error near unexpected token `('");
	});

	it('expands a repeated line afresh each time it runs', () => {
		const lines = [
			'x=one',
			'echo "$x" $(cat /tmp/f 2>/dev/null) $((n+1)) /tmp/g*',
			'x=two; n=41; echo data > /tmp/f; touch /tmp/gx',
			'echo "$x" $(cat /tmp/f 2>/dev/null) $((n+1)) /tmp/g*',
			'cd /tmp',
			'for f in g*; do echo "$f in $PWD"; done',
			'cd /',
			'for f in g*; do echo "$f in $PWD"; done',
		];
		expect(runScript(lines)).toBe(
			t(
				'root@app:~# x=one',
				'root@app:~# echo "$x" $(cat /tmp/f 2>/dev/null) $((n+1)) /tmp/g*',
				'one 1 /tmp/g*',
				'root@app:~# x=two; n=41; echo data > /tmp/f; touch /tmp/gx',
				'root@app:~# echo "$x" $(cat /tmp/f 2>/dev/null) $((n+1)) /tmp/g*',
				'two data 42 /tmp/gx',
				'root@app:~# cd /tmp',
				'root@app:/tmp# for f in g*; do echo "$f in $PWD"; done',
				'gx in /tmp',
				'root@app:/tmp# cd /',
				'root@app:/# for f in g*; do echo "$f in $PWD"; done',
				'g* in /',
			),
		);
	});
});
