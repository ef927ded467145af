import type { WorkspaceService } from '../checks/workspace-service.js';
import { extractServiceFromQuestion } from '../evidence/discovery/question.js';
import { windowMinutesFromQuestion } from './investigation-window.js';

/** An earlier turn of the same conversation, oldest first. */
export interface ConversationTurn {
  question: string;
  /** Its report's summary and root-cause service, when it finished with one. */
  summary: string | null;
  rootCauseService: string | null;
}

/** How a question is investigated once the conversation before it is taken into account. */
export interface FollowUpFrame {
  /** The question the engine works on: the user's, plus the inherited service when it names none. */
  question: string;
  /** Window length in minutes, when the question or an earlier turn set one. */
  windowMinutes: number | undefined;
  /** End of the incident window (now, or shifted: "yesterday" ends it 24 hours earlier). */
  end: Date;
  /** One line for the user saying what was carried over, or null when nothing was. */
  note: string | null;
}

const HOUR = 3_600_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: HOUR, d: 24 * HOUR };

/**
 * How far before "now" a question looks, when it says: "yesterday" = 24 h,
 * "2 hours ago", "3 days ago"; "now", "currently", "still", "today" = 0.
 * Undefined when it says nothing about when.
 */
export function timeShiftFromQuestion(question: string): number | undefined {
  const q = question.toLowerCase();
  const ago =
    /\b(\d+(?:\.\d+)?|an?|one)\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+(?:ago|earlier|before)\b/.exec(
      q,
    );
  // "since about half an hour ago", "started 2 hours ago": when the trouble began (the window reaches
  // back to it), not a moment in the past to look at instead of now.
  const onset =
    ago !== null &&
    (/\bhalf\s+$/.test(q.slice(0, ago.index)) ||
      /\b(?:since|start(?:ed|ing|s)?|began|begun|beginning|from|for|after)\b(?:\s+\S+){0,3}\s*$/.test(
        q.slice(0, ago.index),
      ));
  if (ago && !onset) {
    const count = /^\d/.test(ago[1]!) ? Number(ago[1]) : 1;
    const unit = UNIT_MS[ago[2]![0]!];
    if (unit !== undefined && count > 0) return Math.min(count * unit, 30 * 24 * HOUR);
  }
  if (/\b(?:yesterday|the day before|a day earlier|same time last day)\b/.test(q)) return 24 * HOUR;
  if (
    /\b(?:last|previous) week\b/.test(q) &&
    !/\b(?:in|over|during) the (?:last|past|previous) week\b/.test(q)
  )
    return 7 * 24 * HOUR;
  if (/\b(?:now|currently|right now|still|today|at the moment|anymore|any more)\b/.test(q))
    return 0;
  return undefined;
}

const describeShift = (ms: number) =>
  ms === 0
    ? 'ending now'
    : ms % (24 * HOUR) === 0
      ? `ending ${ms / (24 * HOUR)} day(s) earlier`
      : `ending ${Math.round(ms / 60_000)} min earlier`;

/**
 * Frames a follow-up with the session's earlier turns: a question that names
 * no service inherits the one the conversation was about (the service an
 * earlier question named, else the last root cause), a question that names no
 * window keeps the earlier length, and "yesterday" / "2 hours ago" / "now"
 * move the window's end. A first question comes back unchanged.
 */
export function resolveFollowUp(input: {
  question: string;
  history: readonly ConversationTurn[];
  now: Date;
  services: readonly WorkspaceService[];
}): FollowUpFrame {
  const known = input.services.map((s) => ({ name: s.name, aliases: [...s.aliases] }));
  const own = {
    service: extractServiceFromQuestion(input.question, known)?.service ?? null,
    minutes: windowMinutesFromQuestion(input.question) ?? undefined,
    shift: timeShiftFromQuestion(input.question),
  };
  if (input.history.length === 0) {
    return {
      question: input.question,
      windowMinutes: own.minutes,
      end: new Date(input.now.getTime() - (own.shift ?? 0)),
      note: null,
    };
  }
  // Fold the conversation, oldest first: each turn keeps what it did not restate.
  let service: string | null = null;
  let rootCause: string | null = null;
  let minutes: number | undefined;
  let shift = 0;
  for (const turn of input.history) {
    service = extractServiceFromQuestion(turn.question, known)?.service ?? service;
    rootCause = turn.rootCauseService ?? rootCause;
    minutes = windowMinutesFromQuestion(turn.question) ?? minutes;
    shift = timeShiftFromQuestion(turn.question) ?? shift;
  }
  const inherited = own.service ? null : (service ?? rootCause);
  const windowMinutes = own.minutes ?? minutes;
  const end = new Date(input.now.getTime() - (own.shift ?? shift));
  const previous = input.history.at(-1)!;
  const carried = [
    inherited ? `service ${inherited}` : null,
    own.minutes === undefined && minutes !== undefined ? `a ${minutes} min window` : null,
    own.shift !== undefined || shift !== 0
      ? `the window ${describeShift(own.shift ?? shift)}`
      : null,
  ].filter((part): part is string => part !== null);
  const earlier = `"${previous.question}"${previous.summary ? ` (${previous.summary.length > 140 ? `${previous.summary.slice(0, 139)}…` : previous.summary})` : ''}`;
  return {
    question: inherited ? `${input.question} (follow-up about ${inherited})` : input.question,
    windowMinutes,
    end,
    note: `Follow-up to ${earlier}${carried.length ? `: keeping ${carried.join(', ')}` : ''}.`,
  };
}
