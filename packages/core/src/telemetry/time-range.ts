import { AppError } from '@vibemonitor/contracts';

export const DEFAULT_RANGE_MS = 60 * 60_000;
export const MAX_RANGE_MS = 366 * 24 * 60 * 60_000;

export interface TimeRange {
  start: Date;
  end: Date;
}

/**
 * A query's time range: the last hour by default; `end` defaults to now and
 * `start` to an hour before `end`. Refuses inverted ranges and ranges over a
 * year (they would only ever be answered by very coarse steps or timeouts).
 */
export function resolveTimeRange(
  { start, end }: { start?: Date | undefined; end?: Date | undefined },
  now: Date,
  defaultRangeMs = DEFAULT_RANGE_MS,
): TimeRange {
  const resolvedEnd = end ?? now;
  const resolvedStart = start ?? new Date(resolvedEnd.getTime() - defaultRangeMs);
  if (resolvedStart.getTime() >= resolvedEnd.getTime()) {
    throw new AppError('VALIDATION_FAILED', 'The start of the time range must be before its end.');
  }
  if (resolvedEnd.getTime() - resolvedStart.getTime() > MAX_RANGE_MS) {
    throw new AppError('VALIDATION_FAILED', 'The time range can be at most a year long.');
  }
  return { start: resolvedStart, end: resolvedEnd };
}
