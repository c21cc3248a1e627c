// The lab opens on a snapshot computed when the site is built, and the engine takes over on the
// reader's first action. These tests hold the two together: for every chapter and the
// playground, the live engine after replaying the setup must draw exactly what the page embeds,
// and what the reader does before the engine arrives must run, in order, once it has.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TERMINAL_HOSTS } from '../../../src/bindings/lab-core';
import { Machine, type Engine } from '../../../src/bindings/machine.svelte';
import { HOSTS, type Host } from '../../../src/bindings/permalink';
import { PLAYGROUND_HOST, PLAYGROUND_SETUP } from '../../../src/bindings/playground';
import { labSnapshot, type LabSnapshot } from '../../../src/bindings/snapshot';
import { frontmatterOf, parseYaml } from '../../chapters/frontmatter';

const chaptersDir = join(import.meta.dirname, '..', '..', '..', 'content', 'chapters');

interface LabSpec {
	id: string;
	host: Host;
	setup: string[];
}

/** Every lab on the site: each chapter's frontmatter, and the playground. */
function labs(): LabSpec[] {
	const chapters = readdirSync(chaptersDir)
		.filter((f) => /\.mdx?$/.test(f))
		.sort()
		.flatMap((file): LabSpec[] => {
			const data = parseYaml(frontmatterOf(readFileSync(join(chaptersDir, file), 'utf8')));
			if (typeof data !== 'object' || Array.isArray(data)) throw new Error(file);
			const lab = data.lab;
			if (lab === undefined) return [];
			if (typeof lab !== 'object' || Array.isArray(lab)) throw new Error(`${file}: lab`);
			const setup = lab.setup === undefined || lab.setup === '' ? [] : lab.setup;
			if (!Array.isArray(setup)) throw new Error(`${file}: lab.setup`);
			return [
				{
					id: file.replace(/\.mdx?$/, ''),
					host: (typeof lab.host === 'string' ? lab.host : 'app') as Host,
					setup: setup.map(String),
				},
			];
		});
	return [...chapters, { id: 'playground', host: PLAYGROUND_HOST, setup: [...PLAYGROUND_SETUP] }];
}

/** The snapshot as the island receives it: through the page's HTML, so through JSON. */
const embedded = (lab: LabSpec): LabSnapshot =>
	JSON.parse(JSON.stringify(labSnapshot(lab.host, lab.setup))) as LabSnapshot;

/** A loader that counts its calls and resolves only when released, like a slow network. */
function slowEngine() {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	const loader = {
		calls: 0,
		release,
		load: async (): Promise<Engine> => {
			loader.calls++;
			await gate;
			return import('../../../src/bindings/engine');
		},
	};
	return loader;
}

describe('the build-time snapshot of each lab', () => {
	const all = labs();

	it('opens terminals on the hosts a permalink may name, in the same order', () => {
		expect(TERMINAL_HOSTS).toEqual(HOSTS);
	});

	it('covers every chapter with a lab', () => {
		expect(all.length).toBeGreaterThan(5);
	});

	for (const lab of all) {
		it(`${lab.id}: the live engine after the setup draws exactly what the page embeds`, async () => {
			const initial = embedded(lab);
			const machine = new Machine({ labId: lab.id, host: lab.host, setup: lab.setup, initial });
			expect(machine.engine).toBe('idle');
			expect(machine.view).toBe(initial.view);
			// The engine replays the setup as soon as it arrives, and from then on draws the world.
			expect(await machine.prepare()).toBe(true);
			expect(machine.view).not.toBe(initial.view);
			expect(machine.view).toEqual(initial.view);
			expect(machine.transcripts).toEqual(initial.transcripts);
			expect(machine.deaths).toEqual(initial.deaths);
			expect(machine.wire).toEqual(initial.wire);
		});
	}
});

describe('a lab before its engine arrives', () => {
	const lab = labs().find((l) => l.id === 'playground')!;

	it('shows the snapshot and asks for nothing until the reader acts', () => {
		const loader = slowEngine();
		const initial = embedded(lab);
		const machine = new Machine({
			labId: 'p',
			host: 'app',
			setup: lab.setup,
			initial,
			load: loader.load,
		});
		machine.switchHost('filer');
		expect(machine.activeHost).toBe('filer');
		expect(machine.transcripts.filer).toBe(initial.transcripts.filer);
		expect(loader.calls).toBe(0);
		expect(machine.engine).toBe('idle');
	});

	it('replays keystrokes typed while it loads, in order, on the host they were typed on', async () => {
		const loader = slowEngine();
		const machine = new Machine({
			labId: 'p',
			host: 'app',
			setup: lab.setup,
			initial: embedded(lab),
			load: loader.load,
		});
		for (const key of 'echo one\r') machine.write(key);
		machine.switchHost('filer');
		machine.write('hostname\r');
		machine.run('echo three', 'build');
		expect(machine.engine).toBe('loading');
		expect(machine.log).toEqual([]);
		loader.release();
		expect(await machine.prepare()).toBe(true);
		expect(loader.calls).toBe(1);
		expect(machine.log).toEqual([
			{ host: 'app', line: 'echo one' },
			{ host: 'filer', line: 'hostname' },
			{ host: 'build', line: 'echo three' },
		]);
		expect(machine.transcripts.app).toBe('root@app:~# echo one\none\nroot@app:~# ');
		expect(machine.transcripts.filer).toBe('root@filer:~# hostname\nfiler\nroot@filer:~# ');
		// A line sent for the reader clears the prompt line first (Ctrl-U, then erase to its end).
		expect(machine.transcripts.build).toBe('root@build:~# \x1b[Kecho three\nthree\nroot@build:~# ');
		// The setup ran before them: the server it started is still drawn.
		const app = machine.view.hosts.find((h) => h.name === 'app')!;
		expect(app.procs.map((p) => p.comm)).toContain('server');
	});

	it('says when the engine cannot be loaded, keeps the transcript, and tries again later', async () => {
		let fail = true;
		const initial = embedded(lab);
		const machine = new Machine({
			labId: 'p',
			host: 'app',
			setup: lab.setup,
			initial,
			load: async () => {
				if (fail) throw new TypeError('Failed to fetch dynamically imported module');
				return import('../../../src/bindings/engine');
			},
		});
		machine.write('echo lost\r');
		expect(await machine.prepare()).toBe(false);
		expect(machine.engine).toBe('failed');
		expect(machine.transcripts).toEqual(initial.transcripts);
		expect(machine.log).toEqual([]);
		fail = false;
		machine.write('echo kept\r');
		expect(await machine.prepare()).toBe(true);
		expect(machine.engine).toBe('ready');
		expect(machine.log).toEqual([{ host: 'app', line: 'echo kept' }]);
	});

	it('replays saved steps that a failed load could not open before the next action runs', async () => {
		let fail = true;
		const machine = new Machine({
			labId: 'p',
			host: 'app',
			setup: lab.setup,
			initial: embedded(lab),
			load: async () => {
				if (fail) throw new TypeError('Failed to fetch dynamically imported module');
				return import('../../../src/bindings/engine');
			},
		});
		const saved = [
			{ host: 'app' as const, line: 'echo first' },
			{ host: 'app' as const, line: 'echo second' },
		];
		expect(await machine.restore({ seed: 1, log: saved, at: 2 })).toBe(false);
		expect(machine.log).toEqual([]);
		fail = false;
		machine.run('echo third');
		expect(await machine.prepare()).toBe(true);
		expect(machine.log).toEqual([...saved, { host: 'app', line: 'echo third' }]);
		expect(machine.at).toBe(3);
		expect(machine.transcripts.app).toContain('echo first\nfirst\n');
	});

	it('opens a permalink moment once the engine is in', async () => {
		const machine = new Machine({
			labId: 'p',
			host: 'app',
			setup: lab.setup,
			initial: embedded(lab),
		});
		const log = [
			{ host: 'app' as const, line: 'echo a' },
			{ host: 'filer' as const, line: 'echo b' },
		];
		expect(await machine.restore({ seed: 1, log, at: 1 })).toBe(true);
		expect(machine.at).toBe(1);
		expect(machine.log).toEqual(log);
		expect(machine.transcripts.app).toContain('echo a\na\n');
		expect(machine.lastCommand).toEqual(log[0]);
		expect(machine.sentences).toEqual(expect.any(Array));
	});
});
