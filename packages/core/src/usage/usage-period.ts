/** The UTC calendar day of `at` as `YYYY-MM-DD`: the period of daily usage counters. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The instant the UTC day containing `at` ends (the next midnight UTC). */
export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}
