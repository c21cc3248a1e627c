import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
	expect,
	openLab,
	readChapters,
	screen,
	terminalInput,
	test,
	typeLine,
	waitForPrompt,
	type ChapterInfo,
} from './fixtures';

const chapters = readChapters();
const withLab = chapters.filter((c): c is ChapterInfo & { lab: NonNullable<ChapterInfo['lab']> } =>
	Boolean(c.lab),
);
const first = withLab[0];
// Every test here drives a chapter's lab; a site without one must fail, not skip.
if (!first) throw new Error('no chapter has a lab');

/** What the drawing must show once a transcript line has appeared. */
const drawn: Array<[RegExp, RegExp]> = [
	[/Bus error/, /killed by SIGBUS/],
	[/Segmentation fault/, /killed by SIGSEGV/],
	[/Text file busy/, /denies write/],
];

/** The world drawing of the lab (every host panel and the NFS wire). */
function drawing(page: Page) {
	return page.locator('.world');
}

/** The lab's "Step n of m" counter. */
function stepCount(page: Page, at: number, of: number) {
	return page
		.getByRole('group', { name: 'Steps' })
		.getByText(`Step ${at} of ${of}`, { exact: true });
}

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

test.describe('each chapter lab, driven by its main path', () => {
	for (const chapter of withLab) {
		test(`${chapter.id}: the solution gives the promised outcome`, async ({ page }) => {
			test.setTimeout(120_000);
			await page.goto(`/chapters/${chapter.id}/`);
			await openLab(page);
			// The screen shows only the last rows, so collect what it showed after every command.
			let seen = '';
			for (const [i, line] of chapter.lab.solution.entries()) {
				await typeLine(page, line);
				await expect(stepCount(page, i + 1, i + 1)).toBeVisible();
				await waitForPrompt(page, line);
				seen += (await screen(page).textContent()) ?? '';
			}
			for (const expected of chapter.lab.expect) {
				expect(seen, `transcript of ${chapter.id}`).toContain(expected);
				for (const [outcome, picture] of drawn) {
					if (outcome.test(expected)) await expect(drawing(page)).toContainText(picture);
				}
			}
			// The drawing at its most eventful (dead processes, error badges) must stay accessible too.
			const results = await new AxeBuilder({ page })
				.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
				.analyze();
			expect(results.violations).toEqual([]);
		});
	}
});

test.describe('the lab', () => {
	test('runs typed commands and narrates what changed', async ({ page }) => {
		await page.goto(`/chapters/${first!.id}/`);
		await openLab(page);
		await typeLine(page, 'ls /mnt/nfs/bin');
		await expect(screen(page)).toContainText('server');
		await expect(
			page.getByRole('heading', { name: /What changed after ls \/mnt\/nfs\/bin/ }),
		).toBeVisible();
		await expect(stepCount(page, 1, 1)).toBeVisible();
	});

	test('Try buttons in the prose drive the lab', async ({ page }) => {
		await page.goto(`/chapters/${first!.id}/`);
		const tryButton = page
			.getByRole('article')
			.getByRole('button', { name: /^Run in the lab/ })
			.first();
		test.skip((await tryButton.count()) === 0, 'this chapter has no Try buttons');
		const name = (await tryButton.textContent())?.replace(/^Run in the lab[^:]*: /, '') ?? '';
		await tryButton.click();
		await openLab(page);
		await expect(page.getByRole('heading', { name: `What changed after ${name}` })).toBeVisible();
		await expect(screen(page)).toContainText(name);
	});

	test('Tab completes and the history comes back with the up arrow', async ({ page }) => {
		await page.goto('/playground/');
		await openLab(page);
		await terminalInput(page).focus();
		await page.keyboard.type('ls /mnt/nfs/b');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expect(
			page.getByRole('heading', { name: 'What changed after ls /mnt/nfs/bin/' }),
		).toBeVisible();
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Enter');
		await expect(stepCount(page, 2, 2)).toBeVisible();
	});

	test('Esc then Tab leaves the terminal, so the keyboard is never trapped', async ({ page }) => {
		await page.goto('/playground/');
		await openLab(page);
		await terminalInput(page).focus();
		await page.keyboard.press('Tab');
		await expect(terminalInput(page)).toBeFocused();
		await page.keyboard.press('Escape');
		await page.keyboard.press('Tab');
		await expect(terminalInput(page)).not.toBeFocused();
	});

	test('the host switcher shows another host’s shell', async ({ page }) => {
		await page.goto('/playground/');
		await openLab(page);
		await page
			.getByRole('group', { name: 'Terminal host' })
			.getByRole('button', { name: 'filer' })
			.click();
		await expect(page.getByRole('button', { name: 'filer', pressed: true })).toBeVisible();
		await typeLine(page, 'ls /export/bin');
		await expect(screen(page)).toContainText('root@filer');
	});

	test('steps back and forward through the commands', async ({ page }) => {
		await page.goto('/playground/');
		await openLab(page);
		await typeLine(page, 'echo one');
		await typeLine(page, 'echo two');
		await expect(stepCount(page, 2, 2)).toBeVisible();
		await page.getByRole('button', { name: 'Step back' }).click();
		await expect(stepCount(page, 1, 2)).toBeVisible();
		await expect(page.getByText('Next: echo two')).toBeVisible();
		await expect(screen(page)).not.toContainText('echo two');
		await page.getByRole('button', { name: 'Step forward' }).click();
		await expect(screen(page)).toContainText('echo two');
	});

	test('what changed is highlighted, without animation when the reader asks for less motion', async ({
		page,
	}) => {
		await page.emulateMedia({ reducedMotion: 'reduce' });
		await page.goto('/playground/');
		await openLab(page);
		await typeLine(page, 'touch /root/new-file');
		const row = drawing(page).getByRole('listitem').filter({ hasText: '/root/new-file' });
		await expect(row).toHaveClass(/changed/);
		expect(await row.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
		await typeLine(page, 'echo unrelated');
		await expect(row).not.toHaveClass(/changed/);
	});

	test('Reset starts over from the chapter setup', async ({ page }) => {
		await page.goto('/playground/');
		await openLab(page);
		await typeLine(page, 'touch /root/marker');
		await expect(stepCount(page, 1, 1)).toBeVisible();
		await page.getByRole('button', { name: 'Reset' }).click();
		await expect(stepCount(page, 0, 0)).toBeVisible();
		await typeLine(page, 'ls /root');
		await expect(screen(page)).not.toContainText('marker');
	});

	test('progress survives a reload', async ({ page }) => {
		await page.goto('/playground/');
		await openLab(page);
		await typeLine(page, 'echo remembered');
		await expect(stepCount(page, 1, 1)).toBeVisible();
		await page.reload();
		await openLab(page);
		await expect(page.getByRole('status').filter({ hasText: 'Welcome back' })).toBeVisible();
		await expect(screen(page)).toContainText('remembered');
	});

	test('garbage in storage is ignored with a message, and other labs keep their progress', async ({
		page,
	}) => {
		await page.addInitScript(() => {
			if (sessionStorage.getItem('seeded')) return;
			sessionStorage.setItem('seeded', '1');
			localStorage.setItem('bus-error:lab:playground', '{not json');
			localStorage.setItem(
				'bus-error:lab:other',
				JSON.stringify({ v: 1, seed: 1, log: 'app:echo kept', at: 1 }),
			);
		});
		await page.goto('/playground/');
		await openLab(page);
		await expect(page.getByRole('alert')).toContainText('could not be read');
		await typeLine(page, 'echo still works');
		await expect(screen(page)).toContainText('still works');
		expect(await page.evaluate(() => localStorage.getItem('bus-error:lab:other'))).toContain(
			'echo kept',
		);
	});
});

test.describe('permalinks', () => {
	test('a permalink opens on the step it names', async ({ page }) => {
		const lines = first!.lab.solution;
		expect(
			lines.length,
			'the first lab needs two commands to link to step 2',
		).toBeGreaterThanOrEqual(2);
		const log = lines.map((l) => `${first!.lab.host}:${l}`).join('\n');
		await page.goto(`/chapters/${first!.id}/?v=1&s=1&c=${b64url(log)}&at=2#lab`);
		await openLab(page);
		await expect(stepCount(page, 2, lines.length)).toBeVisible();
		await expect(
			page.getByRole('status').filter({ hasText: 'the moment this link names' }),
		).toBeVisible();
		await expect(
			page.getByRole('heading', { name: `What changed after ${lines[1]}` }),
		).toBeVisible();
		if (lines.length > 2) await expect(page.getByText(`Next: ${lines[2]}`)).toBeVisible();
	});

	test('“Copy link to this moment” makes a link that reopens the same step', async ({
		page,
		context,
	}) => {
		await context.grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.goto('/playground/');
		await openLab(page);
		await typeLine(page, 'echo first');
		await typeLine(page, 'echo second');
		await page.getByRole('button', { name: 'Step back' }).click();
		await page.getByRole('button', { name: 'Copy link to this moment' }).click();
		const link = await page.getByLabel('Link to this moment').inputValue();
		expect(link).toContain('at=1');
		await page.evaluate(() => localStorage.clear());
		await page.goto(link);
		await openLab(page);
		await expect(stepCount(page, 1, 2)).toBeVisible();
		await expect(page.getByText('Next: echo second')).toBeVisible();
	});

	for (const [what, query] of [
		['not base64url', '?c=%21%21%21&at=1'],
		['a step past its end', `?c=${b64url('app:ps')}&at=5`],
		['an unknown host', `?c=${b64url('mars:ps')}&at=1`],
		['a future format version', `?v=9&c=${b64url('app:ps')}&at=1`],
	] as const) {
		test(`a malformed permalink (${what}) shows a message and a fresh lab`, async ({ page }) => {
			await page.goto(`/playground/${query}#lab`);
			await openLab(page);
			await expect(page.getByRole('alert')).toContainText('This link could not be opened');
			await expect(stepCount(page, 0, 0)).toBeVisible();
			await typeLine(page, 'echo fresh');
			await expect(screen(page)).toContainText('fresh');
		});
	}
});

test.describe('on a phone', () => {
	test('the main path works by tapping suggested commands @phone', async ({ page, isMobile }) => {
		test.skip(!isMobile, 'runs in the phone project');
		test.setTimeout(120_000);
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto(`/chapters/${first!.id}/`);
		await openLab(page);
		const chips = page.getByRole('group', { name: 'Suggested commands' });
		let seen = '';
		for (const [i, line] of first!.lab.solution.entries()) {
			await chips.getByRole('button', { name: line, exact: true }).nth(0).tap();
			await expect(stepCount(page, i + 1, i + 1)).toBeVisible();
			await waitForPrompt(page, line);
			seen += (await screen(page).textContent()) ?? '';
		}
		for (const expected of first!.lab.expect) expect(seen).toContain(expected);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth,
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});

	test('the key row sends Tab, Ctrl-C and history keys @phone', async ({ page, isMobile }) => {
		test.skip(!isMobile, 'runs in the phone project');
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto('/playground/');
		await openLab(page);
		const keys = page.getByRole('group', { name: 'Terminal keys' });
		await expect(keys).toBeVisible();
		await typeLine(page, 'echo again');
		await keys.getByRole('button', { name: 'Previous command' }).tap();
		await expect(screen(page)).toContainText(/echo again[\s\S]*echo again/);
		await keys.getByRole('button', { name: 'Ctrl-C' }).tap();
		await expect(screen(page)).toContainText('^C');
	});
});
