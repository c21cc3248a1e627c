import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const CHAPTER = '/chapters/06-pulling-the-rug/';

/** Scrolls the twin-world view into sight and waits for client:visible to hydrate it. */
async function openTwin(page: Page) {
	const twin = page.locator('[data-twin]');
	await twin.scrollIntoViewIfNeeded();
	await expect(page.locator('astro-island:has([data-twin])')).not.toHaveAttribute('ssr', '', {
		timeout: 15_000,
	});
	const world = (name: RegExp) => twin.getByRole('region', { name });
	return {
		twin,
		local: world(/Terminal on app, Local ext4 disk/),
		nfs: world(/Terminal on app, NFS share/),
		narration: twin.getByRole('status'),
		next: twin.getByRole('button', { name: 'Next step' }),
		back: twin.getByRole('button', { name: 'Back' }),
		reset: twin.getByRole('button', { name: 'Reset' }),
	};
}

test('the twin worlds diverge: Text file busy locally, a crash on NFS, driven by the keyboard @phone', async ({
	page,
}) => {
	await page.goto(CHAPTER);
	const t = await openTwin(page);
	await expect(t.narration).toContainText('Nothing has run yet');
	await t.next.focus();
	await page.keyboard.press('Enter');
	await expect(t.twin).toHaveAttribute('data-at', '1');
	await expect(t.local).toContainText('server[4302]: started (build v1)');
	await expect(t.nfs).toContainText('server[4302]: started (build v1)');

	await page.keyboard.press('Enter');
	await expect(t.twin).toHaveAttribute('data-at', '2');
	await expect(t.local).toContainText(
		"cp: cannot create regular file '/opt/app/bin/server': Text file busy",
	);
	await expect(t.nfs).not.toContainText('Text file busy');
	await expect(t.narration).toContainText('locally cp is refused with Text file busy');
	const nfsWorld = t.twin.locator('[data-side="nfs"]');
	await expect(nfsWorld.getByText('24 MiB here, 26 MiB on filer')).toBeVisible();

	// Once the simulation is in, each press runs its step at once.
	await page.keyboard.press('Enter');
	await expect(t.twin).toHaveAttribute('data-at', '3');
	await page.keyboard.press('Enter');
	await expect(t.twin).toHaveAttribute('data-at', '4');
	await expect(t.nfs).toContainText(
		/\[1\]\+ {2}(Illegal instruction|Segmentation fault|Bus error) +\(core dumped\) \/mnt\/nfs\/bin\/server/,
	);
	await expect(t.local).not.toContainText('core dumped');
	await expect(t.local).toContainText('reloaded configuration (build v1)');
	await expect(nfsWorld.getByText(/^dead: killed by SIG/)).toBeVisible();
	await expect(
		t.twin.locator('[data-side="local"]').getByText('running as pid 4302'),
	).toBeVisible();
	await expect(t.narration).toContainText('NFS server was killed by');

	// Back replays the worlds to the step before: the crash report is gone again.
	await t.back.focus();
	await page.keyboard.press('Enter');
	await expect(t.twin).toHaveAttribute('data-at', '3');
	await expect(t.nfs).not.toContainText('core dumped');

	await t.reset.focus();
	await page.keyboard.press('Enter');
	await expect(t.twin).toHaveAttribute('data-at', '0');
	await expect(t.local).toContainText('nothing run yet');
});

test('presses made while the simulation loads run in order once it arrives', async ({ page }) => {
	let release!: () => void;
	const arrived = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_astro/twin.*.js', async (route) => {
		await arrived;
		await route.continue();
	});
	await page.goto(CHAPTER);
	const t = await openTwin(page);
	await t.next.click();
	await t.next.click();
	await expect(t.twin).toHaveAttribute('aria-busy', 'true');
	await expect(t.narration).toContainText('Loading the simulation');
	await expect(t.twin).toHaveAttribute('data-at', '0');
	release();
	// Both presses ran: step 2 is the copy, refused locally.
	await expect(t.twin).toHaveAttribute('data-at', '2');
	await expect(t.twin).toHaveAttribute('aria-busy', 'false');
	await expect(t.local).toContainText(
		"cp: cannot create regular file '/opt/app/bin/server': Text file busy",
	);
});

test('a simulation that cannot be fetched is reported and the worlds stay as they were', async ({
	page,
	consoleErrors,
}) => {
	let offline = true;
	await page.route('**/_astro/twin.*.js', (route) =>
		offline ? route.abort('internetdisconnected') : route.continue(),
	);
	await page.goto(CHAPTER);
	const t = await openTwin(page);
	await t.next.click();
	await expect(t.narration).toContainText('could not be loaded');
	// The browser reports the failed fetch on the console; that one is expected here.
	expect(consoleErrors.every((e) => /Failed to load resource|twin\./.test(e))).toBe(true);
	consoleErrors.length = 0;
	await expect(t.twin).toHaveAttribute('data-at', '0');
	await expect(t.local).toContainText('nothing run yet');
	offline = false;
	await t.next.click();
	await expect(t.twin).toHaveAttribute('data-at', '1');
	await expect(t.local).toContainText('server[4302]: started (build v1)');
});

test('the twin worlds sit side by side on wide screens and stack on phones @phone', async ({
	page,
}) => {
	await page.goto(CHAPTER);
	const t = await openTwin(page);
	await t.next.click();
	const narrow = (page.viewportSize()?.width ?? 0) < 500;
	// The step's output arrives after the click, so the layout is checked once it has settled.
	await expect
		.poll(async () => {
			const a = await t.twin.locator('[data-side="local"]').boundingBox();
			const b = await t.twin.locator('[data-side="nfs"]').boundingBox();
			if (!a || !b) return 'world boxes missing';
			if (narrow)
				return b.y > a.y + a.height - 1 && Math.abs(a.x - b.x) < 2 ? 'stacked' : 'not stacked';
			return Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 1
				? 'side by side'
				: 'not side by side';
		})
		.toBe(narrow ? 'stacked' : 'side by side');
	// Nothing in the view is wider than the screen.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth,
	);
	expect(overflow).toBeLessThanOrEqual(0);
});

for (const scheme of ['light', 'dark'] as const) {
	test(`the twin worlds have no axe violations after diverging (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		await page.goto(CHAPTER);
		const t = await openTwin(page);
		for (let i = 1; i <= 4; i++) {
			await t.next.click();
			await expect(t.twin).toHaveAttribute('data-at', String(i));
		}
		const results = await new AxeBuilder({ page })
			.include('[data-twin]')
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
			.analyze();
		expect(results.violations).toEqual([]);
	});
}
