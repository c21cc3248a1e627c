// Chapter 10's alignment lab on the built site: the main path, shareable links, and accessibility.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const CHAPTER = '/chapters/10-alignment/';

/** Opens the chapter at `query` and waits for the lab to hydrate. */
async function openLab(page: Page, query = '') {
	await page.goto(CHAPTER + query);
	// astro-island is display: contents, so scroll the lab's own root to trigger client:visible.
	const lab = page.locator('.align-lab');
	await lab.scrollIntoViewIfNeeded();
	await expect(page.locator('.align-lab[data-ready="true"]')).toBeVisible();
	return lab;
}

test('ARMv7 LDRD is fixed up, VLDR gets SIGBUS, AArch64 LDR works', async ({ page }) => {
	const lab = await openLab(page);
	const status = lab.getByRole('status');

	await lab.getByLabel('CPU and kernel').selectOption('armv7');
	await lab.getByLabel('Instruction').selectOption('ldrd');
	const offset = lab.getByLabel('Address: offset into the buffer');
	await offset.focus();
	await page.keyboard.press('Home');
	await page.keyboard.press('ArrowRight');
	await expect(offset).toHaveValue('1');
	await lab.getByRole('radio', { name: '2 fixup' }).check();

	await expect(status).toContainText('Fixed up by the kernel');
	await expect(lab.getByText('DWord:')).toContainText('DWord:\t\t1');
	await expect(lab).toContainText('r2 = 0x04030201, r3 = 0x08070605');

	await lab.getByLabel('Instruction').selectOption('vldr');
	await expect(status).toContainText('SIGBUS');
	await expect(lab).toContainText('Alignment trap: not handling instruction ed910b00');
	await expect(lab).toContainText('BUS_ADRALN');
	await expect(lab).toContainText('exit status 135');

	await lab.getByLabel('CPU and kernel').selectOption('aarch64');
	await lab.getByLabel('Instruction').selectOption('ldr');
	await expect(status).toContainText('Works');
	await expect(lab.getByRole('radio', { name: '2 fixup' })).toHaveCount(0);
	await expect(page).toHaveURL(/[?&]cpu=aarch64&insn=ldr&addr=1(&|$)/);
});

test('a shared link restores the setup, and a broken one explains itself', async ({ page }) => {
	let lab = await openLab(page, '?cpu=armv7&insn=ldrd&addr=1&mode=4');
	await expect(lab.getByLabel('Instruction')).toHaveValue('ldrd');
	await expect(lab.getByRole('radio', { name: '4 signal', exact: false }).first()).toBeChecked();
	await expect(lab.getByRole('status')).toContainText('SIGBUS');

	lab = await openLab(page, '?cpu=vax&insn=ldrd&addr=banana&mode=2');
	const alert = lab.getByRole('alert');
	await expect(alert).toContainText('Unknown CPU “vax”');
	await expect(alert).toContainText('“banana”');
	await expect(lab.getByLabel('CPU and kernel')).toHaveValue('armv7');
	await expect(lab.getByRole('status')).toContainText('Fixed up by the kernel');
});

test('x86: the AC flag turns a misaligned store into SIGBUS', async ({ page }) => {
	const lab = await openLab(page, '?cpu=x86-64&insn=mov-store&addr=1');
	await expect(lab.getByRole('status')).toContainText('Works');
	await lab.getByLabel('EFLAGS.AC set').check();
	await expect(lab.getByRole('status')).toContainText('SIGBUS');
	await expect(lab).toContainText('(nil)');
});

test('no axe violations on the chapter with the lab loaded', async ({ page }) => {
	await openLab(page, '?cpu=armv7&insn=vldr&addr=1&mode=3');
	await page.getByText('Why, step by step').click();
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	expect(results.violations).toEqual([]);
});

test('fits a 360 px screen @phone', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	const lab = await openLab(page);
	const box = await lab.boundingBox();
	expect(box?.width ?? 0).toBeLessThanOrEqual(360);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth,
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await lab.getByLabel('Instruction').selectOption('ldrd');
	await expect(lab.getByRole('status')).toContainText('Fixed up by the kernel');
});
