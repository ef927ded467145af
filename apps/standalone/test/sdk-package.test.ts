/**
 * The SDK as a stranger installs it: `pnpm pack` (which builds dist/), the
 * tarball installed with npm into a scratch project in the system temp
 * directory (outside the workspace, so nothing resolves to the monorepo),
 * a program and a React component type-checked against the published
 * declarations (a wrong input type must fail to compile), and the program run
 * against a live server.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, signUpThroughApi } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PNPM = ['--yes', 'pnpm@10.34.8'];

let stack: TestStack;
let scratch: string;
beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  scratch = await mkdtemp(join(tmpdir(), 'vm-sdk-scratch-'));
}, 300_000);
afterAll(async () => {
  await stack?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Runs tsc and returns its error lines (tsc exits non-zero when there are any). */
async function typeErrors(cwd: string, project: string): Promise<string[]> {
  const result = await run(process.execPath, [tsc, '-p', project], {
    cwd,
    maxBuffer: 1 << 24,
  }).then(
    (r) => r.stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  return result.split('\n').filter((line) => /error TS\d+/.test(line));
}

// @trpc/server's own declarations import the optional `ws` package's types; a
// consumer without it sees that one error with skipLibCheck off. Anything else counts.
const knownThirdParty = (line: string) =>
  /^node_modules\/@trpc\/server\/.*Cannot find module 'ws'/.test(line);

describe('the packed SDK', () => {
  it(
    'installs outside the workspace, type-checks, rejects a wrong input and talks to a live server',
    { timeout: 1_800_000 },
    async () => {
      const packDir = join(scratch, 'pack');
      await run('npx', [...PNPM, 'pack', '--pack-destination', packDir], {
        cwd: join(repo, 'packages/sdk'),
        maxBuffer: 1 << 24,
      });
      const [tarball] = (await readdir(packDir)).filter((f) => f.endsWith('.tgz'));
      expect(tarball).toBeDefined();

      const app = join(scratch, 'app');
      await mkdir(app);
      await writeFile(
        join(app, 'package.json'),
        JSON.stringify({
          name: 'sdk-scratch',
          private: true,
          type: 'module',
          dependencies: {
            '@vibemonitor/sdk': `file:${join(packDir, tarball!)}`,
            eventsource: '^3.0.7',
            react: '^19.2.0',
            '@types/react': '^19.2.0',
            '@types/node': '^20.19.0',
            '@tanstack/react-query': '^5.80.0',
            '@trpc/tanstack-react-query': '^11.22.1',
          },
        }),
      );
      await run(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
        {
          cwd: app,
          maxBuffer: 1 << 24,
        },
      );
      // Nothing of the monorepo came along: the package names no workspace package.
      const installed = JSON.parse(
        await readFile(join(app, 'node_modules/@vibemonitor/sdk/package.json'), 'utf8'),
      ) as {
        exports: Record<string, unknown>;
        dependencies?: Record<string, string>;
      };
      expect(Object.keys(installed.exports)).toEqual(expect.arrayContaining(['.', './react']));
      expect(JSON.stringify(installed.dependencies ?? {})).not.toContain('@vibemonitor/');
      expect((await readdir(join(app, 'node_modules/@vibemonitor'))).sort()).toEqual(['sdk']);

      const compilerOptions = {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
        types: ['node'],
        strict: true,
        jsx: 'react-jsx',
        outDir: 'out',
        // Our declarations are checked too, not skipped.
        skipLibCheck: false,
      };
      await writeFile(
        join(app, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, files: ['main.ts', 'react-usage.tsx'] }),
      );
      await writeFile(
        join(app, 'tsconfig.bad.json'),
        JSON.stringify({
          compilerOptions: { ...compilerOptions, noEmit: true },
          files: ['bad.ts'],
        }),
      );
      await writeFile(
        join(app, 'main.ts'),
        `import { EventSource } from 'eventsource';
import { createClient, TRPCClientError, type AppRouter, type inferRouterOutputs } from '@vibemonitor/sdk';

type Workspaces = inferRouterOutputs<AppRouter>['workspace']['list'];
const url = process.argv[2]!;
const anonymous = createClient({ url, EventSource });
// Sign-up answers "check your email"; the account signs in once its link was opened (the test did that for argv[3]).
const signup: { status: 'check_email'; email: string } = await anonymous.auth.register.mutate({ email: 'scratch-new@example.com', password: ${JSON.stringify(GOOD_PASSWORD)}, name: 'Scratch' });
const { token, user } = await anonymous.auth.login.mutate({ email: process.argv[3]!, password: ${JSON.stringify(GOOD_PASSWORD)} });
const client = createClient({ url, token, EventSource });
const workspaces: Workspaces = await client.workspace.list.query();
const createdAt: Date = user.createdAt;
let refused = '';
try {
  await anonymous.auth.me.query();
} catch (error) {
  if (error instanceof TRPCClientError) refused = error.message;
}
const ping = await client.system.ping.mutate();
console.log(JSON.stringify({ signup: signup.status, email: user.email, createdAtIsDate: createdAt instanceof Date, workspaces: workspaces.map((w) => w.type), refused, pingId: typeof ping.pingId }));
`,
      );
      await writeFile(
        join(app, 'react-usage.tsx'),
        `import { QueryClient, useQuery } from '@tanstack/react-query';
import { createClient } from '@vibemonitor/sdk';
import { TRPCProvider, useTRPC } from '@vibemonitor/sdk/react';

function Workspaces() {
  const trpc = useTRPC();
  const list = useQuery(trpc.workspace.list.queryOptions());
  const names: string[] | undefined = list.data?.map((w) => w.name);
  return <ul>{names?.map((n) => <li key={n}>{n}</li>)}</ul>;
}

export function App() {
  return (
    <TRPCProvider trpcClient={createClient({ url: 'http://127.0.0.1:3000' })} queryClient={new QueryClient()}>
      <Workspaces />
    </TRPCProvider>
  );
}
`,
      );
      await writeFile(
        join(app, 'bad.ts'),
        `import { createClient } from '@vibemonitor/sdk';
const client = createClient({ url: 'http://127.0.0.1:3000' });
await client.auth.login.mutate({ email: 42, password: 'not checked' });
`,
      );

      const good = (await typeErrors(app, 'tsconfig.json')).filter(
        (line) => !knownThirdParty(line),
      );
      expect(good).toEqual([]);
      const bad = (await typeErrors(app, 'tsconfig.bad.json')).filter(
        (line) => !knownThirdParty(line),
      );
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatch(
        /^bad\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/,
      );

      await signUpThroughApi(stack, { email: 'scratch@example.com', name: 'Scratch' });
      const { stdout } = await run(
        process.execPath,
        [join(app, 'out/main.js'), stack.url, 'scratch@example.com'],
        { cwd: app },
      );
      expect(JSON.parse(stdout.trim())).toEqual({
        signup: 'check_email',
        email: 'scratch@example.com',
        createdAtIsDate: true,
        workspaces: ['personal'],
        refused: expect.stringMatching(/Sign in first/),
        pingId: 'string',
      });
    },
  );
});
