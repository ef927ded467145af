import { defineConfig } from 'drizzle-kit';

// Offline generation only (`drizzle-kit generate`): migrations are applied by
// `migrate()` in src/migrate.ts, so no credentials belong here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  strict: true,
});
