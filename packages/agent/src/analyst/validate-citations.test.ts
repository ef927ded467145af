import { describe, expect, it } from 'vitest';
import { parseModelAnswer } from './parse-model-answer.js';
import { validateCitations } from './validate-citations.js';

const known = (id: string) => ['E1', 'E2', 'E3'].includes(id);

describe('parseModelAnswer', () => {
  it('reads the object bare, fenced, or surrounded by prose, and fills missing lists', () => {
    const json = '{"summary": "orders is down [E1]", "rootCause": null}';
    for (const text of [
      json,
      `\`\`\`json\n${json}\n\`\`\``,
      `Here is my answer:\n${json}\nThanks.`,
    ]) {
      expect(parseModelAnswer(text)).toEqual({
        summary: 'orders is down [E1]',
        rootCause: null,
        ruledOut: [],
        timeline: [],
        nextSteps: [],
        notChecked: [],
      });
    }
  });

  it('tolerates a bad confidence but refuses prose and objects without a summary', () => {
    expect(
      parseModelAnswer(
        '{"summary":"s","rootCause":{"service":"a","cause":"c","confidence":"very high","evidenceIds":["E1"]}}',
      )?.rootCause?.confidence,
    ).toBe('low');
    expect(parseModelAnswer('The database is the problem.')).toBeNull();
    expect(parseModelAnswer('{"rootCause": null}')).toBeNull();
  });
});

describe('validateCitations', () => {
  it('keeps supported claims as they are', () => {
    const answer = parseModelAnswer(
      JSON.stringify({
        summary: 'Pool exhausted [E1, E2].',
        rootCause: {
          service: 'orders',
          cause: 'pool leak [E1]',
          confidence: 'high',
          evidenceIds: ['E2'],
        },
        ruledOut: ['CPU normal [E3]'],
        timeline: [{ at: '2025-01-01T00:00:00Z', text: 'pool full [E1]' }],
      }),
    )!;
    const { report, unknownIds, droppedClaims } = validateCitations(answer, known);
    expect(unknownIds).toEqual([]);
    expect(droppedClaims).toBe(0);
    expect(report.rootCause).toEqual({
      service: 'orders',
      cause: 'pool leak [E1]',
      confidence: 'high',
      evidenceIds: ['E2', 'E1'],
    });
    expect(report.summary).toBe('Pool exhausted [E1, E2].');
    expect(report.notChecked).toEqual([]);
  });

  it('strips unknown ids, drops claims that rest only on them and lowers an unsupported root cause', () => {
    const answer = parseModelAnswer(
      JSON.stringify({
        summary: 'Redis died [E9] and orders suffered [E1, E8].',
        rootCause: {
          service: 'redis',
          cause: 'redis OOM [E9]',
          confidence: 'high',
          evidenceIds: ['E9'],
        },
        ruledOut: ['disk fine [E7]', 'no citation at all'],
        nextSteps: ['restart redis [E9]'],
      }),
    )!;
    const { report, unknownIds, droppedClaims } = validateCitations(answer, known);
    expect(unknownIds).toEqual(['E7', 'E8', 'E9']);
    expect(droppedClaims).toBe(1);
    expect(report.summary).toBe('Redis died [unverified] and orders suffered [E1].');
    expect(report.rootCause).toEqual({
      service: 'redis',
      cause: 'redis OOM [unverified]',
      confidence: 'low',
      evidenceIds: [],
    });
    expect(report.ruledOut).toEqual(['no citation at all']);
    expect(report.nextSteps).toEqual(['restart redis [unverified]']);
    expect(report.notChecked).toHaveLength(2);
  });
});
