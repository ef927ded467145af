/** Default ceiling on points per series in a range query. */
export const DEFAULT_MAX_POINTS = 300;

// Steps a person reads easily on a chart axis.
const niceSteps = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

export interface ChosenStep {
  stepSeconds: number;
  /** True when a step was requested and had to be made wider. */
  widened: boolean;
}

/**
 * The step of a range query: the requested one when it keeps every series at
 * or below `maxPoints` points, else the smallest "nice" step that does (a
 * week at a 15 s step would be 40 000 points per series). Without a request,
 * the smallest nice step within the budget.
 */
export function chooseStep({
  start,
  end,
  requestedSeconds,
  maxPoints = DEFAULT_MAX_POINTS,
}: {
  start: Date;
  end: Date;
  requestedSeconds?: number | undefined;
  maxPoints?: number;
}): ChosenStep {
  const rangeSeconds = Math.max(0, (end.getTime() - start.getTime()) / 1000);
  // n points span n-1 steps.
  const minimum = Math.max(1, rangeSeconds / Math.max(1, maxPoints - 1));
  if (requestedSeconds !== undefined && requestedSeconds >= minimum) {
    return { stepSeconds: requestedSeconds, widened: false };
  }
  const nice = niceSteps.find((step) => step >= minimum) ?? Math.ceil(minimum / 86400) * 86400;
  return { stepSeconds: nice, widened: requestedSeconds !== undefined };
}
