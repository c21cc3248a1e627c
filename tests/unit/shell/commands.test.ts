import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

// Expected transcripts were checked against GNU coreutils 9.1, bash 5.2.15, procps-ng 4.0.2 and
// util-linux 2.38 on the reference machine (formats, widths, messages), then frozen here.
describe('commands, one transcript per group', () => {
	it('files: mkdir, touch, echo > and >>, cat, ls -a -i -l, stat, cp, mv, ln, rm, install, truncate, dd, rsync, cd -', () => {
		expect(
			runScript([
				'pwd',
				'hostname',
				'mkdir /tmp/d',
				'cd /tmp/d',
				'touch a',
				'echo one > b',
				'echo two >> b',
				'cat b',
				'ls',
				'ls -a',
				'ls -i',
				'ls -l',
				'stat b',
				'cp b c',
				'mv c e',
				'ln b f',
				'ls -li',
				'rm e f',
				'install -m 644 b g',
				'ls -l g',
				'truncate -s 10 g',
				'ls -l g',
				'rmdir /tmp/d',
				'dd if=b of=h',
				'rsync b i',
				'ls',
				'cd -',
				'cd',
				'pwd',
			]),
		).toBe(
			"root@app:~# pwd\n/root\nroot@app:~# hostname\napp\nroot@app:~# mkdir /tmp/d\nroot@app:~# cd /tmp/d\nroot@app:/tmp/d# touch a\nroot@app:/tmp/d# echo one > b\nroot@app:/tmp/d# echo two >> b\nroot@app:/tmp/d# cat b\none\ntwo\nroot@app:/tmp/d# ls\na  b\nroot@app:/tmp/d# ls -a\n.  ..  a  b\nroot@app:/tmp/d# ls -i\n66 a  67 b\nroot@app:/tmp/d# ls -l\ntotal 4\n-rw-r--r-- 1 root root 0 Mar 15 09:00 a\n-rw-r--r-- 1 root root 8 Mar 15 09:00 b\nroot@app:/tmp/d# stat b\n  File: b\n  Size: 8         \tBlocks: 8          IO Block: 4096   regular file\nDevice: 8,1\tInode: 67          Links: 1\nAccess: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)\nAccess: 2018-03-15 09:00:00.030000006 +0000\nModify: 2018-03-15 09:00:00.030000003 +0000\nChange: 2018-03-15 09:00:00.030000003 +0000\n Birth: 2018-03-15 09:00:00.030000000 +0000\nroot@app:/tmp/d# cp b c\nroot@app:/tmp/d# mv c e\nroot@app:/tmp/d# ln b f\nroot@app:/tmp/d# ls -li\ntotal 12\n66 -rw-r--r-- 1 root root 0 Mar 15 09:00 a\n67 -rw-r--r-- 2 root root 8 Mar 15 09:00 b\n68 -rw-r--r-- 1 root root 8 Mar 15 09:00 e\n67 -rw-r--r-- 2 root root 8 Mar 15 09:00 f\nroot@app:/tmp/d# rm e f\nroot@app:/tmp/d# install -m 644 b g\nroot@app:/tmp/d# ls -l g\n-rw-r--r-- 1 root root 8 Mar 15 09:00 g\nroot@app:/tmp/d# truncate -s 10 g\nroot@app:/tmp/d# ls -l g\n-rw-r--r-- 1 root root 10 Mar 15 09:00 g\nroot@app:/tmp/d# rmdir /tmp/d\nrmdir: failed to remove '/tmp/d': Directory not empty\nroot@app:/tmp/d# dd if=b of=h\n0+1 records in\n0+1 records out\n8 bytes copied, 5.00889e-05 s, 160 kB/s\nroot@app:/tmp/d# rsync b i\nroot@app:/tmp/d# ls\na  b  g  h  i\nroot@app:/tmp/d# cd -\n/root\nroot@app:~# cd\nroot@app:~# pwd\n/root\n",
		);
	});

	it('ssh: one command, or a shell on the other host until exit', () => {
		expect(
			runScript([
				'ssh build hostname',
				'ssh build',
				'hostname',
				"ssh app 'echo $HOSTNAME'",
				'ssh build nosuchcmd; echo $?',
				'exit',
				'hostname',
				'ssh',
				'history 3',
			]),
		).toBe(
			"root@app:~# ssh build hostname\nbuild\nroot@app:~# ssh build\nroot@build:~# hostname\nbuild\nroot@build:~# ssh app 'echo $HOSTNAME'\napp\nroot@build:~# ssh build nosuchcmd; echo $?\nbash: line 1: nosuchcmd: command not found\n127\nroot@build:~# exit\nlogout\nConnection to build closed.\nroot@app:~# hostname\napp\nroot@app:~# ssh\nusage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-Q query_option]\n           [-R address] [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\nroot@app:~# history 3\n    7  hostname\n    8  ssh\n    9  history 3\n",
		);
	});

	it('ulimit -c and kill -l', () => {
		expect(
			runScript([
				'ulimit -c',
				'ulimit -c unlimited',
				'ulimit -c',
				'ulimit -c 100',
				'ulimit -c',
				'ulimit -c foo',
				'ulimit -z',
				'kill -l 135',
				'kill -l BUS',
				'kill -FOO 1',
				'kill',
				'kill -l 99',
				'kill -s',
			]),
		).toBe(
			'root@app:~# ulimit -c\n0\nroot@app:~# ulimit -c unlimited\nroot@app:~# ulimit -c\nunlimited\nroot@app:~# ulimit -c 100\nroot@app:~# ulimit -c\n100\nroot@app:~# ulimit -c foo\nbash: ulimit: foo: invalid number\nroot@app:~# ulimit -z\nbash: ulimit: -z: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\nroot@app:~# kill -l 135\nBUS\nroot@app:~# kill -l BUS\n7\nroot@app:~# kill -FOO 1\nbash: kill: FOO: invalid signal specification\nroot@app:~# kill\nkill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\nroot@app:~# kill -l 99\nbash: kill: 99: invalid signal specification\nroot@app:~# kill -s\nbash: kill: -s: option requires an argument\n',
		);
	});

	it('jobs, kill by job spec and signal name or number, wait', () => {
		expect(
			runScript([
				'sleep 5 &',
				'sleep 6 &',
				'jobs',
				'jobs -l',
				'jobs -p',
				'kill -s KILL %1',
				'kill -9 %2',
				'sleep 0.1',
				'sleep 1 &',
				'wait %1; echo $?',
				'sleep 1 &',
				'wait; echo $?',
				'wait 99999',
				'wait %3',
				'false &',
				'sleep 0.1',
				'P=$!; echo $P',
				'echo $!',
			]),
		).toBe(
			'root@app:~# sleep 5 &\n[1] 4302\nroot@app:~# sleep 6 &\n[2] 4303\nroot@app:~# jobs\n[1]-  Running                 sleep 5 &\n[2]+  Running                 sleep 6 &\nroot@app:~# jobs -l\n[1]-  4302 Running                 sleep 5 &\n[2]+  4303 Running                 sleep 6 &\nroot@app:~# jobs -p\n4302\n4303\nroot@app:~# kill -s KILL %1\nroot@app:~# kill -9 %2\n[1]-  Killed                  sleep 5\nroot@app:~# sleep 0.1\n[2]+  Killed                  sleep 6\nroot@app:~# sleep 1 &\n[1] 4305\nroot@app:~# wait %1; echo $?\n[1]+  Done                    sleep 1\n0\nroot@app:~# sleep 1 &\n[1] 4306\nroot@app:~# wait; echo $?\n[1]+  Done                    sleep 1\n0\nroot@app:~# wait 99999\nbash: wait: pid 99999 is not a child of this shell\nroot@app:~# wait %3\nbash: wait: %3: no such job\nroot@app:~# false &\n[1] 4307\nroot@app:~# sleep 0.1\n[1]+  Exit 1                  false\nroot@app:~# P=$!; echo $P\n4307\nroot@app:~# echo $!\n4307\n',
		);
	});

	it('system views: mount, df, ps, free, dmesg, /proc', () => {
		expect(
			runScript([
				'mount',
				'df',
				'df -h',
				'df /mnt/nfs/bin/server',
				'ps',
				'ps -ef',
				'free',
				'free -h',
				'dmesg',
				'cat /proc/self/status',
				'ls /proc/self',
				'ls -l /proc/4301/fd',
				'cat /proc/mounts',
				'head -3 /proc/meminfo',
			]),
		).toBe(
			'root@app:~# mount\n/dev/sda1 on / type ext4 (rw,relatime)\nproc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\nshm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k,inode64)\nfiler:/export on /mnt/nfs type nfs (rw,relatime,vers=3,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,mountaddr=10.0.0.2,mountvers=3,mountport=20048,mountproto=udp,local_lock=none,addr=10.0.0.2)\nroot@app:~# df\nFilesystem     1K-blocks    Used Available Use% Mounted on\n/dev/sda1        8154588 2156992   5561784  28% /\nshm                65536       0     65536   0% /dev/shm\nfiler:/export    8154588 2130356   5588420  28% /mnt/nfs\nroot@app:~# df -h\nFilesystem      Size  Used Avail Use% Mounted on\n/dev/sda1       7.8G  2.1G  5.4G  28% /\nshm              64M     0   64M   0% /dev/shm\nfiler:/export   7.8G  2.1G  5.4G  28% /mnt/nfs\nroot@app:~# df /mnt/nfs/bin/server\nFilesystem     1K-blocks    Used Available Use% Mounted on\nfiler:/export    8154588 2130356   5588420  28% /mnt/nfs\nroot@app:~# ps\n  PID TTY          TIME CMD\n 4301 pts/0    00:00:00 bash\n 4306 pts/0    00:00:00 ps\nroot@app:~# ps -ef\nUID        PID  PPID  C STIME TTY          TIME CMD\nroot         1     0  0 Feb20 ?        00:00:00 /sbin/init\nroot      4301     1  0 09:00 pts/0    00:00:00 -bash\nroot      4307  4301  0 09:00 pts/0    00:00:00 ps -ef\nroot@app:~# free\n               total        used        free      shared  buff/cache   available\nMem:          262144       41216      163568           0       57360      216832\nSwap:              0           0           0\nroot@app:~# free -h\n               total        used        free      shared  buff/cache   available\nMem:           256Mi        40Mi       160Mi          0B        56Mi       212Mi\nSwap:             0B          0B          0B\nroot@app:~# dmesg\nroot@app:~# cat /proc/self/status\nName:\tcat\nState:\tR (running)\nPid:\t4311\nPPid:\t4301\nVmRSS:\t     260 kB\nroot@app:~# ls /proc/self\ncmdline  comm  cwd  exe  fd  maps  status\nroot@app:~# ls -l /proc/4301/fd\ntotal 0\nlrwx------ 1 root root 64 Mar 15 09:00 0 -> /dev/pts/0\nlrwx------ 1 root root 64 Mar 15 09:00 1 -> /dev/pts/0\nlrwx------ 1 root root 64 Mar 15 09:00 2 -> /dev/pts/0\nlrwx------ 1 root root 64 Mar 15 09:00 255 -> /dev/pts/0\nroot@app:~# cat /proc/mounts\n/dev/sda1 / ext4 rw,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\nshm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k,inode64 0 0\nfiler:/export /mnt/nfs nfs rw,relatime,vers=3,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,mountaddr=10.0.0.2,mountvers=3,mountport=20048,mountproto=udp,local_lock=none,addr=10.0.0.2 0 0\nroot@app:~# head -3 /proc/meminfo\nMemTotal:         262144 kB\nMemFree:          163552 kB\nMemAvailable:     216832 kB\n',
		);
	});

	it('the daemon seen through /proc, fincore, nfsstat, strace', () => {
		expect(
			runScript([
				'/mnt/nfs/bin/server &',
				'cat /proc/$!/maps',
				'ls -l /proc/$!/exe',
				'fincore /mnt/nfs/bin/server /opt/app/bin/server',
				'nfsstat -c',
				'strace truncate -s 0 /mnt/nfs/bin/server',
				'dmesg',
			]),
		).toBe(
			'root@app:~# /mnt/nfs/bin/server &\n[1] 4302\nserver[4302]: started (build v1)\nroot@app:~# cat /proc/$!/maps\n550a087ea000-550a087eb000 r--p 00000000 00:30 60                         /mnt/nfs/bin/server\n550a087eb000-550a09933000 r-xp 00001000 00:30 60                         /mnt/nfs/bin/server\n550a09933000-550a09fe9000 r--p 01149000 00:30 60                         /mnt/nfs/bin/server\n550a09fe9000-550a09fea000 r--p 017ff000 00:30 60                         /mnt/nfs/bin/server\n550a09fea000-550a09feb000 rw-p 01800000 00:30 60                         /mnt/nfs/bin/server\n550a0afeb000-550a0b00c000 rw-p 00000000 00:00 0                          [heap]\n7f008706c000-7f008706f000 rw-p 00000000 00:00 0 \n7f008706f000-7f0087095000 r--p 00000000 08:01 262147                     /usr/lib/x86_64-linux-gnu/libc.so.6\n7f0087095000-7f00871eb000 r-xp 00026000 08:01 262147                     /usr/lib/x86_64-linux-gnu/libc.so.6\n7f00871eb000-7f008723e000 r--p 0017c000 08:01 262147                     /usr/lib/x86_64-linux-gnu/libc.so.6\n7f008723e000-7f0087242000 r--p 001cf000 08:01 262147                     /usr/lib/x86_64-linux-gnu/libc.so.6\n7f0087242000-7f0087244000 rw-p 001d3000 08:01 262147                     /usr/lib/x86_64-linux-gnu/libc.so.6\n7f0087244000-7f0087251000 rw-p 00000000 00:00 0 \n7f008725b000-7f008725d000 rw-p 00000000 00:00 0 \n7f008725d000-7f0087261000 r--p 00000000 00:00 0                          [vvar]\n7f0087261000-7f0087263000 r--p 00000000 00:00 0                          [vvar_vclock]\n7f0087263000-7f0087265000 r-xp 00000000 00:00 0                          [vdso]\n7f0087265000-7f0087266000 r--p 00000000 08:01 262148                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n7f0087266000-7f008728c000 r-xp 00001000 08:01 262148                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n7f008728c000-7f0087296000 r--p 00027000 08:01 262148                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n7f0087296000-7f0087298000 r--p 00031000 08:01 262148                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n7f0087298000-7f008729a000 rw-p 00033000 08:01 262148                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n7ffc000b3000-7ffc000d4000 rw-p 00000000 00:00 0                          [stack]\nffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\nroot@app:~# ls -l /proc/$!/exe\nlrwxrwxrwx 1 root root 0 Mar 15 09:00 /proc/4302/exe -> /mnt/nfs/bin/server\nroot@app:~# fincore /mnt/nfs/bin/server /opt/app/bin/server\n  RES PAGES  SIZE FILE\n  20K     5   24M /mnt/nfs/bin/server\n   0B     0   24M /opt/app/bin/server\nroot@app:~# nfsstat -c\nClient rpc stats:\ncalls      retrans    authrefrsh\n8          0          8       \n\nClient nfs v3:\nnull         getattr      setattr      lookup       access       readlink     \n0         0% 1        12% 0         0% 2        25% 0         0% 0         0% \nread         write        create       mkdir        symlink      mknod        \n5        62% 0         0% 0         0% 0         0% 0         0% 0         0% \nremove       rmdir        rename       link         readdir      readdirplus  \n0         0% 0         0% 0         0% 0         0% 0         0% 0         0% \nfsstat       fsinfo       pathconf     commit       \n0         0% 0         0% 0         0% 0         0% \n\nroot@app:~# strace truncate -s 0 /mnt/nfs/bin/server\nexecve("/usr/bin/truncate", ["truncate", "-s", "0", "/mnt/nfs/bin/server"], 0x7ffd8a3b1e58 /* 20 vars */) = 0\nopenat(AT_FDCWD, "/mnt/nfs/bin/server", O_WRONLY|O_CREAT|O_NONBLOCK, 0666) = -1 ETXTBSY (Text file busy)\nwrite(2, "truncate: ", 10truncate: )              = 10\nwrite(2, "cannot open \'/mnt/nfs/bin/server"..., 45cannot open \'/mnt/nfs/bin/server\' for writing) = 45\nwrite(2, ": Text file busy", 16: Text file busy)        = 16\nwrite(2, "\\n", 1\n)                       = 1\nexit_group(1)                           = ?\n+++ exited with 1 +++\nroot@app:~# dmesg\n',
		);
	});

	it('syntax errors and pipes', () => {
		expect(
			runScript([
				'echo a ;; echo b',
				'&& ls',
				'echo a > ',
				'echo "abc',
				'ls /mnt/nfs | grep bin',
				'cat /mnt/nfs/etc/server.conf | wc -l',
				'echo hi 2>&1 >/dev/null',
				'ls /nonexistent 2>/dev/null; echo $?',
				'ls /nonexistent 2>&1 | wc -l',
			]),
		).toBe(
			"root@app:~# echo a ;; echo b\nbash: syntax error near unexpected token `;;'\nroot@app:~# && ls\nbash: syntax error near unexpected token `&&'\nroot@app:~# echo a > \nbash: syntax error near unexpected token `newline'\nroot@app:~# echo \"abc\nbash: unexpected EOF while looking for matching `\"'\nroot@app:~# ls /mnt/nfs | grep bin\nbin\nroot@app:~# cat /mnt/nfs/etc/server.conf | wc -l\n2\nroot@app:~# echo hi 2>&1 >/dev/null\nroot@app:~# ls /nonexistent 2>/dev/null; echo $?\n2\nroot@app:~# ls /nonexistent 2>&1 | wc -l\n1\n",
		);
	});
});

const t = (...lines: string[]): string => lines.join('\n') + '\n';

describe('printf and grep on bytes', () => {
	// Captured from interactive bash 5.2.15 (its printf builtin) in a pseudo-terminal.
	it('printf expands escapes in the format and in %b arguments, never in %s arguments', () => {
		const lines = [
			"printf '%s\\n' 'a\\tb\\n'",
			"printf '%s|%s\\n' '\\x41' '\\101'",
			'printf "%b|\\n" "\\101" "\\0101" "a\\cb" "\\x41\\t" "\\q"',
			'echo',
			'printf "a\\qb\\n"',
			'printf "%5b|%-4s|\\n" "\\t" x',
			'printf "\\x41\\101\\0101\\n"',
			'printf "%s %s\\n" a b c',
			'printf "\\u00e9 %b\\n" "\\u00e9"',
		];
		expect(runScript(lines)).toBe(
			t(
				"root@app:~# printf '%s\\n' 'a\\tb\\n'",
				'a\\tb\\n',
				"root@app:~# printf '%s|%s\\n' '\\x41' '\\101'",
				'\\x41|\\101',
				'root@app:~# printf "%b|\\n" "\\101" "\\0101" "a\\cb" "\\x41\\t" "\\q"',
				'A|',
				'A|',
				'aroot@app:~# echo',
				'',
				'root@app:~# printf "a\\qb\\n"',
				'a\\qb',
				'root@app:~# printf "%5b|%-4s|\\n" "\\t" x',
				'    \t|x   |',
				'root@app:~# printf "\\x41\\101\\0101\\n"',
				'AA\b1',
				'root@app:~# printf "%s %s\\n" a b c',
				'a b',
				'c ',
				'root@app:~# printf "\\u00e9 %b\\n" "\\u00e9"',
				'é é',
			),
		);
	});

	// Captured with GNU grep 3.8: a file with a NUL byte is binary; -c counts its lines (NUL
	// ends a line too), otherwise grep says on stderr that it matches, and nothing when its
	// output is /dev/null.
	it('grep counts matches in a binary file with -c and reports the match on stderr without', () => {
		expect(
			runScript([
				"printf 'ab\\0cd\\nab\\n' > /tmp/bin1",
				'grep -c ab /tmp/bin1',
				"grep -c '^cd' /tmp/bin1",
				'grep -vc zz /tmp/bin1',
				'grep -c zz /tmp/bin1; echo $?',
				'grep ab /tmp/bin1; echo $?',
				'grep ab /tmp/bin1 2>/dev/null; echo $?',
				'grep ab /tmp/bin1 > /dev/null; echo $?',
				'grep -c ab /tmp/bin1 /etc/hostname',
				'cat /tmp/bin1 | grep ab',
				"printf '\\0\\0\\0\\n\\n' | grep -c '^$'",
			]),
		).toBe(
			t(
				"root@app:~# printf 'ab\\0cd\\nab\\n' > /tmp/bin1",
				'root@app:~# grep -c ab /tmp/bin1',
				'2',
				"root@app:~# grep -c '^cd' /tmp/bin1",
				'1',
				'root@app:~# grep -vc zz /tmp/bin1',
				'3',
				'root@app:~# grep -c zz /tmp/bin1; echo $?',
				'0',
				'1',
				'root@app:~# grep ab /tmp/bin1; echo $?',
				'grep: /tmp/bin1: binary file matches',
				'0',
				'root@app:~# grep ab /tmp/bin1 2>/dev/null; echo $?',
				'0',
				'root@app:~# grep ab /tmp/bin1 > /dev/null; echo $?',
				'0',
				'root@app:~# grep -c ab /tmp/bin1 /etc/hostname',
				'/tmp/bin1:2',
				'/etc/hostname:0',
				'root@app:~# cat /tmp/bin1 | grep ab',
				'grep: (standard input): binary file matches',
				"root@app:~# printf '\\0\\0\\0\\n\\n' | grep -c '^$'",
				'5',
			),
		);
	});
});
