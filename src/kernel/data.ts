/**
 * File contents. Program images are symbolic per page ({name, build, page}) so that a binary of
 * tens of MiB costs nothing until someone looks at its bytes; small files hold real bytes.
 */
import { PAGE_SIZE } from './constants';
import { hashString } from './random';
import type { FileDataState, PageContent } from './state';

/** The number of pages that hold bytes of a file of `size` bytes. */
export function pagesOf(size: number): number {
	return Math.ceil(size / PAGE_SIZE);
}

/** A fresh empty file body. */
export function emptyData(): FileDataState {
	return { image: null, pages: {} };
}

/** A program image body of `size` bytes. */
export function imageData(name: string, build: string, size: number): FileDataState {
	return { image: { name, build, pages: pagesOf(size) }, pages: {} };
}

/** The content of page `index`, or null for a hole (zeros). */
export function pageContent(data: FileDataState, index: number): PageContent | null {
	const own = data.pages[index];
	if (own) return own;
	if (data.image && index < data.image.pages) {
		return { k: 'i', name: data.image.name, build: data.image.build, page: index, patch: 0 };
	}
	return null;
}

/** Whether page `index` of a body holds data (an image page or a written page), not a hole. */
export function hasPage(data: FileDataState, index: number): boolean {
	return data.pages[index] !== undefined || (data.image !== null && index < data.image.pages);
}

/**
 * The bytes of one page, as a string of char codes. Image pages are pseudo-random but stable, and
 * page 0 starts with an ELF header so that `file` and `head -c4` look right.
 */
export function pageBytes(content: PageContent | null): string {
	if (!content) return '';
	if (content.k === 'b') return content.b;
	// Every exec reads page 0 of its program, so the last image pages built are kept.
	const key = `${content.name}\0${content.build}\0${content.page}\0${content.patch}`;
	const known = imagePages.get(key);
	if (known !== undefined) return known;
	const body = imagePattern(content).repeat(PAGE_SIZE / 64);
	const bytes = content.page !== 0 ? body : ELF_HEADER + body.slice(ELF_HEADER.length);
	if (imagePages.size >= IMAGE_PAGES_KEPT) imagePages.clear();
	imagePages.set(key, bytes);
	return bytes;
}

/** Bytes of recently built image pages (a pure function of the page identity). */
const imagePages = new Map<string, string>();
const IMAGE_PAGES_KEPT = 64;

/** The start of an x86-64 ELF executable, so that `file` and `head -c4` look right. */
const ELF_HEADER = '\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0';

/** A fixed xorshift key stream that scrambles the identity block of image pages. */
const IDENTITY_KEY: number[] = (() => {
	let x = 0x9e3779b9;
	const out: number[] = [];
	for (let i = 0; i < 64; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		out.push(x & 0xff);
	}
	return out;
})();

type ImagePage = Extract<PageContent, { k: 'i' }>;

/**
 * The 64-byte block an image page repeats: its identity (name, build, page, patch) with a
 * checksum, scrambled. Because the bytes carry the identity, a copy made with read and write
 * (cat, dd, rsync) is recognised as the same program page again.
 */
function imagePattern(content: ImagePage): string {
	const text = `${content.name}\0${content.build}\0${content.page.toString(36)}\0${content.patch.toString(36)}`;
	let raw: string;
	if (text.length <= 58) {
		const sum = hashString(text);
		raw =
			'\x01' +
			String.fromCharCode(text.length) +
			text.padEnd(58, '\0') +
			String.fromCharCode(sum & 0xff, (sum >>> 8) & 0xff, (sum >>> 16) & 0xff, sum >>> 24);
	} else {
		// Too long to carry: stable noise that no decoder accepts.
		let x = hashString(text) || 1;
		raw = '\x02';
		while (raw.length < 64) {
			x ^= x << 13;
			x ^= x >>> 17;
			x ^= x << 5;
			raw += String.fromCharCode(x & 0xff);
		}
	}
	let out = '';
	for (let i = 0; i < 64; i++)
		out += String.fromCharCode(raw.charCodeAt(i) ^ (IDENTITY_KEY[i] ?? 0));
	return out;
}

/** Recovers an image page identity from a 64-byte block, if it is one. */
function decodeIdentity(block: string): ImagePage | null {
	if (block.length < 64) return null;
	let raw = '';
	for (let i = 0; i < 64; i++)
		raw += String.fromCharCode(block.charCodeAt(i) ^ (IDENTITY_KEY[i] ?? 0));
	const length = raw.charCodeAt(1);
	if (raw.charCodeAt(0) !== 1 || length > 58) return null;
	const text = raw.slice(2, 2 + length);
	const sum = hashString(text);
	const stored =
		raw.charCodeAt(60) |
		(raw.charCodeAt(61) << 8) |
		(raw.charCodeAt(62) << 16) |
		(raw.charCodeAt(63) << 24);
	if (stored >>> 0 !== sum) return null;
	const [name, build, page, patch] = text.split('\0');
	if (name === undefined || build === undefined || page === undefined || patch === undefined)
		return null;
	return { k: 'i', name, build, page: parseInt(page, 36), patch: parseInt(patch, 36) };
}

/** If `chunk`, written at the start of a page, is the bytes of an image page, that page. */
function recognise(chunk: string, previous: PageContent | null): ImagePage | null {
	if (chunk.length < 128) return null;
	const id = decodeIdentity(chunk.slice(64, 128));
	if (!id) return null;
	const full = pageBytes(id);
	if (chunk.length === PAGE_SIZE) return full === chunk ? id : null;
	// A shorter write may stand for the whole page only if nothing followed it there.
	const rest = previous ? pageBytes(previous).slice(chunk.length).replace(/\0+$/, '') : '';
	return rest === '' && full.startsWith(chunk) ? id : null;
}

/** Reads `count` bytes at `offset` of a file of `size` bytes, as a char-code string. */
export function readRange(
	data: FileDataState,
	size: number,
	offset: number,
	count: number,
): string {
	const end = Math.min(size, offset + count);
	if (end <= offset) return '';
	const parts: string[] = [];
	let pos = offset;
	while (pos < end) {
		const index = Math.floor(pos / PAGE_SIZE);
		const within = pos - index * PAGE_SIZE;
		const take = Math.min(PAGE_SIZE - within, end - pos);
		const bytes = pageBytes(pageContent(data, index)).padEnd(PAGE_SIZE, '\0');
		parts.push(bytes.slice(within, within + take));
		pos += take;
	}
	return parts.join('');
}

/** Writes a char-code string at `offset`; image pages that get partly overwritten are marked patched. */
export function writeRange(data: FileDataState, offset: number, bytes: string): void {
	let pos = offset;
	let done = 0;
	while (done < bytes.length) {
		const index = Math.floor(pos / PAGE_SIZE);
		const within = pos - index * PAGE_SIZE;
		const take = Math.min(PAGE_SIZE - within, bytes.length - done);
		const chunk = bytes.slice(done, done + take);
		const old = pageContent(data, index);
		const image = within === 0 ? recognise(chunk, old) : null;
		if (image) {
			data.pages[index] = image;
		} else if (old && old.k === 'i') {
			data.pages[index] = { ...old, patch: hashString(`${old.patch}:${within}:${chunk}`) };
		} else {
			const before = (old ? old.b : '').padEnd(within, '\0');
			const merged = before.slice(0, within) + chunk + before.slice(within + take);
			data.pages[index] = { k: 'b', b: merged };
		}
		pos += take;
		done += take;
	}
}

/** Cuts or extends a file body from `oldSize` to `newSize` bytes (truncate(2)). */
export function truncateData(data: FileDataState, oldSize: number, newSize: number): void {
	const keep = pagesOf(newSize);
	for (const key of Object.keys(data.pages)) {
		if (Number(key) >= keep) delete data.pages[key];
	}
	if (data.image && data.image.pages > keep) data.image.pages = keep;
	if (data.image && data.image.pages === 0) data.image = null;
	const tail = newSize % PAGE_SIZE;
	// Bytes past the new end of the last page are gone: a later extension reads zeros there.
	if (tail !== 0 && newSize < oldSize) {
		const index = keep - 1;
		const old = pageContent(data, index);
		if (old && old.k === 'b') data.pages[index] = { k: 'b', b: old.b.slice(0, tail) };
		else if (old) data.pages[index] = { ...old, patch: hashString(`${old.patch}:cut:${tail}`) };
	}
}

/** Copies whole pages from one body to another (copy_file_range on page-aligned offsets). */
export function copyPages(
	from: FileDataState,
	fromIndex: number,
	to: FileDataState,
	toIndex: number,
	count: number,
): void {
	// The common case, a whole program copied into an empty file, stays symbolic and O(1).
	if (
		fromIndex === 0 &&
		toIndex === 0 &&
		to.image === null &&
		Object.keys(to.pages).length === 0 &&
		from.image &&
		count >= from.image.pages
	) {
		to.image = { ...from.image };
		for (const [key, value] of Object.entries(from.pages)) {
			if (Number(key) < count) to.pages[key] = { ...value };
		}
		return;
	}
	const source = from.image;
	let i = 0;
	// A run of untouched image pages onto the end of the same image (or an empty body) is one
	// step; it is what the page-by-page loop below does for each of them.
	if (
		source &&
		fromIndex === toIndex &&
		toIndex < source.pages &&
		isEmpty(from.pages) &&
		isEmpty(to.pages) &&
		(to.image === null
			? toIndex === 0
			: to.image.pages === toIndex &&
				to.image.name === source.name &&
				to.image.build === source.build)
	) {
		i = Math.min(count, source.pages - toIndex);
		if (to.image === null) to.image = { name: source.name, build: source.build, pages: i };
		else to.image.pages += i;
	}
	for (; i < count; i++) {
		const target = toIndex + i;
		if (
			source &&
			fromIndex + i === target &&
			target < source.pages &&
			from.pages[target] === undefined &&
			extendImage(to, source.name, source.build, target)
		)
			continue;
		const content = pageContent(from, fromIndex + i);
		if (content) to.pages[target] = { ...content };
		// A hole stays a hole (cp keeps files sparse), but over a page that holds data the
		// zeros are written (the splice fallback of copy_file_range writes what it reads).
		else if (to.pages[target] !== undefined || (to.image && target < to.image.pages))
			to.pages[target] = { k: 'b', b: '' };
	}
	absorbImagePages(to);
}

function isEmpty(pages: Record<string, PageContent>): boolean {
	for (const key in pages) if (Object.hasOwn(pages, key)) return false;
	return true;
}

/**
 * Whether `content` is exactly what page `index` of an unmodified image `name`/`build` holds.
 * Written bytes never are: an image's pages are patterns no write reproduces.
 */
export function isImagePage(
	content: PageContent | null | undefined,
	index: number,
	name: string,
	build: string,
): boolean {
	return (
		content !== undefined &&
		content !== null &&
		content.k === 'i' &&
		content.page === index &&
		content.patch === 0 &&
		content.name === name &&
		content.build === build
	);
}

/**
 * Stores unmodified page `index` of image `name`/`build` at the same index of `data` by growing
 * its image by one page, when the image is that build and ends just before `index` (or there is
 * none and `index` is 0). Returns false when the page has to be stored as an override instead.
 */
function extendImage(data: FileDataState, name: string, build: string, index: number): boolean {
	if (data.image === null) {
		if (index !== 0) return false;
		data.image = { name, build, pages: 0 };
	} else if (data.image.pages !== index || data.image.name !== name || data.image.build !== build) {
		return false;
	}
	if (data.pages[index] !== undefined) delete data.pages[index];
	data.image.pages++;
	return true;
}

/**
 * Folds page overrides that merely repeat the next pages of the image into the image, so that a
 * program copied in chunks (NFS WRITEs of wsize bytes, copy_file_range in pieces) stays one
 * symbolic image instead of thousands of page records. Every page reads the same before and
 * after: an override equal to the image page it covers is the image page.
 */
function absorbImagePages(data: FileDataState): void {
	if (!data.image) {
		const first = data.pages[0];
		if (!first || first.k !== 'i' || !isImagePage(first, 0, first.name, first.build)) return;
		data.image = { name: first.name, build: first.build, pages: 0 };
	}
	const image = data.image;
	while (isImagePage(data.pages[image.pages], image.pages, image.name, image.build)) {
		delete data.pages[image.pages];
		image.pages++;
	}
}

const NON_ASCII = /[^\0-\x7f]/;

/** UTF-8 encodes a string into a char-code string (one char per byte). */
export function utf8Encode(text: string): string {
	// Plain ASCII, nearly every line a command prints, is its own encoding.
	if (!NON_ASCII.test(text)) return text;
	let out = '';
	for (const ch of text) {
		const cp = ch.codePointAt(0) ?? 0;
		if (cp < 0x80) out += ch;
		else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
		else if (cp < 0x10000) {
			out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
		} else {
			out += String.fromCharCode(
				0xf0 | (cp >> 18),
				0x80 | ((cp >> 12) & 63),
				0x80 | ((cp >> 6) & 63),
				0x80 | (cp & 63),
			);
		}
	}
	return out;
}

/** Decodes a char-code string of UTF-8 bytes; invalid sequences become U+FFFD. */
export function utf8Decode(bytes: string): string {
	let out = '';
	let i = 0;
	while (i < bytes.length) {
		const b = bytes.charCodeAt(i);
		const need = b < 0x80 ? 0 : b >> 5 === 6 ? 1 : b >> 4 === 14 ? 2 : b >> 3 === 30 ? 3 : -1;
		if (need < 0 || i + need >= bytes.length + (need === 0 ? 1 : 0)) {
			if (need === 0) out += bytes[i];
			else out += '\ufffd';
			i++;
			continue;
		}
		let cp = need === 0 ? b : b & (0x3f >> need);
		let valid = true;
		for (let j = 1; j <= need; j++) {
			const c = bytes.charCodeAt(i + j);
			if (c >> 6 !== 2) valid = false;
			cp = (cp << 6) | (c & 63);
		}
		if (!valid) {
			out += '\ufffd';
			i++;
			continue;
		}
		out += String.fromCodePoint(cp);
		i += need + 1;
	}
	return out;
}

/** Converts bytes to the internal char-code string. */
export function bytesToString(bytes: Uint8Array): string {
	const parts: string[] = [];
	for (let i = 0; i < bytes.length; i += 8192) {
		// apply() takes the typed array directly, which is far faster than spreading it.
		parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]));
	}
	return parts.join('');
}

/** Converts the internal char-code string to bytes. */
export function stringToBytes(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
	return out;
}
