import { listInvoices } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** The workspace's invoices from Stripe, newest first, paginated by cursor (owners). */
export const listInvoicesProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      limit: z.number().int().min(1).max(100).default(20),
      cursor: z
        .string()
        .regex(/^in_[A-Za-z0-9]+$/, { message: 'cursor must be an invoice id' })
        .optional(),
    }),
  )
  .output(
    z.object({
      items: z.array(
        z.object({
          id: z.string(),
          number: z.string().nullable(),
          status: z.string().nullable(),
          amountDue: z.number().int(),
          amountPaid: z.number().int(),
          currency: z.string(),
          createdAt: z.date(),
          periodStart: z.date(),
          periodEnd: z.date(),
          hostedInvoiceUrl: z.string().nullable(),
          pdfUrl: z.string().nullable(),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
  )
  .query(({ ctx, input }) =>
    listInvoices({
      db: ctx.deps.db,
      billing: ctx.deps.billing,
      workspaceId: input.workspaceId,
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
