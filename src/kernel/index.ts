/**
 * The public surface of the simulated kernel. Import from here only; see README.md.
 */
export { createWorld, restoreWorld, World, SNAPSHOT_VERSION, UPTIME_AT_START_MS } from './world';
export type { WorldOptions, WorldSnapshot } from './world';
export { Host, normalizePath, EXEC_ANON_PAGES, formatPrintkTime } from './host';
export type { Stat, DirEntry, MapsEntry, MemInfo, Residency } from './host';
export { Emitter } from './events';
export type {
	Disposable,
	Subscription,
	KernelEvent,
	KernelEventType,
	ExitStatus,
	NfsOp,
	NfsStatus,
	SyscallArg,
	EvictReason,
} from './events';
export { errnoTable, errnoNumber, errnoName, strerror, ok, fail } from './errno';
export type { Errno, SysResult } from './errno';
export * from './constants';
export { programs, serverLayout, parseSize, parseInterval } from './programs';
export type { Program } from './programs';
export { utf8Encode, utf8Decode, pagesOf } from './data';
export { mulberry32Next, hashString } from './random';
export type {
	WorldState,
	HostState,
	FsState,
	InodeState,
	ProcessState,
	VmaState,
	OpenFileState,
	MountState,
	CachedPageState,
	PageContent,
	FileDataState,
	NfsMountOptions,
	NfsInodeState,
} from './state';
