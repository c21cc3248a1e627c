// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import astro from 'eslint-plugin-astro';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// Imports the simulation may never make: it must run headless, in Node and in tests,
// with no view code behind it (see src/kernel/README.md).
const simulationFence = {
	patterns: [
		{ group: ['svelte', 'svelte/*'], message: 'The simulation must not import Svelte.' },
		{ group: ['astro', 'astro:*', 'astro/*'], message: 'The simulation must not import Astro.' },
		{ group: ['@xterm/*'], message: 'The simulation must not import xterm.' },
		{
			group: ['**/components/**', '**/bindings/**', '**/layouts/**', '**/pages/**'],
			message: 'The simulation must not import view code.',
		},
		{
			group: ['node:*', 'fs', 'path', 'child_process'],
			message: 'The simulation is pure: no Node APIs.',
		},
	],
};

export default tseslint.config(
	{
		ignores: [
			'dist/',
			'.astro/',
			'node_modules/',
			'playwright-report/',
			'test-results/',
			'.kernel-run/',
			'lh/',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	...svelte.configs['flat/recommended'],
	...astro.configs.recommended,
	prettier,
	...svelte.configs['flat/prettier'],
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// Unused names prefixed with an underscore are deliberate (ignored callback arguments).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
			],
		},
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: tseslint.parser } },
	},
	{
		files: ['src/kernel/**/*.ts', 'src/shell/**/*.ts', 'src/align/**/*.ts'],
		languageOptions: { globals: {} },
		rules: {
			'no-restricted-imports': ['error', simulationFence],
			'no-restricted-globals': [
				'error',
				{ name: 'window', message: 'The simulation has no DOM.' },
				{ name: 'document', message: 'The simulation has no DOM.' },
				{ name: 'localStorage', message: 'The simulation has no storage.' },
			],
			'no-restricted-properties': [
				'error',
				{
					object: 'Math',
					property: 'random',
					message: 'Use the world seed (src/kernel/random.ts).',
				},
				{ object: 'Date', property: 'now', message: 'Use the simulated clock.' },
				{ object: 'performance', property: 'now', message: 'Use the simulated clock.' },
			],
		},
	},
);
