// Every chapter's lab is data, and this file replays it: a fresh world, the silent setup, then
// the reader's main path, and the promised lines must be in the transcript. It also checks that
// every <Try> button sends a command the shell knows and that every <Term> links to a real
// glossary entry, so the prose and the simulation cannot drift apart unnoticed.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/shell/index';
import { frontmatterOf, parseYaml, type Yaml } from './frontmatter';

const root = join(import.meta.dirname, '..', '..');
const chaptersDir = join(root, 'content', 'chapters');
const glossaryDir = join(root, 'content', 'glossary');

interface Lab {
	host: string;
	setup: string[];
	solution: string[];
	expect: string[];
}

interface Chapter {
	file: string;
	source: string;
	lab?: Lab;
}

function strings(value: Yaml | undefined, what: string): string[] {
	if (value === undefined || value === '') return [];
	if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
		throw new Error(`${what} must be a list of strings`);
	}
	return value as string[];
}

function readLab(value: Yaml | undefined, file: string): Lab | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${file}: lab`);
	const host = value.host ?? 'app';
	if (typeof host !== 'string') throw new Error(`${file}: lab.host`);
	return {
		host,
		setup: strings(value.setup, `${file}: lab.setup`),
		solution: strings(value.solution, `${file}: lab.solution`),
		expect: strings(value.expect, `${file}: lab.expect`),
	};
}

function readChapters(): Chapter[] {
	return readdirSync(chaptersDir)
		.filter((name) => /\.mdx?$/.test(name))
		.sort()
		.map((file) => {
			const source = readFileSync(join(chaptersDir, file), 'utf8');
			const data = parseYaml(frontmatterOf(source));
			if (typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: frontmatter`);
			return { file, source, lab: readLab(data.lab, file) };
		});
}

/** The value of one attribute in a JSX tag's source, quoted with ' or ". */
function attribute(tag: string, name: string): string | undefined {
	const match = new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)')`).exec(tag);
	return match ? (match[1] ?? match[2]) : undefined;
}

function tags(source: string, component: string): string[] {
	// Attribute values may contain `>` (a shell redirection), so skip over quoted strings.
	const tag = new RegExp(`<${component}\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'g');
	return [...source.matchAll(tag)].map((m) => m[0]);
}

/** Runs lines on a fresh world with the default seed and returns everything the terminal shows. */
function transcript(lines: string[]): string {
	return runScript(lines);
}

/** A command line as the lab runs it: on the lab's host, or on another host through ssh. */
function onHost(cmd: string, host: string | undefined, labHost: string): string {
	return host === undefined || host === labHost ? cmd : `ssh ${host} ${cmd}`;
}

const chapters = readChapters();
const chapterSlugs = new Set(chapters.map(({ file }) => file.replace(/\.mdx?$/, '')));
const glossaryIds = new Set(
	readdirSync(glossaryDir)
		.filter((name) => /\.mdx?$/.test(name))
		.map((name) => name.replace(/\.mdx?$/, '')),
);

describe('glossary', () => {
	for (const id of glossaryIds) {
		it(`${id}: every "see" entry and chapter link exists`, () => {
			const source = readFileSync(join(glossaryDir, `${id}.md`), 'utf8');
			const data = parseYaml(frontmatterOf(source));
			if (typeof data !== 'object' || Array.isArray(data)) throw new Error('frontmatter');
			for (const see of strings(data.see, `${id}: see`)) {
				expect(glossaryIds, `${id} sees ${see}`).toContain(see);
			}
			for (const [, slug] of source.matchAll(/\]\(\.\.\/chapters\/([^/)]+)\/\)/g)) {
				expect(chapterSlugs, `${id} links to chapter ${slug}`).toContain(slug);
			}
		});
	}
});

describe.each(chapters)('$file', ({ file, source, lab }) => {
	it('links only to glossary entries that exist', () => {
		for (const tag of tags(source, 'Term')) {
			const id = attribute(tag, 'id');
			expect(id, tag).toBeDefined();
			expect(glossaryIds, `${file}: ${tag}`).toContain(id);
		}
	});

	it('keeps every <Term> inside its paragraph', () => {
		// MDX (and Prettier) read a line that starts with a tag as a block of its own, which
		// would cut the sentence around an inline glossary link in two.
		const starts = source.split('\n').filter((line) => line.startsWith('<Term'));
		expect(starts, `${file}: lines starting with <Term`).toEqual([]);
	});

	if (!lab) return;

	it('asks the reader to predict at least once before a reveal', () => {
		expect(tags(source, 'Predict').length, `${file}: no <Predict>`).toBeGreaterThan(0);
	});

	it('shows every promised line, in order, when its main path is replayed', () => {
		const output = transcript([...lab.setup, ...lab.solution]);
		// Each promised line must come after the previous one, so a line listed twice must
		// appear twice (a reload that works before a deploy and again after it).
		let from = 0;
		for (const line of lab.expect) {
			const at = output.indexOf(line, from);
			expect(
				at,
				`${file}: missing after offset ${from}:\n${line}\n\n${output}`,
			).toBeGreaterThanOrEqual(0);
			from = at + line.length;
		}
	});

	it('sends only commands the shell knows from its <Try> buttons', () => {
		for (const tag of tags(source, 'Try')) {
			const cmd = attribute(tag, 'cmd');
			expect(cmd, tag).toBeDefined();
			const line = onHost(cmd ?? '', attribute(tag, 'host'), lab.host);
			const output = transcript([...lab.setup, line]);
			expect(output, `${file}: ${line}`).not.toMatch(/command not found/);
		}
	});

	it('offers a <Try> button for every step of its main path', () => {
		const offered = new Set(
			tags(source, 'Try').map((tag) =>
				onHost(attribute(tag, 'cmd') ?? '', attribute(tag, 'host'), lab.host),
			),
		);
		for (const step of lab.solution)
			expect(offered, `${file}: no <Try> for ${step}`).toContain(step);
	});
});
