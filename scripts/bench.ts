/**
 * Shell benchmark (not a test): commands per second through the shell, the time to replay a
 * 1,000-command session from scratch, and the size of a world snapshot afterwards.
 * Run with `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import { createWorld } from '../src/kernel/index';
import { createSession } from '../src/shell/index';

/** A plausible reader's session: local and NFS work, jobs, errors, /proc, strace. */
const pattern = [
	'ls -l /mnt/nfs/bin',
	'cat /export/etc/server.conf',
	'echo hello > /tmp/x',
	'echo more >> /tmp/x',
	'cat /tmp/x',
	'cp /tmp/x /tmp/y',
	'mv /tmp/y /tmp/z',
	'rm /tmp/z',
	'stat /tmp/x',
	'ls -i /opt/app/bin',
	'sleep 0.1',
	'jobs',
	'ps',
	'free',
	'df',
	'nfsstat -c',
	'fincore /opt/app/bin/server',
	'strace truncate -s 0 /tmp/x',
	'nosuchcmd',
	'ls -z',
];

function session(count: number): { ms: number; world: ReturnType<typeof createWorld> } {
	const start = performance.now();
	const world = createWorld({ seed: 7 });
	const sh = createSession(world, { host: 'app' });
	sh.runLine('/mnt/nfs/bin/server &');
	sh.runLine('cat /mnt/nfs/etc/server.conf');
	for (let i = 0; i < count - 2; i++) sh.runLine(pattern[i % pattern.length] as string);
	return { ms: performance.now() - start, world };
}

// Warm up the JIT so the figures describe steady state, as a page that has loaded would see.
for (let i = 0; i < 3; i++) session(1000);

const runs: number[] = [];
let last = session(1000);
for (let i = 0; i < 10; i++) {
	last = session(1000);
	runs.push(last.ms);
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)] as number;
const best = runs[0] as number;

const long = session(10000);
const snapshot = JSON.stringify(last.world.snapshot());

console.log(`commands per second through the shell: ${Math.round(10000 / (long.ms / 1000))}`);
console.log(
	`replay of a 1,000-command session from scratch: ${median.toFixed(1)} ms median, ${best.toFixed(1)} ms best (10 runs)`,
);
console.log(`snapshot size after that session: ${snapshot.length} bytes`);
