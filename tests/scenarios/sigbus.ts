/**
 * The core-dump suffix, and SIGBUS that has nothing to do with executables: a mapped data file
 * truncated under its reader, and a full tmpfs written through a mapping. Both are the same
 * fault as the NFS crash: a page the kernel cannot provide (mm/filemap.c filemap_fault,
 * mm/shmem.c shmem_fault) becomes VM_FAULT_SIGBUS, delivered as SIGBUS with BUS_ADRERR.
 */
import { faultCode, faultSignal, foregroundNotice, jobNotice, status } from './probes';
import type { Scenario } from './types';

/** Whether `ls core` found a core file in the step `step`. */
function coreFile(step: string) {
	return { probe: { from: 'has', match: /^core$/, step } } as const;
}

const truncatedServer = (limit: string) => [
	`ulimit -c ${limit}`,
	'/mnt/nfs/bin/server &',
	'sleep 1',
	'ssh filer truncate -s 64K /export/bin/server',
	'kill -HUP $!; sleep 1',
	{ run: 'ls core', id: 'core' },
];

export const sigbusScenarios: Scenario[] = [
	{
		id: 'core-ulimit-zero',
		title: 'With ulimit -c 0 the same crash says just "Bus error"',
		group: 'Core dumps',
		note: 'Whether bash adds "(core dumped)" depends on whether the kernel wrote a core file, which RLIMIT_CORE (ulimit -c) controls. A limit of 0 means no core (with a plain core_pattern such as "core").',
		steps: truncatedServer('0'),
		observe: { notice: jobNotice, core: coreFile('core') },
		expect: { notice: '[1]+  Bus error               /mnt/nfs/bin/server', core: false },
	},
	{
		id: 'core-ulimit-unlimited',
		title: 'With ulimit -c unlimited it says "Bus error (core dumped)" and leaves a core file',
		group: 'Core dumps',
		note: 'The kernel writes the core file to the process’s working directory (core_pattern "core") and sets the core flag in the wait status, which bash prints as "(core dumped)".',
		steps: truncatedServer('unlimited'),
		observe: { notice: jobNotice, core: coreFile('core') },
		expect: {
			notice: '[1]+  Bus error               (core dumped) /mnt/nfs/bin/server',
			core: true,
		},
	},
	{
		id: 'sigbus-mapped-file-truncated',
		title: 'A program maps a data file; someone truncates the file',
		group: 'Other roads to SIGBUS',
		note: 'Pages wholly beyond the new end of file no longer exist, so the reader’s next access to one raises SIGBUS, on any file system, local disk included.',
		steps: [
			'ulimit -c 0',
			'dd if=/dev/zero of=/root/data.bin bs=4096 count=16',
			'mapreader /root/data.bin &',
			'sleep 1',
			'truncate -s 100 /root/data.bin',
			'sleep 1',
			{ run: 'wait $!; echo "status=$?"', id: 'wait' },
		],
		observe: {
			mapped: {
				probe: {
					from: 'line',
					match: /^mapreader: mapped \/root\/data\.bin \(65536 bytes, 16 pages\)$/,
				},
			},
			notice: jobNotice,
			signal: faultSignal,
			siCode: faultCode,
			status: status('wait'),
		},
		expect: {
			mapped: 'mapreader: mapped /root/data.bin (65536 bytes, 16 pages)',
			notice: '[1]+  Bus error               mapreader /root/data.bin',
			signal: 'SIGBUS',
			siCode: 'BUS_ADRERR',
			status: 135,
		},
	},
	{
		id: 'sigbus-tmpfs-full',
		title: 'A program writes 100 MiB through a mapping of a file on the 64 MiB /dev/shm',
		group: 'Other roads to SIGBUS',
		note: 'Extending a file with ftruncate reserves nothing on tmpfs. Each page is allocated when first written; when the file system is full, the page fault cannot be satisfied and the writer gets SIGBUS (the usual Docker /dev/shm failure).',
		steps: [
			'ulimit -c 0',
			{ run: 'shmwriter 100M', id: 'write' },
			{ run: 'echo "status=$?"', id: 'status' },
			'rm /dev/shm/shmwriter.dat',
		],
		observe: {
			notice: foregroundNotice('write'),
			signal: faultSignal,
			siCode: faultCode,
			status: status('status'),
		},
		expect: { notice: 'Bus error', signal: 'SIGBUS', siCode: 'BUS_ADRERR', status: 135 },
	},
];
