import { vitePreprocess } from '@astrojs/svelte';

// discloseVersion: the islands need not announce Svelte's version on window.__svelte.
export default { preprocess: vitePreprocess(), compilerOptions: { discloseVersion: false } };
