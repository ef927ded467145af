/**
 * Delay before the next attempt, doubling each time: `baseMs`, `2 * baseMs`,
 * `4 * baseMs`... `failedAttempts` counts the attempts made so far (>= 1).
 * Same formula as BullMQ's built-in 'exponential' backoff, so both drivers
 * retry on the same schedule.
 */
export function retryDelayMs(baseMs: number, failedAttempts: number): number {
  return Math.round(2 ** (failedAttempts - 1) * baseMs);
}
