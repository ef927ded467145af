/**
 * The `vibemonitor` command as a person runs it: the real binary (node +
 * apps/cli/bin/vibemonitor.js) against a live server, with its config in a
 * temporary XDG_CONFIG_HOME. Piped (no TTY: no colours, --json for scripts)
 * and under a pseudo-terminal (`script` from util-linux: colours on).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, signUpThroughApi } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

const runFile = promisify(execFile);
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../cli/bin/vibemonitor.js');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

let stack: TestStack;
let configHome: string;
const email = 'cli-user@example.com';

beforeAll(async () => {
  stack = await startTestStack({ env: { DEMO_WORKSPACE: 'true' } });
  configHome = await mkdtemp(join(tmpdir(), 'vm-cli-config-'));
  await signUpThroughApi(stack, { email, name: 'Cli User' });
}, 300_000);
afterAll(async () => {
  await stack?.close();
  if (configHome) await rm(configHome, { recursive: true, force: true });
});

const cliEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string | undefined> = {
    ...process.env,
    XDG_CONFIG_HOME: configHome,
    VIBEMONITOR_SERVER: stack.url,
    ...extra,
  };
  delete env.VIBEMONITOR_TOKEN;
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return env;
};

/** Runs the binary with piped stdio; `input` is written to its stdin. */
function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string; chunks: string[] }>(
    (done, fail) => {
      const child = spawn(process.execPath, [bin, ...args], {
        env: cliEnv(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const chunks: string[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) =>
        done({ code: code ?? -1, stdout: chunks.join(''), stderr, chunks }),
      );
      child.stdin.end(options.input ?? '');
    },
  );
}

/** Runs the binary under a pseudo-terminal (stdout and stdin are TTYs). */
async function cliTty(args: string[]) {
  const command = [process.execPath, bin, ...args]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const { stdout } = await runFile('script', ['-qec', command, '/dev/null'], {
    env: cliEnv(),
    maxBuffer: 1 << 24,
  });
  return stdout;
}

const config = async () =>
  JSON.parse(await readFile(join(configHome, 'vibemonitor/config.json'), 'utf8')) as Record<
    string,
    string
  >;

describe('the vibemonitor CLI', () => {
  it('refuses a wrong password and stores nothing', { timeout: 300_000 }, async () => {
    const result = await cli(['login', '--email', email], { input: 'wrong password 123\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^vibemonitor: .*(password|credentials)/im);
    await expect(stat(join(configHome, 'vibemonitor/config.json'))).rejects.toThrow(/ENOENT/);
    const anonymous = await cli(['workspaces']);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('Not signed in');
  });

  it(
    'signs in with a password from stdin, stores the token 0600 and lists workspaces',
    { timeout: 300_000 },
    async () => {
      const result = await cli(['login', '--email', email], { input: `${GOOD_PASSWORD}\n` });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Signed in to ${stack.url} as ${email}`);
      const file = await stat(join(configHome, 'vibemonitor/config.json'));
      expect(file.mode & 0o777).toBe(0o600);
      const stored = await config();
      expect(stored).toMatchObject({ server: stack.url, email });
      expect((await stack.client(stored.token).auth.me.query()).user.email).toBe(email);

      const list = await cli(['workspaces', '--json']);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({ type: 'personal', current: true }),
      ]);
      const table = await cli(['workspaces']);
      expect(table.stdout).toMatch(/NAME\s+TYPE\s+ROLE\s+ID/);
      expect(table.stdout).not.toMatch(ANSI);
    },
  );

  it(
    'asks the demo workspace: steps stream first, then the report; no colours when piped',
    { timeout: 300_000 },
    async () => {
      const demo = await cli(['demo']);
      expect(demo.code).toBe(0);
      expect(demo.stdout).toMatch(/demo workspace/);

      const answer = await cli(['ask', 'Why is checkout slow?']);
      expect(answer.stderr).toBe('');
      expect(answer.code).toBe(0);
      const out = answer.stdout;
      expect(out).not.toMatch(ANSI);
      // Without a model the demo is answered by the deterministic checks: their
      // findings stream (● interesting, ○ normal) before the report.
      const firstFinding = out.search(/[●○] /);
      const findings = out.match(/^ {2}[●○] /gm) ?? [];
      const rootCause = out.indexOf('Root cause');
      expect(firstFinding).toBeGreaterThan(-1);
      expect(findings.length).toBeGreaterThanOrEqual(5);
      expect(rootCause).toBeGreaterThan(Math.max(out.lastIndexOf('● '), out.lastIndexOf('○ ')));
      expect(out.slice(rootCause)).toMatch(/Root cause \((high|medium) confidence\): payments:/);
      expect(out).toMatch(/\nEvidence\n\s+\[E?\w+\]/);
      expect(out).toMatch(/query: /);
      expect(out).toMatch(/deterministic analyst \(no model\) · \d+ tool calls/);
      expect(out).toMatch(/Follow up: vibemonitor ask "…" --session [0-9a-f-]{36}/);

      const sessions = await cli(['sessions']);
      expect(sessions.code).toBe(0);
      expect(sessions.stdout).toMatch(/UPDATED\s+TITLE\s+ID/);
      expect(sessions.stdout).toContain('Why is checkout slow?');

      const integrations = await cli(['integrations']);
      expect(integrations.code).toBe(0);
      expect(integrations.stdout).toMatch(/demo\s+healthy|demo\s+\w+/);
    },
  );

  it('prints one JSON document with --json, for scripts', { timeout: 300_000 }, async () => {
    const answer = await cli(['ask', 'Why is checkout slow?', '--json']);
    expect(answer.code).toBe(0);
    const document = JSON.parse(answer.stdout) as {
      status: string;
      sessionId: string;
      events: Array<{ type: string }>;
      report: { rootCause: { service: string } | null };
      usage: { toolCalls: number; durationMs: number };
    };
    expect(document.status).toBe('complete');
    expect(document.report.rootCause?.service).toBe('payments');
    expect(document.events.filter((e) => e.type === 'finding').length).toBeGreaterThanOrEqual(5);
    expect(document.events.at(-1)?.type).toBe('complete');
    expect(document.usage).toEqual(
      expect.objectContaining({ toolCalls: expect.any(Number), durationMs: expect.any(Number) }),
    );
  });

  it('colours its output on a terminal', { timeout: 300_000 }, async () => {
    const list = await cliTty(['workspaces']);
    expect(list).toMatch(ANSI);
    const answer = await cliTty(['ask', 'Why is checkout slow?']);
    expect(answer).toMatch(ANSI);
    expect(answer).toMatch(/Root cause.*payments/);
  });

  it(
    'signs in with a pasted token, and logout ends the session on the server',
    { timeout: 300_000 },
    async () => {
      const { token } = await stack.client().auth.login.mutate({ email, password: GOOD_PASSWORD });
      const bad = await cli(['login', '--token', 'not-a-token']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/not valid/);
      const good = await cli(['login', '--token', token, '--json']);
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout)).toEqual({ server: stack.url, email });
      expect((await config()).token).toBe(token);
      // A stored token never goes to another server.
      const elsewhere = await cli(['workspaces', '--server', 'http://127.0.0.1:9']);
      expect(elsewhere.stderr).toContain('Not signed in to http://127.0.0.1:9');

      const out = await cli(['logout']);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('Signed out');
      expect((await config()).token).toBeUndefined();
      await expect(stack.client(token).auth.me.query()).rejects.toThrow(/signed out|Sign in first/);
    },
  );
});
