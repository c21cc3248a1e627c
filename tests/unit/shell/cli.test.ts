import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const sim = join(process.cwd(), 'src', 'cli', 'sim.ts');

describe('the headless runner', () => {
	it('prints the transcript of a script file, one prompt per line', () => {
		const dir = mkdtempSync(join(tmpdir(), 'sim-'));
		const file = join(dir, 'script.sh');
		writeFileSync(file, 'hostname\ncd /mnt/nfs\nls\n');
		expect(execFileSync(tsx, [sim, '--seed', '3', file], { encoding: 'utf8' })).toBe(
			'root@app:~# hostname\napp\nroot@app:~# cd /mnt/nfs\nroot@app:/mnt/nfs# ls\nbin  etc\n',
		);
	}, 30_000);

	it('reads standard input for -', () => {
		const r = spawnSync(tsx, [sim, '-'], { input: 'echo hi\n', encoding: 'utf8' });
		expect(r.stdout).toBe('root@app:~# echo hi\nhi\n');
		expect(r.status).toBe(0);
	}, 30_000);

	it('exits 2 with a clear message for a missing file or bad usage', () => {
		const missing = spawnSync(tsx, [sim, '/nonexistent/script'], { encoding: 'utf8' });
		expect(missing.status).toBe(2);
		expect(missing.stderr).toBe('sim: /nonexistent/script: No such file or directory\n');
		const bad = spawnSync(tsx, [sim, '--seed', 'x', 'f'], { encoding: 'utf8' });
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('sim: --seed needs a non-negative integer');
		const none = spawnSync(tsx, [sim], { encoding: 'utf8' });
		expect(none.status).toBe(2);
		expect(none.stderr).toBe('sim: no script given\nusage: sim [--seed N] FILE|-\n');
	}, 30_000);
});
