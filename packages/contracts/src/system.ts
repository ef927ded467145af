import { z } from 'zod';

export const runModeSchema = z.enum(['embedded', 'distributed']);
export type RunMode = z.infer<typeof runModeSchema>;

export const systemInfoSchema = z.object({
  name: z.literal('vibemonitor'),
  version: z.string(),
  mode: runModeSchema,
  database: z.enum(['pglite', 'postgres']),
  queue: z.enum(['in-process', 'redis']),
  integrations: z.object({
    stripe: z.boolean(),
    slack: z.boolean(),
    github: z.boolean(),
    groq: z.boolean(),
    google: z.boolean(),
    postmark: z.boolean(),
    sentry: z.boolean(),
    otel: z.boolean(),
  }),
  /** Sign-in methods the web console offers: password always, Google and GitHub when configured. */
  signIn: z.object({ password: z.literal(true), google: z.boolean(), github: z.boolean() }),
  /** The demo workspace (`workspace.createDemo`): simulated data, labelled as such. */
  demo: z.object({ available: z.boolean(), workspaceName: z.string(), note: z.string() }),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** Events of the `system.ping` round trip (server -> queue -> worker -> bus -> SSE). */
export const pingEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribed'), pingId: z.string() }),
  z.object({
    type: z.literal('pong'),
    pingId: z.string(),
    workerId: z.string(),
    receivedAt: z.string(),
  }),
]);
export type PingEvent = z.infer<typeof pingEventSchema>;

/** The release version reported by `system.info` and `/health`. */
export const VIBEMONITOR_VERSION = '0.1.0';
