import {
  rcaReportSchema,
  rcaUsageSchema,
  turnSourceSchema,
  turnStatusSchema,
} from '@vibemonitor/contracts';
import { turnErrorSchema } from '@vibemonitor/core';
import { z } from 'zod';

export const turnIdField = z.uuid({ message: 'turnId must be a UUID' });
export const sessionIdField = z.uuid({ message: 'sessionId must be a UUID' });

export const sessionSummarySchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  environmentId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const turnViewSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  userId: z.uuid().nullable(),
  message: z.string(),
  status: turnStatusSchema,
  source: turnSourceSchema,
  attempt: z.number().int(),
  report: rcaReportSchema.nullable(),
  usage: rcaUsageSchema.nullable(),
  error: turnErrorSchema.nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
});

export const feedbackRatingSchema = z.enum(['up', 'down']);

export const turnFeedbackSchema = z.object({
  rating: feedbackRatingSchema,
  comment: z.string().nullable(),
  updatedAt: z.date(),
});

export const turnCommentSchema = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.date(),
});

export const okSchema = z.object({ ok: z.literal(true) });
