import { createLogger, runMain } from '@vibemonitor/core';
import { createDatabase, migrate } from '@vibemonitor/db';
import { runAdminCommand } from './admin-command.js';
import { loadStandaloneConfig } from './env.js';

// `pnpm admin <command>`: administrator commands against the configured
// database (DATABASE_URL, else the PGlite data under DATA_DIR). See README "Billing".
await runMain('vibemonitor admin', async () => {
  const { app: config } = loadStandaloneConfig();
  const logger = createLogger({ level: 'warn', name: 'admin' });
  const database = await createDatabase({
    url: config.db.DATABASE_URL,
    dataDir: config.db.DATA_DIR,
    logger,
  });
  try {
    await migrate(database.db, { logger });
    await runAdminCommand(process.argv.slice(2), {
      db: database.db,
      print: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await database.close();
  }
});
