import { AppError } from '@vibemonitor/contracts';
import { z } from 'zod';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

const dbEnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      // The message shows only the scheme: the rest of the URL may hold a password.
      .refine(isPostgresUrl, {
        error: (issue) =>
          `DATABASE_URL must be a postgres:// or postgresql:// URL (got "${String(issue.input).split(':')[0]}:...")`,
      })
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
});

export interface DbEnv {
  /** Set: PostgreSQL through postgres.js. Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL?: string;
  DATA_DIR: string;
}

/** Reads and validates the database settings; throws one clear message naming the bad variable. */
export function loadDbEnv(env: Record<string, string | undefined> = process.env): DbEnv {
  const result = dbEnvSchema.safeParse(env);
  if (!result.success) {
    const message = result.error.issues.map((issue) => issue.message).join('; ');
    throw new AppError('VALIDATION_FAILED', `Invalid database configuration: ${message}`);
  }
  const { DATABASE_URL, DATA_DIR } = result.data;
  return DATABASE_URL === undefined ? { DATA_DIR } : { DATABASE_URL, DATA_DIR };
}
