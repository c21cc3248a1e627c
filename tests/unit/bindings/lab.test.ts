import { describe, expect, it } from 'vitest';
import { createWorld, type KernelEvent } from '../../../src/kernel';
import { createSession } from '../../../src/shell/session';
import { diffKeys, LabCore, type CommandRecord } from '../../../src/bindings/lab-core';
import { describeExit, narrate } from '../../../src/bindings/narrate';
import type { Host } from '../../../src/bindings/permalink';
import { formatSize, viewOf, type WorldView } from '../../../src/bindings/view-model';

/** A lab on a fresh world; `run` types one line and returns what it did. */
function lab(seed = 1) {
	const core = new LabCore('app', [], { output() {}, line() {}, changed() {} });
	core.boot(seed);
	const run = (line: string, host: Host = 'app'): CommandRecord & { output: string } => {
		const { last, transcripts } = core.replay([{ host, line }]);
		if (!last) throw new Error('no record');
		return { ...last, output: transcripts[host] };
	};
	const say = (r: CommandRecord) => narrate(r.events, { watched: r.watched });
	return { core, run, say };
}

const hostOf = (view: WorldView, name: string) => {
	const host = view.hosts.find((h) => h.name === name);
	if (!host) throw new Error(`no host ${name}`);
	return host;
};
const fileNamed = (view: WorldView, host: string, path: string) =>
	hostOf(view, host).files.find((f) => f.names.includes(path));

describe('narration of real shell sessions', () => {
	it('says a copy over a running local binary was refused with Text file busy', () => {
		const { run, say } = lab();
		run('/opt/app/bin/server &');
		const cp = run('cp /root/server-v2 /opt/app/bin/server');
		expect(cp.output).toContain('Text file busy');
		const sentences = say(cp);
		expect(sentences[0]).toBe(
			'On app, cp was refused: openat failed with ETXTBSY (Text file busy).',
		);
	});

	it('names SIGBUS when the NFS server dies after the filer truncates its binary', () => {
		const { run, say } = lab();
		const start = run('/mnt/nfs/bin/server &');
		expect(say(start)).toContain('On app, pid 4302 started /mnt/nfs/bin/server.');
		expect(say(start).some((s) => /^app sent \d+ NFS calls to filer: .*READ/.test(s))).toBe(true);
		const truncate = run('ssh filer truncate -s 0 /export/bin/server');
		expect(say(truncate)).toContain(
			'On filer, 5 pages of /export/bin/server left the page cache (truncate).',
		);
		const hup = say(run('kill -HUP %1'));
		// The fault and the death come first: they are what the reader needs to hear.
		expect(hup[0]).toMatch(
			/^On app, server \(pid 4302\) touched page \d+ of \/mnt\/nfs\/bin\/server, and the fault raised SIGBUS\.$/,
		);
		expect(hup[1]).toBe('On app, server (pid 4302) killed by SIGBUS (Bus error).');
		expect(hup).toContain('On app, server (pid 4302) caught SIGHUP.');
		expect(hup.length).toBeLessThanOrEqual(8);
	});

	it('sums up waiting as simulated seconds, and says nothing of system binaries', () => {
		const { run, say } = lab();
		const sentences = say(run('sleep 2'));
		expect(sentences).toEqual(['2 simulated seconds passed.']);
	});

	it('groups repeated events into one sentence per kind and file, at most eight', () => {
		const events: KernelEvent[] = [];
		const world = createWorld({ seed: 3 });
		world.on((e) => events.push(e));
		const shell = createSession(world, { host: 'app', cwd: '/root' });
		shell.runLine('/mnt/nfs/bin/server &');
		const sentences = narrate(events, { watched: new Set() });
		expect(new Set(sentences).size).toBe(sentences.length);
		expect(sentences.filter((s) => s.includes('NFS call')).length).toBe(1);
		expect(sentences.filter((s) => s.includes('entered the page cache')).length).toBeLessThan(
			events.filter((e) => e.type === 'page-cache').length + 1,
		);
		const flood = Array.from({ length: 30 }, () => events).flat();
		expect(narrate(flood, { watched: new Set() }).length).toBeLessThanOrEqual(8);
	});

	it('describes exits the way the drawing labels dead processes', () => {
		const exit = (status: Extract<KernelEvent, { type: 'exit' }>['status']) =>
			describeExit({ type: 'exit', status } as Extract<KernelEvent, { type: 'exit' }>);
		expect(exit({ kind: 'signaled', signal: 'SIGBUS', signo: 7, core: true })).toBe(
			'killed by SIGBUS (Bus error), core dumped',
		);
		expect(exit({ kind: 'signaled', signal: 'SIGUSR1', signo: 10, core: false })).toBe(
			'killed by SIGUSR1',
		);
		expect(exit({ kind: 'exited', code: 3 })).toBe('exited with status 3');
	});
});

describe('view model of real snapshots', () => {
	it("marks a running binary's inode as denying write, and frees it when the program dies", () => {
		const { run, core } = lab();
		const before = core.view();
		expect(fileNamed(before, 'app', '/opt/app/bin/server')).toMatchObject({
			inUse: false,
			deniesWrite: false,
		});
		const start = run('/opt/app/bin/server &');
		expect(fileNamed(start.after, 'app', '/opt/app/bin/server')).toMatchObject({
			fsType: 'ext4',
			inUse: true,
			deniesWrite: true,
			writers: 0,
		});
		expect(fileNamed(start.after, 'app', '/root/server-v2')?.deniesWrite).toBe(false);
		const key = fileNamed(start.after, 'app', '/opt/app/bin/server')?.key;
		expect(key && start.changed.has(key)).toBe(true);
		const kill = run('kill -KILL %1; wait');
		expect(fileNamed(kill.after, 'app', '/opt/app/bin/server')).toMatchObject({
			inUse: false,
			deniesWrite: false,
		});
	});

	it('shows a few text pages resident and the rest not loaded yet', () => {
		const { run } = lab();
		const { after } = run('/opt/app/bin/server &');
		const proc = hostOf(after, 'app').procs.find((p) => p.comm === 'server');
		const text = proc?.text;
		expect(text?.path).toBe('/opt/app/bin/server');
		if (!text) return;
		expect(text.counts.resident).toBeGreaterThan(0);
		expect(text.counts.absent).toBeGreaterThan(text.counts.resident);
		expect(text.counts.eof + text.counts.stale + text.counts.changed).toBe(0);
		const total = Object.values(text.counts).reduce((a, b) => a + b, 0);
		expect(total).toBe(text.pages);
		expect(text.cells.length).toBe(Math.ceil(text.pages / text.perCell));
		expect(text.cells.length).toBeLessThanOrEqual(64);
		expect(text.cells[0]).toBe('resident');
		expect(text.cells.at(-1)).toBe('absent');
		const file = fileNamed(after, 'app', '/opt/app/bin/server');
		// The file's other resident page is the ELF header's, mapped before the text segment.
		expect(file?.resident).toBe(text.counts.resident + 1);
		expect(file?.pages).toBe(Math.ceil((file?.size ?? 0) / 4096));
	});

	it('shows truncated NFS pages as past the end, then the SIGBUS victim as dead with its signal', () => {
		const { run, core } = lab();
		run('/mnt/nfs/bin/server &');
		const truncate = run('ssh filer truncate -s 0 /export/bin/server');
		const text = hostOf(truncate.after, 'app').procs.find((p) => p.pid === 4302)?.text;
		expect(text?.counts.eof).toBeGreaterThan(0);
		expect(text?.counts.absent).toBe(0);
		expect(fileNamed(truncate.after, 'app', '/mnt/nfs/bin/server')?.nfs?.serverSize).toBe(0);

		const hup = run('kill -HUP %1');
		const proc = hostOf(hup.after, 'app').procs.find((p) => p.pid === 4302);
		expect(proc?.state).toBe('Z');
		expect(proc?.text).toBeUndefined();
		expect(core.deaths).toEqual([
			expect.objectContaining({
				host: 'app',
				pid: 4302,
				comm: 'server',
				description: 'killed by SIGBUS (Bus error)',
			}),
		]);
		const death = core.deaths[0];
		expect(death && hup.changed.has(death.key)).toBe(true);
		// Once reaped, the drawing drops the process but the lab remembers how it ended.
		const later = run('sleep 1');
		expect(later.output).toContain('Bus error');
		expect(hostOf(later.after, 'app').procs.some((p) => p.pid === 4302)).toBe(false);
		expect(core.deaths.map((d) => d.description)).toEqual(['killed by SIGBUS (Bus error)']);
		expect(later.changed.has(death?.key ?? '')).toBe(false);
	});

	it('describes the hosts and hides system files', () => {
		const view = viewOf(createWorld({ seed: 1 }).snapshot());
		expect(view.hosts.map((h) => h.name)).toEqual(
			expect.arrayContaining(['app', 'build', 'filer']),
		);
		expect(hostOf(view, 'filer').role).toMatch(/^NFS server, exports /);
		expect(hostOf(view, 'app').role).toMatch(/^NFS client, .* on \/mnt\/nfs/);
		for (const h of view.hosts) {
			for (const f of h.files) {
				expect(f.names.every((n) => /^\/(bin|usr|sbin|lib|dev|proc|etc|sys)\//.test(n))).toBe(
					false,
				);
			}
			const m = h.memory;
			expect(m.other + m.anon + m.cache + m.free).toBeLessThanOrEqual(m.total);
		}
	});

	it('is deterministic: the same seed and commands draw the same world', () => {
		const a = lab(5);
		const b = lab(5);
		for (const line of ['/mnt/nfs/bin/server &', 'ssh filer truncate -s 0 /export/bin/server']) {
			a.run(line);
			b.run(line);
		}
		expect(a.core.view()).toEqual(b.core.view());
		expect(diffKeys(a.core.view(), b.core.view(), new Set()).size).toBe(0);
	});

	it('formats sizes for tables', () => {
		expect(formatSize(0)).toBe('0 B');
		expect(formatSize(1023)).toBe('1023 B');
		expect(formatSize(1024)).toBe('1.0 KiB');
		expect(formatSize(1536)).toBe('1.5 KiB');
		expect(formatSize(25167058)).toBe('24 MiB');
		expect(formatSize(5 * 1024 ** 4)).toBe('5120 GiB');
	});
});
