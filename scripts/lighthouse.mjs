// Runs Lighthouse (mobile, simulated throttling) on every page of the built site and fails when
// a page scores under its budget. Usage: npm run build && npm run lighthouse [-- /path/ ...]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 4322);
const origin = `http://127.0.0.1:${PORT}`;
const base = (process.env.BASE_PATH ?? '/').replace(/\/?$/, '/');
const budgets = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const chromeFlags = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

/** Lists the pages in dist/ as URL paths, one per index.html. */
function pagesIn(dir) {
	const found = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) found.push(...pagesIn(path));
		else if (name === 'index.html') {
			const rel = relative('dist', dir).split(sep).join('/');
			found.push(rel ? `${base}${rel}/` : base);
		}
	}
	return found;
}

/** Waits until the preview server answers, or gives up after about 30 seconds. */
async function waitForServer() {
	for (let i = 0; i < 60; i++) {
		try {
			const res = await fetch(`${origin}${base}`);
			if (res.ok) return;
		} catch {
			// The server is not listening yet.
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`the preview server did not answer at ${origin}${base}`);
}

if (!existsSync('dist')) {
	console.error('lighthouse: no dist/ folder; run `npm run build` first.');
	process.exit(2);
}
const chromePath =
	process.env.CHROME_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!chromePath) {
	const msg = 'lighthouse: no Chromium found (apt-get install chromium, or set CHROME_PATH).';
	if (process.env.CI) {
		console.error(msg);
		process.exit(1);
	}
	console.log(`${msg} Skipped outside CI.`);
	process.exit(0);
}

const pages = process.argv.length > 2 ? process.argv.slice(2) : pagesIn('dist').sort();
const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT)], {
	stdio: 'ignore',
	detached: true,
	env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
let chrome;
let failures = 0;

/** Audits one page and returns its rounded category scores with the full report. */
async function audit(page) {
	const result = await lighthouse(`${origin}${page}`, {
		port: chrome.port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: Object.keys(budgets),
	});
	const cats = result.lhr.categories;
	const scores = Object.fromEntries(
		Object.keys(budgets).map((k) => [k, Math.round((cats[k]?.score ?? 0) * 100)]),
	);
	return { scores, lhr: result.lhr };
}

/** The categories of a run that fall under their budget. */
const underBudget = ({ scores }) => Object.entries(budgets).filter(([k, min]) => scores[k] < min);

try {
	await waitForServer();
	chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
	console.log('page'.padEnd(44), 'perf a11y best  seo');
	for (const page of pages) {
		// Lighthouse's performance score is noisy on a busy two-core machine, so a page under budget
		// is measured twice more and judged on the median run, as Lighthouse's docs advise.
		const runs = [await audit(page)];
		if (underBudget(runs[0]).length) runs.push(await audit(page), await audit(page));
		runs.sort((a, b) => a.scores.performance - b.scores.performance);
		const { scores, lhr } = runs[Math.floor(runs.length / 2)];
		const low = underBudget({ scores });
		console.log(
			page.padEnd(44),
			Object.keys(budgets)
				.map((k) => String(scores[k]).padStart(4))
				.join(' '),
			runs.length > 1 ? ` (median of ${runs.length})` : '',
			low.length ? ` under budget: ${low.map(([k, min]) => `${k} < ${min}`).join(', ')}` : '',
		);
		for (const [k] of low) {
			for (const item of Object.values(lhr.audits)) {
				const inCat = lhr.categories[k].auditRefs.some((r) => r.id === item.id && r.weight > 0);
				if (inCat && item.score !== null && item.score < 1) {
					console.log(`    ${k}: ${item.id} (${item.displayValue ?? item.score})`);
				}
			}
		}
		failures += low.length ? 1 : 0;
	}
} finally {
	await chrome?.kill();
	try {
		process.kill(-server.pid, 'SIGTERM');
	} catch {
		// The server has already exited.
	}
}
console.log(`${pages.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
