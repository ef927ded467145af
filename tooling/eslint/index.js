// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * @typedef {{ regex: string, message: string, allowTypeImports?: boolean }} RestrictedPattern
 */

/**
 * Escapes a module name for use inside a regular expression.
 *
 * @param {string} text
 */
function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A `no-restricted-imports` pattern matching the given modules and their
 * subpaths (`@vibemonitor/db` also catches `@vibemonitor/db/schema`) but not
 * modules that merely share a prefix (`express` does not catch `express-foo`).
 *
 * @param {string[]} names
 * @param {string} message
 * @param {{ allowTypeImports?: boolean }} [options]
 * @returns {RestrictedPattern}
 */
function forbid(names, message, options = {}) {
  return { regex: `^(${names.map(escapeRegex).join('|')})(/.*)?$`, message, ...options };
}

const pkg = (/** @type {string} */ name) => `@vibemonitor/${name}`;

const noApps = forbid(
  ['server', 'worker', 'standalone'].map(pkg),
  'Packages never import an app: move the shared code into a package.',
);

// Test fixtures read process.env and open real connections: product code must
// get its dependencies injected instead.
const noFixtures = forbid(
  [pkg('testing')],
  '@vibemonitor/testing holds test fixtures; import it from *.test.ts files only.',
);

const tableNote = 'See "Who may import whom" in the architecture guide.';

/**
 * Import boundaries from the architecture guide ("Who may import whom"), keyed
 * by workspace folder. Every folder under packages/ also gets `noApps`.
 * `apps/standalone` composes server + worker in one process, so it has none.
 *
 * @type {Record<string, RestrictedPattern[]>}
 */
export const boundaries = {
  'packages/contracts': [
    {
      regex: '^@vibemonitor/',
      message: `contracts is shared with browsers through the SDK: it may import zod only. ${tableNote}`,
    },
    {
      regex: `^(node:.*|${builtinModules.map(escapeRegex).join('|')})(/.*)?$`,
      message: 'contracts ships to browsers: Node built-ins are not available there.',
    },
  ],
  // The guide's table says db imports nothing internal. contracts is the one
  // exception: it is a zod-only leaf (its own rule above keeps it so), so db
  // reusing its value sets cannot create a cycle and keeps columns and API enums
  // from drifting apart.
  'packages/db': [
    {
      regex: '^@vibemonitor/(?!contracts(/|$))',
      message: `db sits at the bottom: of the internal packages it may import contracts only. ${tableNote}`,
    },
  ],
  'packages/auth': [
    forbid([pkg('api'), pkg('core')], `auth may import db and contracts only. ${tableNote}`),
    forbid(['express'], 'auth stays framework-free: the server adapts it to express.'),
  ],
  'packages/jobs': [
    forbid(
      [pkg('db'), pkg('agent')],
      `jobs may import contracts, bullmq and ioredis. ${tableNote}`,
    ),
  ],
  'packages/integrations': [
    forbid(
      [pkg('db'), pkg('api'), pkg('agent'), pkg('simulator')],
      `integrations may import contracts only. ${tableNote}`,
    ),
  ],
  // Below the agent, core and eval, which all read it: telemetry that any of them may replay.
  'packages/simulator': [
    {
      regex: '^@vibemonitor/(?!(contracts|integrations)(/|$))',
      message: `the simulator sits below agent, core and eval: of the internal packages it may import contracts and integrations only. ${tableNote}`,
    },
  ],
  'packages/core': [
    forbid(
      [pkg('api'), pkg('agent')],
      `core holds domain functions below the API and the agent. ${tableNote}`,
    ),
    { regex: '^@trpc/', message: 'core has no tRPC: procedures live in @vibemonitor/api.' },
    forbid(['express'], 'core has no express: HTTP lives in apps/server.'),
  ],
  'packages/agent': [
    forbid(
      [pkg('db'), pkg('core')],
      'The agent reaches db/core only through interfaces injected by the worker, so the graph stays testable alone.',
    ),
    forbid(
      [pkg('api'), 'bullmq', 'express'],
      `The agent knows nothing of HTTP or queues. ${tableNote}`,
    ),
  ],
  'packages/api': [
    forbid([pkg('agent')], `api enqueues RCA runs; the worker runs the agent. ${tableNote}`),
  ],
  'packages/sdk': [
    forbid(
      ['api', 'core', 'db', 'auth'].map(pkg),
      'The SDK ships to browsers: use `import type` from @vibemonitor/api; no runtime server code.',
      { allowTypeImports: true },
    ),
  ],
  'apps/server': [
    forbid(
      [pkg('agent'), pkg('worker'), pkg('standalone')],
      `The server enqueues work; the worker runs it. ${tableNote}`,
    ),
  ],
  'apps/worker': [
    forbid(
      [pkg('api'), pkg('server'), pkg('standalone')],
      `The worker has no API: it talks to core, db and jobs. ${tableNote}`,
    ),
  ],
  'apps/standalone': [],
  // The console ships to browsers: everything it needs from the server comes through the SDK.
  'apps/web': [
    forbid(
      [
        'api',
        'core',
        'db',
        'auth',
        'jobs',
        'agent',
        'integrations',
        'server',
        'worker',
        'standalone',
      ].map(pkg),
      'The web console runs in browsers: it talks to the API through @vibemonitor/sdk only.',
      { allowTypeImports: true },
    ),
  ],
  'apps/cli': [
    {
      regex: '^@vibemonitor/(?!sdk(/|$))',
      message:
        'The CLI is a client like any other: it talks to the server through @vibemonitor/sdk only.',
    },
  ],
};

const testFiles = ['**/*.test.ts', '**/test/**'];

/**
 * One config object per folder (and one for its tests): flat config replaces a
 * rule's options instead of merging them, so each object carries its full list.
 *
 * @returns {import('eslint').Linter.Config[]}
 */
function boundaryConfigs() {
  return Object.entries(boundaries).flatMap(([dir, own]) => {
    const patterns = dir.startsWith('packages/') ? [...own, noApps] : own;
    /**
     * @param {RestrictedPattern[]} list
     * @returns {import('eslint').Linter.RuleEntry}
     */
    const rule = (list) => (list.length > 0 ? ['error', { patterns: list }] : 'off');
    return [
      {
        name: `vibemonitor/boundaries/${dir}`,
        files: [`${dir}/**`],
        rules: { '@typescript-eslint/no-restricted-imports': rule([...patterns, noFixtures]) },
      },
      {
        name: `vibemonitor/boundaries/${dir}/tests`,
        files: testFiles.map((glob) => `${dir}/${glob}`),
        rules: { '@typescript-eslint/no-restricted-imports': rule(patterns) },
      },
    ];
  });
}

const envMessage =
  'Read configuration in an env.ts function (zod-validated, taking the env record as a parameter); process.env appears nowhere else.';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/.data/',
    '**/.turbo/',
    '**/dist/',
    '**/coverage/',
    '**/migrations/**',
  ]),
  {
    name: 'vibemonitor/language',
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.node },
  },
  {
    name: 'vibemonitor/browser',
    files: ['apps/web/src/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    name: 'vibemonitor/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  js.configs.recommended,
  // Syntax-only rules: type-aware linting is too slow for our 2-core CI and
  // `tsc` already checks types.
  tseslint.configs.recommended,
  {
    name: 'vibemonitor/rules',
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env'][computed=false]",
          message: envMessage,
        },
        {
          selector: "MemberExpression[object.name='process'][property.value='env']",
          message: envMessage,
        },
        {
          selector:
            "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']",
          message: envMessage,
        },
        {
          selector:
            "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']",
          message: envMessage,
        },
      ],
    },
  },
  {
    name: 'vibemonitor/env-allowed',
    files: [
      '**/env.ts',
      'tooling/testing/**',
      'bench/**',
      '**/*.test.ts',
      '**/test/**',
      '**/vitest.config.ts',
      '**/drizzle.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    name: 'vibemonitor/console-allowed',
    files: ['bench/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  boundaryConfigs(),
);
