/**
 * A small reader for the YAML subset our chapter and glossary frontmatter uses: nested mappings
 * by indentation, block sequences (`- item`), flow sequences of plain words (`[a, b]`), and
 * plain, single-quoted or double-quoted scalars. Anything else is an error, so a chapter written
 * outside the subset fails loudly here instead of being half-read.
 */

export type Yaml = string | Yaml[] | { [key: string]: Yaml };

interface Line {
	indent: number;
	text: string;
	number: number;
}

/** Returns the frontmatter block of a Markdown or MDX file, without its `---` fences. */
export function frontmatterOf(source: string): string {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
	if (!match?.[1]) throw new Error('no frontmatter');
	return match[1];
}

/** Parses frontmatter text in the subset described above. */
export function parseYaml(text: string): Yaml {
	const lines: Line[] = [];
	text.split(/\r?\n/).forEach((raw, index) => {
		if (raw.trim() === '' || raw.trim().startsWith('#')) return;
		const indent = raw.length - raw.trimStart().length;
		lines.push({ indent, text: raw.trim(), number: index + 1 });
	});
	const cursor = { at: 0 };
	const value = parseBlock(lines, cursor, 0);
	if (cursor.at < lines.length) {
		throw new Error(`line ${lines[cursor.at]?.number}: unexpected indentation`);
	}
	return value;
}

function parseBlock(lines: Line[], cursor: { at: number }, indent: number): Yaml {
	const first = lines[cursor.at];
	if (!first || first.indent < indent) return {};
	return first.text.startsWith('- ') || first.text === '-'
		? parseSequence(lines, cursor, first.indent)
		: parseMapping(lines, cursor, first.indent);
}

function parseSequence(lines: Line[], cursor: { at: number }, indent: number): Yaml[] {
	const items: Yaml[] = [];
	for (let line = lines[cursor.at]; line && line.indent === indent; line = lines[cursor.at]) {
		if (!line.text.startsWith('-')) break;
		cursor.at += 1;
		items.push(parseScalar(line.text.slice(1).trim(), line.number));
	}
	return items;
}

function parseMapping(lines: Line[], cursor: { at: number }, indent: number): Yaml {
	const mapping: { [key: string]: Yaml } = {};
	for (let line = lines[cursor.at]; line && line.indent === indent; line = lines[cursor.at]) {
		const match = /^([A-Za-z_][\w-]*):(?:\s+(.*))?$/.exec(line.text);
		if (!match?.[1]) throw new Error(`line ${line.number}: expected "key: value"`);
		cursor.at += 1;
		const rest = match[2]?.trim() ?? '';
		if (rest !== '') {
			mapping[match[1]] = parseValue(rest, line.number);
			continue;
		}
		const next = lines[cursor.at];
		// A block sequence may sit at the same indentation as its key.
		const nested =
			next && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')));
		mapping[match[1]] = nested ? parseBlock(lines, cursor, next.indent) : '';
	}
	return mapping;
}

function parseValue(text: string, line: number): Yaml {
	if (text.startsWith('[')) {
		if (!text.endsWith(']')) throw new Error(`line ${line}: unterminated flow sequence`);
		const inner = text.slice(1, -1).trim();
		return inner === '' ? [] : inner.split(',').map((part) => parseScalar(part.trim(), line));
	}
	return parseScalar(text, line);
}

function parseScalar(text: string, line: number): string {
	if (text.startsWith("'")) {
		if (!text.endsWith("'") || text.length < 2) {
			throw new Error(`line ${line}: unterminated single-quoted string`);
		}
		return text.slice(1, -1).replaceAll("''", "'");
	}
	if (text.startsWith('"')) {
		// YAML double-quoted escapes are a superset of JSON's; we use only the JSON ones.
		return JSON.parse(text) as string;
	}
	if (/:\s|\s#/.test(text)) throw new Error(`line ${line}: plain scalar needs quotes: ${text}`);
	return text;
}
