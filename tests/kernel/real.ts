/**
 * The real-kernel side: each scenario runs in a fresh copy of the world under a scratch folder,
 * with real programs, a real bash on a pty, a bindfs (FUSE) mount standing in for app's NFS
 * mount, and a small tmpfs standing in for /dev/shm. See mapping.ts for how paths and hosts map.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAULT_SIGNALS, siCodeName, type Fault, type Run } from '../scenarios/observe';
import { stepText, type Scenario } from '../scenarios/types';
import { fromReal, homeOf, initialDirs, initialFiles, splitHost, toReal } from './mapping';
import { RealShell } from './shell';

const programsDir = join(dirname(fileURLToPath(import.meta.url)), 'programs');

/** Size of the tmpfs that stands in for /dev/shm: the simulated hosts have 64 MiB. */
const SHM_SIZE = '64m';

function sh(command: string, args: string[]): string {
	return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function quiet(command: string, args: string[]): boolean {
	try {
		execFileSync(command, args, { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Kernel settings a run changes, and what they were, so they can be put back. */
interface Saved {
	path: string;
	value: string;
}

/** A prepared machine: compiled programs and the settings the scenarios need. */
export class RealLab {
	readonly root: string;
	#saved: Saved[] = [];
	#mounts: string[] = [];
	#shells = new Set<RealShell>();
	#count = 0;

	private constructor(root: string) {
		this.root = root;
	}

	/** Compiles the programs and pins core_pattern; call close() in a finally. */
	static prepare(): RealLab {
		const lab = new RealLab(mkdtempSync(join(tmpdir(), 'bus-error-kernel-')));
		try {
			mkdirSync(join(lab.root, 'programs'));
			const cc = (out: string, source: string, defines: string[] = []) =>
				sh('gcc', [
					'-O2',
					'-Wall',
					...defines,
					'-o',
					join(lab.root, 'programs', out),
					join(programsDir, source),
				]);
			cc('server-v1', 'server.c', ['-DBUILD=1']);
			cc('server-v2', 'server.c', ['-DBUILD=2']);
			checkServerLayout(join(lab.root, 'programs'));
			cc('mapreader', 'mapreader.c');
			cc('shmwriter', 'shmwriter.c');
			// The simulation writes a file named "core" in the process's working directory
			// (src/kernel/README.md, "Core dumps"). A pipe core_pattern (systemd-coredump, apport)
			// would dump even with ulimit -c 0 (fs/coredump.c: a pipe ignores RLIMIT_CORE unless it
			// is 1), so the run pins the plain pattern and restores the old one afterwards.
			lab.#set('/proc/sys/kernel/core_pattern', 'core');
			lab.#set('/proc/sys/kernel/core_uses_pid', '0');
		} catch (error) {
			lab.close();
			throw error;
		}
		return lab;
	}

	#set(path: string, value: string): void {
		const old = readFileSync(path, 'utf8').replace(/\n$/, '');
		if (old === value) return;
		this.#saved.push({ path, value: old });
		sh('sh', ['-c', `printf '%s\\n' "$1" > "$2"`, 'set', value, path]);
	}

	/** What core_pattern is during the run. */
	get corePattern(): string {
		return readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
	}

	/** Runs one scenario in a fresh world; always unmounts and kills what it started. */
	async run(scenario: Scenario): Promise<Run & { error?: string }> {
		const dir = join(this.root, `s${++this.#count}`);
		for (const d of initialDirs) mkdirSync(join(dir, d), { recursive: true });
		for (const f of initialFiles) {
			copyFileSync(join(this.root, 'programs', `server-${f.build}`), join(dir, f.path));
		}
		for (const p of ['mapreader', 'shmwriter']) {
			copyFileSync(join(this.root, 'programs', p), join(dir, 'bin', p));
		}
		const mnt = join(dir, 'mnt');
		const shm = join(dir, 'shm');
		let shell: RealShell | undefined;
		const run: Run = { steps: [], faults: [] };
		try {
			this.#mount(['-t', 'tmpfs', '-o', `size=${SHM_SIZE}`, 'tmpfs', shm], shm);
			// --no-allow-other: only root (us) uses it. bindfs does not ask for FOPEN_KEEP_CACHE,
			// so an open of the file invalidates its cached pages (fs/fuse/file.c calls
			// invalidate_inode_pages2() at open), as an NFS open does once the file has changed.
			sh('bindfs', ['--no-allow-other', join(dir, 'export'), mnt]);
			this.#mounts.push(mnt);
			const faultLog = join(dir, 'faults');
			shell = await RealShell.start({
				dir,
				cwd: join(dir, homeOf('app')),
				env: {
					PATH: `${join(dir, 'bin')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
					HOME: join(dir, homeOf('app')),
					LANG: 'C.UTF-8',
					FAULT_LOG: faultLog,
					SHM_DIR: shm,
				},
				// Debian's default: no core files, but the reader may raise the soft limit.
				rcLines: ['ulimit -Sc 0'],
			});
			this.#shells.add(shell);
			for (const step of scenario.steps) {
				const typed = stepText(step);
				const { host, command } = splitHost(typed);
				let real = toReal(host, command, dir);
				if (host !== 'app') real = `(cd '${join(dir, homeOf(host))}' && ${real})`;
				const result = await shell.run(real);
				const output = fromReal('app', fromReal(host, result.output, dir), dir);
				run.steps.push({ command: typed, host: 'app', output });
				if (result.timedOut) throw new Error(`timed out after: ${typed}`);
			}
			run.faults = readFaults(faultLog);
			return run;
		} catch (error) {
			run.faults = readFaults(join(dir, 'faults'));
			return { ...run, error: error instanceof Error ? error.message : String(error) };
		} finally {
			if (shell) {
				shell.kill();
				await shell.closed();
				this.#shells.delete(shell);
			}
			this.#unmountAll();
			removeTree(dir);
		}
	}

	#mount(args: string[], target: string): void {
		sh('mount', args);
		this.#mounts.push(target);
	}

	#unmountAll(): void {
		for (const target of this.#mounts.splice(0).reverse()) unmount(target);
	}

	/** Kills every session, unmounts everything, restores settings and removes the scratch folder. */
	close(): void {
		for (const shell of this.#shells) shell.kill();
		this.#shells.clear();
		this.#unmountAll();
		for (const { path, value } of this.#saved.splice(0).reverse()) {
			try {
				sh('sh', ['-c', `printf '%s\\n' "$1" > "$2"`, 'set', value, path]);
			} catch (error) {
				console.error(`could not restore ${path} to ${JSON.stringify(value)}: ${String(error)}`);
			}
		}
		removeTree(this.root);
	}
}

/**
 * Removes a scratch folder. Killed processes may still be exiting (writing a core, closing
 * files) for a moment, so busy and not-empty errors are retried.
 */
function removeTree(path: string): void {
	for (let attempt = 0; attempt < 3 && existsSync(path); attempt++) {
		try {
			rmSync(path, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
		} catch (error) {
			if (attempt === 2) console.error(`could not remove ${path}: ${String(error)}`);
		}
	}
}

/**
 * The scenarios rely on where the linker put the server's code (programs/server.c): main and the
 * SIGHUP handler together at the start, the reload page at least 1 MiB later and page-aligned,
 * and v2's reload code 256 bytes further in than v1's. A different toolchain could lay it out
 * otherwise and quietly change what the scenarios test, so check it.
 */
function checkServerLayout(dir: string): void {
	const symbols = (build: string) => {
		const table = new Map<string, number>();
		for (const line of sh('nm', [join(dir, `server-${build}`)]).split('\n')) {
			const [address, , name] = line.split(' ');
			if (address && name) table.set(name, parseInt(address, 16));
		}
		return table;
	};
	const v1 = symbols('v1');
	const v2 = symbols('v2');
	const hot = Math.max(v1.get('main') ?? Infinity, v1.get('on_hup') ?? Infinity);
	const reload = v1.get('reload_config') ?? -1;
	const problems = [
		reload - hot < 1 << 20 && 'the reload page is not 1 MiB past main and on_hup',
		reload % 4096 !== 0 && 'the reload page is not page-aligned',
		v2.get('reload_config') !== reload + 256 && 'v2 does not move the reload code by 256 bytes',
	].filter(Boolean);
	if (problems.length > 0) {
		throw new Error(`programs/server.c was laid out unexpectedly: ${problems.join('; ')}`);
	}
}

/** Unmounts a FUSE or tmpfs mount, lazily if it is busy. */
export function unmount(target: string): void {
	if (!existsSync(target)) return;
	if (quiet('fusermount3', ['-u', target]) || quiet('umount', [target])) return;
	quiet('umount', ['-l', target]);
}

/** The faults the programs' handlers recorded ("pid signo si_code" lines, tests/kernel/programs). */
function readFaults(path: string): Fault[] {
	if (!existsSync(path)) return [];
	return readFileSync(path, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const [pid, signo, code] = line.split(' ').map(Number);
			const signal = FAULT_SIGNALS[signo ?? 0] ?? `signal ${signo}`;
			return { pid: pid ?? 0, signal, siCode: siCodeName(signal, code ?? 0) };
		});
}
