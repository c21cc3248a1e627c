import { describe, expect, it } from 'vitest';
import {
	EXEC_ANON_PAGES,
	O_CREAT,
	O_EXCL,
	O_RDONLY,
	O_WRONLY,
	serverLayout,
} from '../../../src/kernel';
import { cp, ofType, readFile, setup } from './helpers';

const nfsBin = '/mnt/nfs/bin/server';
/**
 * File pages of the server's hot and cold code: the text segment starts at file page 1, after
 * the ELF header's page, which the dynamic loader maps and reads at start.
 */
const hot = serverLayout.hotPages.map((p) => p + 1);
const cold = serverLayout.coldPages.map((p) => p + 1);

describe('page cache and reclaim', () => {
	function reloaded() {
		const ctx = setup(5);
		const pid = ctx.app.spawn(ctx.sh.app, nfsBin, ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		ctx.app.kill(ctx.sh.app, pid.value, 'SIGHUP');
		ctx.world.advance(1000);
		return { ...ctx, pid: pid.value };
	}

	function memhogPages(ctx: ReturnType<typeof reloaded>, extra: number): number {
		const info = ctx.app.meminfo();
		// memhog's own exec takes EXEC_ANON_PAGES before it allocates.
		return info.memFree / 4 - ctx.app.state().minFreePages - EXEC_ANON_PAGES + extra;
	}

	it('faults hot pages in at start and cold pages only on reload', () => {
		const ctx = setup();
		const pid = ctx.app.spawn(ctx.sh.app, nfsBin, ['server']);
		expect(pid.ok).toBe(true);
		expect(ctx.app.peekResidency(nfsBin)?.resident).toEqual([0, ...hot]);
		if (pid.ok) ctx.app.kill(ctx.sh.app, pid.value, 'SIGHUP');
		expect(ctx.app.peekResidency(nfsBin)?.resident).toEqual([0, ...hot, ...cold]);
		// execve read the header page, so ld.so's access to it is minor; code comes from the server.
		const faults = ofType(ctx.events, 'fault').filter((f) => f.host === 'app');
		expect(faults[0]).toMatchObject({ page: 0, kind: 'minor' });
		expect(faults.slice(1).every((f) => f.kind === 'major')).toBe(true);
	});

	it('drop_caches leaves mapped pages alone and drops the rest', () => {
		const ctx = reloaded();
		expect(readFile(ctx.app, ctx.sh.app, '/mnt/nfs/etc/server.conf')).toContain('workers');
		expect(ctx.app.peekResidency('/mnt/nfs/etc/server.conf')?.resident).toEqual([0]);
		ctx.app.dropCaches(1);
		expect(ctx.app.peekResidency('/mnt/nfs/etc/server.conf')?.resident).toEqual([]);
		expect(ctx.app.peekResidency(nfsBin)?.resident).toEqual([0, ...hot, ...cold]);
	});

	it('memory pressure evicts the cold pages while the referenced hot ones survive', () => {
		const ctx = reloaded();
		const hog = ctx.app.spawn(ctx.sh.app, '/usr/local/bin/memhog', [
			'memhog',
			// The header page, touched once by ld.so, is as cold as the parser's pages.
			`${memhogPages(ctx, cold.length + 1) * 4}K`,
		]);
		expect(hog.ok).toBe(true);
		if (hog.ok)
			expect(ctx.app.wait4(ctx.sh.app, hog.value)).toMatchObject({ value: { shellStatus: 0 } });
		const resident = ctx.app.peekResidency(nfsBin)?.resident ?? [];
		for (const page of hot) expect(resident).toContain(page);
		for (const page of [0, ...cold]) expect(resident).not.toContain(page);
		expect(ofType(ctx.events, 'reclaim').at(-1)?.freed).toBeGreaterThanOrEqual(
			serverLayout.coldPages.length,
		);
		// The process is fine: its cold pages come back from the server on the next reload.
		ctx.app.kill(ctx.sh.app, ctx.pid, 'SIGHUP');
		expect(ctx.app.process(ctx.pid)?.state).not.toBe('Z');
	});

	it('after the binary changed, eviction turns the next reload into a crash', () => {
		const ctx = reloaded();
		expect(cp(ctx.build, ctx.sh.build, '/root/out/server', nfsBin)).toBe(true);
		ctx.app.kill(ctx.sh.app, ctx.pid, 'SIGHUP');
		expect(ctx.app.process(ctx.pid)?.state).not.toBe('Z');
		ctx.app.spawn(ctx.sh.app, '/usr/local/bin/memhog', ['memhog', `${memhogPages(ctx, 64) * 4}K`]);
		ctx.app.kill(ctx.sh.app, ctx.pid, 'SIGHUP');
		expect(ctx.app.process(ctx.pid)?.exit?.kind).toBe('signaled');
	});

	it('unmapped cache goes before mapped executable pages', () => {
		const ctx = reloaded();
		const fd = ctx.app.openat(ctx.sh.app, '/opt/app/bin/server', O_RDONLY);
		expect(fd.ok).toBe(true);
		if (fd.ok) ctx.app.read(ctx.sh.app, fd.value, 64 * 4096);
		expect(ctx.app.peekResidency('/opt/app/bin/server')?.resident).toHaveLength(64);
		ctx.app.spawn(ctx.sh.app, '/usr/local/bin/memhog', ['memhog', `${memhogPages(ctx, 32) * 4}K`]);
		expect(ctx.app.peekResidency('/opt/app/bin/server')?.resident.length).toBeLessThan(64);
		expect(ctx.app.peekResidency(nfsBin)?.resident).toEqual([0, ...hot, ...cold]);
	});

	it('an allocation larger than memory gets the allocator OOM-killed', () => {
		const ctx = setup();
		const hog = ctx.app.spawn(ctx.sh.app, '/usr/local/bin/memhog', ['memhog', '1G']);
		expect(hog.ok).toBe(true);
		if (hog.ok) {
			expect(ctx.app.wait4(ctx.sh.app, hog.value)).toMatchObject({
				value: { shellStatus: 137, status: { signal: 'SIGKILL', core: false } },
			});
		}
		// What is left is init's (systemd's) own anonymous memory.
		expect(ctx.app.meminfo().anonPages).toBe((ctx.app.process(1)?.anonPages ?? -1) * 4);
		if (!hog.ok) return;
		const pid = hog.value;
		const lines = ctx.app.dmesg().map((m) => m.text);
		const first = lines.findIndex((t) => t.includes('invoked oom-killer'));
		// mm/oom_kill.c: dump_header, dump_oom_victim, __oom_kill_process, then the oom_reaper.
		expect(lines.slice(first, first + 2)).toEqual([
			'memhog invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0',
			`oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=memhog,pid=${pid},uid=0`,
		]);
		const killed =
			/^Out of memory: Killed process (\d+) \(memhog\) total-vm:(\d+)kB, anon-rss:(\d+)kB, file-rss:(\d+)kB, shmem-rss:0kB, UID:0 pgtables:(\d+)kB oom_score_adj:0$/.exec(
				lines[first + 2] ?? '',
			);
		expect(killed?.[1]).toBe(String(pid));
		// It held nearly all of the ~160 MiB that was free (and reclaimable), not its 256 KiB start.
		const anon = Number(killed?.[3]);
		expect(anon).toBeGreaterThan(100 * 1024);
		expect(anon).toBeLessThan(256 * 1024);
		// total-vm counts the whole 1 GiB it asked for.
		expect(Number(killed?.[2])).toBeGreaterThan(1024 * 1024);
		expect(lines[first + 3]).toBe(
			`oom_reaper: reaped process ${pid} (memhog), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
		);
	});

	it('reports meminfo consistently', () => {
		const ctx = reloaded();
		const info = ctx.app.meminfo();
		expect(info.memTotal).toBe(256 * 1024);
		expect(info.memFree).toBeLessThan(info.memTotal);
		expect(info.cached).toBe(info.activeFile + info.inactiveFile + info.shmem);
		const other = ctx.app.state().otherCachePages * 4;
		expect(info.mapped - other).toBe((1 + hot.length + cold.length) * 4);
	});
});

describe('chapter 7 at the system call level', () => {
	it('install on build, drop_caches is harmless, memhog 160M makes the next reload die of SIGBUS', () => {
		const ctx = setup();
		const { world, app, build, sh, events } = ctx;
		app.setCoreLimit(sh.app, -1);
		const pid = app.spawn(sh.app, nfsBin, ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		app.kill(sh.app, pid.value, 'SIGHUP');
		// install(1): unlink, create exclusively, copy, chmod.
		expect(build.unlink(sh.build, nfsBin).ok).toBe(true);
		const fd = build.openat(sh.build, nfsBin, O_WRONLY | O_CREAT | O_EXCL, 0o600);
		const src = build.openat(sh.build, '/root/out/server', O_RDONLY);
		if (!fd.ok || !src.ok) throw new Error('open');
		build.copyFileRange(sh.build, src.value, fd.value, 1 << 30);
		build.close(sh.build, fd.value);
		build.chmod(sh.build, nfsBin, 0o755);
		world.advance(60_000);
		app.kill(sh.app, pid.value, 'SIGHUP');
		app.dropCaches(3);
		app.kill(sh.app, pid.value, 'SIGHUP');
		expect(ofType(events, 'console').filter((e) => e.text.includes('reloaded'))).toHaveLength(3);
		const hog = app.spawn(sh.app, '/usr/local/bin/memhog', ['memhog', '160M']);
		if (!hog.ok) throw new Error(hog.errno);
		expect(app.wait4(sh.app, hog.value)).toMatchObject({ value: { shellStatus: 0 } });
		app.kill(sh.app, pid.value, 'SIGHUP');
		world.advance(1000);
		expect(app.wait4(sh.app, pid.value)).toMatchObject({
			value: { shellStatus: 135, status: { signal: 'SIGBUS', core: true } },
		});
	});
});

describe('the rest of the system', () => {
	it('faults its evicted cache back in once memory is free again', () => {
		const { world, app, sh } = setup();
		const before = app.state().otherCachePages;
		const hog = app.spawn(sh.app, '/usr/local/bin/memhog', ['memhog', '200M']);
		expect(hog.ok).toBe(true);
		expect(app.state().otherCachePages).toBeLessThan(before);
		world.advance(1000);
		expect(app.state().otherCachePages).toBe(before);
		// So a second, identical memhog has to reclaim again.
		const second = app.spawn(sh.app, '/usr/local/bin/memhog', ['memhog', '200M']);
		expect(second.ok).toBe(true);
		expect(app.state().otherCachePages).toBeLessThan(before);
	});
});
