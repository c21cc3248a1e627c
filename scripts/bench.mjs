/**
 * Runs the shell benchmark (scripts/bench.ts) the way the site ships the simulation: bundled
 * into plain JavaScript by esbuild, as Vite's build does. Running the TypeScript through tsx
 * would also work, but tsx wraps every function to keep its name, which adds about a sixth to
 * the replay's time and is not in the code a reader's browser runs.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const outfile = join(dir, 'bench.mjs');
try {
	await build({
		entryPoints: [fileURLToPath(new URL('./bench.ts', import.meta.url))],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		logLevel: 'warning',
	});
	await import(pathToFileURL(outfile).href);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
