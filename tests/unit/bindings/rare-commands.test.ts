/**
 * The rare commands arrive after the lab's first action (src/shell/commands/deferred.ts). A line
 * that needs one sooner waits for its code and then runs exactly as it would have with all the
 * code there from the start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Machine, type Engine } from '../../../src/bindings/machine.svelte';
import { PLAYGROUND_HOST, PLAYGROUND_SETUP } from '../../../src/bindings/playground';
import { labSnapshot } from '../../../src/bindings/snapshot';
import {
	EXTRA_COMMANDS,
	provideExtraCode,
	provideRareCommands,
	RARE_COMMANDS,
	rareCommandsLoaded,
} from '../../../src/shell/commands/deferred';
import { rareCommands } from '../../../src/shell/commands/rare/rare-commands';
import { extraCode } from '../../../src/shell/commands/extra/extra';
import { commands } from '../../../src/shell/commands/index';
import { createWorld } from '../../../src/kernel';
import { createSession } from '../../../src/shell/session';

afterEach(() => {
	provideRareCommands(rareCommands);
	provideExtraCode(extraCode);
});

/** The real engine, but with the rare commands still to come: they arrive when `release` runs. */
async function engineWithoutRare(outcome: 'arrive' | 'fail' = 'arrive') {
	const engine = await import('../../../src/bindings/engine');
	provideRareCommands(null);
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	const state = { fetches: 0, release };
	const fetchRare = async (): Promise<void> => {
		state.fetches++;
		await gate;
		if (outcome === 'fail') throw new TypeError('Failed to fetch dynamically imported module');
		provideRareCommands(rareCommands);
	};
	const load = async (): Promise<Engine> => ({
		...engine,
		loadRareCommands: fetchRare,
		loadChunk: fetchRare,
	});
	return { state, load };
}

function machine(load?: () => Promise<Engine>): Machine {
	return new Machine({
		labId: 'p',
		host: PLAYGROUND_HOST,
		setup: PLAYGROUND_SETUP,
		initial: JSON.parse(JSON.stringify(labSnapshot(PLAYGROUND_HOST, PLAYGROUND_SETUP))),
		load,
	});
}

/** Types the same keys into a lab that has every command from the start. */
async function reference(keys: string[]): Promise<Machine> {
	const m = machine();
	await m.prepare();
	for (const k of keys) m.write(k);
	return m;
}

describe('rare commands', () => {
	it('has a stand-in for every rare command and an implementation behind each', () => {
		expect(Object.keys(rareCommands).sort()).toEqual([...RARE_COMMANDS].sort());
		for (const name of RARE_COMMANDS) expect(commands[name]).toBeTypeOf('function');
	});

	it('run at once in Node, where their module is imported eagerly', () => {
		expect(rareCommandsLoaded()).toBe(true);
		const session = createSession(createWorld({ seed: 1 }), { host: 'app', cwd: '/root' });
		expect(session.runLine('stat -c %s /opt/app/bin/server')).toBe('25167058\n');
	});

	it('are typed again once their code arrives, with later lines queued behind them', async () => {
		const { state, load } = await engineWithoutRare();
		const m = machine(load);
		const keys = ['echo one\r', 'ec', 'ho two; stat -c %s /opt/app/bin/server\r', 'echo three\r'];
		m.write(keys[0] as string);
		expect(await m.prepare()).toBe(true);
		expect(m.log.map((e) => e.line)).toEqual(['echo one']);
		for (const k of keys.slice(1)) m.write(k);
		// The line that needs stat waits, and so does the line typed after it.
		expect(m.engine).toBe('loading');
		expect(m.log.map((e) => e.line)).toEqual(['echo one']);
		state.release();
		expect(await m.prepare()).toBe(true);
		expect(m.engine).toBe('ready');
		expect(state.fetches).toBeGreaterThanOrEqual(1);
		const want = await reference(keys);
		expect(m.log).toEqual(want.log);
		// "two" is printed once: the half-run line was rewound before it ran again.
		expect(m.transcripts.app).toBe(want.transcripts.app);
		expect(m.transcripts.app.match(/^two$/gm)).toHaveLength(1);
		expect(m.view).toEqual(want.view);
	});

	it('keep what another terminal had half typed when a line waits for them', async () => {
		const { state, load } = await engineWithoutRare();
		const m = machine(load);
		await m.prepare();
		m.switchHost('filer');
		m.write('echo half');
		m.switchHost('app');
		m.write('df /\r');
		state.release();
		await m.prepare();
		m.switchHost('filer');
		m.write('\r');
		expect(m.log.map((e) => `${e.host}: ${e.line}`)).toEqual(['app: df /', 'filer: echo half']);
		expect(m.transcripts.filer).toMatch(/echo half\nhalf\n/);
	});

	it('leave the lab where it was and say so when their code cannot be fetched', async () => {
		const { state, load } = await engineWithoutRare('fail');
		const m = machine(load);
		m.write('echo one\r');
		await m.prepare();
		const before = m.transcripts.app;
		m.write('strace true\r');
		state.release();
		expect(await m.prepare()).toBe(false);
		expect(m.engine).toBe('failed');
		expect(m.log.map((e) => e.line)).toEqual(['echo one']);
		expect(m.transcripts.app).toBe(before);
		// The next line that needs nothing rare runs as usual.
		m.write('echo two\r');
		expect(m.log.map((e) => e.line)).toEqual(['echo one', 'echo two']);
	});

	it('open a saved moment that uses them once they arrive', async () => {
		const { state, load } = await engineWithoutRare();
		const m = machine(load);
		const saved = [
			{ host: 'app' as const, line: 'echo a > f' },
			{ host: 'app' as const, line: 'wc -c f' },
		];
		const opened = m.restore({ seed: 1, log: saved, at: 2 });
		await Promise.resolve();
		state.release();
		expect(await opened).toBe(true);
		expect(m.log).toEqual(saved);
		expect(m.transcripts.app).toContain('wc -c f\n2 f\n');
	});

	it('leave the queue in order when a finished line makes the lab send another', async () => {
		const m = machine();
		await m.prepare();
		let sent = false;
		m.onCommand((lab) => {
			if (sent) return;
			sent = true;
			lab.run('echo second');
		});
		m.write('echo first\r');
		expect(m.log.map((e) => e.line)).toEqual(['echo first', 'echo second']);
		expect(m.transcripts.app.match(/^first$/gm)).toHaveLength(1);
	});

	it('fetch the Debian list only when a name is not found, and then say what Debian has', async () => {
		const engine = await import('../../../src/bindings/engine');
		provideExtraCode(null);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const asked: string[] = [];
		const load = async (): Promise<Engine> => ({
			...engine,
			loadRareCommands: async () => {},
			loadChunk: async (chunk: string) => {
				asked.push(chunk);
				await gate;
				provideExtraCode(extraCode);
			},
		});
		const m = machine(load);
		m.write('echo one\r');
		await m.prepare();
		m.write('uname -r\r');
		expect(m.engine).toBe('loading');
		expect(asked).toEqual(['extra']);
		release();
		expect(await m.prepare()).toBe(true);
		expect(m.transcripts.app).toContain(
			'uname -r\n[simulation: uname is in Debian 12 (package coreutils), but this simulation does not model it]\n',
		);
		expect(m.transcripts.app.match(/^one$/gm)).toHaveLength(1);
	});

	it('has a stand-in for every tool of the on-demand chunk and an implementation behind each', () => {
		expect(Object.keys(extraCode.commands).sort()).toEqual([...EXTRA_COMMANDS].sort());
		for (const name of EXTRA_COMMANDS) expect(commands[name]).toBeTypeOf('function');
	});
});
