import { z } from 'zod';

const labelSetSchema = z.record(z.string(), z.string());

export const serviceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  aliases: z.array(z.string()),
  /** Equality matchers per telemetry source, e.g. { prometheus: { job: 'api' }, loki: { app: 'api' } }. */
  labelMatchers: z.object({
    prometheus: labelSetSchema.optional(),
    loki: labelSetSchema.optional(),
  }),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const serviceIdField = z.uuid({ message: 'serviceId must be a UUID' });
