/**
 * The rare commands' table (see ../deferred.ts). Importing this module installs them, so Node
 * code that imports it statically has every command at once.
 */
import type { CommandFn } from '../../context';
import { provideRareCommands } from '../deferred';
import * as files from './files';
import * as system from './system';
import { wc } from './wc';

export const rareCommands: Readonly<Record<string, CommandFn>> = {
	head: files.head,
	tail: files.tail,
	stat: files.stat,
	rmdir: files.rmdir,
	touch: files.touch,
	chmod: files.chmod,
	readlink: files.readlink,
	dd: files.dd,
	rsync: files.rsync,
	wc,
	grep: files.grep,
	df: system.df,
	nfsstat: system.nfsstat,
	strace: system.strace,
};

provideRareCommands(rareCommands);
