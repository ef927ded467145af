/**
 * A pass floor: the one given on the command line, or `passed` when the whole
 * corpus (or subset) of `of` cases runs, scaled down (rounded up) to the
 * cases selected otherwise (e.g. with --only).
 */
export function passFloor(input: {
  option: string | undefined;
  passed: number;
  of: number;
  selected: number;
}): number {
  if (input.option !== undefined) {
    const value = Number(input.option);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`a pass floor must be a whole number, got "${input.option}"`);
    return value;
  }
  if (input.selected >= input.of) return input.passed;
  return Math.ceil((input.passed / input.of) * input.selected);
}
