/*
 * Driver-neutral access to PostgreSQL errors. postgres.js throws a
 * PostgresError (`code`, `constraint_name`), PGlite a DatabaseError (`code`,
 * `constraint`), and drizzle 0.45 wraps either in a DrizzleQueryError whose
 * `cause` is the driver error, so we walk the cause chain.
 */

export interface PostgresErrorInfo {
  /** SQLSTATE, e.g. `23505`. */
  code: string;
  constraint: string | undefined;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE and constraint of the first PostgreSQL error in `error`'s cause chain. */
export function postgresErrorInfo(error: unknown): PostgresErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && SQLSTATE.test(candidate.code)) {
      const constraint = candidate.constraint_name ?? candidate.constraint;
      return { code: candidate.code, constraint: typeof constraint === 'string' ? constraint : undefined };
    }
    current = candidate.cause;
  }
  return undefined;
}

function hasCode(error: unknown, code: string, constraint: string | undefined): boolean {
  const info = postgresErrorInfo(error);
  return info?.code === code && (constraint === undefined || info.constraint === constraint);
}

/**
 * True when `error` is a unique violation (SQLSTATE 23505), optionally on the
 * named constraint or unique index (e.g. `users_email_unique`), on either driver.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return hasCode(error, '23505', constraint);
}

/** True when `error` is a foreign-key violation (SQLSTATE 23503), optionally on the named constraint. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return hasCode(error, '23503', constraint);
}
