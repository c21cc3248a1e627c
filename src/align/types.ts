/**
 * Types for the alignment lab: what one load or store does on a given CPU and kernel.
 * The model is pure data in, data out; the Svelte island and the tests only read its results.
 */

/** A CPU together with the kernel it runs under, because the kernel decides what a trap becomes. */
export type CpuId = 'armv5' | 'armv6' | 'armv7' | 'aarch64' | 'compat' | 'compat-fixups' | 'x86-64';

/** One instruction the lab can run. Names follow the assembler mnemonics. */
export type InsnId =
	| 'ldr'
	| 'str'
	| 'ldrh'
	| 'strh'
	| 'ldrd'
	| 'strd'
	| 'ldm'
	| 'stm'
	| 'ldrex'
	| 'strex'
	| 'vldr'
	| 'vstr'
	| 'vld1'
	| 'vst1'
	| 'ldxr'
	| 'stxr'
	| 'ldar'
	| 'stlr'
	| 'ldp'
	| 'stp'
	| 'cas'
	| 'mov-load'
	| 'mov-store'
	| 'lock-add';

/** The value written to /proc/cpu/alignment on a 32-bit ARM kernel (Documentation/arch/arm/mem_alignment.rst). */
export type AlignmentMode = 0 | 1 | 2 | 3 | 4 | 5;

/** x86 `split_lock_detect=` boot parameter values the lab offers (kernel-parameters.txt). */
export type SplitLockMode = 'off' | 'warn' | 'fatal';

/** What the reader chose. */
export interface AccessConfig {
	cpu: CpuId;
	insn: InsnId;
	/** Byte offset into the memory strip; the strip starts on a 64-byte boundary. */
	offset: number;
	/** /proc/cpu/alignment as written; only 32-bit ARM kernels have it. Defaults per CPU. */
	mode?: AlignmentMode;
	/** x86 only: EFLAGS.AC set by the program (pushf/popf). */
	ac?: boolean;
	/** x86 only: the split_lock_detect= boot parameter. */
	splitLock?: SplitLockMode;
}

/** The instruction set the CPU is executing: it decides encodings and what the kernel prints. */
export type Isa = 'A32' | 'T32' | 'A64' | 'x86-64';

/** Where a fact comes from, so every line the lab shows can be traced. */
export interface Source {
	/** For example `arch/arm/mm/alignment.c: do_alignment()` or `ARM ARM: unaligned data access`. */
	ref: string;
	/** True where the facts sheet marks the point [UNCONFIRMED] (not checked on hardware or in source). */
	unconfirmed: boolean;
}

/** One link in the chain from the instruction to the outcome. */
export interface Step {
	text: string;
	source: Source;
}

/** The shape of the access in memory: which boundaries it crosses. */
export interface AccessGeometry {
	offset: number;
	size: number;
	/** The strip offsets touched, in order. */
	bytes: number[];
	/** The largest power of two (up to 64) the address is a multiple of. */
	alignedTo: number;
	crossesWord: boolean;
	crossesDoubleword: boolean;
	/** A 16-byte block matters for FEAT_LSE2 on AArch64. */
	crosses16: boolean;
	crossesCacheLine: boolean;
}

/** The counters `cat /proc/cpu/alignment` prints (arch/arm/mm/alignment.c: alignment_proc_show()). */
export interface AlignmentCounters {
	user: number;
	system: number;
	skipped: number;
	half: number;
	word: number;
	dword: number;
	multi: number;
}

/**
 * works: the access completes correctly. fixup: the kernel emulated it. rotated: ARMv5 with faults
 * ignored, the load completes with the wrong bytes. sigbus: the task is killed unless it catches the
 * signal. unpredictable: the architecture leaves the result open and the lab does not guess.
 */
export type OutcomeKind = 'works' | 'fixup' | 'rotated' | 'sigbus' | 'unpredictable';

/** The signal a task receives, and what the shell then says. */
export interface SignalInfo {
	signo: 7;
	name: 'SIGBUS';
	/** BUS_ADRALN is 1 (include/uapi/asm-generic/siginfo.h). */
	code: 1;
	codeName: 'BUS_ADRALN';
	/** si_addr as a C program would print it with %p. */
	addr: string;
	/** What an interactive bash prints; "(core dumped)" follows when a core file was written. */
	shell: 'Bus error';
	/** 128 + SIGBUS. */
	exitStatus: 135;
}

/** The result of one access. */
export interface Outcome {
	kind: OutcomeKind;
	/** One sentence, suitable for a live region. */
	summary: string;
	/** The instruction as the lab ran it, e.g. `ldrd r2, r3, [r1]`. */
	asm: string;
	isa: Isa;
	/** Hex encoding as the assembler produced it (binutils 2.40), or null for x86. */
	encoding: string | null;
	geometry: AccessGeometry;
	/** What the CPU's alignment rule requires for this instruction (1 = any address). */
	required: number;
	/** The value a load returns, as hex; null for stores, faults and unpredictable results. */
	loaded: string | null;
	/** What a store leaves in the strip: offset to byte. Null for loads and faults. */
	stored: { offset: number; byte: number }[] | null;
	/** What the kernel had to do, when it trapped and fixed up or logged. */
	kernel: {
		/** The mode in effect after the kernel's own promotion, on 32-bit ARM kernels. */
		mode: AlignmentMode | null;
		/** Printed when a mode that ignores faults is written on a v6+ CPU. */
		modeMessage: string | null;
		/** Counters after this one access on a freshly booted machine, or null where the file does not exist. */
		counters: AlignmentCounters | null;
		/** The text of `cat /proc/cpu/alignment`, or null. */
		procText: string | null;
		/** What the fix-up costs, in kernel work; null when there is none. */
		cost: string | null;
		/** Lines the kernel log would show. Example comm, pid, PC and address; real formats. */
		log: string[];
	};
	signal: SignalInfo | null;
	/** Why, step by step, each with its source. */
	steps: Step[];
	/** True if any step rests on a point the facts sheet marks [UNCONFIRMED]. */
	unconfirmed: boolean;
}
