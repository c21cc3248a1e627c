/**
 * Text file busy: on a local filesystem the kernel refuses to open a running program's file for
 * writing (fs/open.c do_dentry_open → get_write_access; the denial is held by mm->exe_file,
 * kernel/fork.c), while unlinking or renaming over it is allowed and the process keeps its inode.
 */
import { firstLine, reloaded, running, sameInode, started, status } from './probes';
import type { Scenario } from './types';

const start = ['/opt/app/bin/server &', 'sleep 1'];

/** A deploy command that writes into the running binary's inode, and what it prints. */
interface Refused {
	id: string;
	tool: string;
	command: string;
	message: string;
	status: number;
}

const refused: Refused[] = [
	{
		id: 'cp',
		tool: 'cp',
		command: 'cp /root/server-v2 /opt/app/bin/server',
		message: "cp: cannot create regular file '/opt/app/bin/server': Text file busy",
		status: 1,
	},
	{
		id: 'truncate',
		tool: 'truncate',
		command: 'truncate -s 0 /opt/app/bin/server',
		message: "truncate: cannot open '/opt/app/bin/server' for writing: Text file busy",
		status: 1,
	},
	{
		id: 'append',
		tool: 'the shell’s >>',
		command: 'echo x >> /opt/app/bin/server',
		message: 'bash: /opt/app/bin/server: Text file busy',
		status: 1,
	},
	{
		id: 'dd',
		tool: 'dd conv=notrunc',
		command: 'dd if=/root/server-v2 of=/opt/app/bin/server conv=notrunc',
		message: "dd: failed to open '/opt/app/bin/server': Text file busy",
		status: 1,
	},
	{
		id: 'rsync-inplace',
		tool: 'rsync --inplace',
		command: 'rsync --inplace /root/server-v2 /opt/app/bin/server',
		message: 'rsync: [receiver] open "/opt/app/bin/server" failed: Text file busy (26)',
		status: 23,
	},
];

const refusedScenarios: Scenario[] = refused.map((r) => ({
	id: `etxtbsy-${r.id}`,
	title: `Can ${r.tool} overwrite a running program on a local disk?`,
	group: 'Text file busy',
	note: `${r.tool} opens the existing file for writing, and the kernel refuses while any process runs it. The server keeps running its own code.`,
	steps: [
		...start,
		{ run: `${r.command}; echo "status=$?"`, id: 'deploy' },
		{ run: 'kill -HUP $!; sleep 1', id: 'reload' },
		{ run: 'jobs', id: 'jobs' },
	],
	observe: {
		message: firstLine('deploy'),
		status: status('deploy'),
		reload: reloaded('reload'),
		running: running('jobs'),
	},
	expect: {
		message: r.message,
		status: r.status,
		reload: 'server[PID]: reloaded configuration (build v1)',
		running: true,
	},
}));

/** A deploy command that gives the name a new inode, leaving the old one to the running process. */
interface Replaced {
	id: string;
	tool: string;
	command: string;
	/** What the tool does to the name, from strace (linux-facts.md §2). */
	how: string;
}

const replaced: Replaced[] = [
	{
		id: 'mv',
		tool: 'mv',
		command: 'mv /root/server-v2 /opt/app/bin/server',
		how: 'mv renames the new file over the name',
	},
	{
		id: 'install',
		tool: 'install',
		command: 'install /root/server-v2 /opt/app/bin/server',
		how: 'install unlinks the name and creates a new file',
	},
	{
		id: 'cp-remove-destination',
		tool: 'cp --remove-destination',
		command: 'cp --remove-destination /root/server-v2 /opt/app/bin/server',
		how: 'cp --remove-destination unlinks the name and creates a new file',
	},
	{
		id: 'rsync',
		tool: 'rsync',
		command: 'rsync /root/server-v2 /opt/app/bin/server',
		how: 'rsync writes a temporary file and renames it over the name',
	},
	{
		id: 'rm',
		tool: 'rm',
		command: 'rm /opt/app/bin/server',
		how: 'rm removes the name',
	},
];

const replacedScenarios: Scenario[] = replaced.map((r) => ({
	id: `replace-${r.id}`,
	title: `What does ${r.tool} do to a running program on a local disk?`,
	group: 'Text file busy',
	note: `${r.how}, which needs no write access to the running file, so it succeeds. The running process keeps the old inode: /proc/PID/exe says "(deleted)" and the old code keeps running.`,
	steps: [
		...start,
		{ run: 'ls -li /opt/app/bin/server', id: 'before' },
		{ run: `${r.command}; echo "status=$?"`, id: 'deploy' },
		...(r.id === 'rm' ? [] : [{ run: 'ls -li /opt/app/bin/server', id: 'after' }]),
		{ run: 'readlink /proc/$!/exe', id: 'exe' },
		{ run: 'kill -HUP $!; sleep 1', id: 'reload' },
		{ run: 'jobs', id: 'jobs' },
	],
	observe: {
		status: status('deploy'),
		exe: firstLine('exe'),
		reload: reloaded('reload'),
		running: running('jobs'),
	},
	expect: {
		status: 0,
		// "(deleted)" is what tells a replaced inode from a rewritten one: the kernel appends it
		// when the dentry of mm->exe_file has been unlinked (fs/d_path.c d_path(), prepend " (deleted)").
		exe: '/opt/app/bin/server (deleted)',
		reload: 'server[PID]: reloaded configuration (build v1)',
		running: true,
	},
	...(r.id === 'rm'
		? {}
		: {
				shown: {
					observe: { sameInode: sameInode('before', 'after') },
					why: 'The inode numbers from ls -li are shown, not compared: ext4 often gives the new file the number the old one just freed (linux-facts.md §2), so equal numbers would not mean the same inode. /proc/PID/exe’s "(deleted)" is the field that tells.',
				},
			}),
}));

/** Changing metadata needs no write access to the contents (linux-facts.md §1, "What succeeds"). */
const metadata: Scenario = {
	id: 'etxtbsy-metadata-allowed',
	title: 'Do chmod and touch work on a running program?',
	group: 'Text file busy',
	note: 'Text file busy is about writing the contents. chmod and touch change only the inode’s metadata, so they succeed while the program runs.',
	steps: [
		...start,
		{ run: 'chmod 700 /opt/app/bin/server; echo "status=$?"', id: 'chmod' },
		{ run: 'touch /opt/app/bin/server; echo "status=$?"', id: 'touch' },
		{ run: 'jobs', id: 'jobs' },
	],
	observe: { chmod: status('chmod'), touch: status('touch'), running: running('jobs') },
	expect: { chmod: 0, touch: 0, running: true },
};

/** The same rule the other way round: a file open for writing cannot be executed (execve(2)). */
const execWhileWritten: Scenario = {
	id: 'etxtbsy-exec-while-open-for-writing',
	title: 'Can you run a program while something has its file open for writing?',
	group: 'Text file busy',
	note: 'A background job holds the file open for appending, so the file has a writer and exec refuses it with "Text file busy" (bash reports status 126). Once the writer is gone, the same file runs.',
	steps: [
		'sleep 100 >> /root/server-v2 &',
		'sleep 1',
		{ run: '/root/server-v2; echo "status=$?"', id: 'exec' },
		'kill %1',
		'sleep 1',
		{ run: '/root/server-v2 &', id: 'after' },
		'sleep 1',
	],
	observe: { message: firstLine('exec'), status: status('exec'), afterwards: started('after') },
	expect: {
		message: 'bash: /root/server-v2: Text file busy',
		status: 126,
		afterwards: 'server[PID]: started (build v2)',
	},
};

export const etxtbsyScenarios: Scenario[] = [
	...refusedScenarios,
	metadata,
	execWhileWritten,
	...replacedScenarios,
];
