import type { Page } from '@playwright/test';
import { expect, openLab, screen, test, typeLine, waitForPrompt } from './fixtures';

const stepCount = (page: Page, at: number, of: number) =>
	page.getByText(`Step ${at} of ${of}`, { exact: true });

test('the step slider jumps to any step and names the command there @phone', async ({ page }) => {
	await page.goto('/playground/');
	await openLab(page);
	for (const line of ['echo one', 'echo two', 'echo three']) {
		await typeLine(page, line);
		await waitForPrompt(page, line);
	}
	const slider = page.getByRole('slider', { name: 'Jump to a step' });
	await expect(slider).toHaveAttribute('aria-valuetext', 'Step 3 of 3: after echo three on app');

	// Keyboard only: Home goes back to before the first command.
	await slider.focus();
	await page.keyboard.press('Home');
	await expect(stepCount(page, 0, 3)).toBeVisible();
	await expect(slider).toHaveAttribute('aria-valuetext', 'Step 0 of 3: before your first command');
	await expect(screen(page)).not.toContainText('echo one');
	await expect(page.getByText('Next: echo one')).toBeVisible();

	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect(stepCount(page, 2, 3)).toBeVisible();
	await expect(slider).toHaveAttribute('aria-valuetext', 'Step 2 of 3: after echo two on app');
	await expect(screen(page)).toContainText('echo two');
	await expect(screen(page)).not.toContainText('echo three');
	await expect(slider).toBeFocused();

	// The slider and the step buttons move the same replay.
	await page.getByRole('button', { name: 'Step forward' }).click();
	await expect(slider).toHaveValue('3');
	await expect(screen(page)).toContainText('echo three');

	// A pointer can set any value too (fill sets it and fires change, as a drag ends).
	await slider.fill('1');
	await expect(stepCount(page, 1, 3)).toBeVisible();
	await expect(screen(page)).not.toContainText('echo two');
});

test('the step slider stays hidden until there is a command to step through', async ({ page }) => {
	await page.goto('/playground/');
	await openLab(page);
	await expect(page.getByRole('slider', { name: 'Jump to a step' })).toHaveCount(0);
});
