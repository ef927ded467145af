import { isAppError } from '@vibemonitor/contracts';
import { ConfigError } from '../config/config-error.js';

/**
 * Runs an app's start-up. Expected failures (bad configuration, unreachable
 * database or Redis) print one clear line and exit 1, never a stack trace;
 * anything else is a bug and keeps its stack.
 */
export async function runMain(name: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: configuration error: ${error.message}\n`);
    } else if (isAppError(error)) {
      process.stderr.write(`${name}: ${error.message}\n`);
    } else {
      process.stderr.write(`${name}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  }
}
