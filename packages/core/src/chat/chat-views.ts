import { z } from 'zod';
import {
  rcaReportSchema,
  rcaUsageSchema,
  type RcaReport,
  type RcaUsage,
  type TurnSource,
  type TurnStatus,
} from '@vibemonitor/contracts';
import { chatSessions, chatTurns } from '@vibemonitor/db';

export interface ChatSessionSummary {
  id: string;
  title: string | null;
  environmentId: string | null;
  /** Who started it; null once that user's account is deleted. */
  userId: string | null;
  createdAt: Date;
  /** Bumped by every new turn: lists sort by it. */
  updatedAt: Date;
}

export const turnErrorSchema = z.object({ code: z.string(), message: z.string() });
export type TurnError = z.infer<typeof turnErrorSchema>;

export interface TurnView {
  id: string;
  sessionId: string;
  userId: string | null;
  message: string;
  status: TurnStatus;
  /** Who asked: the console/API, Slack, or an incoming alert. */
  source: TurnSource;
  /** 1 unless a worker died mid-run and the investigation was started again. */
  attempt: number;
  report: RcaReport | null;
  usage: RcaUsage | null;
  error: TurnError | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

export const sessionSummaryColumns = {
  id: chatSessions.id,
  title: chatSessions.title,
  environmentId: chatSessions.environmentId,
  userId: chatSessions.userId,
  createdAt: chatSessions.createdAt,
  updatedAt: chatSessions.updatedAt,
};

export const turnColumns = {
  id: chatTurns.id,
  sessionId: chatTurns.sessionId,
  userId: chatTurns.userId,
  message: chatTurns.message,
  status: chatTurns.status,
  source: chatTurns.source,
  attempt: chatTurns.attempt,
  report: chatTurns.report,
  usage: chatTurns.usage,
  error: chatTurns.error,
  createdAt: chatTurns.createdAt,
  startedAt: chatTurns.startedAt,
  completedAt: chatTurns.completedAt,
};

type TurnRow = Omit<TurnView, 'report' | 'usage' | 'error'> & {
  report: unknown;
  usage: unknown;
  error: unknown;
};

/** Parses a turn's JSON columns with the contract schemas instead of trusting a cast. */
export function toTurnView(row: TurnRow): TurnView {
  return {
    ...row,
    report: row.report === null ? null : rcaReportSchema.parse(row.report),
    usage: row.usage === null ? null : rcaUsageSchema.parse(row.usage),
    error: row.error === null ? null : turnErrorSchema.parse(row.error),
  };
}

const terminalStatuses: ReadonlySet<TurnStatus> = new Set(['completed', 'failed', 'cancelled']);

export function isTerminalTurnStatus(status: TurnStatus): boolean {
  return terminalStatuses.has(status);
}
