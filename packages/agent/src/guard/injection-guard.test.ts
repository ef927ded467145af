import { describe, expect, it } from 'vitest';
import { obfuscatedInjections } from './corpus/obfuscated-injections.js';
import { onCallQuestions } from './corpus/on-call-questions.js';
import { assessInjection } from './injection-heuristics.js';
import { collapseSpacing, decodeEscapes, foldText, unLeet } from './normalize-text.js';

describe('normalisation before the heuristics', () => {
  it('folds compatibility forms, invisible characters and look-alike letters', () => {
    expect(foldText('Ｉｇｎｏｒｅ')).toBe('Ignore');
    expect(foldText('ig\u200bno\u00adre')).toBe('ignore');
    expect(foldText('Іgnоrе')).toBe('Ignore');
    expect(foldText('précédentes')).toBe('precedentes');
  });

  it('joins spaced-out letters but keeps real words and wide gaps apart', () => {
    expect(collapseSpacing('i g n o r e  a l l')).toBe('ignore  all');
    expect(collapseSpacing('a b testing on the U.S. site')).toBe('a b testing on the U.S. site');
  });

  it('reads leetspeak only in words that are mostly letters', () => {
    expect(unLeet('1gn0r3 pr3v10us')).toBe('ignore previous');
    expect(unLeet('p95 5xx ec2 http2 v4.12.0')).toBe('p95 5xx ec2 http2 v4.12.0');
  });

  it('decodes percent-encoding and HTML character references', () => {
    expect(decodeEscapes('q=red%20shoes')).toBe('q=red shoes');
    expect(decodeEscapes('&#73;gnore')).toBe('Ignore');
    expect(decodeEscapes('plain')).toBeUndefined();
  });
});

describe('the guard on real on-call questions', () => {
  it(`has no false positive over ${onCallQuestions.length} questions (neither blocked nor suspicious)`, () => {
    expect(onCallQuestions.length).toBeGreaterThanOrEqual(200);
    const flagged = onCallQuestions
      .map((question) => ({ question, ...assessInjection(question) }))
      .filter((r) => r.signals.length > 0 || r.suspicious.length > 0);
    expect(flagged).toEqual([]);
  });
});

describe('the guard on obfuscated injections', () => {
  const results = obfuscatedInjections.map((item) => ({ ...item, ...assessInjection(item.text) }));
  const blocked = results.filter((r) => r.signals.length > 0);
  const suspicious = results.filter((r) => r.signals.length === 0 && r.suspicious.length > 0);
  const missed = results.filter((r) => r.signals.length === 0 && r.suspicious.length === 0);

  it('catches every technique of the corpus (figures in README "Reliability")', () => {
    // Blocked outright, or suspicious (the classifier decides, and blocks if it fails).
    expect({
      total: results.length,
      blocked: blocked.length,
      suspicious: suspicious.length,
      missed: missed.map((r) => `${r.technique}: ${r.text}`),
    }).toMatchInlineSnapshot(`
      {
        "blocked": 41,
        "missed": [],
        "suspicious": 5,
        "total": 46,
      }
    `);
  });
});
