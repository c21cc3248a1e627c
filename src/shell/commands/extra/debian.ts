/**
 * Programs a Debian 12 (bookworm) host has that this simulation does not model, by package. The
 * list is `dpkg -L` of every package of priority required, important or standard installed on a
 * Debian 12 machine, plus nano, vim-tiny (vi) and nfs-common, which a server that mounts NFS
 * has, and the names Debian installs through alternatives (which, awk). Programs the simulated
 * hosts have as files are left out, so that removing one of those gives bash's `command not
 * found`, as it would on a real host.
 */
const PACKAGES: readonly (readonly [string, string])[] = [
	['adduser', 'addgroup adduser delgroup deluser'],
	['apt', 'apt apt-cache apt-cdrom apt-config apt-get apt-key apt-mark'],
	['base-passwd', 'update-passwd'],
	['bash', 'bashbug clear_console rbash'],
	['bc', 'bc'],
	['bsdutils', 'logger renice script scriptlive scriptreplay wall'],
	[
		'bzip2',
		'bunzip2 bzcat bzcmp bzdiff bzegrep bzexe bzfgrep bzgrep bzip2 bzip2recover bzless bzmore',
	],
	['ca-certificates', 'update-ca-certificates'],
	[
		'coreutils',
		'arch b2sum base32 base64 basename basenc chcon chgrp chown chroot cksum comm csplit cut dir dircolors dirname du env expand expr factor fmt fold groups hostid id join link logname md5sum.textutils mkfifo mknod mktemp nice nl nohup nproc numfmt paste pathchk pinky pr printenv ptx realpath runcon seq sha1sum sha224sum sha384sum sha512sum shred shuf sort split stdbuf stty sum sync tac tee timeout tr tsort tty uname unexpand uniq unlink users vdir who whoami',
	],
	['dash', 'dash'],
	[
		'debconf',
		'debconf debconf-apt-progress debconf-communicate debconf-copydb debconf-escape debconf-set-selections debconf-show dpkg-preconfigure dpkg-reconfigure',
	],
	[
		'debianutils',
		'add-shell installkernel ischroot remove-shell run-parts savelog tempfile update-shells which',
	],
	['diffutils', 'diff diff3 sdiff'],
	[
		'dpkg',
		'dpkg dpkg-deb dpkg-divert dpkg-fsys-usrunmess dpkg-maintscript-helper dpkg-query dpkg-realpath dpkg-split dpkg-statoverride dpkg-trigger start-stop-daemon update-alternatives',
	],
	[
		'e2fsprogs',
		'badblocks chattr debugfs dumpe2fs e2freefrag e2fsck e2image e2label e2mmpstatus e2scrub e2scrub_all e2undo e4crypt e4defrag filefrag fsck.ext2 fsck.ext3 fsck.ext4 lsattr mke2fs mkfs.ext2 mkfs.ext3 mkfs.ext4 mklost+found resize2fs tune2fs',
	],
	['file', 'file'],
	['findutils', 'find xargs'],
	['gettext-base', 'envsubst gettext gettext.sh ngettext'],
	['gpgv', 'gpgv'],
	['grep', 'egrep fgrep rgrep'],
	[
		'groff-base',
		'eqn geqn gpic groff grog grops grotty gtbl neqn nroff pic preconv soelim tbl troff',
	],
	[
		'gzip',
		'gunzip gzexe gzip uncompress zcat zcmp zdiff zegrep zfgrep zforce zgrep zless zmore znew',
	],
	['hostname', 'dnsdomainname domainname nisdomainname ypdomainname'],
	['init-system-helpers', 'deb-systemd-helper deb-systemd-invoke invoke-rc.d service update-rc.d'],
	[
		'iproute2',
		'arpd bridge ctstat dcb devlink genl ip lnstat nstat rdma routel rtacct rtmon rtstat ss tc tipc vdpa',
	],
	['less', 'less lessecho lessfile lesskey lesspipe'],
	[
		'libc-bin',
		'getconf getent iconv iconvconfig ld.so ldconfig ldd locale localedef pldd tzselect zdump zic',
	],
	['libcap2-bin', 'capsh getcap getpcaps setcap'],
	[
		'libpam-modules-bin',
		'faillock mkhomedir_helper pam_namespace_helper pam_timestamp_check pwhistory_helper unix_chkpwd unix_update',
	],
	['libpam-runtime', 'pam-auth-update pam_getenv'],
	['locales', 'locale-gen update-locale validlocale'],
	['login', 'faillog lastlog login newgrp nologin sg'],
	['lsof', 'lsof'],
	['man-db', 'accessdb apropos catman lexgrog man man-recode mandb manpath whatis'],
	['mawk', 'awk mawk nawk'],
	['mount', 'losetup swapoff swapon umount'],
	['nano', 'nano rnano'],
	['ncurses-bin', 'captoinfo clear infocmp infotocap reset tabs tic toe tput tset'],
	[
		'net-tools',
		'arp ifconfig ipmaddr iptunnel mii-tool nameif netstat plipconfig rarp route slattach',
	],
	['nfs-common', 'mount.nfs mountstats nfsconf nfsidmap nfsiostat showmount umount.nfs'],
	[
		'openssh-client',
		'scp sftp slogin ssh-add ssh-agent ssh-argv0 ssh-copy-id ssh-keygen ssh-keyscan',
	],
	[
		'passwd',
		'chage chfn chgpasswd chpasswd chsh cpgr cppw expiry gpasswd groupadd groupdel groupmems groupmod grpck grpconv grpunconv newusers passwd pwck pwconv pwunconv shadowconfig useradd userdel usermod vigr vipw',
	],
	[
		'perl',
		'corelist cpan enc2xs encguess h2ph h2xs instmodsh json_pp libnetcfg perlbug perldoc perlivp perlthanks piconv pl2pm pod2html pod2man pod2text pod2usage podchecker prove ptar ptardiff ptargrep shasum splain streamzip xsubpp zipdetails',
	],
	['perl-base', 'perl perl5.36.0'],
	[
		'procps',
		'pgrep pidwait pkill pmap pwdx skill slabtop snice sysctl tload top uptime vmstat w watch',
	],
	['sensible-utils', 'select-editor sensible-browser sensible-editor sensible-pager'],
	[
		'systemd',
		'busctl hostnamectl journalctl kernel-install localectl loginctl networkctl systemctl systemd systemd-analyze systemd-ask-password systemd-cat systemd-cgls systemd-cgtop systemd-creds systemd-cryptenroll systemd-delta systemd-detect-virt systemd-escape systemd-firstboot systemd-id128 systemd-inhibit systemd-machine-id-setup systemd-mount systemd-notify systemd-path systemd-repart systemd-run systemd-socket-activate systemd-stdio-bridge systemd-sysext systemd-sysusers systemd-tmpfiles systemd-tty-ask-password-agent systemd-umount timedatectl',
	],
	['systemd-sysv', 'halt poweroff reboot runlevel shutdown telinit'],
	['sysvinit-utils', 'fstab-decode killall5 pidof'],
	['tar', 'rmt-tar tar tarcat'],
	['time', 'time'],
	['ucf', 'lcf ucf ucfq ucfr'],
	['udev', 'systemd-hwdb udevadm'],
	[
		'util-linux',
		'addpart agetty blkdiscard blkid blkzone blockdev chcpu chmem choom chrt ctrlaltdel delpart findfs findmnt flock fsck fsck.cramfs fsck.minix fsfreeze fstrim getopt getty hardlink i386 ionice ipcmk ipcrm ipcs isosize last lastb ldattach linux32 linux64 lsblk lscpu lsipc lslocks lslogins lsmem lsns mcookie mesg mkfs mkfs.bfs mkfs.cramfs mkfs.minix mkswap more mountpoint namei nsenter partx pivot_root prlimit readprofile rename.ul resizepart rev rtcwake runuser setarch setpriv setsid setterm su sulogin swaplabel switch_root taskset uclampset unshare utmpdump wdctl whereis wipefs x86_64 zramctl',
	],
	['util-linux-extra', 'hwclock lsfd lsirq'],
	['vim-common', 'helpztags'],
	['vim-tiny', 'ex rview vi view vim.tiny'],
	['wget', 'wget'],
	['xz-utils', 'lzmainfo unxz xz xzcat xzcmp xzdiff xzegrep xzfgrep xzgrep xzless xzmore'],
];

let byName: Map<string, string> | null = null;

/** The package that installs `name` on Debian 12, or null. */
export function debianPackage(name: string): string | null {
	if (!byName) {
		byName = new Map();
		for (const [pkg, names] of PACKAGES) for (const n of names.split(' ')) byName.set(n, pkg);
	}
	return byName.get(name) ?? null;
}
