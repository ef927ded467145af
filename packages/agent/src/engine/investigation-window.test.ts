import { describe, expect, it } from 'vitest';
import { investigationWindow, windowMinutesFromQuestion } from './investigation-window.js';

describe('investigation windows', () => {
  it.each([
    ['Why is checkout slow?', null],
    ['errors in the last 2 hours', 120],
    ['what happened over the past 15 min', 15],
    ['anything odd in the last hour?', 60],
    ['last 3 days', 1440],
    ['past 1 m', 5],
  ])('%j -> %s minutes', (question, minutes) => {
    expect(windowMinutesFromQuestion(question)).toBe(minutes);
  });

  it('ends at now with a baseline of the same length just before', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    expect(investigationWindow({ question: 'slow in the last hour', now })).toEqual({
      incident: { start: new Date('2025-01-01T11:00:00Z'), end: now },
      baseline: { start: new Date('2025-01-01T10:00:00Z'), end: new Date('2025-01-01T11:00:00Z') },
    });
    expect(investigationWindow({ question: 'why?', now }).incident.start).toEqual(
      new Date('2025-01-01T11:30:00Z'),
    );
  });
});

describe('investigation windows from an onset', () => {
  const now = new Date('2026-12-07T16:00:00Z');

  it('reaches back to ten minutes before the onset, at least the default, at most a day', () => {
    const twoHours = investigationWindow({
      question: 'Alert "X" is firing',
      now,
      onset: new Date('2026-12-07T14:00:00Z'),
    });
    expect(twoHours.incident.start.toISOString()).toBe('2026-12-07T13:50:00.000Z');
    expect(twoHours.baseline.start.toISOString()).toBe('2026-12-07T11:40:00.000Z');

    const recent = investigationWindow({
      question: 'q',
      now,
      onset: new Date('2026-12-07T15:58:00Z'),
    });
    expect(recent.incident.start.toISOString()).toBe('2026-12-07T15:30:00.000Z');

    const ancient = investigationWindow({
      question: 'q',
      now,
      onset: new Date('2023-02-06T13:08:45Z'),
    });
    expect(ancient.incident.start.toISOString()).toBe('2026-12-06T16:00:00.000Z');
  });

  it('gives way to explicit minutes, and wins over the question', () => {
    const onset = new Date('2026-12-07T14:00:00Z');
    expect(
      investigationWindow({ question: 'q', now, minutes: 15, onset }).incident.start.toISOString(),
    ).toBe('2026-12-07T15:45:00.000Z');
    expect(
      investigationWindow({
        question: 'in the last 5 minutes',
        now,
        onset,
      }).incident.start.toISOString(),
    ).toBe('2026-12-07T13:50:00.000Z');
  });
});
