// Every Predict checkpoint in the chapters offers choices with one right answer, so the reader
// can commit to a prediction and have it recorded. A checkpoint written without them would
// silently fall back to a bare disclosure; this catches it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const chaptersDir = join(import.meta.dirname, '..', '..', 'content', 'chapters');
const files = readdirSync(chaptersDir).filter((f) => f.endsWith('.mdx'));

describe('Predict checkpoints in the chapters', () => {
	for (const file of files) {
		const source = readFileSync(join(chaptersDir, file), 'utf8');
		// Attributes may hold quoted '>' (a shell redirection) and an options array in braces.
		const tags = [...source.matchAll(/<Predict\b((?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*)>/g)].map(
			(m) => m[1] ?? '',
		);
		if (tags.length === 0) continue;
		it(`${file}: every checkpoint has two or more options and names a right one`, () => {
			for (const attrs of tags) {
				const question = /question="([^"]*)"/.exec(attrs)?.[1];
				expect(question, attrs).toBeTruthy();
				const options = /options=\{(\[[\s\S]*?\])\}/.exec(attrs)?.[1];
				expect(options, `options of "${question}"`).toBeTruthy();
				// The array is JavaScript: string literals in either quote, commas between them.
				const choices = [
					...(options ?? '').matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g),
				].map((m) => m[1] ?? m[2] ?? '');
				const rest = (options ?? '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '');
				expect(rest.replace(/[\s,]/g, ''), `options of "${question}" are only strings`).toBe('[]');
				expect(choices.length, question).toBeGreaterThanOrEqual(2);
				expect(new Set(choices).size, `options of "${question}" are distinct`).toBe(choices.length);
				const answer = Number(/answer=\{(\d+)\}/.exec(attrs)?.[1] ?? -1);
				expect(answer, `answer of "${question}"`).toBeGreaterThanOrEqual(0);
				expect(answer, `answer of "${question}"`).toBeLessThan(choices.length);
			}
		});
	}
});
