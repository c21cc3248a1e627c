/**
 * The article's crash: the server runs from the NFS mount on app, and its file is changed by
 * another machine, which the client kernel cannot refuse. Pages the process already has stay old;
 * pages it faults in later come from whatever the file holds now (mm/filemap.c filemap_fault).
 */
import {
	faultCode,
	faultSignal,
	firstLine,
	jobNotice,
	lsSize,
	reloaded,
	running,
	started,
	status,
} from './probes';
import type { Observation, Scenario } from './types';

/**
 * Whether `dmesg | grep "server\[$!\]"` found the kernel's line about the crash: x86-64 logs
 * "segfault at …" (arch/x86/mm/fault.c show_signal_msg) or "traps: … trap invalid opcode …"
 * (arch/x86/kernel/traps.c show_signal) when the signal is not handled, and nothing for SIGBUS.
 */
const kernelLogged: Observation = {
	probe: {
		from: 'has',
		match: /server\[\d+\]: segfault at |traps: server\[\d+\] trap invalid opcode/,
		step: 'dmesg',
	},
};

const start = ['ulimit -c unlimited', '/mnt/nfs/bin/server &', 'sleep 1'];

/** The crash notice of the first job after it ran rewritten code (either signal), e.g. in `step`. */
function wrongCodeNotice(step?: string): Observation {
	return {
		probe: {
			from: 'has',
			match:
				/^\[1\][+-] +(Segmentation fault|Illegal instruction) +\(core dumped\) \/mnt\/nfs\/bin\/server$/,
			step,
		},
	};
}

/**
 * Why the exact signal of a process running rewritten code is shown but not compared. The real
 * programs make it deterministic: v2's reload page starts with ud2 where v1's reload code was
 * (tests/kernel/programs/server.c), so the real kernel always says SIGILL (ILL_ILLOPN,
 * arch/x86/kernel/traps.c exc_invalid_op → do_error_trap), and that is checked. The simulation
 * models a real rebuild, whose bytes decode to SIGSEGV or SIGILL by chance (src/kernel/host.ts
 * picks one with its seed).
 */
const exactSignal = {
	observe: {
		signal: faultSignal,
		siCode: faultCode,
		status: status('wait'),
	},
	why: 'The exact signal is not compared. A real rebuild puts random bytes where the old code was, and they decode to SIGSEGV or SIGILL depending on their content (a SIGSEGV from a general-protection fault even carries si_code 128, SI_KERNEL); the simulation picks one with its seed. The real programs here are built to hit ud2 (SIGILL, ILL_ILLOPN, status 132) every time, and the real side is checked for exactly that.',
	realExpect: { signal: 'SIGILL', siCode: 'ILL_ILLOPN', status: 132 },
};

/** bindfs drops a file's cached pages on every open; NFS only when the file has changed. */
const fuseOpenCaveat =
	'FUSE passes this partly for a reason of its own: bindfs does not ask for FOPEN_KEEP_CACHE, so every open drops the file’s cached pages (fs/fuse/file.c), changed or not. NFS drops them only when the attributes show a change (close-to-open GETATTR, then nfs_update_inode() sets NFS_INO_INVALID_DATA and nfs_revalidate_mapping() calls invalidate_inode_pages2(), fs/nfs/inode.c). Here the file has changed, so both do the same; the simulation models the NFS rule, and the simulation-only case “Opening an unchanged file keeps the cached pages; opening a changed one drops them” checks the other half.';

export const nfsScenarios: Scenario[] = [
	{
		id: 'nfs-truncate-cold-page',
		title: 'The file is truncated on the filer, then the server reloads its configuration',
		group: 'NFS',
		note: 'The reload code was never paged in. When the server finally needs it, the page lies wholly beyond the new end of file, so the fault raises SIGBUS with BUS_ADRERR: "Bus error".',
		steps: [
			...start,
			'ssh filer truncate -s 64K /export/bin/server',
			'kill -HUP $!; sleep 1',
			{ run: 'dmesg | grep "server\\[$!\\]"', id: 'dmesg' },
			{ run: 'wait $!; echo "status=$?"', id: 'wait' },
		],
		observe: {
			notice: jobNotice,
			signal: faultSignal,
			siCode: faultCode,
			status: status('wait'),
			kernelLog: kernelLogged,
		},
		expect: {
			notice: '[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
			signal: 'SIGBUS',
			siCode: 'BUS_ADRERR',
			status: 135,
			// x86 do_sigbus() sends the signal without a word to the log, unlike a segfault.
			kernelLog: false,
		},
	},
	{
		id: 'nfs-overwrite-cold-page',
		title: 'The build host copies a new build over the file in place, then the server reloads',
		group: 'NFS',
		note: 'cp rewrites the same inode. The reload page is faulted in from the new build, so the old process runs bytes from a different program and dies at that reload, not before: SIGSEGV or SIGILL, depending on what lands where its code was.',
		steps: [
			...start,
			'ssh build cp /root/out/server /mnt/nfs/bin/server',
			{ run: 'kill -HUP $!; sleep 1', id: 'reload' },
			{ run: 'dmesg | grep "server\\[$!\\]"', id: 'dmesg' },
			{ run: 'wait $!; echo "status=$?"', id: 'wait' },
		],
		observe: {
			kernelLog: kernelLogged,
			reload: reloaded('reload'),
			diedAtReload: wrongCodeNotice('reload'),
		},
		expect: {
			// An unhandled SIGSEGV or SIGILL from a fault is logged (show_signal(), show_signal_msg()).
			kernelLog: true,
			// The old code did not run: the reload page now holds the new build's bytes.
			reload: null,
			diedAtReload: true,
		},
		shown: exactSignal,
	},
	{
		id: 'nfs-resident-page-survives',
		title: 'A page already in memory keeps the old code running, even across drop_caches',
		group: 'NFS',
		note: 'The reload page was faulted in before the deploy. It stays mapped, drop_caches cannot evict a mapped page, and the old code keeps running until the client revalidates the file (here: another program opens and reads it), sees that it changed, and invalidates its cached pages, unmapping them from the server. Then the old process dies.',
		caveat: fuseOpenCaveat,
		steps: [
			...start,
			{ run: 'kill -HUP $!; sleep 1', id: 'first' },
			'ssh build cp /root/out/server /mnt/nfs/bin/server',
			{ run: 'kill -HUP $!; sleep 1', id: 'after-deploy' },
			'echo 3 > /proc/sys/vm/drop_caches',
			{ run: 'kill -HUP $!; sleep 1', id: 'after-drop' },
			{ run: 'cat /mnt/nfs/bin/server > /dev/null', id: 'open' },
			{ run: 'kill -HUP $!; sleep 1', id: 'reload' },
			{ run: 'wait $!; echo "status=$?"', id: 'wait' },
		],
		observe: {
			first: reloaded('first'),
			afterDeploy: reloaded('after-deploy'),
			afterDropCaches: reloaded('after-drop'),
			diedAfterOpen: wrongCodeNotice(),
		},
		expect: {
			first: 'server[PID]: reloaded configuration (build v1)',
			afterDeploy: 'server[PID]: reloaded configuration (build v1)',
			afterDropCaches: 'server[PID]: reloaded configuration (build v1)',
			// It survived the three reloads above, so a crash notice means it died after the open.
			diedAfterOpen: true,
		},
		shown: {
			...exactSignal,
			observe: { ...exactSignal.observe, diedDuringOpen: wrongCodeNotice('open') },
			why: `${exactSignal.why} Whether it dies during the open or at the next reload is not compared either: the real builds differ only on the reload page, so the real server runs on until it reloads, while the simulation’s builds differ on every code page (src/kernel/programs.ts serverLayout), so its server dies on the next pass of its main loop, right after the invalidation.`,
		},
	},
	{
		id: 'nfs-second-instance-invalidates',
		title: 'Starting a second copy on the same client ends the first one’s old pages',
		group: 'NFS',
		note: 'The first server’s reload page is resident, so it survives the deploy. Starting a second server from the same mount makes the client check the file; it has changed, so the client drops its cached pages, including the ones the first server has mapped. The new server runs the new build; the old one dies when it next runs code from a dropped page.',
		caveat: fuseOpenCaveat,
		steps: [
			...start,
			{ run: 'kill -HUP %1; sleep 1', id: 'first' },
			'ssh build cp /root/out/server /mnt/nfs/bin/server',
			{ run: 'kill -HUP %1; sleep 1', id: 'after-deploy' },
			{ run: '/mnt/nfs/bin/server &', id: 'second' },
			'sleep 1',
			'kill -HUP %1; sleep 1',
			{ run: 'jobs', id: 'jobs' },
		],
		observe: {
			afterDeploy: reloaded('after-deploy'),
			secondBuild: started('second'),
			firstCrashed: wrongCodeNotice(),
			secondRunning: running('jobs'),
		},
		expect: {
			afterDeploy: 'server[PID]: reloaded configuration (build v1)',
			secondBuild: 'server[PID]: started (build v2)',
			firstCrashed: true,
			secondRunning: true,
		},
		shown: {
			observe: { signal: faultSignal, siCode: faultCode },
			why: exactSignal.why.replace(', status 132', ''),
			realExpect: { signal: 'SIGILL', siCode: 'ILL_ILLOPN' },
		},
	},
	{
		id: 'nfs-unchanged-open-keeps-cache',
		title: 'Opening an unchanged file keeps the cached pages; opening a changed one drops them',
		group: 'NFS',
		note: 'Close-to-open makes every open ask the server for the attributes, but the client drops its cached pages only if they changed. So reading the unchanged file leaves the server’s resident reload page alone; the filer then truncates the file behind the client’s back, and the server still reloads from its resident page. Only the next open sees the new size and ctime, invalidates the pages, and the next reload faults beyond the end of file: Bus error.',
		steps: [
			...start,
			{ run: 'kill -HUP $!; sleep 1', id: 'first' },
			{ run: 'cat /mnt/nfs/bin/server > /dev/null', id: 'open-unchanged' },
			'ssh filer truncate -s 64K /export/bin/server',
			{ run: 'kill -HUP $!; sleep 1', id: 'after-truncate' },
			{ run: 'cat /mnt/nfs/bin/server > /dev/null', id: 'open-changed' },
			{ run: 'kill -HUP $!; sleep 1', id: 'reload' },
			{ run: 'wait $!; echo "status=$?"', id: 'wait' },
		],
		observe: {
			first: reloaded('first'),
			afterTruncate: reloaded('after-truncate'),
			notice: jobNotice,
			signal: faultSignal,
			siCode: faultCode,
			status: status('wait'),
		},
		expect: {
			first: 'server[PID]: reloaded configuration (build v1)',
			afterTruncate: 'server[PID]: reloaded configuration (build v1)',
			notice: '[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
			signal: 'SIGBUS',
			siCode: 'BUS_ADRERR',
			status: 135,
		},
		simulationOnly: {
			reason:
				'bindfs does not ask for FOPEN_KEEP_CACHE, so FUSE drops the cached pages on every open, changed or not; only NFS keeps them when the attributes are unchanged.',
			source:
				'fs/nfs/inode.c nfs_update_inode() (NFS_INO_INVALID_DATA only when the change attribute or size differs) and nfs_revalidate_mapping() → nfs_invalidate_mapping() → invalidate_inode_pages2(); fs/nfs/dir.c nfs_lookup_verify_inode() (close-to-open GETATTR on open)',
		},
	},
	{
		id: 'nfs-client-cp-refused',
		title: 'On the client that runs it, cp over the NFS file is refused',
		group: 'NFS',
		note: 'ETXTBSY is checked by the kernel that runs the program, on its own inode. The app host knows it is running the file, so its own cp gets "Text file busy", exactly as on a local disk.',
		steps: [
			...start,
			{ run: 'cp /root/server-v2 /mnt/nfs/bin/server; echo "status=$?"', id: 'deploy' },
			{ run: 'jobs', id: 'jobs' },
		],
		observe: { message: firstLine('deploy'), status: status('deploy'), running: running('jobs') },
		expect: {
			message: "cp: cannot create regular file '/mnt/nfs/bin/server': Text file busy",
			status: 1,
			running: true,
		},
	},
	{
		id: 'nfs-silly-rename',
		title: 'rm on the client that runs the file renames it to .nfsXXXX instead',
		group: 'NFS',
		note: 'NFSv3 has no open state on the server, so a client that removes a file it still uses renames it to a hidden .nfs name and removes it when the last user goes. The server keeps running from it.',
		steps: [
			...start,
			{ run: 'rm /mnt/nfs/bin/server; echo "status=$?"', id: 'rm' },
			{ run: 'ls -a /mnt/nfs/bin', id: 'ls' },
			{ run: 'kill -HUP $!; sleep 1', id: 'reload' },
		],
		observe: {
			status: status('rm'),
			sillyName: { probe: { from: 'has', match: /(^|\s)\.nfs[0-9a-f]{24}(\s|$)/, step: 'ls' } },
			reload: reloaded('reload'),
		},
		expect: {
			status: 0,
			sillyName: true,
			reload: 'server[PID]: reloaded configuration (build v1)',
		},
		simulationOnly: {
			reason:
				'Silly rename is the NFS client’s own mechanism. FUSE hides removed open files differently (libfuse’s .fuse_hidden files, done by the file system daemon, not the kernel), so the stand-in cannot show it.',
			source:
				'fs/nfs/dir.c nfs_unlink() → nfs_sillyrename() in fs/nfs/unlink.c (SILLYNAME_PREFIX ".nfs", fileid and counter in hex)',
		},
	},
	{
		id: 'nfs-estale-after-remote-install',
		title: 'install from the build host removes the old file; the server then reloads',
		group: 'NFS',
		note: 'install unlinks the old name and creates a new file. On the filer the old inode has no names and nobody it knows of has it open, so it is freed; the app host’s file handle goes stale, the READ for the reload page fails with ESTALE, and the fault raises SIGBUS.',
		steps: [
			...start,
			'ssh build install /root/out/server /mnt/nfs/bin/server',
			'kill -HUP $!; sleep 1',
			{ run: 'wait $!; echo "status=$?"', id: 'wait' },
		],
		observe: { notice: jobNotice, signal: faultSignal, siCode: faultCode, status: status('wait') },
		expect: {
			notice: '[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
			signal: 'SIGBUS',
			siCode: 'BUS_ADRERR',
			status: 135,
		},
		simulationOnly: {
			reason:
				'bindfs reaches files by path, so after the backing file is replaced it reads the new file (or gets ENOENT) instead of a stale handle; only a real NFS server frees the inode and answers NFS3ERR_STALE.',
			source:
				'fs/nfs/read.c nfs_read_folio() / nfs_readpage_done() (-ESTALE); mm/filemap.c filemap_fault() page_not_uptodate → VM_FAULT_SIGBUS',
		},
	},
	{
		id: 'nfs-reclaim-evicts-resident-page',
		title: 'The old page survives install and drop_caches, until memory pressure reclaims it',
		group: 'NFS',
		note: 'After install on the build host the file on the filer is gone, but the reload page is mapped, so the old code keeps running and drop_caches cannot evict it. When a memory-hungry program forces reclaim, the page is evicted; the next reload faults it in again, the READ fails with ESTALE, and the server dies with SIGBUS, long after the deploy.',
		steps: [
			...start,
			{ run: 'kill -HUP $!; sleep 1', id: 'first' },
			'ssh build install /root/out/server /mnt/nfs/bin/server',
			{ run: 'kill -HUP $!; sleep 1', id: 'after-deploy' },
			'echo 3 > /proc/sys/vm/drop_caches',
			{ run: 'kill -HUP $!; sleep 1', id: 'after-drop' },
			'memhog 160M',
			'kill -HUP $!; sleep 1',
			{ run: 'wait $!; echo "status=$?"', id: 'wait' },
		],
		observe: {
			afterDeploy: reloaded('after-deploy'),
			afterDropCaches: reloaded('after-drop'),
			notice: jobNotice,
			signal: faultSignal,
			siCode: faultCode,
			status: status('wait'),
		},
		expect: {
			afterDeploy: 'server[PID]: reloaded configuration (build v1)',
			afterDropCaches: 'server[PID]: reloaded configuration (build v1)',
			notice: '[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
			signal: 'SIGBUS',
			siCode: 'BUS_ADRERR',
			status: 135,
		},
		simulationOnly: {
			reason:
				'Reclaiming one process’s mapped pages needs memory pressure on the whole machine, which a shared CI machine cannot be put under safely; and bindfs would read the new file by path instead of answering ESTALE.',
			source:
				'mm/vmscan.c shrink_folio_list() and folio_check_references() (mapped file pages are reclaimable); mm/truncate.c mapping_evict_folio() (drop_caches skips mapped folios); fs/nfs/read.c (-ESTALE → SIGBUS in filemap_fault)',
		},
	},
	{
		id: 'nfs-safe-deploy-hard-links',
		title: 'A release folder and an atomic rename keep the running server alive',
		group: 'NFS',
		note: 'Each release keeps its own name (a hard link under /mnt/nfs/releases), and the build host renames a new link over bin/server. The old inode still has a name on the filer, so it is not freed, the client’s file handle stays valid, and the old server keeps paging in its own code.',
		steps: [
			'mkdir /mnt/nfs/releases',
			'mkdir /mnt/nfs/releases/v1',
			'ln /mnt/nfs/bin/server /mnt/nfs/releases/v1/server',
			...start,
			'ssh build mkdir /mnt/nfs/releases/v2',
			'ssh build cp /root/out/server /mnt/nfs/releases/v2/server',
			'ssh build ln /mnt/nfs/releases/v2/server /mnt/nfs/bin/server.new',
			'ssh build mv /mnt/nfs/bin/server.new /mnt/nfs/bin/server',
			{ run: 'kill -HUP $!; sleep 1', id: 'reload' },
			// The app host's cached directory entry for bin/server lasts up to acdirmax (60 s).
			'sleep 10',
			'sleep 10',
			'sleep 10',
			{ run: 'jobs', id: 'jobs' },
			{ run: '/mnt/nfs/bin/server &', id: 'new' },
			'sleep 1',
		],
		observe: {
			reload: reloaded('reload'),
			running: running('jobs'),
			newBuild: started('new'),
			fault: faultSignal,
		},
		expect: {
			reload: 'server[PID]: reloaded configuration (build v1)',
			running: true,
			newBuild: 'server[PID]: started (build v2)',
			fault: null,
		},
		simulationOnly: {
			reason:
				'An NFS file handle names the inode, so it stays valid while any name links to it. bindfs reaches files by path, so after the rename it would read the new file, which NFS never does.',
			source:
				'fs/nfsd/nfsfh.c fh_verify() (a handle is the export, the inode number and its generation); fs/nfs/read.c nfs_read_folio() reads by file handle; fs/namei.c vfs_rename() (the old inode lives on while it has a link)',
		},
	},
	{
		id: 'nfs-server-runs-it-eio',
		title: 'The filer itself runs the program, and a client copies over it',
		group: 'NFS',
		note: 'Now the kernel that runs the program is the server’s. knfsd opens the file through the filer’s own VFS, gets ETXTBSY, and NFSv3 has no error for that, so the client is told EIO: "Input/output error".',
		steps: [
			"ssh filer '/export/bin/server &'",
			{ run: 'cp /root/server-v2 /mnt/nfs/bin/server; echo "status=$?"', id: 'deploy' },
		],
		observe: { message: firstLine('deploy'), status: status('deploy') },
		expect: {
			message: "cp: cannot create regular file '/mnt/nfs/bin/server': Input/output error",
			status: 1,
		},
		simulationOnly: {
			reason:
				'This machine has no NFS server. A FUSE daemon passes the backing file system’s errno through unchanged, so the stand-in would say "Text file busy" where knfsd says EIO.',
			source:
				'fs/nfsd/vfs.c nfsd_setattr() → nfsd_get_write_access() → get_write_access() = -ETXTBSY; nfserrno() maps it to nfserr_io (NFS3ERR_IO), which the client’s reply decoder turns into EIO (fs/nfs/nfs3xdr.c)',
		},
	},
	{
		id: 'nfs-attribute-cache',
		title: 'After the build host rewrites the file, how long does app see the old size?',
		group: 'NFS',
		note: 'The client trusts cached attributes for acregmin (3 s by default) before it asks the server again, so ls -l shows the old size just after the deploy and the new one a few seconds later.',
		steps: [
			{ run: 'ls -l /mnt/nfs/bin/server', id: 'before' },
			'ssh build cp /root/out/server /mnt/nfs/bin/server',
			{ run: 'ls -l /mnt/nfs/bin/server', id: 'at-once' },
			'sleep 4',
			{ run: 'ls -l /mnt/nfs/bin/server', id: 'later' },
		],
		observe: {
			oldSizeAtOnce: { probe: { from: 'same', a: lsSize('before'), b: lsSize('at-once') } },
			oldSizeLater: { probe: { from: 'same', a: lsSize('before'), b: lsSize('later') } },
		},
		expect: { oldSizeAtOnce: true, oldSizeLater: false },
		simulationOnly: {
			reason:
				'FUSE has its own attribute timeout (bindfs: 1 s from libfuse’s attr_timeout), not NFS’s acregmin/acregmax doubling.',
			source:
				'fs/nfs/inode.c nfs_attribute_cache_expired(), nfs_update_inode() (attrtimeo doubling and reset); include/uapi/linux/nfs_fs.h NFS_DEF_ACREGMIN 3',
		},
	},
];
