import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { healthStatusSchema } from '../integration/integration-schemas.js';

/** Which datasource to query; left out, the workspace's default one of the needed type. */
export const datasourceRefInput = z
  .object({
    integrationId: z.uuid({ message: 'datasource.integrationId must be a UUID' }),
    /** A Grafana datasource uid (Grafana integrations only). */
    uid: text().min(1).max(200).optional(),
  })
  .optional();

export const datasourceSchema = z.object({
  integrationId: z.uuid(),
  integrationName: z.string(),
  provider: z.enum(['grafana', 'prometheus', 'loki']),
  type: z.enum(['prometheus', 'loki']),
  uid: z.string().nullable(),
  name: z.string(),
  isDefault: z.boolean(),
  health: healthStatusSchema,
});

export const seriesSchema = z.object({
  labels: z.record(z.string(), z.string()),
  points: z.array(z.object({ timestamp: z.number(), value: z.number().nullable() })),
});

export const labelNameField = text()
  .trim()
  .min(1, 'Enter a label name.')
  .max(200, 'Label names are at most 200 characters.');

/** Label names, or one label's values. */
export const labelListSchema = z.object({
  datasource: datasourceSchema,
  values: z.array(z.string()),
  truncated: z.boolean(),
});
