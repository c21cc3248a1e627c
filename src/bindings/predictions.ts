/**
 * Recorded predictions: which option the reader committed to at each Predict checkpoint, kept in
 * localStorage one key per question (like saved lab progress), so that a broken entry costs only
 * that one answer. Anything unreadable is skipped, never thrown: storage is a convenience.
 */

const PREFIX = 'bus-error:predict:';
const VERSION = 1;
/** Longer strings than this are not ours; they are ignored rather than shown back. */
const MAX_TEXT = 600;

/** One committed prediction, with what is needed to show it back anywhere on the site. */
export interface Prediction {
	/** The page the question is on, and the question's element id there. */
	page: string;
	anchor: string;
	question: string;
	/** The option the reader chose, and the right one, as text. */
	picked: string;
	answer: string;
	correct: boolean;
}

function storage(): Storage | null {
	try {
		return window.localStorage;
	} catch {
		// Storage can be disabled or blocked (private modes, sandboxed frames).
		return null;
	}
}

const text = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;

/** Reads one stored entry; null for anything that is not a prediction this version wrote. */
export function parsePrediction(raw: string | null): Prediction | null {
	if (raw == null) return null;
	let data: unknown;
	try {
		data = JSON.parse(raw);
	} catch {
		return null;
	}
	if (typeof data !== 'object' || data === null) return null;
	const d = data as Record<string, unknown>;
	if (d.v !== VERSION || typeof d.correct !== 'boolean') return null;
	const { page, anchor, question, picked, answer } = d;
	if (!text(page) || !text(anchor) || !text(question) || !text(picked) || !text(answer))
		return null;
	// Only paths on this site: a stored entry must never turn into a link elsewhere.
	if (!page.startsWith('/') || page.startsWith('//')) return null;
	return { page, anchor, question, picked, answer, correct: d.correct };
}

/** The reader's prediction for a question, if one was committed and can be read. */
export function loadPrediction(id: string): Prediction | null {
	try {
		return parsePrediction(storage()?.getItem(PREFIX + id) ?? null);
	} catch {
		return null;
	}
}

/** Records a committed prediction; a full or blocked storage just forgets it. */
export function savePrediction(id: string, prediction: Prediction): void {
	try {
		storage()?.setItem(PREFIX + id, JSON.stringify({ v: VERSION, ...prediction }));
	} catch {
		// Quota or privacy errors: the checkpoint still works, it just is not remembered.
	}
}

/** Forgets a prediction (Try again). */
export function forgetPrediction(id: string): void {
	try {
		storage()?.removeItem(PREFIX + id);
	} catch {
		// As above: storage is best effort.
	}
}

/**
 * Moves a prediction saved under an older key (`from`) to `to`, giving it the question's current
 * anchor, and returns what `to` holds then. A prediction already under `to` is newer and wins;
 * the old entry is dropped either way once `to` holds one, so no answer is listed twice. An
 * unreadable old entry is left alone and counts as none.
 */
export function migratePrediction(from: string, to: string, anchor: string): Prediction | null {
	const current = loadPrediction(to);
	if (from === to) return current;
	const old = current ? null : loadPrediction(from);
	const moved = old && { ...old, anchor };
	if (moved) savePrediction(to, moved);
	const now = loadPrediction(to);
	// Forget the old entry only once the new one is stored (a full storage keeps it for later).
	if (now && loadPrediction(from)) forgetPrediction(from);
	return now ?? moved;
}

/** Every readable prediction, in the order of the pages and questions' ids. */
export function allPredictions(): Array<{ id: string; prediction: Prediction }> {
	const found: Array<{ id: string; prediction: Prediction }> = [];
	try {
		const s = storage();
		if (!s) return found;
		for (let i = 0; i < s.length; i++) {
			const key = s.key(i);
			if (!key?.startsWith(PREFIX)) continue;
			const prediction = parsePrediction(s.getItem(key));
			if (prediction) found.push({ id: key.slice(PREFIX.length), prediction });
		}
	} catch {
		// A storage that fails while listing shows what was read so far.
	}
	return found.sort((a, b) => a.id.localeCompare(b.id));
}
