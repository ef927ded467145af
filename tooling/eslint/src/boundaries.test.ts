import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lint through the repository's real eslint.config.js, so the test also proves
// the root file wires the shared config in.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

const boundaryRule = '@typescript-eslint/no-restricted-imports';

/** Every problem ESLint reports, as rule ids (parse errors and "file ignored" notices included). */
async function lint(
  filePath: string,
  code: string,
): Promise<{ ruleIds: string[]; messages: string[] }> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  return {
    ruleIds: messages.map((m) => m.ruleId ?? `no rule: ${m.message}`),
    messages: messages.map((m) => m.message),
  };
}

const importing = (source: string) => `import { value } from '${source}';\nexport { value };\n`;

describe('import boundaries', () => {
  const forbidden: [file: string, source: string][] = [
    ['packages/contracts/src/x.ts', '@vibemonitor/db'],
    ['packages/contracts/src/x.ts', 'node:crypto'],
    ['packages/contracts/src/x.ts', 'crypto'],
    ['packages/db/src/x.ts', '@vibemonitor/auth'],
    ['packages/db/src/x.ts', '@vibemonitor/contracts-extra'],
    ['packages/auth/src/x.ts', '@vibemonitor/core'],
    ['packages/auth/src/x.ts', 'express'],
    ['packages/jobs/src/x.ts', '@vibemonitor/db'],
    ['packages/jobs/src/x.ts', '@vibemonitor/agent'],
    ['packages/integrations/src/grafana/x.ts', '@vibemonitor/db'],
    ['packages/core/src/x.ts', '@vibemonitor/api'],
    ['packages/core/src/x.ts', '@trpc/server'],
    ['packages/core/src/x.ts', 'express'],
    ['packages/core/src/x.ts', '@vibemonitor/agent'],
    ['packages/agent/src/x.ts', '@vibemonitor/api'],
    ['packages/agent/src/x.ts', 'bullmq'],
    ['packages/agent/src/x.ts', 'express'],
    ['packages/agent/src/x.ts', '@vibemonitor/db/schema'],
    ['packages/agent/src/x.ts', '@vibemonitor/core'],
    ['packages/api/src/x.ts', '@vibemonitor/agent'],
    ['packages/sdk/src/x.ts', '@vibemonitor/api'],
    ['packages/sdk/src/x.ts', '@vibemonitor/core'],
    ['packages/sdk/src/x.ts', '@vibemonitor/db'],
    ['packages/sdk/src/x.ts', '@vibemonitor/auth'],
    ['packages/api/src/x.ts', '@vibemonitor/server'],
    ['packages/jobs/src/x.ts', '@vibemonitor/worker'],
    ['packages/core/src/x.ts', '@vibemonitor/standalone'],
    ['apps/server/src/x.ts', '@vibemonitor/agent'],
    ['apps/server/src/x.ts', '@vibemonitor/worker'],
    ['apps/worker/src/x.ts', '@vibemonitor/api'],
    ['apps/worker/src/x.ts', '@vibemonitor/server'],
    ['packages/core/src/x.ts', '@vibemonitor/testing'],
    ['apps/web/src/x.tsx', '@vibemonitor/core'],
    ['apps/web/src/x.tsx', '@vibemonitor/db'],
    ['apps/web/src/x.tsx', '@vibemonitor/server'],
    ['apps/cli/src/x.ts', '@vibemonitor/core'],
    ['apps/cli/src/x.ts', '@vibemonitor/api'],
  ];

  it.each(forbidden)('%s may not import %s', async (file, source) => {
    const { ruleIds } = await lint(file, importing(source));
    expect(ruleIds).toEqual([boundaryRule]);
  });

  it('also catches re-exports', async () => {
    const { ruleIds } = await lint(
      'packages/core/src/x.ts',
      "export { value } from '@vibemonitor/agent';\n",
    );
    expect(ruleIds).toEqual([boundaryRule]);
  });

  const allowed: [file: string, source: string][] = [
    ['packages/contracts/src/x.ts', 'zod'],
    ['packages/contracts/src/x.ts', './errors.js'],
    ['packages/db/src/schema/enums.ts', '@vibemonitor/contracts'],
    ['packages/core/src/x.ts', '@vibemonitor/db'],
    ['packages/core/src/x.ts', '@vibemonitor/jobs'],
    ['packages/core/src/x.ts', 'express-rate-limit'],
    ['packages/agent/src/x.ts', '@vibemonitor/integrations'],
    ['packages/api/src/x.ts', '@vibemonitor/core'],
    ['packages/sdk/src/x.ts', '@trpc/client'],
    ['packages/sdk/src/x.ts', '@vibemonitor/contracts'],
    ['apps/server/src/x.ts', '@vibemonitor/api'],
    ['apps/worker/src/x.ts', '@vibemonitor/agent'],
    ['apps/standalone/src/x.ts', '@vibemonitor/server'],
    ['apps/standalone/src/x.ts', '@vibemonitor/worker'],
    ['packages/core/src/x.test.ts', '@vibemonitor/testing'],
    ['apps/web/src/x.tsx', '@vibemonitor/sdk/react'],
    ['apps/cli/src/x.ts', '@vibemonitor/sdk'],
  ];

  it.each(allowed)('%s may import %s', async (file, source) => {
    const { ruleIds } = await lint(file, importing(source));
    expect(ruleIds).toEqual([]);
  });

  it('lets the SDK import router types, and only types', async () => {
    const typeOnly =
      "import type { AppRouter } from '@vibemonitor/api';\nexport type Router = AppRouter;\n";
    const inlineType =
      "import { type AppRouter } from '@vibemonitor/api';\nexport type Router = AppRouter;\n";
    const mixed =
      "import { type AppRouter, appRouter } from '@vibemonitor/api';\nexport type Router = AppRouter;\nexport { appRouter };\n";
    expect((await lint('packages/sdk/src/x.ts', typeOnly)).ruleIds).toEqual([]);
    expect((await lint('packages/sdk/src/x.ts', inlineType)).ruleIds).toEqual([]);
    expect((await lint('packages/sdk/src/x.ts', mixed)).ruleIds).toEqual([boundaryRule]);
  });

  it('explains the boundary it enforces', async () => {
    const { messages } = await lint('packages/contracts/src/x.ts', importing('@vibemonitor/db'));
    expect(messages[0]).toMatch(/contracts .* may import zod only/);
  });
});

describe('process.env outside env.ts', () => {
  const reads = {
    member: 'export const url = process.env.DATABASE_URL;\n',
    computed: "export const url = process['env'].DATABASE_URL;\n",
    destructured: 'const { env } = process;\nexport const url = env.DATABASE_URL;\n',
    imported: "import { env } from 'node:process';\nexport const url = env.DATABASE_URL;\n",
  };

  it.each(Object.entries(reads))('is reported in product code (%s)', async (_kind, code) => {
    const { ruleIds, messages } = await lint('packages/db/src/client.ts', code);
    expect(ruleIds).toEqual(['no-restricted-syntax']);
    expect(messages[0]).toContain('env.ts');
  });

  it('is reported in a file that only looks like env.ts', async () => {
    const { ruleIds } = await lint('packages/db/src/load-env.ts', reads.member);
    expect(ruleIds).toEqual(['no-restricted-syntax']);
  });

  it.each([
    'packages/db/src/env.ts',
    'apps/server/src/env.ts',
    'tooling/testing/src/database.ts',
    'packages/db/src/client.test.ts',
    'bench/run-all.ts',
    'packages/db/drizzle.config.ts',
    'vitest.config.ts',
  ])('is allowed in %s', async (file) => {
    const { ruleIds } = await lint(file, reads.member);
    expect(ruleIds).toEqual([]);
  });

  it('does not flag a parameter that happens to be called env', async () => {
    const code =
      'export function port(env: Record<string, string | undefined>) {\n  return env.PORT;\n}\n';
    expect((await lint('packages/db/src/client.ts', code)).ruleIds).toEqual([]);
  });
});

describe('console and ignores', () => {
  it('forbids console in product code but not in bench', async () => {
    const code = "console.log('hello');\n";
    expect((await lint('apps/server/src/main.ts', code)).ruleIds).toEqual(['no-console']);
    expect((await lint('bench/run-all.ts', code)).ruleIds).toEqual([]);
  });

  it('skips generated and local-data folders', async () => {
    expect(await eslint.isPathIgnored('packages/db/migrations/0000_init.ts')).toBe(true);
    expect(await eslint.isPathIgnored('.data/pglite/x.js')).toBe(true);
    expect(await eslint.isPathIgnored('coverage/x.js')).toBe(true);
    expect(await eslint.isPathIgnored('packages/db/src/client.ts')).toBe(false);
  });
});
