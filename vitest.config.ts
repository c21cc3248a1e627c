import { defineConfig } from 'vitest/config';

// The simulation and its lessons are tested in plain Node: they must not need a browser.
export default defineConfig({
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/chapters/**/*.test.ts'],
		environment: 'node',
	},
});
