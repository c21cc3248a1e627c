/**
 * Shell benchmark (not a test): the time to replay a 1,000-command session from scratch,
 * commands per second through the shell, and the size of the world's snapshot afterwards.
 * Run with `npm run bench` (scripts/bench.mjs bundles it first, as the site is built).
 */
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createWorld } from '../src/kernel/index';
import { createSession } from '../src/shell/index';

/**
 * One pass through what the chapters have a reader do, 50 lines: local names and inodes, Text
 * file busy, /proc, strace, NFS with the other hosts through ssh, a crash and its dmesg lines,
 * page cache and memory figures, background jobs and signals, and a few mistakes. Each pass
 * ends with no job running, so the session can repeat it.
 */
const pass = [
	'ulimit -c unlimited',
	'ls -li /opt/app/bin/server /root/server-v2',
	'/opt/app/bin/server &',
	'cat /proc/$!/maps',
	'fincore /opt/app/bin/server',
	'cp /root/server-v2 /opt/app/bin/server',
	'strace cp /root/server-v2 /opt/app/bin/server',
	'ls -l /proc/$!/exe',
	'kill -HUP %1',
	'stat /opt/app/bin/server',
	'kill %1',
	'jobs',
	'echo hello > /tmp/x',
	'echo more >> /tmp/x',
	'cat /tmp/x',
	'cp /tmp/x /tmp/y',
	'ln /tmp/y /tmp/h',
	'mv /tmp/y /tmp/z',
	'ls -li /tmp',
	'rm /tmp/z /tmp/h',
	'mkdir /tmp/d',
	'mv /tmp/x /tmp/d/x',
	'ls -l /tmp/d',
	'rm -r /tmp/d',
	'/mnt/nfs/bin/server &',
	'ps',
	'mount',
	'cat /mnt/nfs/etc/server.conf',
	'ssh filer ls -li /export/bin/server',
	'ssh build cp /root/out/server /mnt/nfs/bin/server',
	'ls -l /mnt/nfs/bin/server',
	'kill -HUP %1',
	'sleep 1',
	'dmesg',
	'fincore /mnt/nfs/bin/server',
	'cp /opt/app/bin/server /mnt/nfs/bin/server',
	'/mnt/nfs/bin/server &',
	'cat /proc/$!/maps',
	'strace truncate -s 0 /tmp/x',
	'free',
	'df',
	'nfsstat -c',
	'ssh build ls -l /mnt/nfs/bin',
	'kill -HUP %1',
	'kill %1',
	'sleep 1',
	'ls -a /mnt/nfs/bin',
	'nosuchcmd',
	'ls -z',
	'jobs',
];

const COMMANDS = 1000;

/** Replays the session in a fresh default world, as a reader's page would from a permalink. */
function session(): { ms: number; world: ReturnType<typeof createWorld>; output: number } {
	const start = performance.now();
	const world = createWorld({ seed: 7 });
	const sh = createSession(world, { host: 'app' });
	let output = 0;
	for (let i = 0; i < COMMANDS; i++) output += sh.runLine(pass[i % pass.length] as string).length;
	return { ms: performance.now() - start, world, output };
}

// Warm up the JIT so the figures describe steady state, as a page that has loaded would see.
const first = session();
for (let i = 0; i < 4; i++) session();

const RUNS = 15;
const runs: number[] = [];
for (let i = 0; i < RUNS; i++) {
	const run = session();
	// Every replay of the same lines in the same fresh world must print the same amount.
	if (run.output !== first.output) throw new Error('bench: replays printed different output');
	runs.push(run.ms);
}
const total = runs.reduce((a, b) => a + b, 0);
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)] as number;
const best = runs[0] as number;
const snapshot = JSON.stringify(first.world.snapshot());

console.log(
	`replay of a ${COMMANDS.toLocaleString('en')}-command session from scratch: ${median.toFixed(1)} ms median, ${best.toFixed(1)} ms best (${RUNS} runs after ${5} warm-up)`,
);
console.log(
	`commands per second through the shell: ${Math.round((COMMANDS * RUNS) / (total / 1000)).toLocaleString('en')}`,
);
console.log(
	`snapshot size after that session: ${snapshot.length.toLocaleString('en')} bytes of JSON, ${gzipSync(snapshot).length.toLocaleString('en')} bytes gzipped`,
);
