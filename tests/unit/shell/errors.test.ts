import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/shell/index';

// Each message below was copied from the real tool on the reference machine (coreutils 9.1,
// bash 5.2.15, util-linux 2.38, rsync 3.5.0, net-tools hostname), including the curly quotes
// that mkdir and truncate use in a UTF-8 locale.
describe('error messages', () => {
	it('match the real tools word for word', () => {
		expect(
			runScript([
				'cat /tmp',
				'rm /tmp',
				'mkdir /tmp',
				'touch /nonexistent/a',
				'echo x > /nonexistent/a',
				'cp /tmp x',
				'cp',
				'cp a',
				'cp nofile x',
				'mv',
				'mv a',
				'mv nofile x',
				'ln',
				'ln nofile y',
				'df nofile',
				'kill %1',
				'jobs %1',
				'fincore',
				'fincore nofile',
				'stat',
				'stat nofile',
				'ls nofile; echo $?',
				'truncate',
				'truncate -s',
				'truncate x',
				'ls --bogus',
				'cd a b',
				'cd /etc/hostname',
				'wait 999999; echo $?',
				'rsync nofile /tmp; echo $?',
				'dd if=nofile of=x',
				'install',
				'mkdir a/b/c',
				'rm -z',
				'hostname -z >/dev/null',
				'exit x',
			]),
		).toBe(
			"root@app:~# cat /tmp\ncat: /tmp: Is a directory\nroot@app:~# rm /tmp\nrm: cannot remove '/tmp': Is a directory\nroot@app:~# mkdir /tmp\nmkdir: cannot create directory ‘/tmp’: File exists\nroot@app:~# touch /nonexistent/a\ntouch: cannot touch '/nonexistent/a': No such file or directory\nroot@app:~# echo x > /nonexistent/a\nbash: /nonexistent/a: No such file or directory\nroot@app:~# cp /tmp x\ncp: -r not specified; omitting directory '/tmp'\nroot@app:~# cp\ncp: missing file operand\nTry 'cp --help' for more information.\nroot@app:~# cp a\ncp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\nroot@app:~# cp nofile x\ncp: cannot stat 'nofile': No such file or directory\nroot@app:~# mv\nmv: missing file operand\nTry 'mv --help' for more information.\nroot@app:~# mv a\nmv: missing destination file operand after 'a'\nTry 'mv --help' for more information.\nroot@app:~# mv nofile x\nmv: cannot stat 'nofile': No such file or directory\nroot@app:~# ln\nln: missing file operand\nTry 'ln --help' for more information.\nroot@app:~# ln nofile y\nln: failed to access 'nofile': No such file or directory\nroot@app:~# df nofile\ndf: nofile: No such file or directory\nroot@app:~# kill %1\nbash: kill: %1: no such job\nroot@app:~# jobs %1\nbash: jobs: %1: no such job\nroot@app:~# fincore\nfincore: no file specified\nTry 'fincore --help' for more information.\nroot@app:~# fincore nofile\nfincore: failed to open: nofile: No such file or directory\nroot@app:~# stat\nstat: missing operand\nTry 'stat --help' for more information.\nroot@app:~# stat nofile\nstat: cannot statx 'nofile': No such file or directory\nroot@app:~# ls nofile; echo $?\nls: cannot access 'nofile': No such file or directory\n2\nroot@app:~# truncate\ntruncate: you must specify either ‘--size’ or ‘--reference’\nTry 'truncate --help' for more information.\nroot@app:~# truncate -s\ntruncate: option requires an argument -- 's'\nTry 'truncate --help' for more information.\nroot@app:~# truncate x\ntruncate: you must specify either ‘--size’ or ‘--reference’\nTry 'truncate --help' for more information.\nroot@app:~# ls --bogus\nls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\nroot@app:~# cd a b\nbash: cd: too many arguments\nroot@app:~# cd /etc/hostname\nbash: cd: /etc/hostname: Not a directory\nroot@app:~# wait 999999; echo $?\nbash: wait: pid 999999 is not a child of this shell\n127\nroot@app:~# rsync nofile /tmp; echo $?\nrsync: [sender] link_stat \"/root/nofile\" failed: No such file or directory (2)\nrsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]\n23\nroot@app:~# dd if=nofile of=x\ndd: failed to open 'nofile': No such file or directory\nroot@app:~# install\ninstall: missing file operand\nTry 'install --help' for more information.\nroot@app:~# mkdir a/b/c\nmkdir: cannot create directory ‘a/b/c’: No such file or directory\nroot@app:~# rm -z\nrm: invalid option -- 'z'\nTry 'rm --help' for more information.\nroot@app:~# hostname -z >/dev/null\nhostname: invalid option -- 'z'\nroot@app:~# exit x\nexit\nbash: exit: x: numeric argument required\n",
		);
	});

	it('know every bash builtin by name and say which ones the simulation does not model', () => {
		// bash 5.2.15's `compgen -b` lists these as builtins: `type` says so, and none of them is a
		// missing command, so "command not found" would be a message bash never prints for them.
		expect(
			runScript([
				'type exec source . read',
				'exec ls; echo $?',
				'read x',
				"help | grep -c ' exec'",
			]),
		).toBe(
			[
				'root@app:~# type exec source . read',
				'exec is a shell builtin',
				'source is a shell builtin',
				'. is a shell builtin',
				'read is a shell builtin',
				'root@app:~# exec ls; echo $?',
				'[simulation: exec of a command (replacing the shell) is not supported in this simulated shell]',
				'2',
				'root@app:~# read x',
				'[simulation: the read builtin is not supported in this simulated shell]',
				"root@app:~# help | grep -c ' exec'",
				'0',
				'',
			].join('\n'),
		);
	});
});
