import { describe, expect, it } from 'vitest';
import { chooseStep } from './choose-step.js';

const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);

describe('chooseStep', () => {
  it('keeps a requested step that stays within the point budget', () => {
    expect(chooseStep({ start: at(0), end: at(3600), requestedSeconds: 15 })).toEqual({
      stepSeconds: 15,
      widened: false,
    });
  });

  it('widens a requested step to the smallest nice step within 300 points', () => {
    // A week at 15 s would be 40 320 points per series.
    const week = chooseStep({ start: at(0), end: at(7 * 86400), requestedSeconds: 15 });
    expect(week).toEqual({ stepSeconds: 3600, widened: true });
    expect((7 * 86400) / week.stepSeconds + 1).toBeLessThanOrEqual(300);
  });

  it('picks a step when none is requested', () => {
    expect(chooseStep({ start: at(0), end: at(3600) })).toEqual({
      stepSeconds: 15,
      widened: false,
    });
    expect(chooseStep({ start: at(0), end: at(60) })).toEqual({ stepSeconds: 1, widened: false });
  });

  it('goes past a day in whole days for very long ranges', () => {
    const years = chooseStep({ start: at(0), end: at(5 * 365 * 86400), maxPoints: 300 });
    expect(years.stepSeconds % 86400).toBe(0);
    expect((5 * 365 * 86400) / years.stepSeconds + 1).toBeLessThanOrEqual(300);
  });

  it('honours a custom budget', () => {
    expect(chooseStep({ start: at(0), end: at(3600), maxPoints: 11 })).toEqual({
      stepSeconds: 600,
      widened: false,
    });
  });
});
