import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

const CHAPTER = '/chapters/04-text-file-busy/';
const QUESTION = /Predict: install \/root\/server-v2/;
const WRONG = 'Yes: any tool that replaces a running binary is refused';
const RIGHT =
	'No: it removes the old name and creates a new file, so nothing writes into the running one';

test('a prediction is committed before the answer shows, remembered on reload, and can be retried @phone', async ({
	page,
}) => {
	await page.goto(CHAPTER);
	const box = page.getByRole('region', { name: QUESTION });
	const answer = box.locator('details');
	const summary = page.getByRole('region', { name: 'Your predictions' });
	await expect(answer).toBeHidden();
	await expect(summary).toBeHidden();

	const commit = box.getByRole('button', { name: 'Commit and show the answer' });
	await commit.click();
	await expect(box).toContainText('Pick one of the options first.');
	await expect(answer).toBeHidden();

	// Keyboard only: focus the first option, choose it with Space, commit with Enter.
	await box.getByRole('radio', { name: WRONG }).focus();
	await page.keyboard.press('Space');
	await commit.focus();
	await page.keyboard.press('Enter');
	await expect(box.getByRole('status')).toHaveText(
		`You predicted “${WRONG}”; what really happens: “${RIGHT}”.`,
	);
	await expect(answer).toBeVisible();
	await expect(answer).toHaveAttribute('open', '');
	await expect(answer).toContainText(`Answer: ${RIGHT}`);
	await expect(box.getByRole('radio')).toHaveCount(0);

	// The miss is listed at the end of the chapter, linking back to the question.
	await expect(summary).toBeVisible();
	await expect(summary).toContainText('1 missed');
	await expect(summary.getByRole('link', { name: /install \/root\/server-v2/ })).toHaveAttribute(
		'href',
		/\/chapters\/04-text-file-busy\/#predict-install-over-running$/,
	);

	await page.reload();
	await expect(box.getByRole('status')).toContainText(`You predicted “${WRONG}”`);
	await expect(answer).toBeVisible();
	await expect(summary).toContainText('1 missed');

	await box.getByRole('button', { name: 'Try again' }).click();
	await expect(answer).toBeHidden();
	await expect(box.getByRole('status')).toHaveText('');
	await expect(summary).toBeHidden();
	await box.getByRole('radio', { name: RIGHT }).check();
	await commit.click();
	await expect(box.getByRole('status')).toHaveText(
		`You predicted “${RIGHT}”, and that is what happens.`,
	);
	await expect(summary).toContainText('all of them were right');
});

test('a chapter shows misses from other chapters in its summary', async ({ page }) => {
	await page.goto(CHAPTER);
	const box = page.getByRole('region', { name: QUESTION });
	await box.getByRole('radio', { name: WRONG }).check();
	await box.getByRole('button', { name: 'Commit and show the answer' }).click();
	await page.goto('/chapters/01-the-crash/');
	const summary = page.getByRole('region', { name: 'Your predictions' });
	await expect(summary).toContainText('1 missed');
	await summary.getByRole('link', { name: /install/ }).click();
	await expect(page).toHaveURL(/04-text-file-busy\/#predict-install/);
	await expect(page.getByRole('region', { name: QUESTION })).toBeInViewport();
});

test('garbage in storage never breaks a checkpoint', async ({ page }) => {
	await page.addInitScript(() => {
		localStorage.setItem(
			'bus-error:predict:04-text-file-busy/predict-install-root-server-v2-opt-app-bin-server-does-t',
			'{oops',
		);
		localStorage.setItem(
			'bus-error:predict:04-text-file-busy/x',
			JSON.stringify({ v: 1, correct: 'maybe' }),
		);
	});
	await page.goto(CHAPTER);
	const box = page.getByRole('region', { name: QUESTION });
	await expect(box.getByRole('radio', { name: RIGHT })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Your predictions' })).toBeHidden();
});

test('an answer saved under the old wording of its question is kept and moves to its id', async ({
	page,
}) => {
	const OLD = 'predict-install-root-server-v2-opt-app-bin-server-does-t';
	await page.addInitScript(
		([old, wrong, right]) => {
			if (sessionStorage.getItem('seeded')) return;
			sessionStorage.setItem('seeded', '1');
			localStorage.setItem(
				`bus-error:predict:04-text-file-busy/${old}`,
				JSON.stringify({
					v: 1,
					page: '/chapters/04-text-file-busy/',
					anchor: old,
					question: 'install /root/server-v2 /opt/app/bin/server does the same job as cp.',
					picked: wrong,
					answer: right,
					correct: false,
				}),
			);
		},
		[OLD, WRONG, RIGHT],
	);
	// A link saved with the old anchor, from another chapter's summary, still finds the question.
	await page.goto(`/chapters/01-the-crash/`);
	const summary = page.getByRole('region', { name: 'Your predictions' });
	await expect(summary).toContainText('1 missed');
	await summary.getByRole('link', { name: /install/ }).click();
	await expect(page).toHaveURL(new RegExp(`04-text-file-busy/#${OLD}$`));
	const box = page.getByRole('region', { name: QUESTION });
	await expect(box).toBeInViewport();
	await expect(box.getByRole('status')).toHaveText(
		`You predicted “${WRONG}”; what really happens: “${RIGHT}”.`,
	);
	const keys = await page.evaluate(() =>
		Object.keys(localStorage).filter((k) => k.startsWith('bus-error:predict:')),
	);
	expect(keys).toEqual(['bus-error:predict:04-text-file-busy/predict-install-over-running']);
	// From now on the summary links to the question's id.
	await expect(summary.getByRole('link', { name: /install/ })).toHaveAttribute(
		'href',
		/#predict-install-over-running$/,
	);
	await page.reload();
	await expect(box.getByRole('status')).toContainText(`You predicted “${WRONG}”`);
});

test('without JavaScript a checkpoint lists its options and keeps the answer in a disclosure', async ({
	browser,
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(CHAPTER);
	const box = page.getByRole('region', { name: QUESTION });
	await expect(box.getByRole('listitem')).toHaveText([
		WRONG,
		RIGHT,
		'No: install runs as root, and root may write to a running binary',
	]);
	await expect(box.getByRole('radio')).toHaveCount(0);
	await box.locator('summary').click();
	await expect(box.locator('details')).toContainText(`Answer: ${RIGHT}`);
	await context.close();
});

for (const scheme of ['light', 'dark'] as const) {
	test(`a committed checkpoint and the summary have no axe violations (${scheme})`, async ({
		page,
	}) => {
		await page.emulateMedia({ colorScheme: scheme });
		await page.goto(CHAPTER);
		const box = page.getByRole('region', { name: QUESTION });
		await box.getByRole('radio', { name: WRONG }).check();
		await box.getByRole('button', { name: 'Commit and show the answer' }).click();
		const results = await new AxeBuilder({ page })
			.include('.predict')
			.include('[data-predict-summary]')
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
			.analyze();
		expect(results.violations).toEqual([]);
	});
}
