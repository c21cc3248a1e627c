// @ts-check
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';
import { createRequire } from 'node:module';

// The site URL and base path come from the environment so the site can be hosted
// under a sub-path on an internal server (SITE_URL=https://wiki.example/ BASE_PATH=/bus-error/).
const site = process.env.SITE_URL ?? 'http://127.0.0.1:4321';
const base = process.env.BASE_PATH ?? '/';

// terser (a devDependency) makes the client JavaScript smaller than esbuild's minifier does:
// about 5 KB less gzipped on a chapter once the lab's simulation has loaded (scripts/budgets.mjs).
// A checkout whose node_modules predates it builds with esbuild, as Vite does by default.
const hasTerser = (() => {
	try {
		createRequire(import.meta.url).resolve('terser');
		return true;
	} catch {
		return false;
	}
})();

export default defineConfig({
	site,
	base,
	trailingSlash: 'always',
	integrations: [svelte(), mdx()],
	vite: {
		build: {
			minify: hasTerser ? 'terser' : 'esbuild',
			terserOptions: { compress: { passes: 2 } },
			// SOURCEMAP=1 adds source maps, for scripts/chunk-sizes.mjs to attribute a chunk's bytes.
			sourcemap: process.env.SOURCEMAP === '1',
		},
	},
});
