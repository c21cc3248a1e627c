/**
 * A small seeded pseudo-random generator (mulberry32). The simulation never calls Math.random:
 * its state lives in the world so that a snapshot restores the exact same sequence.
 */
export function mulberry32Next(state: number): { state: number; value: number } {
	const next = (state + 0x6d2b79f5) >>> 0;
	let t = next;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	return { state: next, value };
}

/** A 32-bit FNV-1a hash of a string, used to derive stable pseudo-random bytes for symbolic pages. */
export function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}
