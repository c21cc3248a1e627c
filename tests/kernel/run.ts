/**
 * npm run test:kernel: replays every scenario on this machine's real kernel and in the
 * simulation, compares them field by field, adds the alignment lab's cases (qemu-user, the cross
 * compilers, and x86 natively), writes content/evidence/real-kernel.json for the "How we know"
 * page, and ends with "N passed, M failed". Above that line it prints the same count split by
 * what checked each case, because only the real-kernel cases are agreement with Linux.
 *
 * Outside CI a machine that lacks a prerequisite gets a message and exit status 0; in CI
 * (CI=true) that is a failure. Every mount, process and kernel setting the run touches is put back
 * in a finally, and on SIGINT/SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { scenarios } from '../scenarios/index';
import { explainFailure, passed, toEvidence } from './compare';
import { CHECKED_BY, countCases, type EvidenceCase, type EvidenceReport } from './evidence';
import { describeMissing, missingPrerequisites } from './prereqs';
import { RealLab } from './real';
import type { SideRun } from './compare';
import { stepText, type Scenario } from '../scenarios/types';

const here = dirname(fileURLToPath(import.meta.url));
const reportPath = join(here, '..', '..', 'content', 'evidence', 'real-kernel.json');
const inCi = process.env.CI === 'true';

/** The alignment lab's cases (tests/kernel/alignment), if that module is there. */
async function alignmentCases(): Promise<EvidenceCase[]> {
	const path = join(here, 'alignment', 'index.ts');
	if (!existsSync(path)) return [];
	const mod = (await import(pathToFileURL(path).href)) as {
		alignmentCases?: () => Promise<EvidenceCase[]>;
	};
	return typeof mod.alignmentCases === 'function' ? mod.alignmentCases() : [];
}

/**
 * The simulation's runner, loaded on its own: if src/kernel or src/shell does not even load, the
 * real kernel still runs and every case reports the simulation's error instead of the run dying.
 */
async function loadSimulation(): Promise<(scenario: Scenario) => SideRun> {
	try {
		return (await import('./sim')).runSim;
	} catch (error) {
		const message = `the simulation failed to load: ${error instanceof Error ? error.message : String(error)}`;
		console.log(`✗ ${message}`);
		return () => ({ steps: [], faults: [], error: message });
	}
}

/** The file system type of a folder, as findmnt names it ("ext4", "tmpfs"). */
function fsType(path: string): string {
	try {
		return execFileSync('findmnt', ['-no', 'FSTYPE', '-T', path], { encoding: 'utf8' }).trim();
	} catch {
		return 'unknown file system';
	}
}

/**
 * Where a scenario's real side runs, in words: the NFS paths are a bindfs mount, /dev/shm a
 * tmpfs, everything else the scratch folder's own file system (mapping.ts).
 */
function placeOf(scenario: Scenario, kernel: string, scratchFs: string): string {
	const text = scenario.steps.map(stepText).join('\n');
	const linux = `Linux ${/^\d+\.\d+(\.\d+)?/.exec(kernel)?.[0] ?? kernel} x86-64`;
	if (/\/mnt\/nfs|\/export\b|^ssh (filer|build)/m.test(text)) {
		return `${linux}, bindfs (FUSE) standing in for NFS`;
	}
	if (/\/dev\/shm|shmwriter/.test(text)) return `${linux} (tmpfs)`;
	return `${linux} (${scratchFs})`;
}

async function main(): Promise<number> {
	const started = Date.now();
	const missing = missingPrerequisites();
	if (missing.length > 0) {
		console.log(describeMissing(missing));
		if (inCi) {
			console.log('0 passed, 1 failed');
			return 1;
		}
		console.log('Skipping the real-kernel run (not in CI); content/evidence keeps its last copy.');
		console.log('0 passed, 0 failed');
		return 0;
	}

	const cases: EvidenceCase[] = [];
	const runSim = await loadSimulation();
	const lab = RealLab.prepare();
	// Ctrl-C reaches both tsx and this process, and tsx relays it again: a second signal must not
	// take the default action (death) halfway through the clean-up, so the handler stays installed.
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		lab.close();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	let corePattern = '';
	const kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
	const scratchFs = fsType(lab.root);
	try {
		corePattern = lab.corePattern;
		for (const scenario of scenarios) {
			const sim = runSim(scenario);
			const real = scenario.simulationOnly ? undefined : await lab.run(scenario);
			const c = toEvidence(scenario, sim, real, placeOf(scenario, kernel, scratchFs));
			cases.push(c);
			console.log(`${passed(c) ? '✓' : '✗'} ${c.id} (${c.ranOn})`);
		}
	} finally {
		lab.close();
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
	}

	try {
		for (const c of await alignmentCases()) {
			cases.push(c);
			console.log(`${passed(c) ? '✓' : '✗'} ${c.id} (${c.ranOn})`);
		}
	} catch (error) {
		// The alignment module is another suite's; if it breaks, say so as a failed case and keep
		// this run's results.
		console.log('✗ alignment cases (the module threw)');
		cases.push({
			id: 'alignment-cases',
			title: 'The alignment lab’s cases',
			group: 'Alignment',
			ranOn: 'nowhere (the alignment module threw)',
			checkedBy: 'qemu',
			steps: [],
			realTranscript: '',
			real: {},
			sim: {},
			fields: [],
			agree: false,
			error: error instanceof Error ? (error.stack ?? error.message) : String(error),
		});
	}

	const failures = cases.filter((c) => !passed(c));
	for (const c of failures) console.log('\n' + explainFailure(c));

	const seconds = Math.round((Date.now() - started) / 1000);
	const report: EvidenceReport = {
		kernel,
		machine: execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim(),
		date: new Date().toISOString().slice(0, 10),
		corePattern,
		passed: cases.length - failures.length,
		failed: failures.length,
		counts: countCases(cases, passed),
		cases,
	};
	mkdirSync(dirname(reportPath), { recursive: true });
	// Written as Prettier would, so the committed copy passes `npm run format:check` as it is.
	const options = (await resolveConfig(reportPath)) ?? {};
	writeFileSync(reportPath, await format(JSON.stringify(report), { ...options, parser: 'json' }));
	console.log(`\nWrote ${reportPath} (kernel ${report.kernel}, ${seconds} s).`);
	for (const [kind, words] of CHECKED_BY) {
		const n = report.counts[kind];
		console.log(`  ${words}: ${n.passed} of ${n.passed + n.failed} pass`);
	}
	console.log(`${report.passed} passed, ${report.failed} failed`);
	return failures.length > 0 ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		console.log('0 passed, 1 failed');
		process.exit(1);
	},
);
