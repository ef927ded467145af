import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerEnv } from '@vibemonitor/server';
import { startTestStack, type TestStack } from './harness.js';

/*
 * How the server serves a built console next to the API: the app's page for
 * browser page loads, never in place of an API answer. A stand-in dist/
 * folder keeps this file independent of the Vite build (the browser tests
 * use the real one).
 */

let stack: TestStack;
let webDir: string;
const INDEX = '<!doctype html><title>console</title><div id="root"></div>';
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'vm-web-'));
  await mkdir(join(webDir, 'assets'));
  await writeFile(join(webDir, 'index.html'), INDEX);
  await writeFile(join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  stack = await startTestStack({ worker: false, webDir });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await rm(webDir, { recursive: true, force: true });
});

describe('the web console on the API origin', () => {
  it('answers page loads with index.html, for client-side routes too', async () => {
    for (const path of [
      '/',
      '/sign-in',
      '/w/0b6d2a5e-0000-4000-8000-000000000000/chat',
      '/verify-email?token=abc',
    ]) {
      const res = await fetch(`${stack.url}${path}`, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('drops upgrade-insecure-requests from the page over plain HTTP, keeping the rest of the policy', async () => {
    const res = await fetch(`${stack.url}/`, { headers: html });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
  });

  it('serves hashed assets with a long cache, and a missing asset is a 404, not the app', async () => {
    const asset = await fetch(`${stack.url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${stack.url}/assets/app-old.js`, { headers: html });
    expect(missing.status).toBe(404);
  });

  it('never shadows the API, health or metrics, even for a browser', async () => {
    const info = await fetch(`${stack.url}/trpc/system.info`, { headers: html });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { result: unknown }).result).toBeDefined();
    const unknownProcedure = await fetch(`${stack.url}/trpc/nope`, { headers: html });
    expect(unknownProcedure.status).toBe(404);
    expect(unknownProcedure.headers.get('content-type')).toMatch(/json/);
    const api = await fetch(`${stack.url}/api/v1/nope`, { headers: html });
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /api/v1/nope' },
    });
    const health = await fetch(`${stack.url}/health`, { headers: html });
    expect(health.headers.get('content-type')).toMatch(/json/);
    const metrics = await fetch(`${stack.url}/metrics`, { headers: html });
    expect(await metrics.text()).toMatch(/# HELP/);
  });

  it('keeps the JSON 404 for requests that are not page loads, and for other methods', async () => {
    const api = await fetch(`${stack.url}/nope`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /nope' },
    });
    const post = await fetch(`${stack.url}/sign-in`, { method: 'POST', headers: html });
    expect(post.status).toBe(404);
  });

  it('tells the console which sign-in methods exist', async () => {
    const info = await stack.client().system.info.query();
    expect(info.signIn).toEqual({ password: true, google: false, github: false });
  });
});

describe('WEB_DIST_DIR', () => {
  it('must be a built console: start-up names the variable otherwise', () => {
    expect(() => loadServerEnv({ WEB_DIST_DIR: join(tmpdir(), 'no-console-here') })).toThrow(
      /must be a built web console folder \(with index\.html\): run pnpm build/,
    );
    expect(loadServerEnv({ WEB_DIST_DIR: webDir }).WEB_DIST_DIR).toBe(webDir);
    expect(loadServerEnv({}).WEB_DIST_DIR).toBeUndefined();
  });
});
