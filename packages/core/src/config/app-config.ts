import { loadAuthEnv, type AuthEnv } from '@vibemonitor/auth';
import { loadDbEnv, type DbEnv } from '@vibemonitor/db';
import { loadJobsEnv, type JobsEnv } from '@vibemonitor/jobs';
import { readEnv } from './config-error.js';
import { loadCoreEnv, type CoreEnv } from './env.js';

/** Everything the server and the worker share, validated once at boot. */
export interface AppConfig {
  core: CoreEnv;
  db: DbEnv;
  jobs: JobsEnv;
  auth: AuthEnv;
  /** `embedded` when neither DATABASE_URL nor REDIS_URL is set; `distributed` when both are. */
  mode: 'embedded' | 'distributed';
}

/**
 * Reads every package's settings. Throws a ConfigError with one line naming
 * each bad variable; the apps print it and exit 1.
 */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const core = readEnv(() => loadCoreEnv(env));
  const db = readEnv(() => loadDbEnv(env));
  const jobs = readEnv(() => loadJobsEnv(env));
  const auth = readEnv(() => loadAuthEnv(env));
  const mode = db.DATABASE_URL && jobs.REDIS_URL ? 'distributed' : 'embedded';
  return { core, db, jobs, auth, mode };
}
