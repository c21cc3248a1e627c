/**
 * What one load or store does: the CPU's alignment rule first, then what the kernel makes of a
 * trap. Each step records its source, and the facts sheet's [UNCONFIRMED] points are flagged.
 */
import {
	BASE32,
	BASE64,
	EXAMPLE_TASK,
	STRIP_BYTES,
	cpuById,
	insnById,
	type Cpu,
	type Insn,
} from './machines';
import {
	UM_FIXUP,
	UM_SIGNAL,
	UM_WARN,
	UNSAFE_MODE_MESSAGE,
	procAlignmentText,
	safeUsermode,
	zeroCounters,
} from './proc';
import type {
	AccessConfig,
	AccessGeometry,
	AlignmentCounters,
	AlignmentMode,
	Isa,
	Outcome,
	OutcomeKind,
	SignalInfo,
	Source,
	Step,
} from './types';

const CACHE_LINE = 64;

/** A source the facts sheet backs. */
const src = (ref: string): Source => ({ ref, unconfirmed: false });
/** A source the facts sheet marks [UNCONFIRMED]: the lab shows it, but never as fact. */
const unconfirmedSrc = (ref: string): Source => ({ ref, unconfirmed: true });

/** The byte at a strip offset before any store: the offset itself, as in experiments/alignment. */
export function stripByte(offset: number): number {
	return offset & 0xff;
}

/** Which boundaries an access of `size` bytes at `offset` crosses. */
export function geometry(offset: number, size: number): AccessGeometry {
	const last = offset + size - 1;
	const crosses = (n: number) => Math.floor(offset / n) !== Math.floor(last / n);
	let alignedTo = 1;
	while (alignedTo < CACHE_LINE && offset % (alignedTo * 2) === 0) alignedTo *= 2;
	return {
		offset,
		size,
		bytes: Array.from({ length: size }, (_, i) => offset + i),
		alignedTo,
		crossesWord: crosses(4),
		crossesDoubleword: crosses(8),
		crosses16: crosses(16),
		crossesCacheLine: crosses(CACHE_LINE),
	};
}

const hex = (v: bigint, digits: number) => '0x' + v.toString(16).padStart(digits, '0');

/** Little-endian value of `n` strip bytes at `offset`. */
function readLE(offset: number, n: number): bigint {
	let v = 0n;
	for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(stripByte(offset + i));
	return v;
}

/** The bytes a store writes: a recognisable a0 a1 a2 … pattern from the source registers. */
function storePattern(n: number): number[] {
	return Array.from({ length: n }, (_, i) => 0xa0 + i);
}

/** The registers a load fills, with their contents, as the lab prints them. */
function describeLoad(insn: Insn, isa: Isa, offset: number): string {
	const size = insn.size[isa] ?? 4;
	switch (insn.cls) {
		case 'double':
		case 'multiple':
			return `r2 = ${hex(readLE(offset, 4), 8)}, r3 = ${hex(readLE(offset + 4, 4), 8)}`;
		case 'vfp':
		case 'neon-aligned':
			return `d0 = ${hex(readLE(offset, 8), 16)}`;
		case 'pair':
			return `x0 = ${hex(readLE(offset, 8), 16)}, x2 = ${hex(readLE(offset + 8, 8), 16)}`;
		default:
			if (isa === 'A64') return `x0 = ${hex(readLE(offset, size), 16)}`;
			if (isa === 'x86-64') return `eax = ${hex(readLE(offset, size), 8)}`;
			// LDRH zero-extends the halfword into a 32-bit register.
			return `r0 = ${hex(readLE(offset, size), 8)}`;
	}
}

/** What a store leaves in memory. A locked add writes the old value plus one. */
function storedBytes(insn: Insn, isa: Isa, offset: number): { offset: number; byte: number }[] {
	const size = insn.size[isa] ?? 4;
	let bytes = storePattern(size);
	if (insn.cls === 'locked') {
		const v = (readLE(offset, size) + 1n) & 0xffffffffn;
		bytes = Array.from({ length: size }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
	}
	return bytes.map((byte, i) => ({ offset: offset + i, byte }));
}

/** The alignment an instruction needs on a CPU as Linux configures it, and why. */
export function requirement(
	cpu: Cpu,
	insn: Insn,
	cfg: Pick<AccessConfig, 'ac'>,
): { required: number; source: Source; why: string } {
	const size = insn.size[cpu.isa] ?? 1;
	if (cpu.kernel === 'x86') {
		if (cfg.ac) {
			return {
				required: size,
				source: src('arch/x86: CR0.AM is in CR0_STATE; EFLAGS.AC bit 18 set with pushf/popf'),
				why: 'With EFLAGS.AC set, and Linux keeping CR0.AM on, every misaligned user-space data access raises #AC.',
			};
		}
		return {
			required: 1,
			source: src('x86 handles misaligned ordinary accesses in hardware (facts sheet §5, [EXP])'),
			why: 'x86 performs misaligned loads and stores in hardware when the AC flag is clear.',
		};
	}
	if (cpu.id === 'armv5') {
		const natural = insn.cls === 'multiple' ? 4 : size;
		return {
			required: natural,
			source: unconfirmedSrc('ARM ARM (ARMv5): alignment checking with SCTLR.A set'),
			why: `Linux boots ARMv5 with the A bit set, so a ${insn.id.toUpperCase()} needs a multiple of ${natural}.`,
		};
	}
	if (cpu.isa === 'A64') {
		switch (insn.cls) {
			case 'exclusive':
			case 'acqrel':
				return {
					required: size,
					source: src(
						'ARM ARM, SCTLR_EL1.A: "Load/store exclusive and load-acquire/store-release instructions have an alignment check regardless of the value of the A bit"',
					),
					why: `${insn.id.toUpperCase()} is checked for alignment whatever the A bit says, so it needs a multiple of ${size}.`,
				};
			case 'atomic':
				return {
					required: size,
					source: unconfirmedSrc('ARM ARM: LSE atomics need natural alignment'),
					why: `CAS needs a naturally aligned address (a multiple of ${size}).`,
				};
			default:
				return {
					required: 1,
					source: src('arch/arm64: INIT_SCTLR_EL1_MMU_ON does not set SCTLR_ELx_A'),
					why: 'Linux leaves SCTLR_EL1.A clear, so ordinary loads and stores may be misaligned.',
				};
		}
	}
	// AArch32 with the ARMv6 unaligned model: ARMv6, ARMv7 and 32-bit tasks on arm64.
	switch (insn.cls) {
		case 'single':
			return {
				required: 1,
				source: src(
					'arch/arm/mm/alignment.c: "ARMv6 and later CPUs can perform unaligned accesses for most single load and store instructions up to word size"',
				),
				why: 'Single loads and stores up to word size may be misaligned on ARMv6 and later.',
			};
		case 'double':
		case 'multiple':
			return {
				required: 4,
				source: src(
					'arch/arm/mm/alignment.c: "LDM, STM, LDRD and STRD still need to be handled"; word granularity: ARM ARM',
				),
				why: `${insn.id.toUpperCase()} still traps on a misaligned address; it needs a multiple of 4.`,
			};
		case 'exclusive':
			return {
				required: 4,
				source: src('ARM ARM; reproduced under qemu-arm (experiments/alignment, case 1)'),
				why: 'LDREX and STREX need a word-aligned address on every ARM CPU, whatever the A bit says.',
			};
		case 'vfp':
			return {
				required: 4,
				source: src('ARM ARM: VLDR/VSTR need word alignment; facts sheet §5 (VLDR → SIGBUS)'),
				why: 'VLDR and VSTR need a multiple of 4.',
			};
		case 'neon-aligned':
			return {
				required: 8,
				source: unconfirmedSrc('ARM ARM: VLDn/VSTn with an :align qualifier check that alignment'),
				why: 'The :64 qualifier promises an 8-byte-aligned address, and the CPU checks it.',
			};
		default:
			return { required: size, source: src('ARM ARM'), why: 'Natural alignment is required.' };
	}
}

/** Where the fix-up needs one word of extra detail: the kernel handler each family reaches. */
function fixupCounter(insn: Insn, isa: Isa): keyof AlignmentCounters | null {
	switch (insn.cls) {
		case 'single':
			return (insn.size[isa] ?? 4) === 2 ? 'half' : 'word';
		case 'double':
			return 'dword';
		case 'multiple':
			return 'multi';
		// do_alignment() has no case for LDREX/STREX, VFP or NEON: they reach the "bad" label.
		default:
			return null;
	}
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * The fault status for an alignment fault in the short-descriptor DFSR format a non-LPAE kernel
 * uses: FS = 0b00001, plus WnR (bit 11) for writes (ARM ARM). An LPAE kernel reports the
 * long-descriptor status instead, so the lab labels this value as an example.
 */
function fsrFor(load: boolean): string {
	return (load ? 0x001 : 0x801).toString(16).padStart(3, '0');
}

function sigbus(addr: string): SignalInfo {
	return {
		signo: 7,
		name: 'SIGBUS',
		code: 1,
		codeName: 'BUS_ADRALN',
		addr,
		shell: 'Bus error',
		exitStatus: 135,
	};
}

/** The default /proc/cpu/alignment mode on a CPU, or null where the file does not exist. */
export function defaultMode(cpuId: AccessConfig['cpu']): AlignmentMode | null {
	return cpuById(cpuId).defaultMode;
}

/** Runs one access. Throws only for an instruction the CPU does not have; the UI never offers one. */
export function runAccess(cfg: AccessConfig): Outcome {
	const cpu = cpuById(cfg.cpu);
	const insn = insnById(cfg.insn);
	if (!cpu.insns.includes(insn.id)) throw new Error(`${cpu.label} has no ${insn.id}`);
	if (!Number.isInteger(cfg.offset) || cfg.offset < 0) throw new Error('offset out of range');
	const isa = cpu.isa;
	const size = insn.size[isa] ?? 4;
	if (cfg.offset + size > STRIP_BYTES) throw new Error('access runs off the strip');

	const geo = geometry(cfg.offset, size);
	const req = requirement(cpu, insn, cfg);
	const steps: Step[] = [];
	const log: string[] = [];
	const asm = insn.asm[isa] ?? insn.id;
	const encoding = insn.encoding[isa] ?? null;
	const addr32 = BASE32 + cfg.offset;
	const addrText =
		cpu.isa === 'A64' ? '0x' + (BASE64 + BigInt(cfg.offset)).toString(16) : '0x' + hex8(addr32);

	let kind: OutcomeKind = 'works';
	let summary = '';
	let loaded: string | null = null;
	let stored: Outcome['stored'] = null;
	let signal: SignalInfo | null = null;
	let cost: string | null = null;
	let mode: AlignmentMode | null = null;
	let modeMessage: string | null = null;
	let counters: AlignmentCounters | null = null;

	const succeed = (how: string) => {
		if (insn.load) loaded = describeLoad(insn, isa, cfg.offset);
		else stored = storedBytes(insn, isa, cfg.offset);
		summary = how;
	};

	if (cpu.kernel === 'arm32') {
		const requested = cfg.mode ?? cpu.defaultMode ?? 0;
		const safe = safeUsermode(requested, cpu.v6Unaligned);
		mode = safe.mode;
		if (safe.promoted) {
			modeMessage = UNSAFE_MODE_MESSAGE;
			steps.push({
				text: `Writing ${requested} to /proc/cpu/alignment on this CPU gives mode ${safe.mode}: the kernel refuses to ignore faults, because the instruction would trap again forever.`,
				source: src('arch/arm/mm/alignment.c: safe_usermode()'),
			});
		}
		counters = zeroCounters();
	}

	const misaligned = cfg.offset % req.required !== 0;
	// A naturally aligned access never faults, whatever the CPU; no manual is needed for that.
	const natural = cfg.offset % size === 0;
	steps.push(
		natural && !misaligned
			? {
					text: `Offset ${cfg.offset} is a multiple of the access size (${size} bytes): the access is naturally aligned and no CPU objects.`,
					source: src('Natural alignment: every architecture the lab models'),
				}
			: {
					text: misaligned
						? `${req.why} Offset ${cfg.offset} is not a multiple of ${req.required}, so the CPU raises an alignment fault.`
						: req.required === 1
							? req.why
							: `${req.why} Offset ${cfg.offset} is a multiple of ${req.required}, so the access is allowed.`,
					source: req.source,
				},
	);

	// Word alignment is enough for LDRD/STRD and VLDR/VSTR on v6+; that granularity is ARM ARM only.
	if (
		!misaligned &&
		req.required === 4 &&
		cfg.offset % 8 !== 0 &&
		(insn.cls === 'double' || insn.cls === 'vfp')
	) {
		steps.push({
			text: 'This 8-byte access is only word-aligned. The ARM ARM allows that for LDRD/STRD and VLDR/VSTR on ARMv6 and later; qemu-arm agrees, but no hardware was checked here.',
			source: unconfirmedSrc('ARM ARM: word alignment for LDRD/STRD, VLDR/VSTR'),
		});
	}

	if (
		cpu.kernel === 'x86' &&
		insn.cls === 'locked' &&
		geo.crossesCacheLine &&
		!(cfg.ac && misaligned)
	) {
		// A locked access split across two cache lines is a split lock, whatever the AC flag.
		const sld = cfg.splitLock ?? 'warn';
		steps.push({
			text: 'A LOCK-prefixed access that straddles two 64-byte cache lines is a split lock: the CPU has to lock the whole memory bus, which stalls every core.',
			source: src('Documentation/arch/x86/buslock.rst; arch/x86/kernel/cpu/bus_lock.c'),
		});
		if (sld === 'fatal') {
			kind = 'sigbus';
			signal = sigbus('(nil)');
			summary = 'Split lock with split_lock_detect=fatal: the kernel sends SIGBUS (BUS_ADRALN).';
			steps.push({
				text: 'With split_lock_detect=fatal, handle_user_split_lock() declines to help and the #AC becomes SIGBUS with BUS_ADRALN and no address.',
				source: src(
					'arch/x86/kernel/traps.c: exc_alignment_check(); bus_lock.c: handle_user_split_lock()',
				),
			});
		} else if (sld === 'warn') {
			succeed('Split lock: the kernel logs a warning, slows the task down, and lets it finish.');
			log.push(
				`x86/split lock detection: #AC: ${EXAMPLE_TASK.comm}/${EXAMPLE_TASK.pid} took a split_lock trap at address: 0x55555555513d`,
			);
			cost =
				'A bus lock, plus the kernel’s “misery factor”: with kernel.split_lock_mitigate=1 (the default) the task sleeps 10 ms and only one core at a time may run with detection switched off.';
			steps.push({
				text: 'With split_lock_detect=warn (the default on CPUs that support it) the kernel prints a rate-limited warning, turns detection off on that CPU for a moment and lets the instruction complete. CPUs that only have bus-lock detection report it afterwards instead, as “#DB: … took a bus_lock trap”.',
				source: src('arch/x86/kernel/cpu/bus_lock.c: split_lock_warn(), handle_bus_lock()'),
			});
		} else {
			succeed('Split lock: it works, at the cost of a bus lock that stalls every core.');
			cost = 'A bus lock: memory traffic on every core waits while it is held.';
		}
	} else if (!misaligned) {
		succeed(
			geo.alignedTo >= size || req.required === 1
				? geo.alignedTo >= size
					? 'Aligned: the access simply works.'
					: 'The CPU handles this misaligned access in hardware; it just works.'
				: 'Aligned enough for this instruction: the access works.',
		);
	} else if (cpu.kernel === 'x86') {
		kind = 'sigbus';
		signal = sigbus('(nil)');
		summary =
			'With the AC flag set, the misaligned access raises #AC and the task gets SIGBUS (BUS_ADRALN).';
		steps.push({
			text: 'exc_alignment_check() sees the AC flag, so it is not a split-lock warning; do_trap() sends SIGBUS with BUS_ADRALN and a NULL si_addr. The AC flag stays set inside the signal handler, so the handler itself must not touch misaligned data.',
			source: src('arch/x86/kernel/traps.c: exc_alignment_check(), do_trap(); [EXP] si_addr=(nil)'),
		});
	} else if (cpu.kernel === 'arm64') {
		kind = 'sigbus';
		signal = sigbus(addrText);
		summary = `${insn.id.toUpperCase()} at a misaligned address: the arm64 kernel sends SIGBUS (BUS_ADRALN).`;
		steps.push({
			text: 'The arm64 kernel never fixes up a 64-bit task: do_alignment_fault() hands the fault to do_bad_area(), which sends SIGBUS with BUS_ADRALN and the faulting address.',
			source: src('arch/arm64/mm/fault.c: do_alignment_fault(), do_bad_area()'),
		});
		if (insn.cls === 'acqrel') {
			steps.push({
				text: 'FEAT_LSE2 lets LDAR/STLR be misaligned within one 16-byte block, but only when SCTLR_EL1.nAA is set; qemu-aarch64 faults here, as a kernel that leaves nAA clear would.',
				source: src('ARM ARM: FEAT_LSE2, SCTLR_EL1.nAA'),
			});
		}
	} else if (cpu.kernel === 'arm64-compat') {
		const counter = fixupCounter(insn, isa);
		const fixable = cpu.compatFixups && (counter === 'dword' || counter === 'multi');
		if (fixable) {
			kind = 'fixup';
			succeed(
				'The arm64 kernel emulates the LDRD/LDM-family instruction for the 32-bit task, silently.',
			);
			cost =
				'An alignment fault, then do_compat_alignment_fixup() decodes the instruction and redoes it with two 32-bit get_user()/put_user() accesses; nothing is logged and there is no /proc/cpu/alignment, but perf counts it as an alignment-faults event.';
			steps.push({
				text: 'With CONFIG_COMPAT_ALIGNMENT_FIXUPS=y, do_alignment_fault() passes 32-bit tasks to do_compat_alignment_fixup(), which handles only LDRD/STRD and LDM/STM.',
				source: src('arch/arm64/kernel/compat_alignment.c (3fc24ef32d3b, v6.1)'),
			});
		} else {
			kind = 'sigbus';
			signal = sigbus('0x' + hex8(addr32));
			summary = cpu.compatFixups
				? `The compat fix-up does not handle ${insn.id.toUpperCase()}: SIGBUS (BUS_ADRALN).`
				: 'No compat fix-ups in this kernel: SIGBUS (BUS_ADRALN), where a 32-bit kernel would have fixed it up.';
			steps.push({
				text: cpu.compatFixups
					? 'do_compat_alignment_fixup() only knows LDRD/STRD and LDM/STM; for anything else it returns 1, and do_mem_abort() sends SIGBUS with BUS_ADRALN.'
					: 'CONFIG_COMPAT_ALIGNMENT_FIXUPS defaults to n, so do_alignment_fault() goes straight to do_bad_area(): SIGBUS with BUS_ADRALN. The same binary on a 32-bit kernel would have been fixed up.',
				source: src(
					'arch/arm64/mm/fault.c: do_alignment_fault(); arch/arm64/kernel/compat_alignment.c',
				),
			});
		}
	} else {
		// A 32-bit ARM kernel: do_alignment() in arch/arm/mm/alignment.c.
		const m = mode ?? 0;
		const c = counters ?? zeroCounters();
		c.user += 1;
		const instrText = encoding ?? '';
		const pc = '0x' + hex8(EXAMPLE_TASK.pc32);
		if (m & UM_WARN) {
			log.push(
				`Alignment trap: ${EXAMPLE_TASK.comm} (${EXAMPLE_TASK.pid}) PC=${pc} Instr=0x${instrText} Address=0x${hex8(addr32)} FSR 0x${fsrFor(insn.load)}`,
			);
		}
		steps.push({
			text: `The trap reaches do_alignment(), which counts it under "User" and consults the mode: ${m}.`,
			source: src('arch/arm/mm/alignment.c: do_alignment(), the user: label'),
		});
		const counter = fixupCounter(insn, isa);
		if (m & UM_FIXUP) {
			if (counter) {
				kind = 'fixup';
				c[counter] += 1;
				succeed(`The kernel fixed up the ${insn.id.toUpperCase()} in software: it works, slowly.`);
				const bytes = size;
				cost = `An alignment exception, then do_alignment() decodes the instruction and redoes it one byte at a time: ${bytes} ${insn.load ? 'ldrbt' : 'strbt'} accesses from the kernel.`;
				steps.push({
					text: `Fix-up mode: the handler for this instruction redoes it byte by byte and counts it under "${counter === 'dword' ? 'DWord' : counter === 'multi' ? 'Multi' : counter === 'half' ? 'Half' : 'Word'}". The program never notices, except in speed.`,
					source: src(
						`arch/arm/mm/alignment.c: ${counter === 'dword' ? 'do_alignment_ldrdstrd()' : counter === 'multi' ? 'do_alignment_ldmstm()' : counter === 'half' ? 'do_alignment_ldrhstrh()' : 'do_alignment_ldrstr()'}`,
					),
				});
			} else {
				kind = 'sigbus';
				c.skipped += 1;
				signal = sigbus('0x' + hex8(addr32));
				summary = `The kernel cannot fix up ${insn.id.toUpperCase()}: SIGBUS (BUS_ADRALN), even in fix-up mode.`;
				const digits = instrText.length;
				log.push(
					`Alignment trap: not handling instruction ${instrText.padStart(digits, '0')} at [<${hex8(EXAMPLE_TASK.pc32)}>]`,
				);
				log.push('8<--- cut here ---');
				log.push(
					`Unhandled fault: alignment exception (0x${fsrFor(insn.load)}) at 0x${hex8(addr32)}`,
				);
				steps.push({
					text: 'do_alignment() has no case for exclusive, VFP or NEON instructions. It logs "not handling instruction", counts it under "Skipped" and returns 1; do_DataAbort() then reports the unhandled fault and sends SIGBUS with BUS_ADRALN.',
					source: src(
						'arch/arm/mm/alignment.c: do_alignment(), the bad: label; arch/arm/mm/fault.c: do_DataAbort()',
					),
				});
			}
		} else if (m & UM_SIGNAL) {
			kind = 'sigbus';
			signal = sigbus('0x' + hex8(addr32));
			summary = `Signal mode: the kernel sends SIGBUS (BUS_ADRALN) instead of fixing the ${insn.id.toUpperCase()} up.`;
			steps.push({
				text: 'Signal mode: do_alignment() calls force_sig_fault(SIGBUS, BUS_ADRALN, addr) without trying a fix-up.',
				source: src('arch/arm/mm/alignment.c: do_alignment()'),
			});
		} else {
			// Only ARMv5 gets here: v6+ CPUs are promoted to fix-up by safe_usermode().
			steps.push({
				text: 'Mode 0 or 1 ignores the fault: do_alignment() clears the A bit and returns, and the CPU runs the instruction again without checking alignment.',
				source: src('arch/arm/mm/alignment.c: do_alignment(), set_cr(cr_no_alignment)'),
			});
			if (insn.id === 'ldr') {
				const aligned = cfg.offset & ~3;
				const word = readLE(aligned, 4);
				const rot = BigInt(8 * (cfg.offset & 3));
				const rotated = ((word >> rot) | (word << (32n - rot))) & 0xffffffffn;
				kind = 'rotated';
				loaded = `r0 = ${hex(rotated, 8)} (the aligned word at offset ${aligned}, rotated right by ${8 * (cfg.offset & 3)} bits)`;
				summary =
					'ARMv5 with faults ignored: LDR silently returns the aligned word, rotated. No crash, wrong data.';
				steps.push({
					text: 'An ARMv5 LDR from a misaligned address loads the word at the address rounded down and rotates it. The program keeps running with a wrong value.',
					source: unconfirmedSrc('ARM ARM (ARMv5): LDR with an unaligned address'),
				});
			} else {
				kind = 'unpredictable';
				summary = `ARMv5 with faults ignored: what ${insn.id.toUpperCase()} does now is not something the lab can promise.`;
				steps.push({
					text: 'For this instruction the older ARM ARM either ignores the low address bits or leaves the result UNPREDICTABLE; the lab does not guess a value.',
					source: unconfirmedSrc('ARM ARM (ARMv5): unaligned accesses with SCTLR.A clear'),
				});
			}
		}
		counters = c;
	}

	if (signal) {
		steps.push({
			text: `SIGBUS's default action is to dump core and terminate; the shell reports "${signal.shell}" (or "${signal.shell} (core dumped)") and exit status ${signal.exitStatus}.`,
			source: src('signal(7); facts sheet §4 [EXP]'),
		});
	}

	return {
		kind,
		summary,
		asm,
		isa,
		encoding,
		geometry: geo,
		required: req.required,
		loaded,
		stored,
		kernel: {
			mode,
			modeMessage,
			counters,
			procText: counters && mode !== null ? procAlignmentText(counters, mode) : null,
			cost,
			log,
		},
		signal,
		steps,
		unconfirmed: steps.some((s) => s.source.unconfirmed),
	};
}
