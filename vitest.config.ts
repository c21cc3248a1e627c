import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The simulation and its lessons are tested in plain Node: they must not need a browser. The
// Svelte plugin compiles the runes in the lab's bindings (machine.svelte.ts) so they can be
// tested here too.
export default defineConfig({
	plugins: [svelte()],
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/chapters/**/*.test.ts'],
		setupFiles: ['tests/setup.ts'],
		environment: 'node',
		// Whole-world transcripts take a few hundred milliseconds on an idle machine; the generous limit
		// keeps a busy two-core CI runner from failing them on time alone.
		testTimeout: 30_000,
	},
});
