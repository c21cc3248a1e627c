/**
 * The lab's state as a query string (`?cpu=armv7&insn=ldrd&addr=1&mode=2`), so a setup can be
 * shared as a link. Parsing never throws: every bad value becomes a message and a default.
 */
import { CPUS, INSNS, STRIP_BYTES, cpuById, insnById } from './machines';
import type { AccessConfig, AlignmentMode, CpuId, InsnId, SplitLockMode } from './types';

/** What the lab shows when the link says nothing. */
export const DEFAULT_CONFIG: AccessConfig = { cpu: 'armv7', insn: 'ldr', offset: 1 };

/** The largest valid offset for an instruction on a CPU: the access must stay inside the strip. */
export function maxOffset(cpu: CpuId, insn: InsnId): number {
	const size = insnById(insn).size[cpuById(cpu).isa] ?? 1;
	return STRIP_BYTES - size;
}

/** The query keys the lab owns; other keys on the page are left alone. */
const KEYS = ['cpu', 'insn', 'addr', 'mode', 'ac', 'sld'] as const;

function decode(part: string): string {
	try {
		return decodeURIComponent(part.replace(/\+/g, ' '));
	} catch {
		return part;
	}
}

/** Splits a query string (with or without the leading ?) into key/value pairs. */
function pairs(query: string): Map<string, string> {
	const map = new Map<string, string>();
	for (const part of query.replace(/^[?#]/, '').split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const key = decode(eq < 0 ? part : part.slice(0, eq));
		const value = decode(eq < 0 ? '' : part.slice(eq + 1));
		if (!map.has(key)) map.set(key, value);
	}
	return map;
}

/** Shows a value from a link safely inside a message, however long or odd it is. */
function quote(value: string): string {
	const short = value.length > 24 ? value.slice(0, 24) + '…' : value;
	return `“${short}”`;
}

/** Reads the lab's state from a query string; `errors` explains every value that was ignored. */
export function parseQuery(query: string): { config: AccessConfig; errors: string[] } {
	const p = pairs(query);
	const errors: string[] = [];
	if (!KEYS.some((k) => p.has(k))) return { config: { ...DEFAULT_CONFIG }, errors };

	let cpu: CpuId = DEFAULT_CONFIG.cpu;
	const cpuValue = p.get('cpu');
	if (cpuValue !== undefined) {
		const found = CPUS.find((c) => c.id === cpuValue);
		if (found) cpu = found.id;
		else errors.push(`Unknown CPU ${quote(cpuValue)}; showing ${cpuById(cpu).label} instead.`);
	}
	const cpuInfo = cpuById(cpu);

	let insn: InsnId = cpuInfo.insns[0] ?? 'ldr';
	const insnValue = p.get('insn');
	if (insnValue !== undefined) {
		const found = INSNS.find((i) => i.id === insnValue);
		if (found && cpuInfo.insns.includes(found.id)) insn = found.id;
		else if (found)
			errors.push(
				`${cpuInfo.label} has no ${found.label}; showing ${insnById(insn).label} instead.`,
			);
		else
			errors.push(
				`Unknown instruction ${quote(insnValue)}; showing ${insnById(insn).label} instead.`,
			);
	} else if (cpuInfo.insns.includes(DEFAULT_CONFIG.insn)) {
		insn = DEFAULT_CONFIG.insn;
	}

	let offset = DEFAULT_CONFIG.offset;
	const max = maxOffset(cpu, insn);
	const addrValue = p.get('addr');
	if (addrValue !== undefined) {
		const n = /^\d{1,4}$/.test(addrValue) ? Number(addrValue) : NaN;
		if (Number.isInteger(n) && n >= 0 && n <= max) offset = n;
		else
			errors.push(
				`The offset must be a whole number from 0 to ${max}, not ${quote(addrValue)}; using ${offset}.`,
			);
	}

	const config: AccessConfig = { cpu, insn, offset };

	const modeValue = p.get('mode');
	if (modeValue !== undefined) {
		if (cpuInfo.defaultMode === null) {
			errors.push(
				`/proc/cpu/alignment exists only on 32-bit ARM kernels; the mode in the link was ignored.`,
			);
		} else if (/^[0-5]$/.test(modeValue)) {
			config.mode = Number(modeValue) as AlignmentMode;
		} else {
			errors.push(
				`The alignment mode must be 0 to 5, not ${quote(modeValue)}; using the default, ${cpuInfo.defaultMode}.`,
			);
		}
	}

	const acValue = p.get('ac');
	if (acValue !== undefined) {
		if (cpuInfo.kernel !== 'x86') errors.push('The AC flag exists only on x86; it was ignored.');
		else if (acValue === '1' || acValue === '0') config.ac = acValue === '1';
		else errors.push(`The AC flag must be 0 or 1, not ${quote(acValue)}; leaving it clear.`);
	}

	const sldValue = p.get('sld');
	if (sldValue !== undefined) {
		if (cpuInfo.kernel !== 'x86')
			errors.push('split_lock_detect exists only on x86; it was ignored.');
		else if (sldValue === 'off' || sldValue === 'warn' || sldValue === 'fatal')
			config.splitLock = sldValue as SplitLockMode;
		else
			errors.push(
				`split_lock_detect must be off, warn or fatal, not ${quote(sldValue)}; using warn.`,
			);
	}

	return { config, errors };
}

/** Writes the lab's state as a query string, leaving out what does not apply to the CPU. */
export function toQuery(config: AccessConfig): string {
	const cpu = cpuById(config.cpu);
	const parts = [`cpu=${config.cpu}`, `insn=${config.insn}`, `addr=${config.offset}`];
	if (cpu.defaultMode !== null) parts.push(`mode=${config.mode ?? cpu.defaultMode}`);
	if (cpu.kernel === 'x86') {
		parts.push(`ac=${config.ac ? 1 : 0}`, `sld=${config.splitLock ?? 'warn'}`);
	}
	return '?' + parts.join('&');
}
