import { ZodError } from 'zod';
import { isAppError } from '@vibemonitor/contracts';

/** A configuration problem, reported as one line naming the variable(s). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Runs one package's env loader and converts its failure into a ConfigError
 * whose message names each offending variable, e.g.
 * `DATABASE_URL: must be a postgres:// or postgresql:// URL`.
 */
export function readEnv<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ZodError) {
      const parts = error.issues.map((issue) => {
        const name = issue.path.map(String).join('.') || 'environment';
        return `${name}: ${issue.message}`;
      });
      throw new ConfigError(parts.join('; '));
    }
    if (isAppError(error) || error instanceof ConfigError) throw new ConfigError(error.message);
    // Package loaders may list several problems on separate lines: keep one line.
    if (error instanceof Error)
      throw new ConfigError(error.message.replace(/:?\n- /g, '; ').replace(/^; /, ''));
    throw error;
  }
}
