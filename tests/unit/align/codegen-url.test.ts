// The C-to-assembly table against the facts sheet, what each CPU then does, and shareable links.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CPUS,
	DEFAULT_CONFIG,
	SNIPPETS,
	TARGETS,
	cpuById,
	instructionLines,
	maxOffset,
	parseQuery,
	runAccess,
	toQuery,
	type CpuId,
	type Snippet,
} from '../../../src/align';

const snippet = (id: Snippet['id']) => {
	const s = SNIPPETS.find((x) => x.id === id);
	if (!s) throw new Error(id);
	return s;
};

describe('what gcc 12.2 -O2 emits for p = buf + 1 (facts sheet §5 table)', () => {
	it('*(uint32_t*)p is a plain LDR everywhere', () => {
		const s = snippet('u32');
		expect(s.asm.armhf[0]).toBe('ldr\tr0, [r0, #1]');
		expect(s.asm.armv6[0]).toBe('ldr\tr0, [r0, #1]');
		expect(s.asm.aarch64[0]).toBe('ldr\tw0, [x0, 1]');
	});

	it('*(uint64_t*)p is LDRD on 32-bit ARM and LDR on aarch64', () => {
		const s = snippet('u64');
		expect(s.asm.armhf).toContain('ldrd\tr0, [r0]');
		expect(s.asm.armv6[0]).toBe('ldrd\tr0, [r0, #1]');
		expect(s.asm.aarch64[0]).toBe('ldr\tx0, [x0, 1]');
	});

	it('*(double*)p is VLDR on 32-bit ARM and LDR d0 on aarch64', () => {
		const s = snippet('f64');
		expect(s.asm.armhf).toContain('vldr.64\td0, [r0]');
		expect(s.asm.armv6).toContain('vldr.64\td0, [r0]');
		expect(s.asm.aarch64[0]).toBe('ldr\td0, [x0, 1]');
	});

	it('memcpy is two unaligned LDRs and a VMOV on 32-bit ARM', () => {
		for (const t of ['armhf', 'armv6'] as const) {
			const asm = snippet('memcpy').asm[t];
			expect(asm.filter((l) => /^ldr\t.*@ unaligned$/.test(l))).toHaveLength(2);
			expect(asm).toContain('vmov\td0, r2, r3');
		}
		expect(snippet('memcpy').asm.aarch64[0]).toBe('ldr\td0, [x0, 1]');
	});

	it('a packed-struct double is two LDRs on armhf, eight LDRBs and ORRs on ARMv6, LDR on aarch64', () => {
		const s = snippet('packed');
		expect(s.asm.armhf.filter((l) => l.startsWith('ldr\t'))).toHaveLength(2);
		expect(s.asm.armv6.filter((l) => l.startsWith('ldrb\t'))).toHaveLength(8);
		expect(s.asm.armv6.some((l) => l.startsWith('orr\t'))).toBe(true);
		expect(s.asm.aarch64[0]).toBe('ldr\td0, [x0, 5]');
	});

	it('extracts function bodies from gcc -S output the way run.sh filters it', () => {
		const gccS = [
			'\t.text',
			'get_u32:',
			'\t@ args = 0',
			'\tldr\tr0, [r0, #1]',
			'\tbx\tlr',
			'\t.size\tget_u32, .-get_u32',
			'get_u64:',
			'\tldrd\tr0, [r0, #1]',
		].join('\n');
		expect(instructionLines(gccS, 'get_u32')).toEqual(['ldr\tr0, [r0, #1]', 'bx\tlr']);
		expect(instructionLines(gccS, 'missing')).toEqual([]);
		// aarch64 output puts a local label and CFI directives right after the function label.
		const a64 = [
			'get_f64:',
			'.LFB0:',
			'\t.cfi_startproc',
			'\tldr\td0, [x0, 1]',
			'\tret',
			'\t.cfi_endproc',
		];
		expect(instructionLines(a64.join('\n'), 'get_f64')).toEqual(['ldr\td0, [x0, 1]', 'ret']);
	});
});

describe('what each CPU then does with that code (through the model)', () => {
	function outcomes(id: Snippet['id'], cpu: CpuId, mode?: 0 | 1 | 2 | 3 | 4 | 5): string[] {
		const s = snippet(id);
		const target = TARGETS.find((t) => t.runsOn.includes(cpu));
		if (!target) throw new Error(cpu);
		const use = s.uses[target.id];
		if (use.kind === 'bytes') return ['bytes'];
		return use.loads.map((l) => runAccess({ cpu, insn: l.insn, offset: l.offset, mode }).kind);
	}

	it('default mode 2 on a 32-bit kernel: LDRD is fixed up, VLDR is SIGBUS', () => {
		expect(outcomes('u64', 'armv7')).toEqual(['fixup']);
		expect(outcomes('u64', 'armv6')).toEqual(['fixup']);
		expect(outcomes('f64', 'armv7')).toEqual(['sigbus']);
		expect(outcomes('f64', 'armv6')).toEqual(['sigbus']);
	});

	it('modes 4 and 5: both SIGBUS', () => {
		for (const mode of [4, 5] as const) {
			expect(outcomes('u64', 'armv7', mode)).toEqual(['sigbus']);
			expect(outcomes('f64', 'armv7', mode)).toEqual(['sigbus']);
		}
	});

	it('arm64 native code: all of these work', () => {
		for (const s of SNIPPETS)
			expect(outcomes(s.id, 'aarch64').every((k) => k === 'works')).toBe(true);
	});

	it('the portable forms work on every ARM CPU without a trap', () => {
		for (const id of ['memcpy', 'packed', 'aligned1'] as const) {
			for (const cpu of ['armv6', 'armv7', 'compat', 'compat-fixups', 'aarch64'] as const) {
				expect(
					outcomes(id, cpu).every((k) => k === 'works' || k === 'bytes'),
					`${id} ${cpu}`,
				).toBe(true);
			}
		}
	});
});

describe('shareable links', () => {
	it('reads the example link from the brief', () => {
		expect(parseQuery('?cpu=armv7&insn=ldrd&addr=1&mode=2')).toEqual({
			config: { cpu: 'armv7', insn: 'ldrd', offset: 1, mode: 2 },
			errors: [],
		});
	});

	it('uses the defaults, silently, when the link says nothing about the lab', () => {
		expect(parseQuery('')).toEqual({ config: DEFAULT_CONFIG, errors: [] });
		expect(parseQuery('?utm=x')).toEqual({ config: DEFAULT_CONFIG, errors: [] });
	});

	it('explains and replaces every malformed value', () => {
		const bad = parseQuery('?cpu=pdp11&insn=ldrd&addr=1');
		expect(bad.config.cpu).toBe('armv7');
		expect(bad.errors[0]).toMatch(/Unknown CPU “pdp11”/);
		const noInsn = parseQuery('?cpu=aarch64&insn=ldrd');
		expect(noInsn.config.insn).toBe('ldr');
		expect(noInsn.errors[0]).toMatch(/has no LDRD/);
		const addr = parseQuery('?cpu=armv7&insn=ldrd&addr=-3');
		expect(addr.config.offset).toBe(1);
		expect(addr.errors[0]).toMatch(/whole number from 0 to 72/);
		expect(parseQuery('?cpu=armv7&insn=ldr&addr=1&mode=9').errors[0]).toMatch(/0 to 5/);
		expect(parseQuery('?cpu=aarch64&insn=ldr&addr=1&mode=2').errors[0]).toMatch(
			/only on 32-bit ARM/,
		);
		expect(parseQuery('?cpu=x86-64&insn=mov-load&ac=yes').errors[0]).toMatch(/0 or 1/);
		expect(parseQuery('?cpu=%E0%A4%A&insn=ldr').errors[0]).toMatch(/Unknown CPU/);
	});

	it('round-trips every valid setup, and never throws on arbitrary input', () => {
		const configs = fc.constantFrom(...CPUS).chain((cpu) =>
			fc.record({
				cpu: fc.constant(cpu.id),
				insn: fc.constantFrom(...cpu.insns),
				mode: fc.constantFrom(0, 1, 2, 3, 4, 5),
				ac: fc.boolean(),
				sld: fc.constantFrom('off', 'warn', 'fatal'),
				frac: fc.double({ min: 0, max: 1, noNaN: true }),
			}),
		);
		fc.assert(
			fc.property(configs, ({ cpu, insn, mode, ac, sld, frac }) => {
				const offset = Math.floor(frac * maxOffset(cpu, insn));
				const info = cpuById(cpu);
				const cfg = {
					cpu,
					insn,
					offset,
					...(info.defaultMode !== null ? { mode: mode as 0 } : {}),
					...(info.kernel === 'x86' ? { ac, splitLock: sld as 'off' } : {}),
				};
				const parsed = parseQuery(toQuery(cfg));
				expect(parsed.errors).toEqual([]);
				expect(parsed.config).toEqual(cfg);
				// Every reachable setup runs, and an access the rule allows never ends in a signal
				// unless it is an x86 split lock.
				const o = runAccess(cfg);
				if (offset % o.required === 0 && !(info.kernel === 'x86' && o.geometry.crossesCacheLine)) {
					expect(o.kind).not.toBe('sigbus');
				}
			}),
		);
		fc.assert(
			fc.property(fc.string(), (s) => {
				const { config } = parseQuery(s);
				expect(() => runAccess(config)).not.toThrow();
			}),
		);
	});
});
