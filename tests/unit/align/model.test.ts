// The alignment model against the facts sheet (/work/shared/reference/linux-facts.md, §4 and §5).
import { describe, expect, it } from 'vitest';
import {
	CPUS,
	MODE_NAMES,
	UNSAFE_MODE_MESSAGE,
	geometry,
	runAccess,
	safeUsermode,
	type AccessConfig,
	type AlignmentMode,
	type Outcome,
} from '../../../src/align';

const run = (cfg: AccessConfig): Outcome => runAccess(cfg);
const modes: AlignmentMode[] = [0, 1, 2, 3, 4, 5];

/** The warn line format from arch/arm/mm/alignment.c: do_alignment(). */
const WARN_LINE =
	/^Alignment trap: \S+ \(\d+\) PC=0x[0-9a-f]{8} Instr=0x([0-9a-f]{4}|[0-9a-f]{8}) Address=0x[0-9a-f]{8} FSR 0x[0-9a-f]{3}$/;

describe('SIGBUS as the shell sees it (§4)', () => {
	it('is signal 7, BUS_ADRALN = 1, "Bus error", exit status 135', () => {
		const o = run({ cpu: 'armv7', insn: 'vldr', offset: 1 });
		expect(o.signal).toMatchObject({
			signo: 7,
			name: 'SIGBUS',
			code: 1,
			codeName: 'BUS_ADRALN',
			shell: 'Bus error',
			exitStatus: 135,
		});
	});
});

describe('/proc/cpu/alignment modes (§5)', () => {
	it('names the six modes as usermode_action[] does', () => {
		expect(MODE_NAMES).toEqual({
			0: 'ignored',
			1: 'warn',
			2: 'fixup',
			3: 'fixup+warn',
			4: 'signal',
			5: 'signal+warn',
		});
	});

	it('defaults to 2 on ARMv6/v7 and 0 on older CPUs; arm64 and x86 have no such file', () => {
		const defaults = Object.fromEntries(CPUS.map((c) => [c.id, c.defaultMode]));
		expect(defaults).toEqual({
			armv5: 0,
			armv6: 2,
			armv7: 2,
			aarch64: null,
			compat: null,
			'compat-fixups': null,
			'x86-64': null,
		});
	});

	it('promotes 0 and 1 to fix-up on v6+ with the kernel message, two spaces included', () => {
		expect(safeUsermode(0, true)).toEqual({ mode: 2, promoted: true });
		expect(safeUsermode(1, true)).toEqual({ mode: 3, promoted: true });
		expect(safeUsermode(4, true)).toEqual({ mode: 4, promoted: false });
		expect(safeUsermode(0, false)).toEqual({ mode: 0, promoted: false });
		expect(UNSAFE_MODE_MESSAGE).toBe(
			'alignment: ignoring faults is unsafe on this CPU.  Defaulting to fixup mode.',
		);
		const o = run({ cpu: 'armv7', insn: 'ldrd', offset: 1, mode: 0 });
		expect(o.kernel.mode).toBe(2);
		expect(o.kernel.modeMessage).toBe(UNSAFE_MODE_MESSAGE);
		expect(o.kind).toBe('fixup');
	});

	it('prints the counters User, System, Skipped, Half, Word, DWord, Multi and User faults', () => {
		const o = run({ cpu: 'armv7', insn: 'ldrd', offset: 1, mode: 2 });
		expect(o.kernel.procText).toBe(
			[
				'User:\t\t1',
				'System:\t\t0 (0x0)',
				'Skipped:\t0',
				'Half:\t\t0',
				'Word:\t\t0',
				'DWord:\t\t1',
				'Multi:\t\t0',
				'User faults:\t2 (fixup)',
			].join('\n'),
		);
	});

	it('prints the warn line only when bit 0 is set, and only in the real format', () => {
		for (const mode of modes) {
			const o = run({ cpu: 'armv6', insn: 'ldrd', offset: 2, mode });
			const warn = o.kernel.log.filter((l) => l.startsWith('Alignment trap: unaligned'));
			const effective = o.kernel.mode ?? 0;
			expect(warn.length).toBe(effective & 1);
			for (const line of warn) expect(line).toMatch(WARN_LINE);
		}
		const store = run({ cpu: 'armv6', insn: 'strd', offset: 2, mode: 3 });
		expect(store.kernel.log[0]).toMatch(/Instr=0xe1c120f0 .* FSR 0x801$/);
		const thumb = run({ cpu: 'armv7', insn: 'ldrd', offset: 2, mode: 3 });
		expect(thumb.kernel.log[0]).toMatch(/Instr=0xe9d12300 .* FSR 0x001$/);
	});
});

describe('ARM 32-bit hardware rules (§5)', () => {
	it('ARMv5 LDR from a misaligned address returns the aligned word rotated, flagged unconfirmed', () => {
		// Bytes are 00 01 02 03 …; the aligned word at 0 is 0x03020100, rotated right by 8.
		const o = run({ cpu: 'armv5', insn: 'ldr', offset: 1 });
		expect(o.kind).toBe('rotated');
		expect(o.loaded).toMatch(/^r0 = 0x00030201 /);
		expect(o.unconfirmed).toBe(true);
		expect(o.kernel.counters?.user).toBe(1);
		const o3 = run({ cpu: 'armv5', insn: 'ldr', offset: 3 });
		expect(o3.loaded).toMatch(/^r0 = 0x02010003 /);
	});

	it('an aligned access works everywhere, and that needs no unconfirmed manual page', () => {
		for (const cpu of CPUS) {
			for (const insn of cpu.insns) {
				const o = run({ cpu: cpu.id, insn, offset: 16 });
				expect(o.kind, `${cpu.id} ${insn}`).toBe('works');
				expect(o.unconfirmed, `${cpu.id} ${insn}`).toBe(false);
			}
		}
	});

	it('ARMv5 in fix-up mode emulates the LDR and counts it as Word', () => {
		const o = run({ cpu: 'armv5', insn: 'ldr', offset: 1, mode: 2 });
		expect(o.kind).toBe('fixup');
		expect(o.loaded).toBe('r0 = 0x04030201');
		expect(o.kernel.counters).toMatchObject({ user: 1, word: 1 });
	});

	it('ARMv6 and ARMv7 do single loads and stores up to word size in hardware', () => {
		for (const cpu of ['armv6', 'armv7'] as const) {
			for (const insn of ['ldr', 'str', 'ldrh', 'strh'] as const) {
				for (const offset of [1, 2, 3]) {
					const o = run({ cpu, insn, offset });
					expect(o.kind, `${cpu} ${insn} ${offset}`).toBe('works');
					expect(o.kernel.counters?.user).toBe(0);
				}
			}
		}
		expect(run({ cpu: 'armv7', insn: 'ldr', offset: 1 }).loaded).toBe('r0 = 0x04030201');
	});

	it('LDM, STM, LDRD and STRD still trap and are fixed up in the default mode', () => {
		for (const cpu of ['armv6', 'armv7'] as const) {
			for (const insn of ['ldrd', 'strd', 'ldm', 'stm'] as const) {
				const o = run({ cpu, insn, offset: 1 });
				expect(o.kind, `${cpu} ${insn}`).toBe('fixup');
				const counter = insn === 'ldrd' || insn === 'strd' ? 'dword' : 'multi';
				expect(o.kernel.counters?.[counter]).toBe(1);
				expect(o.kernel.cost).toMatch(/byte at a time: 8 (ldrbt|strbt)/);
			}
		}
	});

	it('exclusive, VFP and NEON accesses are never fixed up: SIGBUS even in mode 2', () => {
		for (const insn of ['ldrex', 'strex', 'vldr', 'vstr', 'vld1', 'vst1'] as const) {
			const o = run({ cpu: 'armv7', insn, offset: 1, mode: 2 });
			expect(o.kind, insn).toBe('sigbus');
			expect(o.signal?.code).toBe(1);
			expect(o.kernel.counters).toMatchObject({ user: 1, skipped: 1 });
			expect(o.kernel.log).toContain('8<--- cut here ---');
			expect(
				o.kernel.log.some((l) =>
					/^Alignment trap: not handling instruction [0-9a-f]{8} at \[<[0-9a-f]{8}>\]$/.test(l),
				),
			).toBe(true);
			expect(
				o.kernel.log.some((l) =>
					/^Unhandled fault: alignment exception \(0x[0-9a-f]{3}\) at 0x[0-9a-f]{8}$/.test(l),
				),
			).toBe(true);
		}
	});

	it('modes 4 and 5 send SIGBUS for LDRD and VLDR alike, with si_addr the faulting address', () => {
		for (const mode of [4, 5] as const) {
			for (const insn of ['ldrd', 'vldr'] as const) {
				const o = run({ cpu: 'armv7', insn, offset: 1, mode });
				expect(o.kind).toBe('sigbus');
				expect(o.signal?.addr).toBe('0x00021041');
				expect(o.kernel.counters).toMatchObject({ user: 1, skipped: 0, dword: 0 });
			}
		}
	});

	it('word alignment is enough for LDRD and VLDR on v6+, flagged as ARM ARM only', () => {
		for (const insn of ['ldrd', 'vldr'] as const) {
			const o = run({ cpu: 'armv7', insn, offset: 4 });
			expect(o.kind).toBe('works');
			expect(o.unconfirmed).toBe(true);
		}
		const aligned = run({ cpu: 'armv7', insn: 'ldrd', offset: 8 });
		expect(aligned.kind).toBe('works');
		expect(aligned.unconfirmed).toBe(false);
	});

	it('VLD1 with a :64 qualifier needs 8-byte alignment (unconfirmed)', () => {
		const o = run({ cpu: 'armv7', insn: 'vld1', offset: 4 });
		expect(o.kind).toBe('sigbus');
		expect(o.unconfirmed).toBe(true);
	});

	it('offers only the instructions each CPU has', () => {
		const byId = Object.fromEntries(CPUS.map((c) => [c.id, c.insns]));
		expect(byId.armv5).not.toContain('ldrex');
		expect(byId.armv6).toContain('ldrex');
		expect(byId.armv6).not.toContain('vld1');
		expect(byId.armv7).toContain('vld1');
		expect(byId.aarch64).toEqual([
			'ldr',
			'str',
			'ldp',
			'stp',
			'ldxr',
			'stxr',
			'ldar',
			'stlr',
			'cas',
		]);
		expect(() => run({ cpu: 'armv5', insn: 'ldrex', offset: 0 })).toThrow();
	});
});

describe('arm64 (§5)', () => {
	it('ordinary loads, stores and pairs may be misaligned', () => {
		for (const insn of ['ldr', 'str', 'ldp', 'stp'] as const) {
			expect(run({ cpu: 'aarch64', insn, offset: 1 }).kind, insn).toBe('works');
		}
		expect(run({ cpu: 'aarch64', insn: 'ldp', offset: 1 }).loaded).toBe(
			'x0 = 0x0807060504030201, x2 = 0x100f0e0d0c0b0a09',
		);
	});

	it('exclusive and acquire/release accesses fault regardless of the A bit', () => {
		for (const insn of ['ldxr', 'stxr', 'ldar', 'stlr'] as const) {
			const o = run({ cpu: 'aarch64', insn, offset: 1 });
			expect(o.kind, insn).toBe('sigbus');
			expect(o.unconfirmed).toBe(false);
			expect(o.kernel.counters).toBeNull();
			expect(run({ cpu: 'aarch64', insn, offset: 8 }).kind).toBe('works');
		}
	});

	it('CAS needs natural alignment, but only as an unconfirmed ARM ARM point', () => {
		const o = run({ cpu: 'aarch64', insn: 'cas', offset: 4 });
		expect(o.kind).toBe('sigbus');
		expect(o.unconfirmed).toBe(true);
	});

	it('32-bit tasks get a fix-up only with COMPAT_ALIGNMENT_FIXUPS, and only for LDRD/STRD/LDM/STM', () => {
		for (const insn of ['ldrd', 'strd', 'ldm', 'stm'] as const) {
			expect(run({ cpu: 'compat', insn, offset: 1 }).kind).toBe('sigbus');
			const fixed = run({ cpu: 'compat-fixups', insn, offset: 1 });
			expect(fixed.kind).toBe('fixup');
			expect(fixed.kernel.log).toEqual([]);
			expect(fixed.kernel.procText).toBeNull();
		}
		for (const insn of ['ldrex', 'vldr', 'vld1'] as const) {
			expect(run({ cpu: 'compat-fixups', insn, offset: 1 }).kind).toBe('sigbus');
		}
		expect(run({ cpu: 'compat', insn: 'ldr', offset: 1 }).kind).toBe('works');
	});
});

describe('x86 (§5)', () => {
	it('misaligned MOV works unless AC is set; with AC it is SIGBUS, BUS_ADRALN, si_addr (nil)', () => {
		expect(run({ cpu: 'x86-64', insn: 'mov-store', offset: 1 }).kind).toBe('works');
		const o = run({ cpu: 'x86-64', insn: 'mov-store', offset: 1, ac: true });
		expect(o.kind).toBe('sigbus');
		expect(o.signal).toMatchObject({ code: 1, addr: '(nil)' });
		expect(run({ cpu: 'x86-64', insn: 'mov-load', offset: 4, ac: true }).kind).toBe('works');
	});

	it('a split lock warns by default, and is SIGBUS with split_lock_detect=fatal', () => {
		const warn = run({ cpu: 'x86-64', insn: 'lock-add', offset: 62 });
		expect(warn.kind).toBe('works');
		expect(warn.kernel.log).toHaveLength(1);
		expect(warn.kernel.log[0]).toMatch(
			/^x86\/split lock detection: #AC: \S+\/\d+ took a split_lock trap at address: 0x[0-9a-f]+$/,
		);
		// Bytes 3e 3f 40 41 hold 0x41403f3e; plus one, written back little-endian.
		expect(warn.stored?.map((b) => b.byte)).toEqual([0x3f, 0x3f, 0x40, 0x41]);
		const fatal = run({ cpu: 'x86-64', insn: 'lock-add', offset: 62, splitLock: 'fatal' });
		expect(fatal.kind).toBe('sigbus');
		expect(fatal.signal?.addr).toBe('(nil)');
		const off = run({ cpu: 'x86-64', insn: 'lock-add', offset: 62, splitLock: 'off' });
		expect(off.kind).toBe('works');
		expect(off.kernel.log).toEqual([]);
		// Misaligned but inside one line: not a split lock.
		expect(run({ cpu: 'x86-64', insn: 'lock-add', offset: 57, splitLock: 'fatal' }).kind).toBe(
			'works',
		);
	});
});

describe('geometry', () => {
	it('finds the boundaries an access crosses', () => {
		expect(geometry(1, 8)).toMatchObject({
			alignedTo: 1,
			crossesWord: true,
			crossesDoubleword: true,
			crosses16: false,
			crossesCacheLine: false,
		});
		expect(geometry(62, 4)).toMatchObject({ crossesCacheLine: true, crosses16: true });
		expect(geometry(4, 4)).toMatchObject({ alignedTo: 4, crossesWord: false });
		expect(geometry(0, 8).alignedTo).toBe(64);
	});
});
