/** The command table: builtins and the tools the shell implements. */
import type { CommandFn } from '../context';
import { builtins, builtinNames } from './builtins';
import * as files from './files';
import * as system from './system';

/** Every command by name; builtins run in the shell, the rest as their own process. */
export const commands: Record<string, CommandFn> = {
	...builtins,
	cat: files.cat,
	head: files.head,
	tail: files.tail,
	ls: files.ls,
	stat: files.stat,
	cp: files.cp,
	install: files.install,
	mv: files.mv,
	rm: files.rm,
	rmdir: files.rmdir,
	ln: files.ln,
	truncate: files.truncate,
	touch: files.touch,
	mkdir: files.mkdir,
	chmod: files.chmod,
	readlink: files.readlink,
	dd: files.dd,
	rsync: files.rsync,
	wc: files.wc,
	grep: files.grep,
	md5sum: files.md5sum,
	hostname: system.hostname,
	mount: system.mount,
	df: system.df,
	ps: system.ps,
	free: system.free,
	dmesg: system.dmesg,
	date: system.date,
	fincore: system.fincore,
	vmtouch: system.vmtouch,
	nfsstat: system.nfsstat,
	ssh: system.ssh,
	bash: system.bash,
	sh: system.bash,
	strace: system.strace,
};

/** The implementation of a command name, if the shell has one (never an Object.prototype key). */
export function lookup(name: string): CommandFn | undefined {
	return Object.hasOwn(commands, name) ? commands[name] : undefined;
}

export { builtinNames };
