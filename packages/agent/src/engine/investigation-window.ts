export interface TimeSpan {
  start: Date;
  end: Date;
}

/** Where to look: the incident window and the baseline it is compared with (same length, just before). */
export interface InvestigationWindow {
  incident: TimeSpan;
  baseline: TimeSpan;
}

export const DEFAULT_WINDOW_MINUTES = 30;
const MAX_WINDOW_MINUTES = 24 * 60;

const UNIT_MINUTES: Record<string, number> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  d: 1440,
  day: 1440,
  days: 1440,
};

/** "in the last 2 hours", "past 15 min", "over the last day": the window the question names, in minutes. */
export function windowMinutesFromQuestion(question: string): number | null {
  const match =
    /\b(?:last|past|previous)\s+(?:(\d+(?:\.\d+)?)\s*)?(m|mins?|minutes?|h|hrs?|hours?|d|days?)\b/i.exec(
      question,
    );
  if (!match) return null;
  const count = match[1] === undefined ? 1 : Number(match[1]);
  const unit = UNIT_MINUTES[match[2]!.toLowerCase()];
  if (unit === undefined || !Number.isFinite(count) || count <= 0) return null;
  return Math.min(MAX_WINDOW_MINUTES, Math.max(5, count * unit));
}

/** How far before a known onset the incident window starts (the fault precedes the alert's `for:`). */
export const ONSET_MARGIN_MINUTES = 10;

/** A window reaching back to just before `onset` (at least the default, at most a day). */
export function windowMinutesFromOnset(onset: Date, now: Date): number {
  const elapsed = Math.ceil((now.getTime() - onset.getTime()) / 60_000);
  return Math.min(
    MAX_WINDOW_MINUTES,
    Math.max(DEFAULT_WINDOW_MINUTES, elapsed + ONSET_MARGIN_MINUTES),
  );
}

/**
 * The windows of an investigation ending at `now`: explicit `minutes`, else
 * one reaching back to just before a known `onset` (an alert's start), else
 * the span the question names ("last 2 hours"), else the last 30 minutes; the
 * baseline is the same length just before it.
 */
export function investigationWindow({
  question,
  now,
  minutes,
  onset,
}: {
  question: string;
  now: Date;
  minutes?: number;
  onset?: Date | null | undefined;
}): InvestigationWindow {
  const length =
    (minutes ??
      (onset ? windowMinutesFromOnset(onset, now) : undefined) ??
      windowMinutesFromQuestion(question) ??
      DEFAULT_WINDOW_MINUTES) * 60_000;
  const end = new Date(now.getTime());
  const start = new Date(end.getTime() - length);
  return {
    incident: { start, end },
    baseline: { start: new Date(start.getTime() - length), end: start },
  };
}
