// File bodies keep program images symbolic, and copies fold pages that repeat an image back into
// it. These properties check that the folding is invisible: after any sequence of copies, writes
// and truncations, every page reads the same and counts as allocated exactly when a plain
// page-by-page copy (what copy_file_range means) would say so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	copyPages,
	emptyData,
	imageData,
	pageBytes,
	pageContent,
	truncateData,
	writeRange,
} from '../../../src/kernel/data';
import { PAGE_SIZE } from '../../../src/kernel/constants';
import type { FileDataState } from '../../../src/kernel/state';

/**
 * The page-by-page copy, with no folding: the meaning copyPages must keep. A hole copied over a
 * page that holds data (an image page or a written one) becomes a page of zeros that is
 * allocated; copied over a hole it stays a hole.
 */
function plainCopy(
	from: FileDataState,
	fromIndex: number,
	to: FileDataState,
	toIndex: number,
	count: number,
): void {
	for (let i = 0; i < count; i++) {
		const content = pageContent(from, fromIndex + i);
		const target = toIndex + i;
		if (content) to.pages[target] = { ...content };
		else if (to.pages[target] !== undefined || (to.image && target < to.image.pages))
			to.pages[target] = { k: 'b', b: '' };
	}
}

/** What each page holds and whether it is allocated (an image page or an explicit one). */
function view(data: FileDataState, pages: number): Array<{ content: unknown; allocated: boolean }> {
	const out: Array<{ content: unknown; allocated: boolean }> = [];
	for (let i = 0; i < pages; i++) {
		const allocated = data.pages[i] !== undefined || (data.image !== null && i < data.image.pages);
		out.push({ content: pageContent(data, i), allocated });
	}
	return out;
}

const PAGES = 24;
const images = [
	['server', 'v1'],
	['server', 'v2'],
	['other', 'v1'],
] as const;

type Op =
	| { op: 'copy'; src: number; fromIndex: number; toIndex: number; count: number }
	| { op: 'write'; offset: number; text: string }
	| { op: 'truncate'; size: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
	fc.record({
		op: fc.constant('copy' as const),
		src: fc.nat({ max: images.length }),
		fromIndex: fc.nat({ max: 12 }),
		toIndex: fc.nat({ max: 12 }),
		count: fc.nat({ max: 14 }),
	}),
	// Same offsets in source and target, the case that can extend the image.
	fc
		.record({
			op: fc.constant('copy' as const),
			src: fc.nat({ max: images.length }),
			fromIndex: fc.nat({ max: 12 }),
			count: fc.nat({ max: 14 }),
		})
		.map((o) => ({ ...o, toIndex: o.fromIndex })),
	fc.record({
		op: fc.constant('write' as const),
		offset: fc.nat({ max: PAGES * PAGE_SIZE }),
		text: fc.string({ minLength: 1, maxLength: 8 }),
	}),
	fc.record({ op: fc.constant('truncate' as const), size: fc.nat({ max: PAGES * PAGE_SIZE }) }),
);

/** A source body: one of the images (some with a patched page), or plain bytes with a hole. */
function source(n: number): FileDataState {
	if (n < images.length) {
		const [name, build] = images[n] as readonly [string, string];
		const data = imageData(name, build, 16 * PAGE_SIZE);
		if (n === 1) writeRange(data, 3 * PAGE_SIZE + 10, 'patched');
		return data;
	}
	const data = emptyData();
	writeRange(data, 0, 'hello');
	writeRange(data, 5 * PAGE_SIZE, 'world');
	return data;
}

describe('file bodies', () => {
	it('a folded copy reads and allocates like a page-by-page copy', () => {
		fc.assert(
			fc.property(
				fc.nat({ max: images.length }),
				fc.array(opArb, { maxLength: 30 }),
				(start, ops) => {
					const real = source(start);
					const plain = source(start);
					let size = 16 * PAGE_SIZE;
					for (const op of ops) {
						if (op.op === 'copy') {
							copyPages(source(op.src), op.fromIndex, real, op.toIndex, op.count);
							plainCopy(source(op.src), op.fromIndex, plain, op.toIndex, op.count);
							size = Math.max(size, (op.toIndex + op.count) * PAGE_SIZE);
						} else if (op.op === 'write') {
							writeRange(real, op.offset, op.text);
							writeRange(plain, op.offset, op.text);
							size = Math.max(size, op.offset + op.text.length);
						} else {
							truncateData(real, size, op.size);
							truncateData(plain, size, op.size);
							size = op.size;
						}
						expect(view(real, PAGES + 16)).toEqual(view(plain, PAGES + 16));
					}
				},
			),
			{ numRuns: 300 },
		);
	});

	it('a program copied in chunks at the same offsets stays one image', () => {
		const program = imageData('server', 'v2', 6657 * PAGE_SIZE - 100);
		const copy = emptyData();
		// NFS WRITEs of wsize (1 MiB, 256 pages) each, in order.
		for (let i = 0; i < 6657; i += 256) copyPages(program, i, copy, i, Math.min(256, 6657 - i));
		expect(copy).toEqual({ image: { name: 'server', build: 'v2', pages: 6657 }, pages: {} });
		expect(pageBytes(pageContent(copy, 4000))).toBe(pageBytes(pageContent(program, 4000)));
	});
});
