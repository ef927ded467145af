import { describe, expect, it } from 'vitest';
import { escapeRegex, labelSelector } from './logql.js';

describe('labelSelector', () => {
  it('builds exact and any-of matchers with escaped values', () => {
    expect(labelSelector({ app: 'api', env: ['prod', 'eu.west'] })).toBe(
      '{app="api", env=~"prod|eu\\\\.west"}',
    );
    expect(labelSelector({ app: 'say "hi"\\' })).toBe('{app="say \\"hi\\"\\\\"}');
    expect(labelSelector({ app: ['only'] })).toBe('{app="only"}');
  });

  it('refuses label names that would inject syntax, and empty selectors', () => {
    expect(() => labelSelector({ 'app"} or {x': 'y' })).toThrow(/not a valid label name/);
    expect(() => labelSelector({})).toThrow(/at least one/);
    expect(() => labelSelector({ app: [] })).toThrow(/no values/);
  });

  it('escapes regex metacharacters', () => {
    expect(escapeRegex('a.b*(c)|d')).toBe('a\\.b\\*\\(c\\)\\|d');
  });
});
