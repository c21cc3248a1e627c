// A <Show> link is words inside a sentence. In MDX a tag that begins a line at the start of a
// paragraph becomes a block of its own, and Prettier's MDX formatter turns any line that begins
// with one into such a block: the sentence is then cut into three paragraphs around the link.
// Keeping every <Show> after some words on its line keeps it inline.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const chaptersDir = join(import.meta.dirname, '..', '..', '..', 'content', 'chapters');

describe('Show links stay inside their sentence', () => {
	for (const file of readdirSync(chaptersDir).filter((f) => f.endsWith('.mdx'))) {
		it(file, () => {
			const lines = readFileSync(join(chaptersDir, file), 'utf8').split('\n');
			const starts = lines
				.map((line, i) => ({ line, n: i + 1 }))
				.filter(({ line }) => /^\s*<Show\b/.test(line))
				.map(({ n }) => `${file}:${n}`);
			expect(starts, 'move earlier words onto the line so <Show> does not begin it').toEqual([]);
		});
	}
});
