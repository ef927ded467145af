import { describe, expect, it } from 'vitest';
import { resolveFollowUp, timeShiftFromQuestion } from './follow-up.js';

const HOUR = 3_600_000;
const now = new Date('2026-12-07T16:00:00Z');
const services = [
  { name: 'checkout', aliases: ['checkout-api'] },
  { name: 'payments', aliases: [] },
];
const first = {
  question: 'Why is checkout slow?',
  summary: 'payments is slow: the card acquirer answers late.',
  rootCauseService: 'payments',
};

describe('timeShiftFromQuestion', () => {
  it.each([
    ['and what about yesterday?', 24 * HOUR],
    ['what about 2 hours ago', 2 * HOUR],
    ['and 3 days earlier?', 72 * HOUR],
    ['an hour ago?', HOUR],
    ['is it fixed now?', 0],
    ['is payments still slow', 0],
    ['why is checkout slow', undefined],
    ['errors in the last 2 hours', undefined],
    // When the trouble began is not where to look: the window reaches back to it from now.
    ['Checkout is failing since about half an hour ago. What is going on?', undefined],
    ['payments started timing out 2 hours ago', undefined],
    ['errors began 20 minutes ago', undefined],
  ])('%j -> %s', (question, shift) => expect(timeShiftFromQuestion(question)).toBe(shift));
});

describe('resolveFollowUp', () => {
  it('leaves a first question alone', () => {
    const frame = resolveFollowUp({
      question: 'Why is checkout slow?',
      history: [],
      now,
      services,
    });
    expect(frame).toEqual({
      question: 'Why is checkout slow?',
      windowMinutes: undefined,
      end: now,
      note: null,
    });
  });

  it('"and what about yesterday?" keeps the service and moves the window a day back', () => {
    const frame = resolveFollowUp({
      question: 'and what about yesterday?',
      history: [first],
      now,
      services,
    });
    expect(frame.question).toBe('and what about yesterday? (follow-up about checkout)');
    expect(frame.end).toEqual(new Date(now.getTime() - 24 * HOUR));
    expect(frame.windowMinutes).toBeUndefined();
    expect(frame.note).toMatch(
      /^Follow-up to "Why is checkout slow\?" \(payments is slow.*\): keeping service checkout, the window ending 1 day\(s\) earlier\.$/,
    );
  });

  it('"is it fixed now?" keeps the service and the window length, ending now', () => {
    const earlier = { ...first, question: 'Why was checkout slow in the last 2 hours?' };
    const yesterday = { question: 'and yesterday?', summary: null, rootCauseService: null };
    const frame = resolveFollowUp({
      question: 'is it fixed now?',
      history: [earlier, yesterday],
      now,
      services,
    });
    expect(frame.question).toBe('is it fixed now? (follow-up about checkout)');
    expect(frame.windowMinutes).toBe(120);
    expect(frame.end).toEqual(now);
    expect(frame.note).toContain(
      'keeping service checkout, a 120 min window, the window ending now',
    );
  });

  it('inherits the window shift when the follow-up does not mention time, and its own service wins', () => {
    const yesterday = { question: 'and yesterday?', summary: null, rootCauseService: null };
    const frame = resolveFollowUp({
      question: 'what about payments?',
      history: [first, yesterday],
      now,
      services,
    });
    expect(frame.question).toBe('what about payments?');
    expect(frame.end).toEqual(new Date(now.getTime() - 24 * HOUR));
  });

  it('falls back to the last root cause when no earlier question named a service', () => {
    const vague = { question: 'Why is the site slow?', summary: 's', rootCauseService: 'payments' };
    const frame = resolveFollowUp({
      question: 'is it fixed now?',
      history: [vague],
      now,
      services,
    });
    expect(frame.question).toBe('is it fixed now? (follow-up about payments)');
  });
});
