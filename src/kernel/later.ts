/**
 * Debian 12 programs the worlds gained after their transcripts were recorded: /usr/bin/true,
 * ssh and the rest are files there, so strace shows their execve and ps their name. They get
 * inode numbers of their own and place their mappings from a hash, so adding them renumbers no
 * inode and shifts no random draw that a transcript shows.
 */
export const LATER_PROGRAMS: readonly string[] = [
	'true',
	'false',
	'echo',
	'printf',
	'test',
	'[',
	'kill',
	'pwd',
	'wc',
	'grep',
	'readlink',
	'hostname',
	'ssh',
];

/** The first inode number given to them, well above those of the seeded files. */
export const LATER_PROGRAMS_INO = 131073;
