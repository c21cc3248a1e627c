import { describe, expect, it } from 'vitest';
import { commandText, parse, ShellSyntaxError } from '../../../src/shell/parser';
import type { SimpleCommand } from '../../../src/shell/parser';
import { expandWords } from '../../../src/shell/expand';
import type { ExpandContext } from '../../../src/shell/expand';

const ctx: ExpandContext = {
	variable: (n) => ({ P: '42', EMPTY: '', MANY: 'a  b', '?': '135', '!': '7' })[n],
	home: (u) => (u === '' ? '/root' : undefined),
	substitute: (src) => `out of ${src}\n\n`,
	readdir: (dir) => (dir === '/d' ? ['b.txt', 'a.txt', '.hidden', 'c.md'] : null),
	cwd: '/d',
};

const words = (line: string): string[] => {
	const [item] = parse(line);
	const first = item?.list.first.commands[0] as SimpleCommand | undefined;
	return expandWords(first?.words ?? [], ctx);
};

describe('parse and expand', () => {
	it('splits lists on ; & && || and keeps background flags', () => {
		const items = parse('a; b & c && d || e');
		expect(items.map((i) => [commandText(i.list), i.background])).toEqual([
			['a', false],
			['b', true],
			['c && d || e', false],
		]);
	});

	it('reads redirections with and without fd numbers', () => {
		const [item] = parse('cmd >out 2>>err 2>&1 </dev/null');
		expect(item?.list.first.commands[0]?.redirs.map((r) => [r.fd, r.op, r.target.raw])).toEqual([
			[1, '>', 'out'],
			[2, '>>', 'err'],
			[2, '>&', '1'],
			[0, '<', '/dev/null'],
		]);
	});

	it('expands variables, $?, $!, quotes, tilde, $(…) and globs like bash', () => {
		expect(words('echo $P "$P" \'$P\' $? $! ~/x "~"')).toEqual([
			'echo',
			'42',
			'42',
			'$P',
			'135',
			'7',
			'/root/x',
			'~',
		]);
		expect(words('echo $MANY "$MANY" $EMPTY "$EMPTY"')).toEqual(['echo', 'a', 'b', 'a  b', '']);
		expect(words('echo $(date)')).toEqual(['echo', 'out', 'of', 'date']);
		expect(words('ls *.txt "*.txt" *.none')).toEqual(['ls', 'a.txt', 'b.txt', '*.txt', '*.none']);
		expect(words('echo a\\ b "x\\"y"')).toEqual(['echo', 'a b', 'x"y']);
	});

	it('treats a leading NAME=value as an assignment', () => {
		const [item] = parse('P=$! X="a b"');
		const first = item?.list.first.commands[0] as SimpleCommand | undefined;
		expect(first?.assigns.map((a) => [a.name, a.value.raw])).toEqual([
			['P', '$!'],
			['X', '"a b"'],
		]);
	});

	it("reports bash's syntax errors and whether more input could finish the line", () => {
		const err = (line: string): [string, boolean] => {
			try {
				parse(line);
			} catch (e) {
				if (e instanceof ShellSyntaxError) return [e.message, e.incomplete];
			}
			return ['parsed', false];
		};
		expect(err('echo a ;; echo b')).toEqual(["syntax error near unexpected token `;;'", false]);
		expect(err('&& ls')).toEqual(["syntax error near unexpected token `&&'", false]);
		expect(err('echo a &; echo')).toEqual(["syntax error near unexpected token `;'", false]);
		expect(err('echo a > ')).toEqual(["syntax error near unexpected token `newline'", false]);
		expect(err('echo "abc')).toEqual(['unexpected EOF while looking for matching `"\'', true]);
		expect(err('ls |')).toEqual(['syntax error: unexpected end of file', true]);
	});
});
