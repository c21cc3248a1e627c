/**
 * `--version` texts of the tools the simulation has, as Debian 12 prints them (coreutils 9.1,
 * grep 3.8, sed 4.9, diffutils 3.8, procps-ng 4.0.2, util-linux 2.38.1, strace 6.1), captured with
 * LC_ALL=C.UTF-8 on a Debian 12 host.
 */
const COREUTILS_AUTHORS: Readonly<Record<string, string>> = {
	cat: 'Written by Torbjorn Granlund and Richard M. Stallman.',
	cp: 'Written by Torbjorn Granlund, David MacKenzie, and Jim Meyering.',
	date: 'Written by David MacKenzie.',
	df: 'Written by Torbjorn Granlund, David MacKenzie, and Paul Eggert.',
	install: 'Written by David MacKenzie.',
	ln: 'Written by Mike Parker and David MacKenzie.',
	ls: 'Written by Richard M. Stallman and David MacKenzie.',
	mkdir: 'Written by David MacKenzie.',
	mv: 'Written by Mike Parker, David MacKenzie, and Jim Meyering.',
	rm: 'Written by Paul Rubin, David MacKenzie, Richard M. Stallman,\nand Jim Meyering.',
	rmdir: 'Written by David MacKenzie.',
	stat: 'Written by Michael Meskes.',
	touch: 'Written by Paul Rubin, Arnold Robbins, Jim Kingdon,\nDavid MacKenzie, and Randy Smith.',
	truncate: 'Written by Padraig Brady.',
	wc: 'Written by Paul Rubin and David MacKenzie.',
	head: 'Written by David MacKenzie and Jim Meyering.',
	tail: 'Written by Paul Rubin, David MacKenzie, Ian Lance Taylor,\nand Jim Meyering.',
	md5sum: 'Written by Ulrich Drepper, Scott Miller, and David Madore.',
	sha256sum: 'Written by Ulrich Drepper, Scott Miller, and David Madore.',
	chmod: 'Written by David MacKenzie and Jim Meyering.',
	readlink: 'Written by Dmitry V. Levin.',
	dd: 'Written by Paul Rubin, David MacKenzie, and Stuart Kemp.',
	yes: 'Written by David MacKenzie.',
	sleep: 'Written by Jim Meyering and Paul Eggert.',
	od: 'Written by Jim Meyering.',
};

const OTHER: Readonly<Record<string, string>> = {
	dmesg: 'dmesg from util-linux 2.38.1\n',
	fincore: 'fincore from util-linux 2.38.1\n',
	grep: 'grep (GNU grep) 3.8\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n',
	mount:
		'mount from util-linux 2.38.1 (libmount 2.38.1: selinux, smack, btrfs, verity, namespaces, assert, debug)\n',
	ps: 'ps from procps-ng 4.0.2\n',
	free: 'free from procps-ng 4.0.2\n',
	strace:
		'strace -- version 6.1\nCopyright (c) 1991-2022 The strace developers <https://strace.io>.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\nOptional features enabled: stack-trace=libunwind stack-demangle m32-mpers mx32-mpers\n',
	cmp: 'cmp (GNU diffutils) 3.8\nCopyright (C) 2021 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Torbjörn Granlund and David MacKenzie.\n',
	hostname: 'hostname 3.23\n',
	sed: 'sed (GNU sed) 4.9\nPackaged by Debian\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n\nThis sed program was built with SELinux support.\nSELinux is disabled on this system.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\nE-mail bug reports to: <bug-sed@gnu.org>.\n',
	fallocate: 'fallocate from util-linux 2.38.1\n',
};

/** What `TOOL --version` prints, or null for a tool whose text the simulation lacks. */
export function versionText(tool: string): string | null {
	if (Object.hasOwn(COREUTILS_AUTHORS, tool)) {
		const name = tool === 'dd' ? 'coreutils' : 'GNU coreutils';
		return `${tool} (${name}) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

${COREUTILS_AUTHORS[tool]}
`;
	}
	return Object.hasOwn(OTHER, tool) ? (OTHER[tool] as string) : null;
}
