import { describe, expect, it } from 'vitest';
import { finiteValues, mad, median, quantile, robustScale, robustZ } from './robust.js';

describe('robust statistics', () => {
  it('median and quantiles ignore NaN and missing points', () => {
    expect(median([3, Number.NaN, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([0, 10], 0.9)).toBe(9);
    expect(median([])).toBeNaN();
    expect(finiteValues([1, null, undefined, Number.POSITIVE_INFINITY, 2])).toEqual([1, 2]);
  });

  it('MAD resists an outlier where the standard deviation would not', () => {
    expect(mad([1, 2, 3, 4, 1000])).toBe(1);
  });

  it('floors the scale of a constant series so z stays finite', () => {
    expect(robustScale([5, 5, 5, 5])).toBeCloseTo(0.25, 10);
    expect(robustScale([0, 0, 0], { absoluteFloor: 0.01 })).toBe(0.01);
    expect(robustZ(6, [5, 5, 5, 5])).toBeCloseTo(4, 10);
    expect(robustZ(1, [0, 0, 0])).toBe(100);
    expect(robustZ(-1e12, [0, 0, 0])).toBe(-100);
    expect(robustZ(Number.NaN, [1, 2, 3])).toBe(0);
    expect(robustZ(1, [])).toBe(0);
  });
});
