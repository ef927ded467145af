import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  VIBEMONITOR_SERVER: z
    .url({ message: 'VIBEMONITOR_SERVER must be a URL like http://127.0.0.1:3000' })
    .optional(),
  VIBEMONITOR_TOKEN: z.string().min(1).optional(),
  XDG_CONFIG_HOME: z.string().min(1).optional(),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
});

export interface CliEnv {
  server: string | undefined;
  token: string | undefined;
  /** Directory holding config.json (XDG_CONFIG_HOME/vibemonitor, else ~/.config/vibemonitor). */
  configDir: string;
  noColor: boolean;
  forceColor: boolean;
}

/** The environment the CLI reads: the only place it touches process.env. */
export function readCliEnv(env: Record<string, string | undefined> = process.env): CliEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  const values = parsed.data;
  const configHome = values.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return {
    server: values.VIBEMONITOR_SERVER,
    token: values.VIBEMONITOR_TOKEN,
    configDir: join(configHome, 'vibemonitor'),
    noColor: values.NO_COLOR !== undefined && values.NO_COLOR !== '',
    forceColor:
      values.FORCE_COLOR !== undefined && values.FORCE_COLOR !== '' && values.FORCE_COLOR !== '0',
  };
}
