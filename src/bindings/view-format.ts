/**
 * The few values the lab's views need from the view model: page states in legend order and size
 * formatting. They live apart from view-model.ts so that a component importing them does not
 * pull the code that builds the view (which only the engine runs) into the lab's first load.
 */

/** What one text page of a running program looks like from the kernel's side. */
export type PageStatus =
	/** In the page cache, with the bytes the program started from. */
	| 'resident'
	/** In the page cache on this client, but the file behind it now has other bytes. */
	| 'stale'
	/** Not in memory yet: the next touch reads it from the file, which still matches. */
	| 'absent'
	/** Not in memory, and the file now has other bytes there: the next touch loads them. */
	| 'changed'
	/** Past the end of the file (or the file is gone): the next touch raises SIGBUS. */
	| 'eof';

/** Page states in the order the legend lists them, worst last. */
export const PAGE_STATUSES: readonly PageStatus[] = [
	'resident',
	'absent',
	'stale',
	'changed',
	'eof',
];

/** Each page state in words, for legends and text alternatives. */
export const PAGE_LABELS: Record<PageStatus, string> = {
	resident: 'in memory',
	absent: 'not yet loaded',
	stale: 'stale (file changed)',
	changed: 'not loaded, file changed',
	eof: 'beyond end of file',
};

/** A short size such as "24 MiB" or "1.2 KiB", for tables. */
export function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KiB', 'MiB', 'GiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
