// Size budgets for the built site, run after `npm run build` by `npm run budgets`.
//
// Method. Every HTML page in dist/ is read, and the JavaScript it can cause to load is split in
// three, in the order a reader pays for it:
//
//   before the lab: inline <script> bodies plus every <script src> the HTML references, together
//     with everything those modules import statically (import … from "…"). This is what a reader
//     pays for before scrolling to an island, because Astro's client:visible islands fetch nothing
//     until they enter the viewport.
//   lab shown: the above, plus each <astro-island>'s component-url and renderer-url, their static
//     imports, and every dynamic import() reachable from them (xterm.js is loaded that way in
//     onMount) except the simulation, followed transitively. This is what the browser fetches
//     when the lab appears: the views, Svelte and xterm.js, drawing the state after the chapter's
//     setup from a snapshot computed at build time and embedded in the page.
//   first action: the simulated kernel and shell (the chunk built from src/bindings/engine.ts,
//     named engine.*.js, or on chapter 6 the twin worlds' twin.*.js) and whatever it imports that
//     is not loaded already, except the chunks loaded later (below). The lab imports it on the
//     reader's first action (a keystroke or focus in the terminal, a suggested command, a Try
//     button, Reset, a step) or at once when a permalink or saved progress has to be replayed.
//     The browser tests check that it is not fetched before then. A page with two such islands
//     (chapter 6) counts the larger of the two, since the first action is in one of them.
//   later: what loads after the first action, in idle time or when a line first needs it: the
//     rare commands (src/shell/commands/rare/, rare-commands.*.js), and on chapter 6 the other
//     island's entry chunk.
//   everything: all of the above, what a page loads by itself for a reader who uses the lab.
//   on demand: a chunk fetched only when a line needs it (src/shell/commands/extra/: tools no
//     chapter uses and the list of Debian programs the simulation does not model). A reader who
//     never types one of those never downloads it, so it is reported apart from everything.
//
// Each file is counted once per page and measured as gzip level 9, which is close to what a static
// host serves. The budgets:
//
//   - a page with no <astro-island> ships no JavaScript at all;
//   - a page with a lab ships under 30 KB before the lab and under 130 KB with the lab shown;
//   - after the first action the target is 170 KB: the script reports the gap if it is missed;
//   - everything together must stay under a 200 KB ceiling;
//   - the on-demand chunk must stay under 30 KB.
//
// Measured on a chapter page: 3.8 KB before the lab (the Try and Predict scripts), 113.3 KB with
// the lab shown (xterm.js is 80.4 KB of it, the Svelte runtime about 16.5 KB, the lab's views and
// bindings 11 KB). The simulation was 74.4 KB on first use (187.7 KB in all) before the rare
// commands moved to a chunk of their own; see the README for the current figures.
//
// The script prints a table of every page and exits non-zero when a budget is broken.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] ?? 'dist');
const KB = 1024;
const BEFORE_LAB = 30 * KB;
const LAB_SHOWN = 130 * KB;
const FIRST_ACTION_TARGET = 170 * KB;
const TOTAL_CEILING = 200 * KB;
const ON_DEMAND_CEILING = 30 * KB;
/**
 * The chunks that run the simulation, which islands import on the reader's first action: the
 * lab's (src/bindings/engine.ts) and chapter 6's twin worlds' (src/bindings/twin.ts). Rollup
 * names a chunk after its module, and whatever they share lands in chunks of its own, which
 * load with them.
 */
const isEngine = (file) => /^(engine|twin)\.[\w-]+\.js$/.test(basename(file));
/** Chunks the simulation fetches after the first action (src/shell/commands/deferred.ts). */
const isLater = (file) => /^rare-commands\.[\w-]+\.js$/.test(basename(file));
/** The chunk fetched only when a line needs it (src/shell/commands/extra/extra.ts). */
const isOnDemand = (file) => /^extra\.[\w-]+\.js$/.test(basename(file));

if (!existsSync(dist)) {
	console.error(`budgets: ${dist} does not exist; run \`npm run build\` first.`);
	process.exit(1);
}

/** The sub-path the site is built under, so absolute URLs in the HTML map back onto dist/. */
const base = (process.env.BASE_PATH ?? '/').replace(/\/?$/, '/');

function walk(dir) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});
}

const gz = (text) => gzipSync(text, { level: 9 }).length;

/** Maps a URL found in HTML or JS onto a file in dist/. */
function resolveUrl(url, fromFile) {
	const clean = url.split(/[?#]/)[0];
	if (/^[a-z]+:/i.test(clean)) return null;
	if (clean.startsWith('/')) {
		const inSite = clean.startsWith(base) ? clean.slice(base.length) : clean.slice(1);
		return join(dist, inSite);
	}
	return resolve(dirname(fromFile), clean);
}

const importCache = new Map();

/**
 * The static and dynamic imports of one built module. A dynamic import carries the files Vite
 * preloads with it (its __vite__mapDeps indices into the module's list): they load when that
 * import() runs, not before.
 */
function importsOf(file) {
	if (importCache.has(file)) return importCache.get(file);
	const code = readFileSync(file, 'utf8');
	const staticRe =
		/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.m?js)["']/g;
	const dynamicRe =
		/import\(\s*["']([^"']+\.m?js)["']\s*\)\s*(?:,\s*__vite__mapDeps\(\[([\d,\s]*)\]\))?/g;
	const exists = (f) => f && existsSync(f);
	const listed = code.match(/m\.f=\[((?:\s*["'][^"']+["']\s*,?)*)\]/)?.[1] ?? '';
	const preload = [...listed.matchAll(/["']([^"']+)["']/g)].map((d) =>
		resolveUrl(d[1].startsWith('/') ? d[1] : `/${d[1]}`, file),
	);
	const result = {
		static: [...code.matchAll(staticRe)].map((m) => resolveUrl(m[1], file)).filter(exists),
		dynamic: [...code.matchAll(dynamicRe)]
			.map((m) => ({
				file: resolveUrl(m[1], file),
				deps: (m[2] ?? '')
					.split(',')
					.filter((i) => i.trim())
					.map((i) => preload[Number(i)])
					.filter(exists),
			}))
			.filter((d) => exists(d.file)),
	};
	importCache.set(file, result);
	return result;
}

/**
 * Every module reachable from `roots`, following static imports and, if asked, the dynamic ones
 * `follow` accepts, with what they preload.
 */
function closure(roots, follow = () => false) {
	const seen = new Set();
	const stack = [...roots];
	while (stack.length) {
		const file = stack.pop();
		if (seen.has(file)) continue;
		seen.add(file);
		const { static: s, dynamic: d } = importsOf(file);
		stack.push(...s);
		for (const imp of d.filter((i) => follow(i.file))) stack.push(imp.file, ...imp.deps);
	}
	return seen;
}

const attr = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

const rows = [];
const failures = [];
const missedTargets = [];

for (const page of walk(dist).filter((f) => f.endsWith('.html'))) {
	const html = readFileSync(page, 'utf8');
	const url = '/' + relative(dist, page).replace(/index\.html$/, '');
	let inline = 0;
	const scriptFiles = [];
	for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
		const type = attr(m[1], 'type');
		if (type && !/module|javascript/.test(type)) continue;
		const src = attr(m[1], 'src');
		if (src) {
			const file = resolveUrl(decode(src), page);
			if (file && existsSync(file)) scriptFiles.push(file);
		} else if (m[2].trim()) {
			inline += gz(m[2]);
		}
	}
	const islands = [...html.matchAll(/<astro-island\b[^>]*>/g)].map((m) => m[0]);
	const islandRoots = islands.flatMap((tag) =>
		['component-url', 'renderer-url']
			.map((a) => attr(tag, a))
			.filter(Boolean)
			.map((u) => resolveUrl(decode(u), page))
			.filter((f) => f && existsSync(f)),
	);
	const eagerFiles = closure(scriptFiles);
	const shownFiles = closure([...scriptFiles, ...islandRoots], (f) => !isEngine(f));
	const allFiles = closure([...scriptFiles, ...islandRoots], (f) => !isOnDemand(f));
	const withDemand = closure([...scriptFiles, ...islandRoots], () => true);
	const sum = (files) => [...files].reduce((n, f) => n + gz(readFileSync(f)), 0);
	const onDemand = sum([...withDemand].filter((f) => !allFiles.has(f)));
	const before = inline + sum(eagerFiles);
	const shown = inline + sum(shownFiles);
	const total = inline + sum(allFiles);
	// Each engine entry the islands can import, with what it loads at once; the first action
	// loads one of them.
	const entries = [...allFiles].filter(isEngine);
	const first = entries.length
		? Math.max(
				...entries.map(
					(entry) =>
						inline +
						sum(
							new Set([
								...shownFiles,
								...closure([entry], (f) => !isLater(f) && !isEngine(f) && !isOnDemand(f)),
							]),
						),
				),
			)
		: shown;
	rows.push({ url, islands: islands.length, before, shown, first, total, onDemand });

	const kb = (n) => `${(n / KB).toFixed(1)} KB`;
	if (islands.length === 0 && before > 0) {
		failures.push(`${url}: no interactive parts, yet it ships ${kb(before)} of JS`);
	}
	if (islands.length > 0) {
		if (before >= BEFORE_LAB) failures.push(`${url}: ${kb(before)} before the lab (budget 30 KB)`);
		if (shown >= LAB_SHOWN)
			failures.push(`${url}: ${kb(shown)} with the lab shown (budget 130 KB)`);
		if (total >= TOTAL_CEILING) failures.push(`${url}: ${kb(total)} in total (ceiling 200 KB)`);
		if (onDemand >= ON_DEMAND_CEILING)
			failures.push(`${url}: ${kb(onDemand)} on demand (ceiling 30 KB)`);
		if (first >= FIRST_ACTION_TARGET)
			missedTargets.push(`${url}: ${kb(first)} after the first action (target 170 KB)`);
	}
}

rows.sort((a, b) => a.url.localeCompare(b.url));
const pad = (s, n) => String(s).padEnd(n);
const kb = (n) => `${(n / KB).toFixed(1)} KB`.padStart(12);
const heads = [
	'before lab',
	'lab shown',
	'+1st action',
	'=after 1st',
	'+later',
	'=everything',
	'on demand',
];
console.log(`${pad('page', 40)}${pad('islands', 8)}${heads.map((h) => h.padStart(12)).join('')}`);
for (const r of rows) {
	const cells = [
		r.before,
		r.shown,
		r.first - r.shown,
		r.first,
		r.total - r.first,
		r.total,
		r.onDemand,
	];
	console.log(`${pad(r.url, 40)}${pad(r.islands, 8)}${cells.map(kb).join('')}`);
}
console.log(
	'(gzip -9 of JavaScript; budgets: 0 without islands; with a lab < 30 KB before it, < 130 KB with it shown, < 200 KB for everything, < 30 KB on demand; target 170 KB after the first action)',
);
if (missedTargets.length) {
	console.log('\ntarget not met yet (not a failure):\n  ' + missedTargets.join('\n  '));
}

if (failures.length) {
	console.error('\nbudgets broken:\n  ' + failures.join('\n  '));
	process.exit(1);
}
console.log('budgets: all within limits');
