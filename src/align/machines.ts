import type { AlignmentMode, CpuId, InsnId, Isa } from './types';

/** The kind of kernel that handles the CPU's alignment faults. */
export type KernelKind = 'arm32' | 'arm64' | 'arm64-compat' | 'x86';

/** A CPU the lab offers, with the kernel it runs under. */
export interface Cpu {
	id: CpuId;
	label: string;
	/** Example machines, so readers can place it. */
	examples: string;
	kernel: KernelKind;
	isa: Isa;
	/** ARMv6 and later have the ARMv6 unaligned access model (SCTLR.U); see cpu_is_v6_unaligned(). */
	v6Unaligned: boolean;
	/** CONFIG_COMPAT_ALIGNMENT_FIXUPS, for 32-bit tasks on an arm64 kernel. */
	compatFixups: boolean;
	/** The /proc/cpu/alignment mode after boot, or null where the file does not exist. */
	defaultMode: AlignmentMode | null;
	insns: InsnId[];
}

const v5Insns: InsnId[] = ['ldr', 'str', 'ldrh', 'strh', 'ldrd', 'strd', 'ldm', 'stm'];
const v6Insns: InsnId[] = [...v5Insns, 'ldrex', 'strex', 'vldr', 'vstr'];
const v7Insns: InsnId[] = [...v6Insns, 'vld1', 'vst1'];

/** The CPUs in the order the lab lists them. */
export const CPUS: readonly Cpu[] = [
	{
		id: 'armv5',
		label: 'ARMv5 (ARM926EJ-S), 32-bit kernel',
		examples: 'older NAS boxes and SheevaPlug-era boards',
		kernel: 'arm32',
		isa: 'A32',
		v6Unaligned: false,
		compatFixups: false,
		// ai_usermode starts at 0 and only v6+ CPUs promote it (alignment_init()).
		defaultMode: 0,
		insns: v5Insns,
	},
	{
		id: 'armv6',
		label: 'ARMv6 (ARM1176), 32-bit kernel',
		examples: 'Raspberry Pi 1 and Zero',
		kernel: 'arm32',
		isa: 'A32',
		v6Unaligned: true,
		compatFixups: false,
		defaultMode: 2,
		insns: v6Insns,
	},
	{
		id: 'armv7',
		label: 'ARMv7 (Cortex-A7), 32-bit kernel',
		examples: 'Raspberry Pi 2',
		kernel: 'arm32',
		// Debian armhf compiles to Thumb-2 by default, so the kernel sees Thumb encodings.
		isa: 'T32',
		v6Unaligned: true,
		compatFixups: false,
		defaultMode: 2,
		insns: v7Insns,
	},
	{
		id: 'aarch64',
		label: 'AArch64, 64-bit program',
		examples: 'Raspberry Pi 3, 4 and 5 in 64-bit mode',
		kernel: 'arm64',
		isa: 'A64',
		v6Unaligned: true,
		compatFixups: false,
		defaultMode: null,
		insns: ['ldr', 'str', 'ldp', 'stp', 'ldxr', 'stxr', 'ldar', 'stlr', 'cas'],
	},
	{
		id: 'compat',
		label: '32-bit program on an arm64 kernel, without COMPAT_ALIGNMENT_FIXUPS',
		examples: 'an armhf binary on a 64-bit kernel (the option defaults to n)',
		kernel: 'arm64-compat',
		isa: 'T32',
		v6Unaligned: true,
		compatFixups: false,
		defaultMode: null,
		insns: v7Insns,
	},
	{
		id: 'compat-fixups',
		label: '32-bit program on an arm64 kernel, with COMPAT_ALIGNMENT_FIXUPS=y',
		examples: 'an armhf binary on a kernel built with the option (NixOS enables it)',
		kernel: 'arm64-compat',
		isa: 'T32',
		v6Unaligned: true,
		compatFixups: true,
		defaultMode: null,
		insns: v7Insns,
	},
	{
		id: 'x86-64',
		label: 'x86-64',
		examples: 'PCs and most servers',
		kernel: 'x86',
		isa: 'x86-64',
		v6Unaligned: false,
		compatFixups: false,
		defaultMode: null,
		insns: ['mov-load', 'mov-store', 'lock-add'],
	},
];

/** Looks a CPU up by id. */
export function cpuById(id: CpuId): Cpu {
	const cpu = CPUS.find((c) => c.id === id);
	if (!cpu) throw new Error(`unknown CPU ${id}`);
	return cpu;
}

/** How an instruction family is treated by the CPU's alignment rule and by the kernel's fix-up. */
export type InsnClass =
	| 'single' // LDR/STR, LDRH/STRH, x86 MOV: single loads and stores up to word size
	| 'double' // LDRD/STRD
	| 'multiple' // LDM/STM
	| 'exclusive' // LDREX/STREX, LDXR/STXR
	| 'acqrel' // LDAR/STLR
	| 'vfp' // VLDR/VSTR
	| 'neon-aligned' // VLD1/VST1 with an :64 alignment qualifier
	| 'pair' // AArch64 LDP/STP
	| 'atomic' // AArch64 CAS
	| 'locked'; // x86 LOCK-prefixed read-modify-write

/** One instruction: how it is written and encoded for each instruction set that has it. */
export interface Insn {
	id: InsnId;
	label: string;
	load: boolean;
	cls: InsnClass;
	/** Bytes transferred. */
	size: Partial<Record<Isa, number>>;
	/** The assembly text the lab runs, per instruction set. */
	asm: Partial<Record<Isa, string>>;
	/**
	 * Encodings from binutils 2.40 (arm-linux-gnueabihf-as -march=armv7-a, aarch64-linux-gnu-as
	 * -march=armv8.1-a). A 32-bit Thumb-2 instruction is written as the kernel composes it:
	 * first halfword in the top 16 bits (__opcode_thumb32_compose()).
	 */
	encoding: Partial<Record<Isa, string>>;
}

/** Every instruction the lab knows. */
export const INSNS: readonly Insn[] = [
	{
		id: 'ldr',
		label: 'LDR (load register)',
		load: true,
		cls: 'single',
		size: { A32: 4, T32: 4, A64: 8 },
		asm: { A32: 'ldr r0, [r1]', T32: 'ldr r0, [r1]', A64: 'ldr x0, [x1]' },
		encoding: { A32: 'e5910000', T32: '6808', A64: 'f9400020' },
	},
	{
		id: 'str',
		label: 'STR (store register)',
		load: false,
		cls: 'single',
		size: { A32: 4, T32: 4, A64: 8 },
		asm: { A32: 'str r0, [r1]', T32: 'str r0, [r1]', A64: 'str x0, [x1]' },
		encoding: { A32: 'e5810000', T32: '6008', A64: 'f9000020' },
	},
	{
		id: 'ldrh',
		label: 'LDRH (load halfword)',
		load: true,
		cls: 'single',
		size: { A32: 2, T32: 2 },
		asm: { A32: 'ldrh r0, [r1]', T32: 'ldrh r0, [r1]' },
		encoding: { A32: 'e1d100b0', T32: '8808' },
	},
	{
		id: 'strh',
		label: 'STRH (store halfword)',
		load: false,
		cls: 'single',
		size: { A32: 2, T32: 2 },
		asm: { A32: 'strh r0, [r1]', T32: 'strh r0, [r1]' },
		encoding: { A32: 'e1c100b0', T32: '8008' },
	},
	{
		id: 'ldrd',
		label: 'LDRD (load two registers)',
		load: true,
		cls: 'double',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'ldrd r2, r3, [r1]', T32: 'ldrd r2, r3, [r1]' },
		encoding: { A32: 'e1c120d0', T32: 'e9d12300' },
	},
	{
		id: 'strd',
		label: 'STRD (store two registers)',
		load: false,
		cls: 'double',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'strd r2, r3, [r1]', T32: 'strd r2, r3, [r1]' },
		encoding: { A32: 'e1c120f0', T32: 'e9c12300' },
	},
	{
		id: 'ldm',
		label: 'LDM (load multiple)',
		load: true,
		cls: 'multiple',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'ldm r1, {r2, r3}', T32: 'ldmia.w r1, {r2, r3}' },
		encoding: { A32: 'e891000c', T32: 'e891000c' },
	},
	{
		id: 'stm',
		label: 'STM (store multiple)',
		load: false,
		cls: 'multiple',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'stm r1, {r2, r3}', T32: 'stmia.w r1, {r2, r3}' },
		encoding: { A32: 'e881000c', T32: 'e881000c' },
	},
	{
		id: 'ldrex',
		label: 'LDREX (load exclusive)',
		load: true,
		cls: 'exclusive',
		size: { A32: 4, T32: 4 },
		asm: { A32: 'ldrex r0, [r1]', T32: 'ldrex r0, [r1]' },
		encoding: { A32: 'e1910f9f', T32: 'e8510f00' },
	},
	{
		id: 'strex',
		label: 'STREX (store exclusive)',
		load: false,
		cls: 'exclusive',
		size: { A32: 4, T32: 4 },
		asm: { A32: 'strex r2, r0, [r1]', T32: 'strex r2, r0, [r1]' },
		encoding: { A32: 'e1812f90', T32: 'e8410200' },
	},
	{
		id: 'vldr',
		label: 'VLDR (floating-point load)',
		load: true,
		cls: 'vfp',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'vldr d0, [r1]', T32: 'vldr d0, [r1]' },
		encoding: { A32: 'ed910b00', T32: 'ed910b00' },
	},
	{
		id: 'vstr',
		label: 'VSTR (floating-point store)',
		load: false,
		cls: 'vfp',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'vstr d0, [r1]', T32: 'vstr d0, [r1]' },
		encoding: { A32: 'ed810b00', T32: 'ed810b00' },
	},
	{
		id: 'vld1',
		label: 'VLD1.64 with :64 alignment qualifier (NEON)',
		load: true,
		cls: 'neon-aligned',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'vld1.64 {d0}, [r1:64]', T32: 'vld1.64 {d0}, [r1:64]' },
		encoding: { A32: 'f42107df', T32: 'f92107df' },
	},
	{
		id: 'vst1',
		label: 'VST1.64 with :64 alignment qualifier (NEON)',
		load: false,
		cls: 'neon-aligned',
		size: { A32: 8, T32: 8 },
		asm: { A32: 'vst1.64 {d0}, [r1:64]', T32: 'vst1.64 {d0}, [r1:64]' },
		encoding: { A32: 'f40107df', T32: 'f90107df' },
	},
	{
		id: 'ldxr',
		label: 'LDXR (load exclusive)',
		load: true,
		cls: 'exclusive',
		size: { A64: 8 },
		asm: { A64: 'ldxr x0, [x1]' },
		encoding: { A64: 'c85f7c20' },
	},
	{
		id: 'stxr',
		label: 'STXR (store exclusive)',
		load: false,
		cls: 'exclusive',
		size: { A64: 8 },
		asm: { A64: 'stxr w2, x0, [x1]' },
		encoding: { A64: 'c8027c20' },
	},
	{
		id: 'ldar',
		label: 'LDAR (load-acquire)',
		load: true,
		cls: 'acqrel',
		size: { A64: 8 },
		asm: { A64: 'ldar x0, [x1]' },
		encoding: { A64: 'c8dffc20' },
	},
	{
		id: 'stlr',
		label: 'STLR (store-release)',
		load: false,
		cls: 'acqrel',
		size: { A64: 8 },
		asm: { A64: 'stlr x0, [x1]' },
		encoding: { A64: 'c89ffc20' },
	},
	{
		id: 'ldp',
		label: 'LDP (load pair)',
		load: true,
		cls: 'pair',
		size: { A64: 16 },
		asm: { A64: 'ldp x0, x2, [x1]' },
		encoding: { A64: 'a9400820' },
	},
	{
		id: 'stp',
		label: 'STP (store pair)',
		load: false,
		cls: 'pair',
		size: { A64: 16 },
		asm: { A64: 'stp x0, x2, [x1]' },
		encoding: { A64: 'a9000820' },
	},
	{
		id: 'cas',
		label: 'CAS (compare and swap, LSE atomics)',
		load: false,
		cls: 'atomic',
		size: { A64: 8 },
		asm: { A64: 'cas x0, x2, [x1]' },
		encoding: { A64: 'c8a07c22' },
	},
	{
		id: 'mov-load',
		label: 'MOV load',
		load: true,
		cls: 'single',
		size: { 'x86-64': 4 },
		asm: { 'x86-64': 'movl (%rdi), %eax' },
		encoding: {},
	},
	{
		id: 'mov-store',
		label: 'MOV store',
		load: false,
		cls: 'single',
		size: { 'x86-64': 4 },
		asm: { 'x86-64': 'movl %eax, (%rdi)' },
		encoding: {},
	},
	{
		id: 'lock-add',
		label: 'LOCK ADD (atomic add)',
		load: false,
		cls: 'locked',
		size: { 'x86-64': 4 },
		asm: { 'x86-64': 'lock addl $1, (%rdi)' },
		encoding: {},
	},
];

/** Looks an instruction up by id. */
export function insnById(id: InsnId): Insn {
	const insn = INSNS.find((i) => i.id === id);
	if (!insn) throw new Error(`unknown instruction ${id}`);
	return insn;
}

/** Bytes in the lab's memory strip: enough for a 16-byte access to cross the 64-byte line. */
export const STRIP_BYTES = 80;

/** Example user-space address of the strip's first byte on 32-bit ARM (64-byte aligned). */
export const BASE32 = 0x00021040;
/** Example address of the strip on 64-bit systems (64-byte aligned). */
export const BASE64 = 0xaaaaaaac1040n;

/** Example process and program counter for the kernel log lines; only the formats are real. */
export const EXAMPLE_TASK = { comm: 'unaligned', pid: 4242, pc32: 0x000104c8 } as const;
