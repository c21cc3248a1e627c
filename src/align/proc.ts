import type { AlignmentCounters, AlignmentMode } from './types';

/** Bit 0 of the mode: print a message (UM_WARN in arch/arm/mm/alignment.c). */
export const UM_WARN = 1;
/** Bit 1: fix the access up in software (UM_FIXUP). */
export const UM_FIXUP = 2;
/** Bit 2: send SIGBUS (UM_SIGNAL). */
export const UM_SIGNAL = 4;

/** The names `cat /proc/cpu/alignment` prints for each mode (usermode_action[]). */
export const MODE_NAMES: Record<AlignmentMode, string> = {
	0: 'ignored',
	1: 'warn',
	2: 'fixup',
	3: 'fixup+warn',
	4: 'signal',
	5: 'signal+warn',
};

/** Printed by safe_usermode() when a v6+ CPU is asked to ignore faults. Two spaces are in the source. */
export const UNSAFE_MODE_MESSAGE =
	'alignment: ignoring faults is unsafe on this CPU.  Defaulting to fixup mode.';

/**
 * The mode the kernel actually uses. On CPUs with the ARMv6 unaligned model, ignoring a fault
 * would re-run the same instruction forever, so safe_usermode() adds the fix-up bit.
 */
export function safeUsermode(
	requested: AlignmentMode,
	v6Unaligned: boolean,
): { mode: AlignmentMode; promoted: boolean } {
	if (v6Unaligned && (requested & (UM_FIXUP | UM_SIGNAL)) === 0) {
		return { mode: (requested | UM_FIXUP) as AlignmentMode, promoted: true };
	}
	return { mode: requested, promoted: false };
}

/** All counters at zero, as after boot. */
export function zeroCounters(): AlignmentCounters {
	return { user: 0, system: 0, skipped: 0, half: 0, word: 0, dword: 0, multi: 0 };
}

/**
 * The text of /proc/cpu/alignment, line for line as alignment_proc_show() prints it. The System
 * line ends with the last kernel PC printed by %pS; with no kernel faults it is NULL, which
 * vsprintf's symbol_string() prints as 0x0. Every CPU the lab offers is ARMv5TE or later, so the
 * DWord line is always present.
 */
export function procAlignmentText(c: AlignmentCounters, mode: AlignmentMode): string {
	return [
		`User:\t\t${c.user}`,
		`System:\t\t${c.system} (0x0)`,
		`Skipped:\t${c.skipped}`,
		`Half:\t\t${c.half}`,
		`Word:\t\t${c.word}`,
		`DWord:\t\t${c.dword}`,
		`Multi:\t\t${c.multi}`,
		`User faults:\t${mode} (${MODE_NAMES[mode]})`,
	].join('\n');
}
