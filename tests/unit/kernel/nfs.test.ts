import { describe, expect, it } from 'vitest';
import { O_RDONLY, O_WRONLY, serverLayout } from '../../../src/kernel';
import { cp, ofType, readFile, setup } from './helpers';

const nfsBin = '/mnt/nfs/bin/server';

function rpcs(events: ReturnType<typeof setup>['events'], client: string) {
	return ofType(events, 'rpc').filter((e) => e.client === client);
}

describe('NFS attribute cache', () => {
	it('starts at acregmin, doubles while unchanged, caps at acregmax', () => {
		const { world, app, sh, events } = setup();
		expect(app.stat(sh.app, nfsBin).ok).toBe(true);
		const getattrs = () => rpcs(events, 'app').filter((e) => e.op === 'GETATTR').length;
		const timeouts: number[] = [];
		world.on((e) => {
			if (e.type === 'attr-cache' && e.path === nfsBin) timeouts.push(e.attrtimeo);
		});
		// Within acregmin (3 s) the cached attributes answer stat without a GETATTR.
		world.advance(2000);
		const before = getattrs();
		app.stat(sh.app, nfsBin);
		expect(getattrs()).toBe(before);
		world.advance(1500);
		app.stat(sh.app, nfsBin);
		expect(getattrs()).toBe(before + 1);
		expect(timeouts.at(-1)).toBe(6000);
		for (let i = 0; i < 8; i++) {
			world.advance(61_000);
			app.stat(sh.app, nfsBin);
		}
		expect(timeouts.slice(-3)).toEqual([60000, 60000, 60000]);
		expect(timeouts).toEqual([6000, 12000, 24000, 48000, 60000, 60000, 60000, 60000, 60000]);
	});

	it('resets attrtimeo to acregmin when the file changed', () => {
		const { world, app, build, sh } = setup();
		const timeouts: number[] = [];
		world.on((e) => {
			if (e.type === 'attr-cache' && e.host === 'app' && e.path === nfsBin) {
				timeouts.push(e.attrtimeo);
			}
		});
		app.stat(sh.app, nfsBin);
		world.advance(4000);
		app.stat(sh.app, nfsBin);
		world.advance(7000);
		app.stat(sh.app, nfsBin);
		expect(timeouts).toEqual([6000, 12000]);
		expect(build.chmod(sh.build, nfsBin, 0o700).ok).toBe(true);
		world.advance(13_000);
		app.stat(sh.app, nfsBin);
		expect(timeouts.at(-1)).toBe(3000);
	});

	it('sees another client’s change only after the attribute timeout, but at once on open', () => {
		const { world, app, build, sh } = setup();
		expect(app.stat(sh.app, nfsBin).ok).toBe(true);
		world.advance(1000);
		expect(build.truncate(sh.build, nfsBin, 4096).ok).toBe(true);
		// stat trusts the cache for acregmin…
		const cached = app.stat(sh.app, nfsBin);
		expect(cached.ok && cached.value.size).toBe(serverLayout.sizes.v1);
		// …but close-to-open sends GETATTR however fresh the cache is.
		const fd = app.openat(sh.app, nfsBin, O_RDONLY);
		expect(fd.ok).toBe(true);
		if (fd.ok) {
			const st = app.fstat(sh.app, fd.value);
			expect(st.ok && st.value.size).toBe(4096);
		}
	});

	it('sends GETATTR on every open (close-to-open)', () => {
		const { app, sh, events } = setup();
		for (let i = 0; i < 3; i++) {
			const fd = app.openat(sh.app, '/mnt/nfs/etc/server.conf', O_RDONLY);
			expect(fd.ok).toBe(true);
			if (fd.ok) app.close(sh.app, fd.value);
		}
		const ops = rpcs(events, 'app').map((e) => e.op);
		// The first open looks the names up; the next two revalidate the cached dentry.
		expect(ops.filter((op) => op === 'LOOKUP')).toHaveLength(2);
		expect(ops.filter((op) => op === 'GETATTR')).toHaveLength(2);
	});
});

describe('NFS: the binary changes under a running process', () => {
	function runningOnApp(seed = 1) {
		const ctx = setup(seed);
		ctx.app.setCoreLimit(ctx.sh.app, -1);
		const pid = ctx.app.spawn(ctx.sh.app, nfsBin, ['server']);
		if (!pid.ok) throw new Error(pid.errno);
		return { ...ctx, pid: pid.value };
	}

	it('rewritten in place by another client: the next cold page runs new bytes', () => {
		const outcomes = new Set<string>();
		for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
			const { app, build, sh, pid, events } = runningOnApp(seed);
			expect(cp(build, sh.build, '/root/out/server', nfsBin)).toBe(true);
			app.kill(sh.app, pid, 'SIGHUP');
			const exit = ofType(events, 'exit').find((e) => e.pid === pid && e.host === 'app');
			expect(exit?.status.kind).toBe('signaled');
			if (exit?.status.kind === 'signaled') {
				outcomes.add(exit.status.signal);
				expect(exit.shellStatus).toBe(exit.status.signal === 'SIGSEGV' ? 139 : 132);
			}
			const log = app.dmesg().map((l) => l.text);
			const line = log.find((l) => l.startsWith('server[') || l.startsWith('traps:')) ?? '';
			if (exit?.status.kind === 'signaled' && exit.status.signal === 'SIGSEGV') {
				// show_opcodes() follows: 42 bytes, the one at ip in <>, 21 more.
				expect(log.at(-1)).toMatch(/^Code: ([0-9a-f]{2} ){42}<[0-9a-f]{2}>( [0-9a-f]{2}){21}$/);
				expect(line).toMatch(
					/^server\[\d+\]: segfault at [0-9a-f]+ ip [0-9a-f]{16} sp [0-9a-f]{16} error 4 in server\[[0-9a-f]+,[0-9a-f]+\+[0-9a-f]+\]/,
				);
			} else {
				expect(line).toMatch(
					/^traps: server\[\d+\] trap invalid opcode ip:[0-9a-f]+ sp:[0-9a-f]+ error:0 in server\[/,
				);
			}
		}
		expect([...outcomes].sort()).toEqual(['SIGILL', 'SIGSEGV']);
	});

	it('rewritten with identical bytes: the reload runs fine', () => {
		const { app, filer, sh, pid, events } = runningOnApp();
		expect(cp(filer, sh.filer, '/export/bin/server', '/tmp/server-copy')).toBe(true);
		expect(cp(filer, sh.filer, '/tmp/server-copy', '/export/bin/server')).toBe(true);
		app.kill(sh.app, pid, 'SIGHUP');
		expect(app.process(pid)?.state).not.toBe('Z');
		const text = ofType(events, 'console').map((e) => e.text);
		expect(text).toContain(`server[${pid}]: reloaded configuration (build v1)\n`);
	});

	it('truncated on the server: SIGBUS BUS_ADRERR even with a stale cached size, and no dmesg line', () => {
		const { world, app, filer, sh, pid, events } = runningOnApp();
		world.advance(1000);
		expect(filer.truncate(sh.filer, '/export/bin/server', 1 << 20).ok).toBe(true);
		const cached = app.peekStat(nfsBin);
		expect(cached?.size).toBe(serverLayout.sizes.v1);
		const mark = events.length;
		app.kill(sh.app, pid, 'SIGHUP');
		const after = events.slice(mark);
		expect(
			after.filter((e) => e.type === 'rpc').map((e) => (e.type === 'rpc' ? e.op : '')),
		).toEqual(['READ']);
		const signal = ofType(after, 'signal').find((e) => e.disposition === 'fatal');
		expect(signal).toMatchObject({ signal: 'SIGBUS', signo: 7, code: 2, codeName: 'BUS_ADRERR' });
		expect(ofType(after, 'exit')[0]).toMatchObject({ shellStatus: 135, status: { core: true } });
		expect(app.dmesg()).toEqual([]);
	});

	it('replaced by another client (new inode): READ gets NFS3ERR_STALE and the process gets SIGBUS', () => {
		const { app, build, sh, pid, events } = runningOnApp();
		// install(1): unlink, then create a new file.
		expect(build.unlink(sh.build, nfsBin).ok).toBe(true);
		expect(cp(build, sh.build, '/root/out/server', nfsBin)).toBe(true);
		app.kill(sh.app, pid, 'SIGHUP');
		const stale = ofType(events, 'rpc').filter(
			(e) => e.client === 'app' && e.status === 'NFS3ERR_STALE',
		);
		expect(stale.map((e) => e.op)).toEqual(['READ']);
		expect(ofType(events, 'exit').find((e) => e.pid === pid && e.host === 'app')?.shellStatus).toBe(
			135,
		);
		// A new open on the app finds the new file by LOOKUP.
		const restarted = app.spawn(sh.app, nfsBin, ['server']);
		expect(restarted.ok).toBe(true);
		if (restarted.ok) expect(app.runningBuild(restarted.value)).toBe('v2');
	});

	it('a stale inode fails further page-ins without asking the server', () => {
		const { world, app, build, sh, pid, events } = runningOnApp();
		expect(build.rename(sh.build, '/mnt/nfs/etc/server.conf', nfsBin).ok).toBe(true);
		const second = app.spawn(sh.app, '/opt/app/bin/server', ['server']);
		expect(second.ok).toBe(true);
		// The other server's stat makes the first answer STALE; then its next fault needs no RPC.
		app.stat(sh.app, nfsBin);
		world.advance(4000);
		app.stat(sh.app, nfsBin);
		const mark = events.length;
		app.kill(sh.app, pid, 'SIGHUP');
		expect(ofType(events.slice(mark), 'rpc')).toHaveLength(0);
		expect(app.process(pid)?.exit).toMatchObject({ signal: 'SIGBUS' });
	});

	it('old code keeps running from cached pages, even after drop_caches, until revalidation invalidates them', () => {
		const { world, app, build, sh, pid, events } = runningOnApp(5);
		app.kill(sh.app, pid, 'SIGHUP');
		expect(cp(build, sh.build, '/root/out/server', nfsBin)).toBe(true);
		app.kill(sh.app, pid, 'SIGHUP');
		app.dropCaches(3);
		app.kill(sh.app, pid, 'SIGHUP');
		expect(app.process(pid)?.state).not.toBe('Z');
		const reloads = ofType(events, 'console').filter((e) => e.text.includes('reloaded'));
		expect(reloads).toHaveLength(3);
		// Page faults never revalidate: the clock passing does nothing by itself.
		world.advance(120_000);
		expect(app.process(pid)?.state).not.toBe('Z');
		// A new instance on the same client reads the file: GETATTR sees the change and
		// invalidate_inode_pages2 drops and unmaps the old instance's pages.
		const fresh = app.spawn(sh.app, nfsBin, ['server']);
		expect(fresh.ok).toBe(true);
		const invalidation = ofType(events, 'invalidate').at(-1);
		expect(invalidation?.unmapped).toContain(pid);
		world.advance(1000);
		expect(app.process(pid)?.exit?.kind).toBe('signaled');
		if (fresh.ok) expect(app.process(fresh.value)?.state).not.toBe('Z');
	});

	it('reading the file with cat after the attribute timeout invalidates too', () => {
		const { world, app, build, sh, pid } = runningOnApp(5);
		app.kill(sh.app, pid, 'SIGHUP');
		expect(cp(build, sh.build, '/root/out/server', nfsBin)).toBe(true);
		world.advance(61_000);
		expect(readFile(app, sh.app, '/mnt/nfs/etc/server.conf')).toContain('port');
		expect(app.process(pid)?.state).not.toBe('Z');
		expect(readFile(app, sh.app, nfsBin)?.length).toBe(serverLayout.sizes.v2);
		world.advance(1000);
		expect(app.process(pid)?.exit?.kind).toBe('signaled');
	});
});

describe('NFS silly rename', () => {
	it('renames an in-use file on unlink from the same client and removes it when the last user goes', () => {
		const { app, filer, sh, events } = setup();
		const pid = app.spawn(sh.app, nfsBin, ['server']);
		expect(pid.ok).toBe(true);
		if (!pid.ok) return;
		expect(app.unlink(sh.app, nfsBin).ok).toBe(true);
		const silly = ofType(events, 'silly-rename')[0];
		expect(silly?.to).toMatch(/^\.nfs[0-9a-f]{16}[0-9a-f]{8}$/);
		const names = (dir: string) => {
			const list = filer.readdir(sh.filer, dir);
			return list.ok ? list.value.map((e) => e.name) : [];
		};
		expect(names('/export/bin')).toContain(silly?.to);
		expect(names('/export/bin')).not.toContain('server');
		expect(app.exeLink(pid.value)).toBe(`/mnt/nfs/bin/${silly?.to ?? ''}`);
		// The handle stays valid: a reload pages in cold code without trouble.
		app.kill(sh.app, pid.value, 'SIGHUP');
		expect(app.process(pid.value)?.state).not.toBe('Z');
		app.kill(sh.app, pid.value, 'SIGTERM');
		expect(names('/export/bin')).toEqual(['.', '..']);
		const removes = ofType(events, 'rpc').filter((e) => e.op === 'REMOVE');
		expect(removes.map((e) => e.name)).toEqual([silly?.to]);
	});

	it('silly-renames the target of a rename over an in-use file', () => {
		const { app, sh, events } = setup();
		const pid = app.spawn(sh.app, nfsBin, ['server']);
		expect(pid.ok).toBe(true);
		expect(cp(app, sh.app, '/root/server-v2', '/mnt/nfs/bin/server.new')).toBe(true);
		expect(app.rename(sh.app, '/mnt/nfs/bin/server.new', nfsBin).ok).toBe(true);
		expect(ofType(events, 'silly-rename')).toHaveLength(1);
		if (pid.ok) {
			app.kill(sh.app, pid.value, 'SIGHUP');
			expect(app.process(pid.value)?.state).not.toBe('Z');
		}
		expect(app.openat(sh.app, nfsBin, O_WRONLY).ok).toBe(true);
	});

	it('rename across filesystems is EXDEV', () => {
		const { app, sh } = setup();
		expect(app.rename(sh.app, '/root/server-v2', nfsBin)).toEqual({ ok: false, errno: 'EXDEV' });
	});
});

describe('NFS edge cases', () => {
	it('refuses to remove a silly-renamed file by hand (EBUSY)', () => {
		const { app, sh, events } = setup();
		const pid = app.spawn(sh.app, nfsBin, ['server']);
		expect(pid.ok).toBe(true);
		expect(app.unlink(sh.app, nfsBin).ok).toBe(true);
		const silly = ofType(events, 'silly-rename')[0]?.to ?? '';
		expect(app.unlink(sh.app, `/mnt/nfs/bin/${silly}`)).toEqual({ ok: false, errno: 'EBUSY' });
	});

	it('a binary the filer itself runs answers client writes with EIO (nfserrno maps -ETXTBSY)', () => {
		const { app, filer, sh } = setup();
		const pid = filer.spawn(sh.filer, '/export/bin/server', ['server']);
		expect(pid.ok).toBe(true);
		expect(filer.openat(sh.filer, '/export/bin/server', O_WRONLY)).toEqual({
			ok: false,
			errno: 'ETXTBSY',
		});
		// The client's open succeeds (it knows nothing); the truncating SETATTR fails on the server.
		expect(app.truncate(sh.app, nfsBin, 0)).toEqual({ ok: false, errno: 'EIO' });
		expect(filer.peekStat('/export/bin/server')?.size).toBe(serverLayout.sizes.v1);
	});

	it('keeps using the cached name after a rename on another client until the directory times out', () => {
		const { world, app, build, sh } = setup();
		const first = app.stat(sh.app, nfsBin);
		expect(build.rename(sh.build, '/mnt/nfs/etc/server.conf', nfsBin).ok).toBe(true);
		// The old handle is gone on the server: stat gets ESTALE, looks the name up again and
		// finds the new file (retry_estale).
		world.advance(4000);
		const second = app.stat(sh.app, nfsBin);
		expect(first.ok && second.ok && first.value.ino !== second.value.ino).toBe(true);
		expect(second.ok && second.value.size).toBe(24);
	});
});

describe('NFS dentry cache', () => {
	it('resolves a name renamed over by another client to the old file until acdirmin expires', () => {
		const { world, app, build, sh } = setup();
		// A second name keeps the old inode alive on the server, as a release directory does.
		expect(app.link(sh.app, nfsBin, '/mnt/nfs/bin/server.v1').ok).toBe(true);
		const old = app.stat(sh.app, nfsBin);
		expect(cp(build, sh.build, '/root/out/server', '/mnt/nfs/bin/server.new')).toBe(true);
		expect(build.rename(sh.build, '/mnt/nfs/bin/server.new', nfsBin).ok).toBe(true);
		world.advance(5000);
		const early = app.spawn(sh.app, nfsBin, ['server']);
		expect(early.ok).toBe(true);
		if (early.ok) expect(app.runningBuild(early.value)).toBe('v1');
		world.advance(30_000);
		const late = app.spawn(sh.app, nfsBin, ['server']);
		expect(late.ok).toBe(true);
		if (late.ok) expect(app.runningBuild(late.value)).toBe('v2');
		const now = app.stat(sh.app, nfsBin);
		expect(old.ok && now.ok && old.value.ino !== now.value.ino).toBe(true);
	});
});
