/**
 * Evidence for the alignment lab. Small C programs (probe.c, codegen.c beside this file) are
 * compiled for AArch64 and ARMv7 (armhf) and run under qemu-user (an emulated CPU, no ARM
 * kernel), and natively on this x86-64 machine; each result is compared with what src/align
 * predicts for the same CPU, instruction and offset. Each case says where it ran (`ranOn`).
 *
 * qemu-user emulates the CPU's alignment checks but has no kernel behind it, so nothing is ever
 * fixed up: for 32-bit ARM it stands for /proc/cpu/alignment mode 4 ("signal"), or for a 32-bit
 * program on an arm64 kernel without CONFIG_COMPAT_ALIGNMENT_FIXUPS. For AArch64 it matches the
 * real kernel, which never fixes up 64-bit tasks (arch/arm64/mm/fault.c: do_alignment_fault()).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SNIPPETS, TARGETS, instructionLines, runAccess } from '../../../src/align';
import type { AccessConfig, Outcome, SplitLockMode } from '../../../src/align';
import { stableTranscript } from '../../scenarios/observe';
import { fieldsAgree, type CheckedBy, type EvidenceCase, type EvidenceValue } from '../evidence';

const HERE = dirname(fileURLToPath(import.meta.url));
const GROUP = 'Alignment';

type Arch = 'aarch64' | 'arm' | 'x86';

interface ProbeSpec {
	id: string;
	title: string;
	arch: Arch;
	/** probe.c's instruction name. */
	probe: string;
	offset: number;
	/** The lab setup this run stands for. */
	sim: AccessConfig;
	/** What the facts sheet leads us to expect, used when this machine cannot run the case. */
	expected: Record<string, EvidenceValue>;
	note: string;
	/** Let the signal kill the program and compare what the shell says instead. */
	noHandler?: boolean;
	/**
	 * Another claim the same run is evidence for: the same armhf binary on an arm64 kernel without
	 * CONFIG_COMPAT_ALIGNMENT_FIXUPS. qemu-user has no kernel either way, so running it twice would
	 * only count one emulator run as two pieces of evidence; the run is compared with both model
	 * predictions instead, under field names prefixed "compat".
	 */
	also?: { title: string; sim: AccessConfig; note: string };
}

const QEMU_NOTE =
	'qemu-user checks alignment like the CPU but has no kernel fix-up, so this is signal mode (4) on a 32-bit kernel.';

/** The split_lock_detect= setting this machine booted with (the kernel's default is warn). */
async function bootSplitLock(): Promise<SplitLockMode> {
	try {
		const cmdline = await readFile('/proc/cmdline', 'utf8');
		const m = /(?:^|\s)split_lock_detect=(off|warn|fatal)/.exec(cmdline);
		return (m?.[1] as SplitLockMode | undefined) ?? 'warn';
	} catch {
		return 'warn';
	}
}

function specs(splitLock: SplitLockMode): ProbeSpec[] {
	const a64 = (
		probe: 'ldr' | 'ldp' | 'ldxr' | 'ldar' | 'stlr' | 'cas',
		offset: number,
		expected: Record<string, EvidenceValue>,
		note: string,
	): ProbeSpec => ({
		id: `aarch64-${probe}-${offset}`,
		title: `AArch64: ${probe.toUpperCase()} at buf + ${offset}`,
		arch: 'aarch64',
		probe,
		offset,
		sim: { cpu: 'aarch64', insn: probe, offset },
		expected,
		note,
	});
	const a32 = (
		probe: 'ldr' | 'ldrh' | 'ldrex' | 'ldrd' | 'ldm' | 'vldr' | 'vld1',
		offset: number,
		expected: Record<string, EvidenceValue>,
		note = QEMU_NOTE,
	): ProbeSpec => ({
		id: `armv7-${probe}-${offset}`,
		title: `ARMv7 (armhf): ${probe.toUpperCase()} at buf + ${offset}, signal mode`,
		arch: 'arm',
		probe,
		offset,
		sim: { cpu: 'armv7', insn: probe, offset, mode: 4 },
		expected,
		note,
	});
	const bus = { outcome: 'sigbus', si_code: 1 };
	const ok = { outcome: 'works', si_code: null };
	return [
		a64('ldr', 1, ok, 'Linux leaves SCTLR_EL1.A clear, so an ordinary misaligned load works.'),
		a64('ldp', 1, ok, 'A misaligned load pair also works.'),
		a64('ldxr', 1, bus, 'Load-exclusive is alignment-checked whatever the A bit says.'),
		a64('ldxr', 8, ok, 'The same load-exclusive, aligned: no fault.'),
		a64('ldar', 1, bus, 'Load-acquire is alignment-checked too (qemu does not relax it for LSE2).'),
		a64('stlr', 1, bus, 'Store-release, likewise.'),
		a64(
			'cas',
			1,
			bus,
			'CAS needs natural alignment; the facts sheet marks this unconfirmed, and here only qemu backs it.',
		),
		{
			...a32('ldr', 1, ok),
			also: {
				title: '32-bit program on an arm64 kernel without compat fix-ups: LDR at buf + 1',
				sim: { cpu: 'compat', insn: 'ldr', offset: 1 },
				note: 'Plain loads need no fix-up on any ARMv7 or ARMv8 CPU.',
			},
		},
		a32('ldrh', 1, ok),
		a32('ldrex', 1, bus),
		{
			...a32('ldrd', 1, bus),
			also: {
				title: '32-bit program on an arm64 kernel without compat fix-ups: LDRD at buf + 1',
				sim: { cpu: 'compat', insn: 'ldrd', offset: 1 },
				note: 'The same armhf binary on a 64-bit kernel without CONFIG_COMPAT_ALIGNMENT_FIXUPS: no fix-up, so qemu-user matches it directly.',
			},
		},
		a32('ldrd', 4, ok, 'Word alignment is enough for LDRD on ARMv7 (ARM ARM; qemu agrees).'),
		a32('ldm', 1, bus),
		a32('vldr', 1, bus),
		a32('vldr', 4, ok, 'Word alignment is enough for VLDR (ARM ARM; qemu agrees).'),
		a32('vld1', 4, bus, 'The :64 qualifier demands 8-byte alignment (ARM ARM; qemu agrees).'),
		a32('vld1', 8, ok, 'The same VLD1, 8-byte aligned.'),
		{
			...a32('ldrd', 1, { outcome: 'sigbus', shell: 'Bus error', exit: 135 }),
			id: 'armv7-ldrd-1-shell',
			title: 'ARMv7 (armhf): an uncaught SIGBUS from LDRD, as the shell reports it',
			noHandler: true,
			note: 'Without a handler the signal kills the program; bash prints "Bus error" and $? is 135.',
		},
		{
			id: 'x86-mov-load-1',
			title: 'x86-64: a misaligned MOV load with the AC flag clear',
			arch: 'x86',
			probe: 'mov-load',
			offset: 1,
			sim: { cpu: 'x86-64', insn: 'mov-load', offset: 1 },
			expected: ok,
			note: 'x86 handles ordinary misaligned accesses in hardware.',
		},
		{
			id: 'x86-mov-store-ac-1',
			title: 'x86-64: a misaligned MOV store with EFLAGS.AC set',
			arch: 'x86',
			probe: 'mov-store-ac',
			offset: 1,
			sim: { cpu: 'x86-64', insn: 'mov-store', offset: 1, ac: true },
			expected: { outcome: 'sigbus', si_code: 1, si_addr: '(nil)' },
			note: 'exc_alignment_check() → do_trap(SIGBUS, BUS_ADRALN) with a NULL address.',
		},
		{
			id: 'x86-lock-add-62',
			title: `x86-64: a LOCK ADD across a cache line (split_lock_detect=${splitLock})`,
			arch: 'x86',
			probe: 'lock-add',
			offset: 62,
			sim: { cpu: 'x86-64', insn: 'lock-add', offset: 62, splitLock },
			expected: splitLock === 'fatal' ? bus : ok,
			note: 'Only the outcome is compared: whether the kernel logs #AC or #DB depends on the CPU, and dmesg may be unreadable.',
		},
	];
}

interface Run {
	stdout: string;
	stderr: string;
	code: number | null;
	missing: boolean;
}

function run(cmd: string, args: string[], cwd: string): Promise<Run> {
	return new Promise((resolve) => {
		execFile(cmd, args, { cwd, timeout: 30_000 }, (err, stdout, stderr) => {
			const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
			resolve({
				stdout: String(stdout),
				stderr: String(stderr),
				code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
				missing: e?.code === 'ENOENT',
			});
		});
	});
}

/** How each architecture is compiled and run. */
const TOOLS: Record<Arch, { cc: string; ccArgs: string[]; exec: (bin: string) => string[] }> = {
	aarch64: {
		cc: 'aarch64-linux-gnu-gcc',
		ccArgs: ['-O1'],
		exec: (bin) => ['qemu-aarch64', '-L', '/usr/aarch64-linux-gnu', bin],
	},
	arm: {
		cc: 'arm-linux-gnueabihf-gcc',
		ccArgs: ['-O1', '-mfpu=neon'],
		exec: (bin) => ['qemu-arm', '-L', '/usr/arm-linux-gnueabihf', bin],
	},
	x86: { cc: 'gcc', ccArgs: ['-O1'], exec: (bin) => [bin] },
};

/** Reads probe.c's one line of output into the compared fields. */
function parseProbe(stdout: string): Record<string, EvidenceValue> {
	const line = stdout.trim().split('\n').pop() ?? '';
	const sig = /^signal (\d+) si_code (\d+) si_addr (\(nil\)|\+\d+)$/.exec(line);
	if (sig) {
		return {
			outcome: sig[1] === '7' ? 'sigbus' : `signal ${sig[1]}`,
			si_code: Number(sig[2]),
			si_addr: sig[3] ?? null,
			result: null,
		};
	}
	return { outcome: 'works', si_code: null, si_addr: null, result: line };
}

/** The same fields as the model predicts them. */
function simFields(o: Outcome, offset: number): Record<string, EvidenceValue> {
	return {
		outcome: o.kind,
		si_code: o.signal?.code ?? null,
		si_addr: o.signal ? (o.signal.addr === '(nil)' ? '(nil)' : `+${offset}`) : null,
		result: o.loaded ?? (o.stored ? 'stored' : null),
		shell: o.signal?.shell ?? null,
		exit: o.signal?.exitStatus ?? 0,
	};
}

/** Where each architecture's probe really runs, in words, and what that counts as. */
type Places = Record<Arch, { ranOn: string; checkedBy: CheckedBy }>;

/** "7.2" from "qemu-aarch64 version 7.2.22 (Debian …)" or "12.2" from "12.2.0". */
function majorMinor(text: string): string {
	return /(\d+\.\d+)/.exec(text)?.[1] ?? '?';
}

/** Labels from the tools' own version output, so the page names what really ran. */
async function places(dir: string): Promise<Places> {
	const qemu = async (exe: string) => {
		const r = await run(exe, ['--version'], dir);
		return `${exe} ${majorMinor(r.stdout)} user mode (no kernel)`;
	};
	const release = (await run('uname', ['-r'], dir)).stdout.trim();
	return {
		aarch64: { ranOn: await qemu('qemu-aarch64'), checkedBy: 'qemu' },
		arm: { ranOn: await qemu('qemu-arm'), checkedBy: 'qemu' },
		// x86 runs natively: the CPU raises #AC and this machine's kernel sends the SIGBUS.
		x86: {
			ranOn: `Linux ${/^\d+\.\d+(\.\d+)?/.exec(release)?.[0] ?? release} x86-64, native CPU`,
			checkedBy: 'kernel',
		},
	};
}

/** "gcc 12.2 cross compiler (arm-linux-gnueabihf)" for a compiler command. */
async function compilerLabel(cc: string, dir: string): Promise<string> {
	const version = majorMinor((await run(cc, ['-dumpfullversion'], dir)).stdout);
	const triple = /^(.+)-gcc$/.exec(cc)?.[1];
	return triple ? `gcc ${version} cross compiler (${triple})` : `gcc ${version}`;
}

async function probeCase(
	spec: ProbeSpec,
	dir: string,
	bins: Record<Arch, string | null>,
	where: Places,
): Promise<EvidenceCase> {
	const tools = TOOLS[spec.arch];
	const outcome = runAccess(spec.sim);
	const sim = simFields(outcome, spec.offset);
	const alsoSim = spec.also ? simFields(runAccess(spec.also.sim), spec.offset) : {};
	const argv = [...tools.exec('./probe-' + spec.arch), spec.probe, String(spec.offset)];
	const steps = [
		`${tools.cc} ${tools.ccArgs.join(' ')} -o probe-${spec.arch} probe.c`,
		spec.noHandler ? `${argv.join(' ')} nohandler; echo $?` : argv.join(' '),
	];
	/** Adds the second claim's fields: the same real values, compared with its own prediction. */
	const withAlso = (fields: string[], real: Record<string, EvidenceValue>) => {
		const simAll: Record<string, EvidenceValue> = { ...sim };
		const realAll: Record<string, EvidenceValue> = { ...real };
		const all = [...fields];
		if (spec.also) {
			for (const f of fields) {
				simAll[`compat ${f}`] = alsoSim[f] ?? null;
				if (f in real) realAll[`compat ${f}`] = real[f] ?? null;
				all.push(`compat ${f}`);
			}
		}
		return { fields: all, sim: simAll, real: realAll };
	};
	const base = {
		id: spec.id,
		title: spec.title,
		group: GROUP,
		steps,
		expected: spec.expected,
		note: spec.note,
		...(spec.also ? { alsoFor: [{ title: spec.also.title, note: spec.also.note }] } : {}),
	};

	if (!bins[spec.arch]) {
		const expected = Object.keys(spec.expected);
		const both = withAlso(expected, spec.expected);
		return {
			...base,
			ranOn: 'simulation only',
			checkedBy: 'simulation',
			sim: both.sim,
			realTranscript: '',
			real: {},
			fields: both.fields,
			expected: both.real,
			agree: fieldsAgree(both.fields, both.real, both.sim),
			simulationOnly: {
				reason: `${tools.cc} or ${tools.exec('x')[0]} is not installed on this machine`,
				source: outcome.steps.map((s) => s.source.ref).join('; '),
			},
		};
	}
	const placed = where[spec.arch];

	if (spec.noHandler) {
		// bash reports the death; its message goes to stderr and $? is 128 + signo.
		const script = `${argv.join(' ')} nohandler 2>/dev/null; echo "exit=$?"`;
		const r = await run('bash', ['-c', script], dir);
		const shell = /\bBus error\b/.test(r.stderr) ? 'Bus error' : null;
		const exit = Number(/exit=(\d+)/.exec(r.stdout)?.[1] ?? NaN);
		const fields = ['outcome', 'shell', 'exit'];
		const real = { outcome: exit === 135 ? 'sigbus' : 'works', shell, exit };
		return {
			...base,
			...placed,
			sim,
			// bash names the dead process's pid; blanked like the scenarios' (stableTranscript).
			realTranscript: stableTranscript(`$ bash -c '${script}'\n${r.stderr}${r.stdout}`.trimEnd()),
			real,
			fields,
			agree: fieldsAgree(fields, real, sim),
		};
	}

	const cmd = argv[0] ?? '';
	const r = await run(cmd, argv.slice(1), dir);
	const real = { ...parseProbe(r.stdout), exit: r.code };
	const compared = Array.from(new Set([...Object.keys(spec.expected), 'result', 'si_addr']));
	const both = withAlso(
		compared.filter((f) => f in real),
		real,
	);
	return {
		...base,
		...placed,
		sim: both.sim,
		realTranscript: `$ ${argv.join(' ')}\n${r.stdout.trimEnd()}\n[exit ${r.code ?? '?'}]`,
		real: both.real,
		fields: both.fields,
		agree: fieldsAgree(both.fields, both.real, both.sim),
	};
}

/** Compiles codegen.c for each target and compares gcc's instructions with the lab's table. */
async function codegenCases(dir: string): Promise<EvidenceCase[]> {
	const source = join(HERE, 'codegen.c');
	const fnName: Record<string, string> = {
		u32: 'get_u32',
		u64: 'get_u64',
		f64: 'get_f64',
		memcpy: 'get_f64_memcpy',
		packed: 'get_packed',
		aligned1: 'get_u64_aligned1',
	};
	const cases: EvidenceCase[] = [];
	for (const t of TARGETS) {
		const [cc, ...args] = t.cc.split(' ');
		const r = await run(cc ?? 'gcc', [...args, '-S', '-o', '-', source], dir);
		const sim: Record<string, EvidenceValue> = {};
		const real: Record<string, EvidenceValue> = {};
		for (const s of SNIPPETS) {
			sim[s.id] = s.asm[t.id].join(' | ');
			real[s.id] = r.missing ? null : instructionLines(r.stdout, fnName[s.id] ?? s.id).join(' | ');
		}
		const fields = SNIPPETS.map((s) => s.id);
		const base = {
			ranOn: r.missing ? 'simulation only' : await compilerLabel(cc ?? 'gcc', dir),
			checkedBy: (r.missing ? 'simulation' : 'compiler') as CheckedBy,
			id: `codegen-${t.id}`,
			title: `gcc -O2 output for misaligned reads: ${t.label}`,
			group: GROUP,
			steps: [`${t.cc} -S -o - codegen.c`],
			sim,
			note: 'The chapter’s assembly listings must be what the compiler really emits.',
		};
		if (r.missing) {
			cases.push({
				...base,
				realTranscript: '',
				real: {},
				fields,
				agree: true,
				simulationOnly: {
					reason: `${cc} is not installed on this machine`,
					source: 'gcc 12.2.0 output recorded in src/align/codegen.ts',
				},
			});
			continue;
		}
		cases.push({
			...base,
			realTranscript: fields
				.map((f) => `${fnName[f]}:\n\t${String(real[f]).split(' | ').join('\n\t')}`)
				.join('\n'),
			real,
			fields,
			agree: fieldsAgree(fields, real, sim),
		});
	}
	return cases;
}

/** Every alignment case, compiled and run in a temporary directory that is removed afterwards. */
export async function alignmentCases(): Promise<EvidenceCase[]> {
	const dir = await mkdtemp(join(tmpdir(), 'align-'));
	try {
		const bins: Record<Arch, string | null> = { aarch64: null, arm: null, x86: null };
		for (const arch of ['aarch64', 'arm', 'x86'] as const) {
			const t = TOOLS[arch];
			const out = `probe-${arch}`;
			const cc = await run(t.cc, [...t.ccArgs, '-o', out, join(HERE, 'probe.c')], dir);
			if (cc.code !== 0) continue;
			// qemu must exist too: a bare run without arguments prints usage and exits 2.
			const [exe, ...pre] = t.exec('./' + out);
			const probe = await run(exe ?? out, pre, dir);
			if (!probe.missing) bins[arch] = out;
		}
		const sld = await bootSplitLock();
		const where = await places(dir);
		const cases: EvidenceCase[] = [];
		for (const spec of specs(sld)) cases.push(await probeCase(spec, dir, bins, where));
		cases.push(...(await codegenCases(dir)));
		return cases;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
