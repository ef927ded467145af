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
