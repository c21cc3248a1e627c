/**
 * Postmortem permalinks: a URL that reopens a lab at one exact moment. The moment is not a dump
 * of the state but the recipe for it (the world's seed, the command log and how many of those
 * commands have run), because the simulation is deterministic and a recipe stays short.
 *
 *   ?v=1&s=<seed>&c=<base64url of the log, one "host:line" per line>&at=<step>
 *
 * The chapter is the page itself, so a link is only ever read by the lab it was made for.
 */

/** The hosts a command can be typed on. */
export const HOSTS = ['app', 'build', 'filer'] as const;
export type Host = (typeof HOSTS)[number];

/** One command the reader ran, and where. */
export interface LogEntry {
	host: Host;
	line: string;
}

/** A moment in a lab: replay `log[0..at)` on a fresh world made from `seed`. */
export interface Moment {
	seed: number;
	log: LogEntry[];
	at: number;
}

/** What reading a URL found: nothing to restore, a moment, or a reason the link is broken. */
export type ParsedLink =
	{ kind: 'none' } | { kind: 'ok'; moment: Moment } | { kind: 'error'; reason: string };

/** The format version written into every link; links with another version are refused. */
export const LINK_VERSION = '1';
/** Upper bounds that keep a hostile or mangled link from freezing the page. */
export const MAX_COMMANDS = 400;
export const MAX_LINE = 1000;

/**
 * A reason a link cannot be read, worded for the reader. Only these reach the page: anything
 * else a runtime throws is replaced by a sentence of our own, since browsers word their
 * decoding errors differently (Chrome's atob says "Invalid character" even for a bad length).
 */
export class LinkError extends Error {}

const isHost = (h: string): h is Host => (HOSTS as readonly string[]).includes(h);

/** Encodes UTF-8 text as unpadded base64url. */
export function toBase64Url(text: string): string {
	const bytes = new TextEncoder().encode(text);
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes unpadded base64url into UTF-8 text; throws on anything that is not. */
export function fromBase64Url(encoded: string): string {
	if (!/^[A-Za-z0-9_-]*$/.test(encoded))
		throw new LinkError('it contains characters base64url does not use');
	// Every 4 characters carry 3 bytes; a group of 1 leftover character carries none (RFC 4648 §4).
	if (encoded.length % 4 === 1)
		throw new LinkError('its command log is cut short: its length is not possible in base64url');
	const b64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
	let binary: string;
	try {
		binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
	} catch {
		throw new LinkError('its command log is not valid base64url');
	}
	const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new LinkError('its command log decodes to bytes that are not UTF-8 text');
	}
}

/** Turns a log into the text a link carries: one `host:line` per line. */
export function encodeLog(log: readonly LogEntry[]): string {
	return log.map((e) => `${e.host}:${e.line}`).join('\n');
}

/** Reads the log text back, refusing unknown hosts and oversized input. */
export function decodeLog(text: string): LogEntry[] {
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines.length > MAX_COMMANDS)
		throw new LinkError(`it holds more than ${MAX_COMMANDS} commands`);
	return lines.map((raw, i) => {
		const colon = raw.indexOf(':');
		const host = raw.slice(0, colon);
		const line = raw.slice(colon + 1);
		if (colon < 0 || !isHost(host)) throw new LinkError(`command ${i + 1} names no known host`);
		if (line.length > MAX_LINE) throw new LinkError(`command ${i + 1} is too long`);
		return { host, line };
	});
}

/** The query string for a moment. */
export function momentToQuery(moment: Moment): string {
	const params = new URLSearchParams();
	params.set('v', LINK_VERSION);
	params.set('s', String(moment.seed));
	params.set('c', toBase64Url(encodeLog(moment.log)));
	params.set('at', String(moment.at));
	return params.toString();
}

/** Reads a moment from a query string; links without our parameters are simply not links. */
export function parseMoment(search: string): ParsedLink {
	const params = new URLSearchParams(search);
	if (!params.has('c') && !params.has('at') && !params.has('s')) return { kind: 'none' };
	try {
		const v = params.get('v') ?? LINK_VERSION;
		if (v !== LINK_VERSION)
			throw new LinkError(
				`it was made by format version ${v}, and this site reads version ${LINK_VERSION}`,
			);
		const seedText = params.get('s') ?? '1';
		if (!/^\d{1,9}$/.test(seedText)) throw new LinkError('its seed is not a whole number');
		const log = decodeLog(fromBase64Url(params.get('c') ?? ''));
		const atText = params.get('at') ?? String(log.length);
		if (!/^\d{1,4}$/.test(atText)) throw new LinkError('its step is not a whole number');
		const at = Number(atText);
		if (at > log.length)
			throw new LinkError(`it asks for step ${at}, but holds only ${log.length} commands`);
		return { kind: 'ok', moment: { seed: Number(seedText), log, at } };
	} catch (error) {
		const why = error instanceof LinkError ? error.message : 'it could not be read';
		return { kind: 'error', reason: why };
	}
}

/** The full link to a moment of the lab on the page at `href`, scrolled to the lab. */
export function linkTo(href: string, moment: Moment): string {
	const url = new URL(href);
	url.search = momentToQuery(moment);
	url.hash = 'lab';
	return url.toString();
}
