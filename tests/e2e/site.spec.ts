import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { builtPages, expect, openLab, readChapters, test } from './fixtures';

const chapters = readChapters();
const pages = builtPages();

test.describe('every page', () => {
	for (const path of pages) {
		for (const scheme of ['light', 'dark'] as const) {
			// The phone pass checks the light scheme only; colours do not depend on the width.
			test(`${path} has no axe violations (${scheme})${scheme === 'light' ? ' @phone' : ''}`, async ({
				page,
			}) => {
				await page.emulateMedia({ colorScheme: scheme });
				await page.goto(path);
				// Labs are checked hydrated, since that is what readers use.
				if ((await page.locator('[data-lab]').count()) > 0) await openLab(page);
				const results = await new AxeBuilder({ page })
					.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
					.analyze();
				expect(results.violations).toEqual([]);
			});
		}
	}
});

test('the home page lists every chapter in order, with the checklist', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Bus error');
	await expect(
		page.getByRole('heading', { name: 'Is this my bug? A quick checklist' }),
	).toBeVisible();
	const list = page.getByRole('main').getByRole('list').last();
	const titles = await list.getByRole('link').allTextContents();
	expect(titles.map((t) => t.trim())).toEqual(chapters.map((c) => c.title));
});

test('the header navigates to every chapter and to the other pages', async ({ page }) => {
	await page.goto('/');
	const nav = page.getByRole('navigation', { name: 'Site' });
	await nav.getByText('Chapters').click();
	for (const c of chapters) {
		await expect(nav.getByRole('link', { name: c.title, exact: true })).toHaveAttribute(
			'href',
			`/chapters/${c.id}/`,
		);
	}
	await nav.getByRole('link', { name: 'Glossary' }).click();
	await expect(page).toHaveURL(/\/glossary\/$/);
	await expect(
		page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Glossary' }),
	).toHaveAttribute('aria-current', 'page');
});

test('the skip link moves focus to the main content', async ({ page }) => {
	await page.goto('/');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('main')).toBeFocused();
});

test('the footer credits and links the article', async ({ page }) => {
	await page.goto('/');
	const footer = page.getByRole('contentinfo');
	await expect(footer).toContainText('Rachel Kroll');
	await expect(footer).toContainText('15 March 2018');
	await expect(
		footer.getByRole('link', { name: /Bus errors, core dumps, and binaries on NFS/ }),
	).toHaveAttribute('href', 'http://rachelbythebay.com/w/2018/03/15/core/');
});

test('chapters link to the one before and after', async ({ page }) => {
	expect(chapters.length).toBeGreaterThanOrEqual(2);
	const [first, second] = chapters;
	await page.goto(`/chapters/${first!.id}/`);
	const pager = page.getByRole('navigation', { name: 'Chapters before and after' });
	await pager.getByRole('link', { name: new RegExp(`Next.*${escape(second!.title)}`) }).click();
	await expect(page).toHaveURL(new RegExp(`/chapters/${second!.id}/$`));
	await expect(
		page
			.getByRole('navigation', { name: 'Chapters before and after' })
			.getByRole('link', { name: /Previous/ }),
	).toHaveAttribute('href', `/chapters/${first!.id}/`);
});

test('glossary entries have their own anchors', async ({ page }) => {
	await page.goto('/glossary/');
	const terms = page.locator('.glossary dt a');
	expect(await terms.count()).toBeGreaterThan(0);
	const href = await terms.first().getAttribute('href');
	expect(href).toMatch(/^#[\w-]+$/);
	await page.goto(`/glossary/${href}`);
	await expect(page.locator(`${href}`)).toBeInViewport();
});

test('pages without interactive parts load no JavaScript @phone', async ({ page }) => {
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script') scripts.push(r.url());
	});
	let checked = 0;
	for (const path of pages) {
		const html = readFileSync(`dist${path}index.html`, 'utf8');
		if (html.includes('<astro-island')) continue;
		checked++;
		await page.goto(path);
		await expect(page.locator('script')).toHaveCount(0);
	}
	expect(checked).toBeGreaterThan(0);
	expect(scripts).toEqual([]);
});

test('the site fits a 360 px screen without sideways scrolling @phone', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of pages) {
		await page.goto(path);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth,
		);
		expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
	}
});

function escape(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
