import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// E2E_PORT lets two checkouts run their end-to-end tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4321);
// Debian's Chromium is used where it exists, because Playwright cannot download its own browser here.
const debianChromium = '/usr/bin/chromium';
const launchOptions = existsSync(debianChromium)
	? {
			executablePath: debianChromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		}
	: {};

export default defineConfig({
	testDir: './tests/e2e',
	timeout: 30_000,
	// Two cores: one worker keeps the preview server and the browser from starving each other.
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: [['list']],
	use: { baseURL: `http://127.0.0.1:${PORT}` },
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions } },
		{
			name: 'phone',
			use: {
				...devices['Desktop Chrome'],
				viewport: { width: 360, height: 740 },
				hasTouch: true,
				isMobile: true,
				launchOptions,
			},
			grep: /@phone/,
		},
	],
	webServer: {
		command: `npx astro preview --host 127.0.0.1 --port ${PORT}`,
		url: `http://127.0.0.1:${PORT}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { ASTRO_TELEMETRY_DISABLED: '1' },
	},
});
