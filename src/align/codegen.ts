/**
 * What gcc actually emits for a few lines of C that read through a misaligned pointer. The
 * assembly below is the real -O2 output of Debian's gcc 12.2.0 cross compilers (directives and
 * comments stripped, `@ unaligned` kept because it is gcc's own note); tests/kernel/alignment
 * compiles tests/kernel/alignment/codegen.c again and checks it still matches.
 */
import type { CpuId, InsnId } from './types';

/** A compiler configuration, named after the machine it targets. */
export interface Target {
	id: 'armv6' | 'armhf' | 'aarch64';
	label: string;
	/** The exact compiler command. */
	cc: string;
	/** The CPUs a binary built this way would run on, in the lab's terms. */
	runsOn: CpuId[];
}

export const TARGETS: readonly Target[] = [
	{
		id: 'armv6',
		label: 'ARMv6 (Raspberry Pi 1 / Zero, Raspbian)',
		cc: 'arm-linux-gnueabihf-gcc -O2 -marm -march=armv6+fp -mfpu=vfp -mfloat-abi=hard',
		runsOn: ['armv6'],
	},
	{
		id: 'armhf',
		label: 'ARMv7 armhf (Debian default: Thumb-2)',
		cc: 'arm-linux-gnueabihf-gcc -O2',
		runsOn: ['armv7', 'compat', 'compat-fixups'],
	},
	{
		id: 'aarch64',
		label: 'AArch64',
		cc: 'aarch64-linux-gnu-gcc -O2',
		runsOn: ['aarch64'],
	},
];

/**
 * How the emitted code touches memory, so the lab can run it: a list of loads (instruction and
 * strip offset, with `buf` at offset 0 and a packed `struct rec` starting at offset 0), or only
 * single-byte loads, which can never be misaligned.
 */
export type MemoryUse =
	{ kind: 'insns'; loads: { insn: InsnId; offset: number }[] } | { kind: 'bytes' };

/** One C function and what each target made of it. */
export interface Snippet {
	id: 'u32' | 'u64' | 'f64' | 'memcpy' | 'packed' | 'aligned1';
	/** The C, as in tests/kernel/alignment/codegen.c. */
	c: string;
	/** Whether the C is well defined: the casts are undefined behaviour. */
	defined: boolean;
	asm: Record<Target['id'], string[]>;
	uses: Record<Target['id'], MemoryUse>;
}

const ldr = (offset: number): { insn: InsnId; offset: number } => ({ insn: 'ldr', offset });

export const SNIPPETS: readonly Snippet[] = [
	{
		id: 'u32',
		c: 'uint32_t get_u32(const unsigned char *buf) { return *(const uint32_t *)(buf + 1); }',
		defined: false,
		asm: {
			armv6: ['ldr\tr0, [r0, #1]', 'bx\tlr'],
			armhf: ['ldr\tr0, [r0, #1]', 'bx\tlr'],
			aarch64: ['ldr\tw0, [x0, 1]', 'ret'],
		},
		uses: {
			armv6: { kind: 'insns', loads: [ldr(1)] },
			armhf: { kind: 'insns', loads: [ldr(1)] },
			aarch64: { kind: 'insns', loads: [ldr(1)] },
		},
	},
	{
		id: 'u64',
		c: 'uint64_t get_u64(const unsigned char *buf) { return *(const uint64_t *)(buf + 1); }',
		defined: false,
		asm: {
			armv6: ['ldrd\tr0, [r0, #1]', 'bx\tlr'],
			armhf: ['adds\tr0, r0, #1', 'ldrd\tr0, [r0]', 'bx\tlr'],
			aarch64: ['ldr\tx0, [x0, 1]', 'ret'],
		},
		uses: {
			armv6: { kind: 'insns', loads: [{ insn: 'ldrd', offset: 1 }] },
			armhf: { kind: 'insns', loads: [{ insn: 'ldrd', offset: 1 }] },
			aarch64: { kind: 'insns', loads: [ldr(1)] },
		},
	},
	{
		id: 'f64',
		c: 'double get_f64(const unsigned char *buf) { return *(const double *)(buf + 1); }',
		defined: false,
		asm: {
			armv6: ['add\tr0, r0, #1', 'vldr.64\td0, [r0]', 'bx\tlr'],
			armhf: ['adds\tr0, r0, #1', 'vldr.64\td0, [r0]', 'bx\tlr'],
			aarch64: ['ldr\td0, [x0, 1]', 'ret'],
		},
		uses: {
			armv6: { kind: 'insns', loads: [{ insn: 'vldr', offset: 1 }] },
			armhf: { kind: 'insns', loads: [{ insn: 'vldr', offset: 1 }] },
			aarch64: { kind: 'insns', loads: [ldr(1)] },
		},
	},
	{
		id: 'memcpy',
		c: 'double get_f64_memcpy(const unsigned char *buf) { double d; memcpy(&d, buf + 1, sizeof d); return d; }',
		defined: true,
		asm: {
			armv6: [
				'ldr\tr2, [r0, #1]\t@ unaligned',
				'ldr\tr3, [r0, #5]\t@ unaligned',
				'vmov\td0, r2, r3',
				'bx\tlr',
			],
			armhf: [
				'ldr\tr2, [r0, #1]\t@ unaligned',
				'ldr\tr3, [r0, #5]\t@ unaligned',
				'vmov\td0, r2, r3',
				'bx\tlr',
			],
			aarch64: ['ldr\td0, [x0, 1]', 'ret'],
		},
		uses: {
			armv6: { kind: 'insns', loads: [ldr(1), ldr(5)] },
			armhf: { kind: 'insns', loads: [ldr(1), ldr(5)] },
			aarch64: { kind: 'insns', loads: [ldr(1)] },
		},
	},
	{
		id: 'packed',
		c: 'struct __attribute__((packed)) rec { uint8_t tag; uint32_t len; double val; };\ndouble get_packed(const struct rec *r) { return r->val; }',
		defined: true,
		asm: {
			armv6: [
				'ldrb\tr1, [r0, #6]\t@ zero_extendqisi2',
				'ldrb\tr3, [r0, #7]\t@ zero_extendqisi2',
				'ldrb\tr2, [r0, #5]\t@ zero_extendqisi2',
				'ldrb\tip, [r0, #8]\t@ zero_extendqisi2',
				'push\t{r4, r5}',
				'orr\tr2, r2, r1, lsl #8',
				'ldrb\tr1, [r0, #10]\t@ zero_extendqisi2',
				'orr\tr2, r2, r3, lsl #16',
				'ldrb\tr3, [r0, #9]\t@ zero_extendqisi2',
				'orr\tr4, r2, ip, lsl #24',
				'ldrb\tr2, [r0, #12]\t@ zero_extendqisi2',
				'orr\tr3, r3, r1, lsl #8',
				'ldrb\tr1, [r0, #11]\t@ zero_extendqisi2',
				'orr\tr3, r3, r1, lsl #16',
				'orr\tr5, r3, r2, lsl #24',
				'vmov\td0, r4, r5',
				'pop\t{r4, r5}',
				'bx\tlr',
			],
			armhf: [
				'ldr\tr2, [r0, #5]\t@ unaligned',
				'ldr\tr3, [r0, #9]\t@ unaligned',
				'vmov\td0, r2, r3',
				'bx\tlr',
			],
			aarch64: ['ldr\td0, [x0, 5]', 'ret'],
		},
		uses: {
			armv6: { kind: 'bytes' },
			armhf: { kind: 'insns', loads: [ldr(5), ldr(9)] },
			aarch64: { kind: 'insns', loads: [ldr(5)] },
		},
	},
	{
		id: 'aligned1',
		c: 'typedef uint64_t u64_a1 __attribute__((aligned(1)));\nuint64_t get_u64_aligned1(const unsigned char *buf) { return *(const u64_a1 *)(buf + 1); }',
		defined: true,
		asm: {
			armv6: [
				'mov\tr3, r0',
				'ldr\tr0, [r0, #1]\t@ unaligned',
				'ldr\tr1, [r3, #5]\t@ unaligned',
				'bx\tlr',
			],
			armhf: [
				'mov\tr3, r0',
				'ldr\tr0, [r0, #1]\t@ unaligned',
				'ldr\tr1, [r3, #5]\t@ unaligned',
				'bx\tlr',
			],
			aarch64: ['ldr\tx0, [x0, 1]', 'ret'],
		},
		uses: {
			armv6: { kind: 'insns', loads: [ldr(1), ldr(5)] },
			armhf: { kind: 'insns', loads: [ldr(1), ldr(5)] },
			aarch64: { kind: 'insns', loads: [ldr(1)] },
		},
	},
];

/** Strips what `gcc -S` adds around the instructions, the way the facts sheet's run.sh does. */
export function instructionLines(gccS: string, fn: string): string[] {
	const lines = gccS.split('\n');
	const start = lines.findIndex((l) => l === `${fn}:`);
	if (start < 0) return [];
	const out: string[] = [];
	for (const line of lines.slice(start + 1)) {
		// Directives and local labels (.LFB0:, .cfi_startproc) come first, so they never end the body.
		if (/^\s*\./.test(line) || /^\s*@/.test(line) || line.trim() === '') continue;
		if (/^\S.*:$/.test(line)) break;
		out.push(line.trim());
	}
	return out;
}
