/**
 * Saved progress: each lab's command log in localStorage under its own key, so a broken entry
 * for one chapter cannot cost the reader their progress in another. Anything unreadable is
 * reported and ignored, never thrown.
 */
import { decodeLog, encodeLog, type Moment } from './permalink';

const PREFIX = 'bus-error:lab:';
const VERSION = 1;

/** What loading found: nothing saved, a saved moment, or a saved entry that could not be read. */
export type SavedProgress =
	{ kind: 'none' } | { kind: 'ok'; moment: Moment } | { kind: 'error'; reason: string };

function storage(): Storage | null {
	try {
		return window.localStorage;
	} catch {
		// Storage can be disabled or blocked (private modes, sandboxed frames); progress is optional.
		return null;
	}
}

/** Reads a lab's saved progress. */
export function loadProgress(labId: string): SavedProgress {
	const raw = storage()?.getItem(PREFIX + labId);
	if (raw == null) return { kind: 'none' };
	try {
		const data: unknown = JSON.parse(raw);
		if (typeof data !== 'object' || data === null) throw new Error('not an object');
		const { v, seed, log, at } = data as Record<string, unknown>;
		if (v !== VERSION) throw new Error('unknown version');
		if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0)
			throw new Error('bad seed');
		if (typeof log !== 'string') throw new Error('bad log');
		const entries = decodeLog(log);
		if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at > entries.length) {
			throw new Error('bad step');
		}
		return { kind: 'ok', moment: { seed, log: entries, at } };
	} catch (error) {
		return { kind: 'error', reason: error instanceof Error ? error.message : String(error) };
	}
}

/** Saves a lab's progress; a full or blocked storage loses only this save. */
export function saveProgress(labId: string, moment: Moment): void {
	try {
		storage()?.setItem(
			PREFIX + labId,
			JSON.stringify({ v: VERSION, seed: moment.seed, log: encodeLog(moment.log), at: moment.at }),
		);
	} catch {
		// Quota errors are not worth interrupting the reader for; the lab keeps working.
	}
}

/** Forgets a lab's progress (the Reset button). */
export function clearProgress(labId: string): void {
	try {
		storage()?.removeItem(PREFIX + labId);
	} catch {
		// As above: storage is best effort.
	}
}
