import { createSecretBox, resolveEncryptionKeys, type EncryptionKeys, type SecretBox } from '@vibemonitor/auth';
import { createDatabase, migrate, type DatabaseHandle } from '@vibemonitor/db';
import { createJobsRuntime, stallSettingsFromEnv, type JobsRuntime } from '@vibemonitor/jobs';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { createEmailTransport } from '../email/create-email-transport.js';
import type { EmailTransport } from '../email/email-transport.js';
import { createRateLimiter } from '../rate-limit/create-rate-limiter.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';

/** The long-lived connections one process holds, shared by server and worker code. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  jobs: JobsRuntime;
  secrets: SecretBox;
  /**
   * The keys behind `secrets`, only to hand to this process's investigation
   * thread (it decrypts integration credentials itself); never log or send them.
   */
  encryptionKeys: EncryptionKeys;
  email: EmailTransport;
  rateLimiter: RateLimiter;
  close(): Promise<void>;
}

/**
 * Connects to the database (and migrates it), the queue and the bus, and
 * loads the encryption keys. Fails fast with a clear AppError when a
 * dependency is unreachable, closing whatever it had already opened.
 */
export async function createRuntime({
  config,
  logger,
}: {
  config: AppConfig;
  logger: Logger;
}): Promise<Runtime> {
  const database = await createDatabase({
    url: config.db.DATABASE_URL,
    dataDir: config.db.DATA_DIR,
    logger: logger.child({ component: 'db' }),
  });
  let jobs: JobsRuntime | undefined;
  try {
    await migrate(database.db, { logger: logger.child({ component: 'migrate' }) });
    jobs = await createJobsRuntime({
      redisUrl: config.jobs.REDIS_URL,
      prefix: config.jobs.QUEUE_PREFIX,
      logger: logger.child({ component: 'jobs' }),
      stall: stallSettingsFromEnv(config.jobs),
    });
    const keys = await resolveEncryptionKeys({
      encryptionKey: config.auth.encryptionKey,
      dataDir: config.db.DATA_DIR,
      logger: logger.child({ component: 'secrets' }),
    });
    const secrets = createSecretBox(keys);
    const openedJobs = jobs;
    const rateLimits = createRateLimiter({
      redisUrl: config.jobs.REDIS_URL,
      prefix: config.jobs.QUEUE_PREFIX,
    });
    const email = createEmailTransport({
      postmarkServerToken: config.core.POSTMARK_SERVER_TOKEN,
      databaseUrl: config.db.DATABASE_URL,
      from: config.core.EMAIL_FROM,
      dataDir: config.db.DATA_DIR,
      logger: logger.child({ component: 'email' }),
      production: config.core.NODE_ENV === 'production',
    });
    return {
      config,
      logger,
      database,
      jobs: openedJobs,
      secrets,
      encryptionKeys: { keys: keys.keys, currentKeyId: keys.currentKeyId },
      email,
      rateLimiter: rateLimits.limiter,
      async close() {
        await rateLimits.close();
        await openedJobs.close();
        await database.close();
      },
    };
  } catch (error) {
    await jobs?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
