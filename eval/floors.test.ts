import { describe, expect, it } from 'vitest';
import { passFloor } from './floors.js';

describe('passFloor', () => {
  it('uses the corpus floor for the whole corpus and scales it for a subset', () => {
    expect(passFloor({ option: undefined, passed: 18, of: 24, selected: 24 })).toBe(18);
    expect(passFloor({ option: undefined, passed: 10, of: 12, selected: 12 })).toBe(10);
    expect(passFloor({ option: undefined, passed: 10, of: 12, selected: 3 })).toBe(3);
    expect(passFloor({ option: undefined, passed: 5, of: 6, selected: 2 })).toBe(2);
    expect(passFloor({ option: undefined, passed: 5, of: 6, selected: 0 })).toBe(0);
  });

  it('takes a floor given on the command line, and rejects one that is not a count', () => {
    expect(passFloor({ option: '7', passed: 18, of: 24, selected: 24 })).toBe(7);
    expect(() => passFloor({ option: 'many', passed: 18, of: 24, selected: 24 })).toThrow(
      /whole number/,
    );
  });
});
