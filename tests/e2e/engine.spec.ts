import type { Page, Request } from '@playwright/test';
import {
	expect,
	openLab,
	readChapters,
	screen,
	terminalInput,
	test,
	typeLine,
	waitForPrompt,
} from './fixtures';

// The lab opens on the state its page was built with, and the simulated machine (the engine
// chunk) is fetched only on the reader's first action. These tests watch the network to hold
// that promise, and check that nothing the reader does while it loads is lost.

const first = readChapters().find((c) => c.lab?.setup.includes('/mnt/nfs/bin/server &'));
// These tests need a chapter whose lab starts the server; losing it must fail, not skip.
if (!first) throw new Error('no chapter starts the server in its lab setup');
const ENGINE = /\/_astro\/engine\.[\w-]+\.js$/;

/** Counts the page's requests for the engine chunk. */
function watchEngine(page: Page): Request[] {
	const requests: Request[] = [];
	page.on('request', (request) => {
		if (ENGINE.test(new URL(request.url()).pathname)) requests.push(request);
	});
	return requests;
}

/** The status shown over the terminal while the engine loads. */
const loading = (page: Page) =>
	page.getByRole('status').filter({ hasText: 'Loading the simulated machine…' });

test.describe('the lab before its engine', () => {
	test('shows the setup state without fetching the engine, which the first keystroke fetches', async ({
		page,
	}) => {
		const engine = watchEngine(page);
		await page.goto(`/chapters/${first!.id}/`);
		await openLab(page);
		// The setup started the server from NFS: the drawing and the job list show it already.
		await expect(page.locator('.world')).toContainText('text: /mnt/nfs/bin/server');
		await expect(screen(page)).toContainText('root@app:~#');
		await page.waitForLoadState('networkidle');
		expect(engine, 'engine requests before any action').toHaveLength(0);

		await typeLine(page, 'ps');
		await waitForPrompt(page, 'ps');
		expect(engine).toHaveLength(1);
		await expect(screen(page)).toContainText(/PID TTY +TIME CMD/);
		await expect(screen(page)).toContainText(/ 4302 pts\/0 +00:00:00 server/);
		await expect(page.getByRole('heading', { name: 'What changed after ps' })).toBeVisible();
		await expect(loading(page)).toHaveCount(0);
	});

	test('a keystroke typed while the engine loads is not lost', async ({ page }) => {
		const engine = watchEngine(page);
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route(ENGINE, async (route) => {
			await held;
			await route.continue();
		});
		await page.goto('/playground/');
		await openLab(page);
		await terminalInput(page).focus();
		await page.keyboard.type('echo kept');
		await page.keyboard.press('Enter');
		await page.keyboard.type('echo also');
		await expect(loading(page)).toBeVisible();
		expect(engine).toHaveLength(1);
		release();
		await page.keyboard.press('Enter');
		await waitForPrompt(page, 'echo also');
		await expect(screen(page)).toContainText(/echo kept\s*kept/);
		await expect(screen(page)).toContainText(/echo also\s*also/);
		await expect(
			page.getByRole('group', { name: 'Steps' }).getByText('Step 2 of 2', { exact: true }),
		).toBeVisible();
		await expect(loading(page)).toHaveCount(0);
	});

	test('when the engine cannot be fetched it says so, keeps the transcript, and retries', async ({
		page,
		consoleErrors,
	}) => {
		await page.route(ENGINE, (route) => route.abort('internetdisconnected'));
		await page.goto('/playground/');
		await openLab(page);
		await typeLine(page, 'echo offline');
		await expect(page.getByRole('alert')).toContainText(
			'The simulated machine could not be loaded',
		);
		await expect(screen(page)).toContainText('root@app:~#');
		await expect(screen(page)).not.toContainText('offline');
		// The browser reports the failed fetch on the console; that one is expected here.
		expect(consoleErrors.every((e) => /Failed to load resource|engine\./.test(e))).toBe(true);
		consoleErrors.length = 0;

		await page.unroute(ENGINE);
		await typeLine(page, 'echo online');
		await waitForPrompt(page, 'echo online');
		await expect(screen(page)).toContainText(/echo online\s*online/);
		await expect(page.getByRole('alert')).toHaveCount(0);
	});
});

test.describe('the rare commands', () => {
	const RARE = /\/_astro\/rare-commands\.[\w-]+\.js$/;

	test('arrive after the first action, and a line that needs them sooner waits for them', async ({
		page,
	}) => {
		const fetched: string[] = [];
		page.on('request', (r) => {
			if (RARE.test(new URL(r.url()).pathname)) fetched.push(r.url());
		});
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route(RARE, async (route) => {
			await held;
			await route.continue();
		});
		await page.goto('/playground/');
		await openLab(page);
		await page.waitForLoadState('networkidle');
		expect(fetched, 'rare commands fetched before any action').toHaveLength(0);
		await typeLine(page, 'echo first');
		await waitForPrompt(page, 'echo first');
		// stat's code is held back: the line waits, and says the machine is still loading.
		await typeLine(page, 'stat -c %s /opt/app/bin/server');
		await expect(loading(page)).toBeVisible();
		expect(fetched.length).toBeGreaterThanOrEqual(1);
		release();
		await waitForPrompt(page, 'stat -c %s /opt/app/bin/server');
		await expect(screen(page)).toContainText('25167058');
		await expect(loading(page)).toHaveCount(0);
		await expect(
			page.getByRole('group', { name: 'Steps' }).getByText('Step 2 of 2', { exact: true }),
		).toBeVisible();
	});
});

test.describe('the on-demand chunk', () => {
	const EXTRA = /\/_astro\/extra\.[\w-]+\.js$/;

	test('is fetched only when a line needs it: a program Debian has that the simulation lacks', async ({
		page,
	}) => {
		const fetched: string[] = [];
		page.on('request', (r) => {
			if (EXTRA.test(new URL(r.url()).pathname)) fetched.push(r.url());
		});
		await page.goto('/playground/');
		await openLab(page);
		await typeLine(page, 'echo first');
		await waitForPrompt(page, 'echo first');
		await page.waitForLoadState('networkidle');
		expect(fetched, 'on-demand chunk fetched before a line needed it').toHaveLength(0);
		await typeLine(page, 'uname -r');
		await waitForPrompt(page, 'uname -r');
		await expect(screen(page)).toContainText(
			'[simulation: uname is in Debian 12 (package coreutils), but this simulation does not model it]',
		);
		expect(fetched).toHaveLength(1);
	});
});
