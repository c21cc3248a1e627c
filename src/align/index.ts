/** The alignment lab's model: pure, deterministic, no DOM. The island and the tests import this. */
export * from './types';
export { CPUS, INSNS, STRIP_BYTES, cpuById, insnById, type Cpu, type Insn } from './machines';
export { MODE_NAMES, UNSAFE_MODE_MESSAGE, procAlignmentText, safeUsermode } from './proc';
export { runAccess, geometry, requirement, defaultMode, stripByte } from './model';
export { DEFAULT_CONFIG, parseQuery, toQuery, maxOffset } from './url';
export {
	SNIPPETS,
	TARGETS,
	instructionLines,
	type Snippet,
	type Target,
	type MemoryUse,
} from './codegen';
