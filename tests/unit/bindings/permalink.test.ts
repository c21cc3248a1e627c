import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	decodeLog,
	encodeLog,
	fromBase64Url,
	HOSTS,
	linkTo,
	MAX_COMMANDS,
	MAX_LINE,
	momentToQuery,
	parseMoment,
	toBase64Url,
	type LogEntry,
	type Moment,
} from '../../../src/bindings/permalink';

/** A command line as a reader could type it: any unicode, but one line (the log is newline-separated). */
const line = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !s.includes('\n'));
const entry: fc.Arbitrary<LogEntry> = fc.record({ host: fc.constantFrom(...HOSTS), line });
const moment: fc.Arbitrary<Moment> = fc.array(entry, { maxLength: 30 }).chain((log) =>
	fc.record({
		seed: fc.integer({ min: 0, max: 999_999_999 }),
		log: fc.constant(log),
		at: fc.integer({ min: 0, max: log.length }),
	}),
);

const query = (c: string, extra: Record<string, string> = {}) =>
	new URLSearchParams({ v: '1', s: '1', c, ...extra }).toString();

function reasonOf(search: string): string {
	const parsed = parseMoment(search);
	if (parsed.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
	return parsed.reason;
}

describe('permalink round-trips', () => {
	it('base64url round-trips any unicode text and uses only url-safe characters', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme' }), (text) => {
				const encoded = toBase64Url(text);
				expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
				expect(fromBase64Url(encoded)).toBe(text);
			}),
		);
	});

	it('a moment survives momentToQuery → parseMoment unchanged', () => {
		fc.assert(
			fc.property(moment, (m) => {
				expect(parseMoment(momentToQuery(m))).toEqual({ kind: 'ok', moment: m });
				expect(parseMoment(`?${momentToQuery(m)}`)).toEqual({ kind: 'ok', moment: m });
			}),
		);
	});

	it('a full link keeps the page, replaces its query and points at the lab', () => {
		fc.assert(
			fc.property(moment, (m) => {
				const url = new URL(linkTo('https://example.org/sub/chapters/nfs/?old=1#top', m));
				expect(url.pathname).toBe('/sub/chapters/nfs/');
				expect(url.hash).toBe('#lab');
				expect(url.searchParams.has('old')).toBe(false);
				expect(parseMoment(url.search)).toEqual({ kind: 'ok', moment: m });
			}),
		);
	});

	it('keeps colons, spaces and empty lines inside commands', () => {
		const log: LogEntry[] = [
			{ host: 'app', line: 'echo a:b:c  ; ls' },
			{ host: 'filer', line: '' },
			{ host: 'build', line: 'printf "é ✓ 🚌\\t"' },
		];
		expect(decodeLog(encodeLog(log))).toEqual(log);
	});

	it('fills in defaults: no version means 1, no step means the whole log, no seed means 1', () => {
		const c = toBase64Url('app:ls\napp:pwd');
		expect(parseMoment(`c=${c}`)).toEqual({
			kind: 'ok',
			moment: {
				seed: 1,
				log: [
					{ host: 'app', line: 'ls' },
					{ host: 'app', line: 'pwd' },
				],
				at: 2,
			},
		});
		expect(parseMoment('s=7')).toEqual({ kind: 'ok', moment: { seed: 7, log: [], at: 0 } });
	});

	it('treats a query without its parameters as no link at all', () => {
		expect(parseMoment('')).toEqual({ kind: 'none' });
		expect(parseMoment('?utm_source=x&v=1')).toEqual({ kind: 'none' });
	});
});

describe('malformed links', () => {
	it('refuses characters base64url does not use', () => {
		expect(reasonOf(query('YXBw:bHM='))).toBe('it contains characters base64url does not use');
		expect(reasonOf('v=1&c=a+b')).toBe('it contains characters base64url does not use');
	});

	it('refuses base64 that is not valid UTF-8, or has an impossible length', () => {
		// 0xff 0xfe is not UTF-8; the decoder's own wording ("The encoded data was not valid…")
		// must not reach the reader.
		expect(reasonOf(query('__4'))).toBe('its command log decodes to bytes that are not UTF-8 text');
		// One leftover character cannot encode a byte; atob would only say "Invalid character".
		expect(reasonOf(query('YXBwOmxzA'))).toBe(
			'its command log is cut short: its length is not possible in base64url',
		);
		expect(() => fromBase64Url('YXBwOmxzA')).toThrow(/cut short/);
		// Two or three leftover characters are fine: they carry one or two bytes.
		expect(fromBase64Url('YXBwOmxz')).toBe('app:ls');
		expect(fromBase64Url('YQ')).toBe('a');
	});

	it('names the command whose host is unknown or missing', () => {
		expect(reasonOf(query(toBase64Url('app:ls\nmars:ls')))).toBe('command 2 names no known host');
		expect(reasonOf(query(toBase64Url('no colon here')))).toBe('command 1 names no known host');
		expect(reasonOf(query(toBase64Url('APP:ls')))).toBe('command 1 names no known host');
	});

	it('refuses a step past the end of the log, naming both numbers', () => {
		expect(reasonOf(query(toBase64Url('app:ls\napp:pwd'), { at: '3' }))).toBe(
			'it asks for step 3, but holds only 2 commands',
		);
	});

	it('refuses steps and seeds that are not whole numbers', () => {
		const c = toBase64Url('app:ls');
		for (const at of ['-1', '1.5', 'x', '', '99999']) {
			expect(reasonOf(query(c, { at }))).toBe('its step is not a whole number');
		}
		for (const s of ['-1', '1e3', 'abc', '', '1234567890']) {
			expect(reasonOf(query(c, { s }))).toBe('its seed is not a whole number');
		}
	});

	it('refuses links from another format version', () => {
		expect(reasonOf(query(toBase64Url('app:ls'), { v: '2' }))).toBe(
			'it was made by format version 2, and this site reads version 1',
		);
	});

	it('refuses huge input: too many commands, too long a command', () => {
		const many = Array.from({ length: MAX_COMMANDS + 1 }, () => 'app:ls').join('\n');
		expect(reasonOf(query(toBase64Url(many)))).toBe(`it holds more than ${MAX_COMMANDS} commands`);
		const exactly = Array.from({ length: MAX_COMMANDS }, () => 'app:ls').join('\n');
		expect(parseMoment(query(toBase64Url(exactly))).kind).toBe('ok');
		expect(reasonOf(query(toBase64Url(`app:${'x'.repeat(MAX_LINE + 1)}`)))).toBe(
			'command 1 is too long',
		);
		expect(parseMoment(query(toBase64Url(`app:${'x'.repeat(MAX_LINE)}`))).kind).toBe('ok');
	});

	it('never throws, whatever the query string holds', () => {
		fc.assert(
			fc.property(
				fc.record(
					{
						v: fc.oneof(fc.constant('1'), fc.string()),
						s: fc.oneof(fc.nat().map(String), fc.string()),
						c: fc.oneof(
							fc.string({ unit: 'binary' }).map(toBase64Url),
							fc.string({ unit: 'binary' }),
							fc.base64String(),
							// Arbitrary bytes, most of them not UTF-8.
							fc.uint8Array({ maxLength: 40 }).map((b) =>
								btoa(String.fromCharCode(...b))
									.replace(/\+/g, '-')
									.replace(/\//g, '_')
									.replace(/=+$/, ''),
							),
						),
						at: fc.oneof(fc.nat({ max: 50 }).map(String), fc.string()),
					},
					{ requiredKeys: [] },
				),
				(params) => {
					const parsed = parseMoment(new URLSearchParams(params).toString());
					expect(['none', 'ok', 'error']).toContain(parsed.kind);
					// Every reason is one of the site's own sentences ("it …", "its …", "command N …"), never a runtime's wording.
					if (parsed.kind === 'error') expect(parsed.reason).toMatch(/^(it|its|command \d+) [a-z]/);
					if (parsed.kind === 'ok') {
						expect(parsed.moment.at).toBeLessThanOrEqual(parsed.moment.log.length);
					}
				},
			),
		);
		expect(() => parseMoment(`c=${'A'.repeat(2_000_000)}`)).not.toThrow();
		expect(() => parseMoment('%%%&c=%ZZ&at=%')).not.toThrow();
	});
});
