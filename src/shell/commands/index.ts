/** The command table: builtins and the tools the shell implements. */
import type { CommandFn } from '../context';
import { builtins, builtinNames } from './builtins';
import * as files from './files';
import * as system from './system';
import { extraStandIns, rareStandIns } from './deferred';

/** Every command by name; builtins run in the shell, the rest as their own process. */
export const commands: Record<string, CommandFn> = {
	...builtins,
	// Rare commands run once their code has loaded (see ./deferred.ts).
	...rareStandIns,
	...extraStandIns,
	cat: files.cat,
	ls: files.ls,
	cp: files.cp,
	install: files.install,
	mv: files.mv,
	rm: files.rm,
	ln: files.ln,
	truncate: files.truncate,
	mkdir: files.mkdir,
	mount: system.mount,
	ps: system.ps,
	free: system.free,
	dmesg: system.dmesg,
	fincore: system.fincore,
	ssh: system.ssh,
	bash: system.bash,
	sh: system.bash,
};

/** The implementation of a command name, if the shell has one (never an Object.prototype key). */
export function lookup(name: string): CommandFn | undefined {
	return Object.hasOwn(commands, name) ? commands[name] : undefined;
}

export { builtinNames };
