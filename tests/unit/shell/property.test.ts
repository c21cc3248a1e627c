import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { createSession } from '../../../src/shell/index';
import { TOOL_CALL_LIMIT } from '../../../src/shell/session';

const paths = [
	'/mnt/nfs/bin/server',
	'/opt/app/bin/server',
	'/root/server-v2',
	'/tmp/x',
	'/tmp',
	'/export/bin/server',
	'/proc/self/maps',
	'/proc/4302/exe',
	'/nonexistent',
	'server',
	'.',
	'~',
	'"a b"',
	"'*'",
	'*',
];
const commands = [
	'ls',
	'ls -l',
	'ls -lia',
	'cat',
	'cp',
	'cp --remove-destination',
	'mv',
	'rm',
	'rm -rf',
	'install',
	'truncate -s 0',
	'truncate -s',
	'touch',
	'mkdir -p',
	'stat',
	'ln',
	'ln -s',
	'dd of=/tmp/x bs=1M if=',
	'rsync',
	'rsync --inplace',
	'fincore',
	'strace cp /tmp/x',
	'head -c 10',
	'md5sum',
	'cd',
	'echo',
	'kill',
	'kill -HUP',
	'kill -l',
	'wait',
	'jobs',
	'sleep 0.5',
	'ssh build',
	'ssh filer truncate -s 0',
	'ssh nosuchhost',
	'ulimit -c',
	'nosuchcmd',
	'memhog 8M',
	'shmwriter 1M',
	'mapreader',
];
const fixed = [
	'/mnt/nfs/bin/server &',
	'./server &',
	'cd /opt/app/bin',
	'kill %1',
	'kill -9 %2',
	'wait $!',
	'echo $? $!',
	'echo 3 > /proc/sys/vm/drop_caches',
	'cat /proc/meminfo | grep Mem',
	'free',
	'df',
	'ps -ef',
	'mount',
	'nfsstat',
	'dmesg',
	'history',
	'help',
	'exit',
	'ssh app',
	'sleep 1 &',
	'P=$!; echo $P',
	'false || echo no && echo yes',
	'cat /dev/zero | head -c 10 | wc -c',
	'cat /dev/zero > /dev/null',
	'for i in 1 2; do echo $i; done',
	'while true; do :; done',
	'if [ -d /tmp ]; then echo d; else echo f; fi',
	'echo $((1/0)); echo `hostname`',
	'!!',
	'tail -f /mnt/nfs/etc/server.conf',
	'( sleep 2; echo hi ) &',
	'sleep 1 && echo done &',
	'{ sleep 1; kill -HUP $P; } &',
	'while true; do sleep 1; done &',
	'for i in 1 2; do sleep 0.5; echo $i; done &',
	'( exit 3 ) &',
	'cat /mnt/nfs/bin/server | head -c 100 | wc -c',
	"printf 'a\\0b' | cat",
	'set -o pipefail',
	'set +o pipefail',
	'set -x',
	'echo $? ${PIPESTATUS[@]} ${PIPESTATUS[1]} $BASHPID',
	'cd /tmp | cat; exit 3 | cat',
	'jobs | cat',
];
const junk = [
	'',
	';',
	'&&',
	'|',
	'&',
	'"',
	"'",
	'>',
	'2>&1',
	'$(',
	'`',
	'\\',
	')',
	'((',
	'>>',
	'<',
];

/** A plausible command line, or noise a reader might type. */
const line = fc.oneof(
	fc
		.tuple(fc.constantFrom(...commands), fc.array(fc.constantFrom(...paths), { maxLength: 3 }))
		.map(([c, args]) => [c, ...args].join(' ')),
	fc.constantFrom(...fixed),
	fc
		.array(fc.constantFrom(...junk, ...paths, ...commands), { maxLength: 5 })
		.map((p) => p.join(' ')),
	fc.string({ maxLength: 20 }),
);

describe('the shell under random input', () => {
	it('never throws and always answers with a string', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1000 }),
				fc.array(line, { maxLength: 25 }),
				(seed, lines) => {
					const world = createWorld({ seed });
					const session = createSession(world);
					let calls = 0;
					world.on((e) => {
						if (e.type === 'syscall') calls++;
					});
					for (const l of lines) {
						calls = 0;
						const out = session.runLine(l);
						expect(typeof out).toBe('string');
						// No line, endless or not, makes more kernel calls than three tools' budgets.
						expect(calls).toBeLessThanOrEqual(3 * TOOL_CALL_LIMIT);
						expect(session.prompt()).toMatch(/^root@(app|build|filer):[~/][^\n]*# $/);
					}
				},
			),
			{ numRuns: 100 },
		);
	}, 120_000);

	it('is deterministic: the same seed and lines give the same transcript', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1000 }),
				fc.array(line, { maxLength: 12 }),
				(seed, lines) => {
					const run = (): string => {
						const session = createSession(createWorld({ seed }));
						return lines.map((l) => session.runLine(l)).join('\u0000');
					};
					expect(run()).toBe(run());
				},
			),
			{ numRuns: 30 },
		);
	}, 120_000);

	it('survives arbitrary keystrokes through the line editor', () => {
		const key = fc.oneof(
			fc.constantFrom(
				'\r',
				'\x7f',
				'\t',
				'\x03',
				'\x0c',
				'\x15',
				'\x1b[A',
				'\x1b[B',
				'\x1b[C',
				'\x1b[D',
				'\x1b[H',
				'\x1b[F',
				'\x1b[3~',
				'\x1b',
			),
			fc.string({ maxLength: 6 }),
		);
		fc.assert(
			fc.property(fc.array(key, { maxLength: 40 }), (keys) => {
				const session = createSession(createWorld({ seed: 1 }));
				let out = '';
				session.onOutput((d) => {
					out += d;
				});
				for (const k of keys) session.write(k);
				expect(typeof out).toBe('string');
			}),
			{ numRuns: 100 },
		);
	});
});
