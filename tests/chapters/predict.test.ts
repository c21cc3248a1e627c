// Every Predict checkpoint in the chapters offers choices with one right answer, so the reader
// can commit to a prediction and have it recorded. A checkpoint written without them would
// silently fall back to a bare disclosure; this catches it. Each checkpoint also has an id, unique
// in its chapter, that the reader's saved answer is keyed by (so rewording keeps the answer).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGACY_PREDICT_KEYS } from '../../src/components/mdx/predict-legacy';

const chaptersDir = join(import.meta.dirname, '..', '..', 'content', 'chapters');
const files = readdirSync(chaptersDir).filter((f) => f.endsWith('.mdx'));

/** The attributes of each <Predict> tag in an MDX source. */
function tagsOf(source: string): string[] {
	// Attributes may hold quoted '>' (a shell redirection) and an options array in braces.
	return [...source.matchAll(/<Predict\b((?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*)>/g)].map(
		(m) => m[1] ?? '',
	);
}

describe('Predict checkpoints in the chapters', () => {
	for (const file of files) {
		const source = readFileSync(join(chaptersDir, file), 'utf8');
		const tags = tagsOf(source);
		if (tags.length === 0) continue;
		it(`${file}: every checkpoint has an id of its own, which saved answers are keyed by`, () => {
			const ids = tags.map((attrs) => /(?:^|\s)id="([^"]*)"/.exec(attrs)?.[1]);
			for (const [i, id] of ids.entries()) {
				expect(id, `id of checkpoint ${i + 1}`).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
			}
			expect(new Set(ids).size, `ids ${ids.join(', ')} are distinct`).toBe(ids.length);
			// An answer saved before ids is found through the old key of a checkpoint listed here.
			for (const id of ids) {
				const old = LEGACY_PREDICT_KEYS[`${file.replace(/\.mdx$/, '')}/${id}`];
				if (old) expect(old).toMatch(/^predict-[a-z0-9-]+$/);
			}
		});
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

describe('the keys answers were saved under before checkpoints had ids', () => {
	it('name only checkpoints that exist, each with a distinct old key', () => {
		const current = new Set(
			files.flatMap((file) =>
				tagsOf(readFileSync(join(chaptersDir, file), 'utf8')).map(
					(attrs) => `${file.replace(/\.mdx$/, '')}/${/(?:^|\s)id="([^"]*)"/.exec(attrs)?.[1]}`,
				),
			),
		);
		for (const key of Object.keys(LEGACY_PREDICT_KEYS)) expect(current, key).toContain(key);
		const old = Object.values(LEGACY_PREDICT_KEYS);
		expect(new Set(old).size).toBe(old.length);
	});
});
