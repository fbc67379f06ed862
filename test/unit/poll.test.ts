import { describe, expect, it } from 'vitest';
import { backoffDelay, type Clock, cappedBackoff, maxPollMsFromEnv, pollUntil } from '../../src/run/poll.js';

function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

describe('poll backoff', () => {
  it('starts fast, grows, caps at 30 s, with jitter below the nominal delay', () => {
    const nominal = [0, 1, 2, 5, 10, 20].map((a) => backoffDelay(a, undefined, () => 0));
    expect(nominal[0]).toBe(2000);
    expect(nominal[1]).toBe(3000);
    expect(nominal.at(-1)).toBe(30_000);
    for (let i = 1; i < nominal.length; i++) expect(nominal[i]!).toBeGreaterThanOrEqual(nominal[i - 1]!);
    expect(backoffDelay(20, undefined, () => 1)).toBe(24_000);
  });

  it('returns the value when done, and times out at the deadline without overshooting', async () => {
    const clock = fakeClock();
    let calls = 0;
    const done = await pollUntil(async () => (++calls === 3 ? { done: true, value: 'x' } : { done: false }), {
      deadline: 1e9,
      clock,
    });
    expect(done).toEqual({ value: 'x' });
    expect(clock.slept).toHaveLength(2);

    const slow = fakeClock();
    const r = await pollUntil(async () => ({ done: false }), { deadline: 100_000, clock: slow });
    expect(r).toBe('timeout');
    expect(slow.now()).toBe(100_000);
    expect(Math.max(...slow.slept)).toBeLessThanOrEqual(30_000);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const r = await pollUntil(
      async () => {
        controller.abort();
        return { done: false };
      },
      { deadline: 1e9, clock, signal: controller.signal },
    );
    expect(r).toBe('aborted');
  });
});

describe('a maximum poll interval (GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS, local runs)', () => {
  it('caps every delay and the first one', () => {
    const o = cappedBackoff(1_000);
    expect([0, 1, 5, 20].map((a) => backoffDelay(a, o, () => 0))).toEqual([1_000, 1_000, 1_000, 1_000]);
    expect(backoffDelay(0, cappedBackoff(5_000), () => 0)).toBe(2_000);
    expect(backoffDelay(10, cappedBackoff(5_000), () => 0)).toBe(5_000);
  });
  it('reads seconds from the variable; unset or empty keeps the default backoff', () => {
    expect(maxPollMsFromEnv(undefined)).toBeUndefined();
    expect(maxPollMsFromEnv(' ')).toBeUndefined();
    expect(maxPollMsFromEnv('1.5')).toBe(1_500);
  });
  it('refuses a value that is not a sane number of seconds, naming the variable', () => {
    for (const bad of ['0', 'fast', '-1', '1000'])
      expect(() => maxPollMsFromEnv(bad)).toThrow(/GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS .* got "/);
  });
});
