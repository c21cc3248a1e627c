import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { builtPages, expect, test } from './fixtures';

/** Chapter pages that carry at least one inline figure, read from the built HTML. */
const withFigures = builtPages().filter((path) =>
	readFileSync(`dist${path}index.html`, 'utf8').includes('data-figure='),
);

test('some chapters have inline figures', () => {
	expect(withFigures.length).toBeGreaterThan(0);
});

for (const path of withFigures) {
	test(`${path}: every prose link sets its figure to the step it names @phone`, async ({
		page,
	}) => {
		await page.goto(path);
		const links = page.getByRole('link', { name: /^Show in the figure:/ });
		const count = await links.count();
		expect(count).toBeGreaterThan(0);
		for (let i = 0; i < count; i++) {
			const link = links.nth(i);
			const id = (await link.getAttribute('href'))!.slice(1);
			const frame = page.locator(`[id="${id}"]`);
			const figure = page.getByRole('figure').filter({ has: frame });
			await link.click();
			await expect(frame).toBeVisible();
			// One frame shows at a time, and the step button of the frame shown is pressed.
			await expect(figure.locator('[data-fig-frame]:visible')).toHaveCount(1);
			const label = (await frame.getAttribute('data-fig-label'))!;
			const steps = figure.getByRole('group', { name: 'Steps of this figure' });
			await expect(steps.getByRole('button', { name: label, exact: false })).toHaveAttribute(
				'aria-pressed',
				'true',
			);
			await expect(figure.locator('[data-fig-live]')).toContainText(label);
			// The link stays a link: the address does not change and the reader keeps their place.
			expect(new URL(page.url()).hash).toBe('');
		}
		// A phone's 360 px keeps the figure inside the page.
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth,
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});

	test(`${path}: the step buttons work from the keyboard`, async ({ page }) => {
		await page.goto(path);
		const figure = page.getByRole('figure', { name: /^Figure\./ }).first();
		const buttons = figure.getByRole('group', { name: 'Steps of this figure' }).getByRole('button');
		await expect(buttons.first()).toBeVisible();
		const n = await buttons.count();
		expect(n).toBeGreaterThan(1);
		await expect(buttons.first()).toHaveAttribute('aria-pressed', 'true');
		await buttons.first().focus();
		for (let i = 1; i < n; i++) {
			await page.keyboard.press('Tab');
			await expect(buttons.nth(i)).toBeFocused();
			await page.keyboard.press('Enter');
			await expect(buttons.nth(i)).toHaveAttribute('aria-pressed', 'true');
			await expect(buttons.nth(i - 1)).toHaveAttribute('aria-pressed', 'false');
			await expect(figure.locator('[data-fig-frame]').nth(i)).toBeVisible();
			await expect(figure.locator('[data-fig-frame]').nth(i - 1)).toBeHidden();
		}
	});
}

for (const path of withFigures) {
	for (const scheme of ['light', 'dark'] as const) {
		// The page-wide axe test sees only the frame each figure opens on; this one sees every frame.
		test(`${path}: every frame of its figures has no axe violations (${scheme})`, async ({
			page,
		}) => {
			await page.emulateMedia({ colorScheme: scheme });
			await page.goto(path);
			const figures = page.getByRole('figure', { name: /^Figure\./ });
			for (let k = 0; k < (await figures.count()); k++) {
				const buttons = figures
					.nth(k)
					.getByRole('group', { name: 'Steps of this figure' })
					.getByRole('button');
				await expect(buttons.first()).toBeVisible();
				for (let i = 0; i < (await buttons.count()); i++) {
					await buttons.nth(i).click();
					await expect(buttons.nth(i)).toHaveAttribute('aria-pressed', 'true');
					const results = await new AxeBuilder({ page })
						.include('figure[data-figure]')
						.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
						.analyze();
					expect(results.violations, `step ${i + 1}`).toEqual([]);
				}
			}
		});
	}
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	for (const path of withFigures) {
		test(`${path}: every frame of every figure shows, in order`, async ({ page }) => {
			await page.goto(path);
			const frames = page.locator('[data-fig-frame]');
			const n = await frames.count();
			expect(n).toBeGreaterThan(1);
			for (let i = 0; i < n; i++) await expect(frames.nth(i)).toBeVisible();
			await expect(page.getByRole('group', { name: 'Steps of this figure' }).first()).toBeHidden();
		});
	}
});
