import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel';
import { openShell } from '../../../src/bindings/shell-port';

/** A port on a fresh world that records every hook call in order. */
function port(host = 'app') {
	const world = createWorld({ seed: 1 });
	const calls: string[] = [];
	const shell = openShell(world, host, {
		output: (text) => calls.push(`out ${text}`),
		beforeLine: (line) => calls.push(`before ${line}`),
		afterLine: (line) => calls.push(`after ${line}`),
	});
	return { world, shell, calls };
}

describe('shell port: the seam between the lab and a session', () => {
	it('reports a typed line before and after it runs, and its output only after that', () => {
		const { shell, calls } = port();
		shell.write('echo h');
		shell.write('i\r');
		// Echo of each keystroke, then the hooks around the run, then the output and a new prompt.
		expect(calls).toEqual([
			'out e',
			'out c',
			'out h',
			'out o',
			'out  ',
			'out h',
			'out i',
			'out \n',
			'before echo hi',
			'after echo hi',
			'out hi\n',
			'out root@app:~# ',
		]);
	});

	it('lets the world change between before and after, as the lab needs to diff it', () => {
		const { world, shell } = port();
		const seen: string[] = [];
		const shell2 = openShell(world, 'app', {
			output: () => {},
			beforeLine: () => seen.push(`before: ${world.host('app').processes().length} processes`),
			afterLine: () => seen.push(`after: ${world.host('app').processes().length} processes`),
		});
		shell2.write('/opt/app/bin/server &\r');
		expect(seen).toHaveLength(2);
		expect(seen[0]).not.toBe(seen[1]);
		shell.dispose();
	});

	it('runs a replayed line without calling the hooks and returns what the terminal shows', () => {
		const { shell, calls } = port();
		expect(shell.runLine('/opt/app/bin/server &')).toBe(
			'[1] 4302\nserver[4302]: started (build v1)\n',
		);
		expect(shell.runLine('cp /root/server-v2 /opt/app/bin/server')).toBe(
			"cp: cannot create regular file '/opt/app/bin/server': Text file busy\n",
		);
		expect(calls).toEqual([]);
		// After a replay, typed lines are reported again.
		shell.write('pwd\r');
		expect(calls).toContain('before pwd');
		expect(calls).toContain('out /root\n');
	});

	it('keeps reporting typed lines after a replayed line failed to parse', () => {
		const { shell, calls } = port();
		expect(shell.runLine('echo "unterminated')).toMatch(/unexpected EOF/);
		shell.write('true\r');
		expect(calls).toContain('before true');
		expect(calls).toContain('after true');
	});

	it('gives the prompt and completions of the host it was opened on', () => {
		const { shell } = port('filer');
		expect(shell.prompt()).toBe('root@filer:~# ');
		shell.runLine('cd /export');
		expect(shell.prompt()).toBe('root@filer:/export# ');
		expect(shell.complete('ls b', 4)).toEqual({ start: 3, candidates: ['bin/'] });
	});

	it('stops forwarding output once disposed', () => {
		const { shell, calls } = port();
		shell.dispose();
		shell.write('echo gone\r');
		expect(calls.filter((c) => c.startsWith('out'))).toEqual([]);
	});
});
