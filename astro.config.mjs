// @ts-check
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';

// The site URL and base path come from the environment so the site can be hosted
// under a sub-path on an internal server (SITE_URL=https://wiki.example/ BASE_PATH=/bus-error/).
const site = process.env.SITE_URL ?? 'http://127.0.0.1:4321';
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
	site,
	base,
	trailingSlash: 'always',
	integrations: [svelte(), mdx()],
	vite: {
		build: {
			// terser (a pinned devDependency) makes the client JavaScript about 5 KB smaller gzipped
			// than esbuild's minifier on a chapter once the simulation has loaded (scripts/budgets.mjs).
			minify: 'terser',
			terserOptions: { compress: { passes: 2 } },
			// SOURCEMAP=1 adds source maps, for scripts/chunk-sizes.mjs to attribute a chunk's bytes.
			sourcemap: process.env.SOURCEMAP === '1',
		},
	},
});
