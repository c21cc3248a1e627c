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
	'date',
	'sha256sum',
	'cmp',
	'yes',
	'rmdir',
	'vmtouch',
	'sed',
	'od',
	'fallocate',
];

/** The first inode number given to them, well above those of the seeded files. */
export const LATER_PROGRAMS_INO = 131073;

/**
 * Inode numbers of the dynamic loader's files, seeded when exec maps ELF segments:
 * /usr/lib, /usr/lib/x86_64-linux-gnu, libc.so.6 and ld-linux-x86-64.so.2, in that order. They
 * came after the transcripts too, so they sit in a range of their own (another ext4 block group).
 */
export const RUNTIME_FILES_INO = 262145;

/**
 * Inode numbers for what Debian 12's merged /usr adds to a host: /usr/sbin, /usr/lib64 and the
 * /sbin, /lib and /lib64 links (/bin is the old directory's inode), then the ld.so link in
 * /usr/lib64.
 */
export const MERGED_USR_INO = 393217;

/**
 * Inode numbers of init's files: /usr/lib/systemd, /usr/lib/systemd/systemd and the
 * /usr/sbin/init link. They came after the transcripts too (another ext4 block group).
 */
export const INIT_FILES_INO = 524289;

/**
 * Inode numbers of /dev/pts and the login terminal /dev/pts/0 (a pseudo-terminal, as for an ssh
 * login: bash's fds 0, 1, 2 and 255 lead there). They came after the transcripts too.
 */
export const DEVPTS_INO = 655361;

/** The terminal every login shell has open. */
export const PTS_PATH = '/dev/pts/0';
