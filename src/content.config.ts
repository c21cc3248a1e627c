import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** A chapter's lab: what the terminal starts with and the reader's main path through it. */
const lab = z.object({
	/** The host whose shell the terminal opens on. */
	host: z.enum(['app', 'build', 'filer']).default('app'),
	/** Command lines run silently on a fresh world before the reader starts. */
	setup: z.array(z.string()).default([]),
	/** The reader's main path: command lines the chapter asks for, in order. */
	solution: z.array(z.string()),
	/** Lines the transcript must contain once the solution has run (checked in CI). */
	expect: z.array(z.string()),
});

const chapters = defineCollection({
	loader: glob({ pattern: '**/*.{md,mdx}', base: './content/chapters' }),
	schema: z.object({
		title: z.string(),
		order: z.number().int(),
		summary: z.string(),
		lab: lab.optional(),
	}),
});

const glossary = defineCollection({
	loader: glob({ pattern: '**/*.{md,mdx}', base: './content/glossary' }),
	schema: z.object({ term: z.string(), short: z.string(), see: z.array(z.string()).default([]) }),
});

export const collections = { chapters, glossary };
