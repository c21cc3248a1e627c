import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/kernel/index';
import { createSession, runScript } from '../../../src/shell/index';

/** A session with its terminal output collected, as the xterm adapter would see it. */
function terminal() {
	const session = createSession(createWorld({ seed: 1 }));
	let screen = '';
	session.onOutput((d) => {
		screen += d;
	});
	return {
		session,
		type(data: string): string {
			screen = '';
			session.write(data);
			return screen;
		},
	};
}

describe('line editing', () => {
	it('echoes typed text, runs the line on Enter and shows the next prompt', () => {
		const term = terminal();
		expect(term.type('echo hi')).toBe('echo hi');
		expect(term.type('\r')).toBe('\nhi\nroot@app:~# ');
		expect(term.session.history).toEqual(['echo hi']);
	});

	it('edits in the middle of the line with Left, Backspace, Home and End', () => {
		const term = terminal();
		term.type('echo hxllo');
		term.type('\x1b[D\x1b[D\x1b[D');
		term.type('\x7f');
		term.type('e');
		term.type('\x1b[H');
		term.type('\x1b[F');
		expect(term.type('\r')).toBe('\nhello\nroot@app:~# ');
	});

	it('recalls history with Up and Down', () => {
		const term = terminal();
		term.type('echo one\r');
		term.type('echo two\r');
		term.type('\x1b[A\x1b[A');
		expect(term.type('\r')).toBe('\none\nroot@app:~# ');
	});

	it('abandons the line on Ctrl-C, printing ^C and a new prompt', () => {
		const term = terminal();
		term.type('echo never');
		expect(term.type('\x03')).toBe('^C\nroot@app:~# ');
		expect(term.session.history).toEqual([]);
	});

	it('clears the screen on Ctrl-L and redraws the prompt and line', () => {
		const term = terminal();
		term.type('ls');
		expect(term.type('\x0c')).toBe('\x1b[H\x1b[2Jroot@app:~# ls');
	});

	it('asks for more input after an open quote, like PS2', () => {
		const term = terminal();
		term.type('echo "a');
		expect(term.type('\r')).toBe('\n> ');
		term.type('b"');
		expect(term.type('\r')).toBe('\na\nb\nroot@app:~# ');
	});

	it('completes a unique command or path on Tab and lists choices on the second Tab', () => {
		const term = terminal();
		term.type('hostn');
		expect(term.type('\t')).toBe('ame ');
		term.type('\x15');
		term.type('ls /mnt/nfs/b');
		expect(term.type('\t')).toBe('in/');
		term.type('\x15');
		term.type('ls /opt/app/bin/server /root/s');
		expect(term.type('\t')).toBe('erver-v2 ');
		term.type('\x15');
		term.type('ls /');
		expect(term.type('\t')).toBe('\x07');
		const listing = term.type('\t');
		expect(listing).toContain('bin/');
		expect(listing).toContain('root/');
		expect(listing.endsWith('root@app:~# ls /')).toBe(true);
	});

	it('offers completions through complete() for the view', () => {
		const { session } = terminal();
		// Like bash, completion offers every builtin, modelled or not, beside the commands.
		expect(session.complete('c', 1).candidates).toEqual([
			'caller',
			'cat',
			'cd',
			'chmod',
			'cmp',
			'command',
			'compgen',
			'complete',
			'compopt',
			'continue',
			'cp',
		]);
		expect(session.complete('cat /export', 11).candidates).toEqual([]);
		expect(session.complete('cat /mnt/nfs/etc/s', 18).candidates).toEqual([
			'/mnt/nfs/etc/server.conf',
		]);
		session.runLine('/mnt/nfs/bin/server &');
		expect(session.complete('cat /proc/4302/m', 16)).toEqual({
			start: 4,
			candidates: ['/proc/4302/maps'],
		});
		expect(session.complete('cat /proc/sys/vm/d', 18).candidates).toEqual([
			'/proc/sys/vm/drop_caches',
		]);
	});
});

describe('typing versus runScript', () => {
	it('shows on the screen exactly the transcript runScript returns', () => {
		const lines = [
			'ulimit -c unlimited',
			'/mnt/nfs/bin/server &',
			'ssh filer truncate -s 0 /export/bin/server',
			'kill -HUP %1',
			'sleep 2',
			'wait $!; echo "status=$?"',
			'ls -z /',
		];
		const session = createSession(createWorld({ seed: 1 }));
		let screen = '';
		session.onOutput((d) => {
			screen += d;
		});
		session.start();
		for (const line of lines) session.write(line + '\r');
		expect(screen).toBe(runScript(lines) + 'root@app:~# ');
	});
});

describe('line hooks', () => {
	it('reports each line before and after it runs, typed or not', () => {
		const session = createSession(createWorld({ seed: 1 }));
		const seen: string[] = [];
		const off = session.onLine({
			before: (line) => seen.push(`before ${line}`),
			after: (line, out) => seen.push(`after ${line} -> ${JSON.stringify(out)}`),
		});
		session.write('echo a\r');
		session.runLine('hostname');
		off();
		session.runLine('echo ignored');
		expect(seen).toEqual([
			'before echo a',
			'after echo a -> "a\\n"',
			'before hostname',
			'after hostname -> "app\\n"',
		]);
	});
});

describe('multi-line commands in history', () => {
	it('are saved on one line as bash 5.2 cmdhist does', () => {
		const s = createSession(createWorld({ seed: 1 }));
		for (const k of ['for i in 1 2; do\r', 'echo $i\r', 'done\r', 'echo a |\r', 'cat\r'])
			s.write(k);
		expect(s.history).toEqual(['for i in 1 2; do echo $i; done', 'echo a | cat']);
	});
});
