import { describe, expect, it } from 'vitest';
import {
	createWorld,
	fileTimeMs,
	formatPrintkTime,
	restoreWorld,
	START_EPOCH_MS,
	UPTIME_AT_START_MS,
} from '../../../src/kernel';

function stamps(seed: number): string[] {
	const world = createWorld({ seed, uptimeMs: UPTIME_AT_START_MS });
	const app = world.host('app');
	const sh = app.login();
	app.writeDropCaches(sh, '3\n');
	world.advance(1500);
	app.spawn(sh, '/usr/local/bin/memhog', ['memhog', '1G']);
	return app.dmesg().map((m) => formatPrintkTime(m.time));
}

describe('a world that has been up for weeks', () => {
	it('keeps the start wall clock, with boot weeks before it', () => {
		const world = createWorld({ uptimeMs: UPTIME_AT_START_MS });
		expect(world.now()).toBe(UPTIME_AT_START_MS);
		expect(world.bootEpochMs() + world.now()).toBe(START_EPOCH_MS);
		expect(world.host('app').process(1)?.startTime).toBe(0);
		expect(restoreWorld(world.snapshot()).bootEpochMs()).toBe(world.bootEpochMs());
		expect(world.wallClockMs()).toBe(START_EPOCH_MS);
	});

	it('is the default world; uptimeMs: 0 boots as the story starts', () => {
		expect(createWorld().now()).toBe(UPTIME_AT_START_MS);
		expect(createWorld().bootEpochMs()).toBe(START_EPOCH_MS - UPTIME_AT_START_MS);
		const fresh = createWorld({ uptimeMs: 0 });
		expect(fresh.now()).toBe(0);
		expect(fresh.bootEpochMs()).toBe(START_EPOCH_MS);
	});

	it('stamps inodes from the wall clock, not the uptime', () => {
		for (const uptimeMs of [0, UPTIME_AT_START_MS]) {
			const world = createWorld({ uptimeMs });
			const app = world.host('app');
			const sh = app.login();
			world.advance(90_000);
			expect(app.utimensat(sh, '/root/server-v2').ok).toBe(true);
			const st = app.peekStat('/root/server-v2');
			// 09:01:30 on the story's day, whatever the uptime: the wall clock is boot + uptime.
			expect(fileTimeMs(st?.mtime ?? 0)).toBe(START_EPOCH_MS + 90_000);
			expect(app.wallClockMs()).toBe(START_EPOCH_MS + 90_000);
			expect(app.now()).toBe(uptimeMs + 90_000);
		}
	});

	it('stamps printk lines with seeded microseconds that only increase', () => {
		const lines = stamps(7);
		expect(lines.length).toBeGreaterThanOrEqual(5);
		for (const line of lines) expect(line).toMatch(/^\[2002\d{3}\.\d{6}\]$/);
		// Not whole milliseconds: the last three digits vary.
		expect(new Set(lines.map((l) => l.slice(-4, -1))).size).toBeGreaterThan(1);
		const values = lines.map((l) => Number(l.slice(1, -1)));
		for (let i = 1; i < values.length; i++)
			expect(values[i] ?? 0).toBeGreaterThan(values[i - 1] ?? 0);
		expect(stamps(7)).toEqual(lines);
		expect(stamps(8)).not.toEqual(lines);
	});

	it('formats stamps as dmesg does', () => {
		expect(formatPrintkTime(3000)).toBe('[    3.000000]');
		expect(formatPrintkTime(2002629312.491)).toBe('[2002629.312491]');
	});
});
