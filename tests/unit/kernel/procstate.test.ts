import { describe, expect, it } from 'vitest';
import { setup } from './helpers';

describe('process states as ps and /proc/PID/status show them', () => {
	it('an idle daemon sleeps; bash leads its session; the running ps is R+', () => {
		const { world, app, sh } = setup();
		expect(app.procState(1)).toMatchObject({ state: 'S', stat: 'Ss' });
		// bash & job: the daemon gets its own process group in the background.
		const server = app.spawn(sh.app, '/opt/app/bin/server', ['server']);
		if (!server.ok) throw new Error(server.errno);
		expect(app.setpgid(sh.app, server.value, server.value).ok).toBe(true);
		world.advance(5000);
		expect(app.procState(server.value)).toEqual({
			state: 'S',
			status: 'S (sleeping)',
			stat: 'S',
		});
		// A foreground job: its own group, made the terminal's foreground group.
		const ps = app.spawn(sh.app, '/usr/bin/ps', ['ps', 'aux']);
		if (!ps.ok) throw new Error(ps.errno);
		app.setpgid(sh.app, ps.value, ps.value);
		expect(app.tcsetpgrp(sh.app, ps.value).ok).toBe(true);
		expect(app.procState(ps.value, ps.value)).toMatchObject({ status: 'R (running)', stat: 'R+' });
		expect(app.procState(sh.app, ps.value)).toMatchObject({ status: 'S (sleeping)', stat: 'Ss' });
		expect(app.procState(server.value, ps.value)?.stat).toBe('S');
		// Back at the prompt, bash is the foreground group again.
		app.exit(ps.value, 0);
		app.wait4(sh.app, ps.value);
		app.tcsetpgrp(sh.app, sh.app);
		expect(app.procState(sh.app)?.stat).toBe('Ss+');
	});

	it('sleep sleeps, a stopped job is T, and a session leader cannot leave its group', () => {
		const { app, sh } = setup();
		const sleep = app.spawn(sh.app, '/bin/sleep', ['sleep', '100']);
		if (!sleep.ok) throw new Error(sleep.errno);
		expect(app.procState(sleep.value)?.state).toBe('S');
		app.kill(sh.app, sleep.value, 'SIGSTOP');
		expect(app.procState(sleep.value)?.status).toBe('T (stopped)');
		expect(app.setpgid(sh.app, sh.app, 0)).toEqual({ ok: false, errno: 'EPERM' });
		expect(app.tcsetpgrp(sh.app, 4242)).toEqual({ ok: false, errno: 'EPERM' });
	});
});
