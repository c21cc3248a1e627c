// The chapters' inline figures are computed by running their scripts through the simulation.
// These tests pin the fact each frame exists to show, in the words the prose uses: if the engine
// starts doing something else, the figure changes with it and the test names the prose to fix.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	figureFrames,
	type FigureFrame,
	type FrameFile,
} from '../../../src/bindings/figure-frames';
import { FIGURES, stepIndex } from '../../../src/bindings/figures';

const chaptersDir = join(import.meta.dirname, '..', '..', '..', 'content', 'chapters');
const chapters = readdirSync(chaptersDir)
	.filter((f) => f.endsWith('.mdx'))
	.map((f) => ({ file: f, text: readFileSync(join(chaptersDir, f), 'utf8') }));

/** Frames by step id. */
function byStep(id: string): Record<string, FigureFrame> {
	return Object.fromEntries(figureFrames(id).map((f) => [f.id, f]));
}

/** The followed inode `ino` in a frame (throws if the figure does not show it). */
function inode(frame: FigureFrame | undefined, ino: number): FrameFile {
	const f = frame?.files.find((x) => x.ino === ino);
	if (!f) throw new Error(`frame ${frame?.id} shows no inode ${ino}`);
	return f;
}

function present(f: FrameFile) {
	if (f.gone) throw new Error(`inode ${f.ino} is gone`);
	return f;
}

describe('every figure', () => {
	it('is placed in exactly one chapter, and every prose link names a step it has', () => {
		for (const id of Object.keys(FIGURES)) {
			const uses = chapters.filter((c) => c.text.includes(`<Figure id="${id}"`));
			expect(
				uses.map((c) => c.file),
				id,
			).toHaveLength(1);
		}
		for (const c of chapters) {
			for (const m of c.text.matchAll(/<Show figure="([^"]+)" step="([^"]+)"/g)) {
				expect(() => stepIndex(m[1]!, m[2]!), `${c.file}: ${m[0]}`).not.toThrow();
				expect(c.text, `${c.file} links to a figure it does not show`).toContain(
					`<Figure id="${m[1]}"`,
				);
			}
		}
	});

	it('has one frame per step, each with a description, and is the same on every run', () => {
		for (const [id, script] of Object.entries(FIGURES)) {
			const frames = figureFrames(id);
			expect(frames.map((f) => f.id)).toEqual(script.steps.map((s) => s.id));
			for (const f of frames) expect(f.description, `${id}/${f.id}`).not.toBe('');
			expect(figureFrames(id)).toEqual(frames);
		}
	});
});

describe('chapter 2: names and inodes', () => {
	const f = byStep('links');

	it('starts with two names on two inodes, one link each', () => {
		expect(present(inode(f.start, 63))).toMatchObject({ names: ['/opt/app/bin/server'], nlink: 1 });
		expect(present(inode(f.start, 64))).toMatchObject({ names: ['/root/server-v2'], nlink: 1 });
	});

	it('ln adds a second name to inode 63: link count 2', () => {
		expect(present(inode(f.ln, 63))).toMatchObject({
			names: ['/opt/app/bin/server', '/root/server-old'],
			nlink: 2,
		});
		expect(inode(f.ln, 63).changed).toBe(true);
	});

	it('rm takes one name away and leaves the inode with link count 1', () => {
		expect(present(inode(f.rm, 63))).toMatchObject({ names: ['/root/server-old'], nlink: 1 });
		expect(f.rm!.lines[0]!.output).toBe('');
	});

	it('mv points the old name at the new build, inode 64, and the old inode keeps its other name', () => {
		expect(present(inode(f.mv, 64)).names).toEqual(['/opt/app/bin/server']);
		expect(present(inode(f.mv, 63)).names).toEqual(['/root/server-old']);
	});

	it('with no names left, the running program keeps inode 63 alive; stopping it frees it', () => {
		expect(present(inode(f['run-rm'], 63))).toMatchObject({ names: [], nlink: 0, inUse: true });
		expect(inode(f.kill, 63).gone).toBe(true);
		expect(f.kill!.description).toContain('Inode 63 is freed');
	});
});

describe('chapter 3: running a program', () => {
	const f = byStep('pages');
	const server = (frame: FigureFrame | undefined) => {
		const p = frame?.procs.find((x) => x.comm === 'server');
		if (!p?.text) throw new Error(`frame ${frame?.id} shows no server text mapping`);
		return p.text;
	};
	/** The states of the strip's runs of pages, in order. */
	const runs = (frame: FigureFrame | undefined) => server(frame).runs.map((r) => r.status);

	it('before exec, no page of the file is cached and nothing runs', () => {
		expect(present(inode(f.file, 63)).resident).toBe(0);
		expect(f.file!.procs).toEqual([]);
	});

	it('the started server has only the start of its strip in memory, and fincore would count 5 pages', () => {
		expect(present(inode(f.exec, 63)).resident).toBe(5);
		expect(runs(f.exec)).toEqual(['resident', 'absent']);
		expect(server(f.exec).runs[0]!.count).toBe(4);
	});

	it('the reload faults in 8 cold pages far from the hot ones: 13 cached, a second run in memory', () => {
		expect(present(inode(f.reload, 63)).resident).toBe(13);
		expect(runs(f.reload)).toEqual(['resident', 'absent', 'resident', 'absent']);
		const cold = server(f.reload).runs[2]!;
		expect(cold.count).toBe(8);
		// Pages 1281 to 1288 of the file, which the text mapping starts at page 1 of.
		expect(cold.start + 1).toBe(1281);
		// "More than a thousand pages down the strip from the first."
		expect(server(f.reload).runs[1]!.count).toBeGreaterThan(1000);
	});
});

describe('chapter 4: Text file busy', () => {
	const f = byStep('busy');

	it('the running server denies writes to inode 63', () => {
		expect(present(inode(f.running, 63))).toMatchObject({ inUse: true, deniesWrite: true });
	});

	it('cp is refused with Text file busy and inode 63 is left as it was', () => {
		expect(f.cp!.lines[0]!.output).toContain('Text file busy');
		expect(inode(f.cp, 63)).toEqual({ ...inode(f.running, 63), changed: false });
	});

	it('install gives the name a new inode, 65, and inode 63 lives on without a name', () => {
		expect(present(inode(f.install, 65)).names).toEqual(['/opt/app/bin/server']);
		expect(present(inode(f.install, 63))).toMatchObject({ names: [], nlink: 0, inUse: true });
	});

	it('the reload faults in more of inode 63, and stopping the server frees it', () => {
		expect(f.reload!.lines[0]!.output).toContain('reloaded configuration (build v1)');
		expect(present(inode(f.reload, 63)).resident).toBeGreaterThan(
			present(inode(f.install, 63)).resident,
		);
		expect(inode(f.exit, 63).gone).toBe(true);
		expect(f.exit!.deaths.map((d) => d.comm)).toEqual(['server']);
	});
});

describe('chapter 5: what app believes about a file on the filer', () => {
	const f = byStep('attrs');
	const MiB = 1024 * 1024;
	/** The followed inode on one host. */
	const on = (frame: FigureFrame | undefined, host: string) => {
		const file = frame?.files.find((x) => x.host === host);
		if (!file || file.gone || !file.nfs === (host === 'app')) throw new Error(`${host} file`);
		return file;
	};
	const calls = (frame: FigureFrame | undefined, client: string) =>
		frame!.rpcs.filter((r) => r.client === client).map((r) => r.op);

	it('after build writes v2, the filer has 26 MiB while app still believes 24 MiB', () => {
		expect(Math.round(on(f.deploy, 'filer').size / MiB)).toBe(26);
		expect(Math.round(on(f.deploy, 'app').size / MiB)).toBe(24);
		expect(calls(f.deploy, 'build')).toContain('WRITE');
	});

	it('ls -l on app trusts the cache: the old size and no call', () => {
		expect(f.stat!.lines[0]!.output).toContain(' 25167058 ');
		expect(f.stat!.rpcs).toEqual([]);
	});

	it('opening the file sends a GETATTR at once and app learns the new size', () => {
		expect(calls(f.open, 'app')).toEqual(['GETATTR']);
		expect(on(f.open, 'app').size).toBe(on(f.open, 'filer').size);
		expect(on(f.open, 'app').nfs!.attrtimeo).toBe(3000);
	});

	it('once 3 seconds pass the next ls -l asks again, and an unchanged file doubles the timeout', () => {
		expect(on(f.wait, 'app').nfs!.expiresIn).toBeLessThanOrEqual(0);
		expect(calls(f.recheck, 'app')).toEqual(['GETATTR']);
		expect(on(f.recheck, 'app').nfs!.attrtimeo).toBe(6000);
	});
});

describe('chapter 7: why it waits', () => {
	const f = byStep('reclaim');
	const runs = (frame: FigureFrame | undefined) =>
		frame!.procs.find((p) => p.comm === 'server')!.text!.runs.map((r) => [r.status, r.count]);

	it('a reload before the deploy brings the cold code in beside the hot code', () => {
		expect(runs(f.reload)).toEqual([
			['resident', 4],
			['absent', 1276],
			['resident', 8],
			['absent', 3136],
		]);
	});

	it('after the deploy every page it lacks is beyond the end of the file, and the reload still works', () => {
		expect(runs(f.deploy).map(([s]) => s)).toEqual(['resident', 'eof', 'resident', 'eof']);
		expect(f.again!.lines[0]!.output).toContain('reloaded configuration (build v1)');
		expect(f.again!.deaths).toEqual([]);
	});

	it('memory pressure evicts the cold pages and keeps the hot ones', () => {
		expect(f.memhog!.procs[0]!.changed).toBe(true);
		expect(runs(f.memhog)).toEqual([
			['resident', 4],
			['eof', 4420],
		]);
	});

	it('the next reload faults on an evicted page and dies with SIGBUS', () => {
		expect(f.fault!.deaths.map((d) => d.description)).toEqual([
			'killed by SIGBUS (Bus error), core dumped',
		]);
		expect(f.fault!.procs).toEqual([]);
	});
});

describe('chapter 8: one directory per release', () => {
	const f = byStep('releases');
	/** The followed file on the filer that has `name`. */
	const named = (frame: FigureFrame | undefined, name: string) => {
		const file = frame?.files.find((x) => !x.gone && x.names.includes(name));
		if (!file || file.gone) throw new Error(`frame ${frame?.id} has no ${name}`);
		return file;
	};
	const exes = (frame: FigureFrame | undefined) => frame!.procs.map((p) => p.exe);

	it('the link points at v1 and the server runs the v1 file', () => {
		expect(named(f.v1, '/export/bin/server').target).toBe('../releases/v1/server');
		expect(exes(f.v1)).toEqual(['/mnt/nfs/releases/v1/server']);
	});

	it('v2 is a new inode in its own directory', () => {
		const v1 = named(f.copy, '/export/releases/v1/server');
		const v2 = named(f.copy, '/export/releases/v2/server');
		expect(v2.ino).not.toBe(v1.ino);
	});

	it('the switch frees only the old link; v1 keeps its name and inode', () => {
		const oldLink = named(f.copy, '/export/bin/server');
		expect(f.switch!.files.find((x) => x.key === oldLink.key)?.gone).toBe(true);
		expect(named(f.switch, '/export/bin/server').target).toBe('../releases/v2/server');
		expect(named(f.switch, '/export/releases/v1/server').ino).toBe(
			named(f.v1, '/export/releases/v1/server').ino,
		);
	});

	it('the old server reloads on v1, and one started a minute later runs v2', () => {
		expect(f.reload!.lines[0]!.output).toContain('reloaded configuration (build v1)');
		expect(f.start!.lines[1]!.output).toContain('started (build v2)');
		expect(exes(f.start)).toEqual(['/mnt/nfs/releases/v1/server', '/mnt/nfs/releases/v2/server']);
	});

	it('the filer marks every file not in use, even the running ones', () => {
		expect(f.start!.files.every((x) => !x.gone && !x.inUse)).toBe(true);
	});
});

describe('chapter 9: other roads to SIGBUS', () => {
	const f = byStep('sigbus');
	const only = (frame: FigureFrame | undefined) => {
		expect(frame!.signals).toHaveLength(1);
		return frame!.signals[0]!;
	};

	it('mapping the 64 KiB file raises nothing', () => {
		expect(f.map!.signals).toEqual([]);
		expect(present(inode(f.map, f.map!.files[0]!.ino)).pages).toBe(16);
	});

	it('the truncate to 4 KiB kills mapreader on page 1, the first wholly beyond the end', () => {
		expect(only(f.truncate)).toMatchObject({
			comm: 'mapreader',
			signal: 'SIGBUS',
			codeName: 'BUS_ADRERR',
			code: 2,
			path: '/root/data.bin',
			page: 1,
		});
	});

	it('the overfilled /dev/shm faults on page 16384, the first past 64 MiB', () => {
		const s = only(f.shm);
		expect(s).toMatchObject({ comm: 'shmwriter', signal: 'SIGBUS', codeName: 'BUS_ADRERR' });
		expect(s.path).toMatch(/^\/dev\/shm\//);
		expect(s.page).toBe((64 * 1024 * 1024) / 4096);
	});

	it("chapter 6's truncated binary on the filer gives the same BUS_ADRERR", () => {
		expect(only(f.nfs)).toMatchObject({
			comm: 'server',
			signal: 'SIGBUS',
			codeName: 'BUS_ADRERR',
			path: '/mnt/nfs/bin/server',
		});
	});
});
