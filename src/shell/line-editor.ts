/**
 * A readline-like line editor working on keystrokes as xterm.js delivers them (`onData`):
 * printable text, control characters and ANSI escape sequences. It echoes what a terminal
 * would show and hands finished lines to the shell. Output uses `\n`; the view converts it.
 */

/** What the editor needs from the shell behind it. */
export interface LineEditorHost {
	/** The primary prompt (PS1) to show before each line. */
	prompt(): string;
	/** Runs a complete line and returns everything the terminal shows for it. */
	run(line: string): string;
	/** Whether a line is unfinished (an open quote or trailing `|`) and needs more input. */
	incomplete(line: string): boolean;
	/** Candidates for the word ending at `cursor`: the word's start and full replacements. */
	complete(line: string, cursor: number): { start: number; candidates: string[] };
	/** The history list, oldest first. */
	history(): readonly string[];
}

const CSI = '\x1b[';

/** The longest common prefix of some strings. */
export function commonPrefix(items: readonly string[]): string {
	if (items.length === 0) return '';
	let prefix = items[0] as string;
	for (const s of items) {
		let i = 0;
		while (i < prefix.length && i < s.length && prefix[i] === s[i]) i++;
		prefix = prefix.slice(0, i);
	}
	return prefix;
}

/** Lays out completion candidates in columns, sorted down then across, as readline does. */
export function columnate(items: readonly string[], width = 80): string {
	const colWidth = Math.max(...items.map((s) => s.length)) + 2;
	const cols = Math.max(1, Math.floor(width / colWidth));
	const rows = Math.ceil(items.length / cols);
	const lines: string[] = [];
	for (let r = 0; r < rows; r++) {
		let line = '';
		for (let c = 0; c < cols; c++) {
			const item = items[c * rows + r];
			if (item === undefined) continue;
			const last = (c + 1) * rows + r >= items.length;
			line += last ? item : item.padEnd(colWidth);
		}
		lines.push(line);
	}
	return lines.join('\n') + '\n';
}

/** The keystroke-level editor behind ShellSession.write(). */
export class LineEditor {
	#host: LineEditorHost;
	#listeners: ((data: string) => void)[] = [];
	#buffer = '';
	#cursor = 0;
	/** Lines typed so far for a command that is still incomplete (shown with the `> ` prompt). */
	#pending: string[] = [];
	/** Position in history while browsing with Up/Down; equals history length when not browsing. */
	#histIndex = -1;
	/** The line being edited before the reader started browsing history. */
	#draft = '';
	#lastWasTab = false;
	/** Bytes of an escape sequence split across write() calls. */
	#escape = '';

	constructor(host: LineEditorHost) {
		this.#host = host;
	}

	/** Registers a listener for terminal output; returns a function that removes it. */
	onOutput(cb: (data: string) => void): () => void {
		this.#listeners.push(cb);
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== cb);
		};
	}

	/** The current input line and cursor (for tests and views). */
	get line(): { text: string; cursor: number } {
		return { text: this.#buffer, cursor: this.#cursor };
	}

	#emit(data: string): void {
		if (data === '') return;
		for (const l of this.#listeners) l(data);
	}

	#currentPrompt(): string {
		return this.#pending.length > 0 ? '> ' : this.#host.prompt();
	}

	/** Shows the prompt (call once when the terminal opens). */
	start(): void {
		this.#emit(this.#currentPrompt());
	}

	/** Feeds keystrokes (as xterm's onData delivers them). */
	write(data: string): void {
		let i = 0;
		let text = this.#escape + data;
		this.#escape = '';
		while (i < text.length) {
			const c = text[i] as string;
			if (c === '\x1b') {
				// The escape character itself is matched by position; the pattern covers the rest.
				const rest = text.slice(i + 1);
				const body = /^(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest);
				const seq = body ? '\x1b' + body[0] : null;
				if (seq === null) {
					// An incomplete sequence: keep it for the next write().
					if (/^(\[[0-9;]*|O)?$/.test(rest)) {
						this.#escape = text.slice(i);
						return;
					}
					i++;
					continue;
				}
				this.#key(seq);
				i += seq.length;
				continue;
			}
			if (c === '\r' && text[i + 1] === '\n') {
				text = text.slice(0, i) + text.slice(i + 1);
			}
			this.#key(c);
			i++;
		}
	}

	#key(key: string): void {
		const wasTab = this.#lastWasTab;
		this.#lastWasTab = false;
		switch (key) {
			case '\r':
			case '\n':
				this.#submit();
				return;
			case '\x7f':
			case '\b':
				if (this.#cursor > 0) {
					this.#buffer = this.#buffer.slice(0, this.#cursor - 1) + this.#buffer.slice(this.#cursor);
					this.#cursor--;
					this.#emit(
						'\b' + this.#buffer.slice(this.#cursor) + ' ' + this.#back(this.#tailLength() + 1),
					);
				}
				return;
			case `${CSI}3~`:
			case '\x04':
				if (key === '\x04' && this.#buffer === '' && this.#pending.length === 0) {
					// Ctrl-D on an empty line is end of input: bash runs `exit`.
					this.#buffer = 'exit';
					this.#emit('exit');
					this.#submit();
					return;
				}
				if (this.#cursor < this.#buffer.length) {
					this.#buffer = this.#buffer.slice(0, this.#cursor) + this.#buffer.slice(this.#cursor + 1);
					this.#emit(this.#buffer.slice(this.#cursor) + ' ' + this.#back(this.#tailLength() + 1));
				}
				return;
			case `${CSI}D`:
			case '\x02':
				if (this.#cursor > 0) {
					this.#cursor--;
					this.#emit(`${CSI}D`);
				}
				return;
			case `${CSI}C`:
			case '\x06':
				if (this.#cursor < this.#buffer.length) {
					this.#cursor++;
					this.#emit(`${CSI}C`);
				}
				return;
			case `${CSI}H`:
			case '\x1bOH':
			case `${CSI}1~`:
			case '\x01':
				this.#emit(this.#back(this.#cursor));
				this.#cursor = 0;
				return;
			case `${CSI}F`:
			case '\x1bOF':
			case `${CSI}4~`:
			case '\x05':
				this.#emit(this.#buffer.slice(this.#cursor));
				this.#cursor = this.#buffer.length;
				return;
			case `${CSI}A`:
			case '\x10':
				this.#browse(-1);
				return;
			case `${CSI}B`:
			case '\x0e':
				this.#browse(1);
				return;
			case '\x03':
				// Ctrl-C: readline echoes ^C, abandons the line and shows a fresh prompt.
				this.#emit('^C\n');
				this.#pending = [];
				this.#reset();
				this.#emit(this.#currentPrompt());
				return;
			case '\x0c':
				this.#emit(
					`${CSI}H${CSI}2J` + this.#currentPrompt() + this.#buffer + this.#back(this.#tailLength()),
				);
				return;
			case '\x15':
				// Ctrl-U kills from the start of the line to the cursor.
				this.#replace(this.#buffer.slice(this.#cursor), 0);
				return;
			case '\x0b':
				this.#replace(this.#buffer.slice(0, this.#cursor), this.#cursor);
				return;
			case '\x17': {
				// Ctrl-W kills the whitespace-delimited word before the cursor.
				const before = this.#buffer.slice(0, this.#cursor).replace(/\S+\s*$/, '');
				this.#replace(before + this.#buffer.slice(this.#cursor), before.length);
				return;
			}
			case '\t':
				this.#tab(wasTab);
				return;
			default:
				if (key.length === 1 && key >= ' ') this.#insert(key);
		}
	}

	#tailLength(): number {
		return this.#buffer.length - this.#cursor;
	}

	#back(n: number): string {
		return n > 0 ? '\b'.repeat(n) : '';
	}

	#insert(text: string): void {
		this.#buffer = this.#buffer.slice(0, this.#cursor) + text + this.#buffer.slice(this.#cursor);
		this.#cursor += text.length;
		this.#emit(text + this.#buffer.slice(this.#cursor) + this.#back(this.#tailLength()));
	}

	/** Replaces the whole line and puts the cursor at `cursor`, redrawing in place. */
	#replace(text: string, cursor: number): void {
		const out = this.#back(this.#cursor) + `${CSI}K` + text;
		this.#buffer = text;
		this.#cursor = cursor;
		this.#emit(out + this.#back(text.length - cursor));
	}

	#reset(): void {
		this.#buffer = '';
		this.#cursor = 0;
		this.#histIndex = -1;
		this.#draft = '';
	}

	#browse(delta: number): void {
		const history = this.#host.history();
		let index = this.#histIndex < 0 ? history.length : this.#histIndex;
		if (index === history.length) this.#draft = this.#buffer;
		index += delta;
		if (index < 0 || index > history.length) return;
		this.#histIndex = index;
		const text = index === history.length ? this.#draft : (history[index] as string);
		this.#replace(text, text.length);
	}

	#tab(second: boolean): void {
		const { start, candidates } = this.#host.complete(this.#buffer, this.#cursor);
		if (candidates.length === 0) {
			this.#emit('\x07');
			return;
		}
		const word = this.#buffer.slice(start, this.#cursor);
		if (candidates.length === 1) {
			const only = candidates[0] as string;
			const suffix = only.endsWith('/') ? '' : ' ';
			this.#insert(only.slice(word.length) + suffix);
			return;
		}
		const prefix = commonPrefix(candidates);
		if (prefix.length > word.length) {
			this.#insert(prefix.slice(word.length));
			this.#lastWasTab = true;
			return;
		}
		if (!second) {
			this.#emit('\x07');
			this.#lastWasTab = true;
			return;
		}
		// The second Tab lists the choices, then redraws the prompt and the line.
		const shown = candidates.map(
			(c) => c.replace(/\/$/, '').replace(/^.*\//, '') + (c.endsWith('/') ? '/' : ''),
		);
		this.#emit(
			this.#buffer.slice(this.#cursor) +
				'\n' +
				columnate(shown) +
				this.#currentPrompt() +
				this.#buffer +
				this.#back(this.#tailLength()),
		);
		this.#lastWasTab = true;
	}

	#submit(): void {
		const line = this.#buffer;
		this.#emit(this.#buffer.slice(this.#cursor) + '\n');
		this.#reset();
		const full = [...this.#pending, line].join('\n');
		if (this.#host.incomplete(full)) {
			this.#pending.push(line);
			this.#emit('> ');
			return;
		}
		this.#pending = [];
		this.#emit(this.#host.run(full));
		this.#emit(this.#currentPrompt());
	}
}
