import { describe, expect, it } from 'vitest';
import { startHealthCheckScheduler } from './integration-health-check.js';

const quietLogger = { warn: () => undefined, debug: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startHealthCheckScheduler', () => {
  it('ticks at once and then on its interval, and stops ticking when stopped', async () => {
    let ticks = 0;
    const scheduler = startHealthCheckScheduler({
      enqueueDue: async () => {
        ticks += 1;
        return 0;
      },
      tickMs: 20,
      logger: quietLogger,
    });
    expect(ticks).toBe(1);
    await sleep(110);
    await scheduler.stop();
    const atStop = ticks;
    expect(atStop).toBeGreaterThanOrEqual(3);
    await sleep(80);
    expect(ticks).toBe(atStop);
  });

  it('never overlaps ticks, survives failures, and waits for the running tick on stop', async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    let finished = 0;
    const warnings: unknown[] = [];
    const scheduler = startHealthCheckScheduler({
      enqueueDue: async () => {
        calls += 1;
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(50);
        running -= 1;
        finished += 1;
        if (calls === 1) throw new Error('database blip');
        return 1;
      },
      tickMs: 10,
      logger: { warn: (obj: unknown) => warnings.push(obj), debug: () => undefined },
    });
    await sleep(130);
    await scheduler.stop();
    expect(maxRunning).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(calls);
    expect(warnings).toHaveLength(1);
  });
});
