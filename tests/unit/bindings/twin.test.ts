import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell';
import { runTwin, TWIN_SETUP, TWIN_STEPS, type Side } from '../../../src/bindings/twin';
import { viewOf } from '../../../src/bindings/view-model';
import { createWorld } from '../../../src/kernel';
import { createSession } from '../../../src/shell/session';

const value = (state: ReturnType<typeof runTwin>, side: Side, key: string) =>
	state.sides[side].facts.find((f) => f.key === key)?.value;

describe('twin worlds: the same deploy on local ext4 and on NFS', () => {
	it('prints, line for line, what a plain shell session prints for each world', () => {
		const state = runTwin(TWIN_STEPS.length);
		for (const side of ['local', 'nfs'] as const) {
			const lines = [...TWIN_SETUP, ...TWIN_STEPS.map((s) => s.lines[side])];
			const twin = state.sides[side].transcript.map((e) => `${e.prompt}${e.line}\n${e.output}`);
			expect(runScript(lines)).toBe(runScript(TWIN_SETUP) + twin.join(''));
		}
	});

	it('refuses the local copy with Text file busy while the NFS copy from build goes through', () => {
		const state = runTwin(2);
		expect(state.sides.local.transcript[1]?.output).toBe(
			"cp: cannot create regular file '/opt/app/bin/server': Text file busy\n",
		);
		expect(state.sides.nfs.transcript[1]?.output).toBe('');
		expect(state.outputDiffers).toBe(true);
		expect(value(state, 'local', 'writes')).toBe('denied: a running program maps it');
		// app's client still believes the old size; filer already has the new build.
		expect(value(state, 'nfs', 'size')).toBe('24 MiB here, 26 MiB on filer');
		// The pages it had read are now stale, and every other one would load new bytes.
		expect(value(state, 'nfs', 'pages')).toMatch(
			/^\d+ in memory but out of date; \d+ not read yet, file now differs$/,
		);
		expect(value(state, 'local', 'pages')).toMatch(/^\d+ in memory; \d+ not read yet$/);
		expect([...state.diverged].sort()).toEqual(['pages', 'size']);
		expect(state.narration).toMatch(/^Step 2: locally cp is refused with Text file busy/);
	});

	it('kills only the NFS server when the reload runs cold code, and bash reports it a second later', () => {
		const reload = runTwin(3);
		expect(reload.sides.local.transcript[2]?.output).toBe(
			'server[4302]: reloaded configuration (build v1)\n',
		);
		expect(value(reload, 'local', 'server')).toBe('running as pid 4302');
		expect(value(reload, 'nfs', 'server')).toMatch(/^dead: killed by SIG(ILL|SEGV|BUS)/);
		const wait = runTwin(4);
		expect(wait.sides.local.transcript[3]?.output).toBe('');
		expect(wait.sides.nfs.transcript[3]?.output).toMatch(
			/^\[1\]\+ {2}(Illegal instruction|Segmentation fault|Bus error) +\(core dumped\) \/mnt\/nfs\/bin\/server\n$/,
		);
		expect(wait.diverged.has('server')).toBe(true);
		expect(wait.narration).toContain(`NFS server was ${wait.sides.nfs.death}`);
	});

	it('starts the old build again locally and the new build on NFS', () => {
		const state = runTwin(5);
		expect(state.sides.local.transcript[4]?.output).toMatch(/started \(build v1\)/);
		expect(state.sides.nfs.transcript[4]?.output).toMatch(/started \(build v2\)/);
		expect(value(state, 'local', 'server')).toBe('running as pids 4302 and 4305');
	});

	it('steps back to exactly the earlier state, because every state is a replay', () => {
		expect(runTwin(2)).toEqual(runTwin(2));
		const back = runTwin(1);
		expect(back.sides.nfs.transcript).toHaveLength(1);
		expect(back.diverged.size).toBe(0);
		expect(back.outputDiffers).toBe(false);
		expect(runTwin(0).narration).toBe('Both worlds are fresh: nothing has run yet.');
		// Out-of-range steps are clamped rather than failing.
		expect(runTwin(99).at).toBe(TWIN_STEPS.length);
		expect(runTwin(-3).at).toBe(0);
	});
});

describe('view model inode numbers', () => {
	it('shows an NFS file with the inode number ls -i prints (the server file id)', () => {
		const world = createWorld({ seed: 1 });
		const term = createSession(world, { host: 'app', cwd: '/root' });
		const ls = term.runLine('ls -i /mnt/nfs/bin/server');
		const row = viewOf(world.snapshot())
			.hosts.find((h) => h.name === 'app')
			?.files.find((f) => f.names.includes('/mnt/nfs/bin/server'));
		expect(ls).toBe(`${row?.ino} /mnt/nfs/bin/server\n`);
		expect(row?.ino).toBe(60);
	});
});
