/**
 * Shared Playwright fixtures for the site's browser tests. Every test gets a page that refuses
 * any request leaving the local preview server and that fails on console errors, so "no request
 * leaves the site" and "no console errors" hold across the whole suite, not just where asked.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { parse as parseYaml } from 'yaml';

/** The lab frontmatter of a chapter, as content.config.ts defines it. */
export interface ChapterLab {
	host: 'app' | 'build' | 'filer';
	setup: string[];
	solution: string[];
	expect: string[];
}

/** A chapter as the tests see it: its route id, title and lab (if it has one). */
export interface ChapterInfo {
	id: string;
	title: string;
	order: number;
	lab?: ChapterLab;
}

const chaptersDir = 'content/chapters';

/** Reads every chapter's frontmatter from content/, so tests follow whatever chapters exist. */
export function readChapters(): ChapterInfo[] {
	const files = readdirSync(chaptersDir).filter((f) => /\.mdx?$/.test(f));
	return files
		.map((file) => {
			const text = readFileSync(join(chaptersDir, file), 'utf8');
			const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
			const data = (match ? parseYaml(match[1] as string) : {}) as Record<string, unknown>;
			const lab = data.lab as Partial<ChapterLab> | undefined;
			return {
				id: file.replace(/\.mdx?$/, ''),
				title: String(data.title ?? ''),
				order: Number(data.order ?? 0),
				lab: lab
					? {
							host: lab.host ?? 'app',
							setup: lab.setup ?? [],
							solution: lab.solution ?? [],
							expect: lab.expect ?? [],
						}
					: undefined,
			};
		})
		.sort((a, b) => a.order - b.order);
}

/** Every built page's path, read from dist/ (the tests run against the built site). */
export function builtPages(): string[] {
	const walk = (dir: string): string[] =>
		readdirSync(dir).flatMap((name) => {
			const path = join(dir, name);
			return statSync(path).isDirectory() ? walk(path) : [path];
		});
	return walk('dist')
		.filter((f) => f.endsWith('index.html'))
		.map((f) => '/' + relative('dist', f).replace(/index\.html$/, ''))
		.sort();
}

interface Fixtures {
	/** Requests the page tried to make to anywhere but the preview server. */
	external: string[];
	/** Console errors and uncaught exceptions seen on the page. */
	consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
	external: [
		async ({ page }, use) => {
			const external: string[] = [];
			await page.route(
				(url) => url.hostname !== '127.0.0.1',
				(route) => {
					external.push(route.request().url());
					return route.abort('blockedbyclient');
				},
			);
			await use(external);
			expect(external, 'requests that left the site').toEqual([]);
		},
		{ auto: true },
	],
	consoleErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('console', (msg) => {
				if (msg.type() === 'error') errors.push(msg.text());
			});
			page.on('pageerror', (err) => errors.push(err.message));
			await use(errors);
			expect(errors, 'console errors').toEqual([]);
		},
		{ auto: true },
	],
});

export { expect };

/** Scrolls the lab into view so client:visible hydrates it, and waits until it takes commands. */
export async function openLab(page: Page): Promise<void> {
	const lab = page.getByRole('region', { name: /^Lab/ });
	await lab.scrollIntoViewIfNeeded();
	await expect(page.locator('[data-lab][data-ready="true"]')).toBeAttached({ timeout: 15_000 });
}

/** The terminal's keyboard input (xterm's helper textarea, labelled by xterm itself). */
export function terminalInput(page: Page) {
	return page.getByRole('textbox', { name: 'Terminal input' });
}

/** Types one command line into the terminal, as a reader would, and presses Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
	await terminalInput(page).focus();
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
}

/**
 * Waits until the screen ends in a fresh, empty prompt after `line` was entered: xterm draws on
 * the next animation frame, so output is on screen a little after the command has run. Until
 * then the screen ends with the typed line itself, so an empty prompt means the output is drawn.
 * The line is not required to be on screen, since a long output scrolls it away.
 */
export async function waitForPrompt(page: Page, line: string): Promise<void> {
	const done = /root@\w+:[^#]*#\s*$/;
	// xterm pauses drawing while the terminal is scrolled out of view, as it may be after a tap.
	await screen(page).scrollIntoViewIfNeeded();
	await expect
		.poll(async () => (await screen(page).textContent()) ?? '', {
			message: `a fresh prompt after ${line}`,
		})
		.toMatch(done);
}

/** The visible text of the terminal screen. */
export function screen(page: Page) {
	return page.locator('.xterm-rows');
}
