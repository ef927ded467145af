import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '@vibemonitor/web/build';
import { startWorker, type StartedWorker } from '@vibemonitor/worker';
import { GOOD_PASSWORD } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/*
 * The web console in a real browser (Debian's Chromium driven by
 * playwright-core) against the real server: the built console served at `/`
 * on the API's origin, a worker running the real engine on the demo
 * workspace's simulated data. Nothing here is skipped: without Chromium the
 * file fails and says how to install it.
 *
 * Screenshots of the main screens go to artifacts/screenshots/ (CI keeps
 * them; the folder is gitignored).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'artifacts', 'screenshots');

// Keep the browser off the network: every request that is not to loopback
// goes to a proxy that does not exist (Chrome never proxies loopback), and
// Chrome's own background traffic is off.
const OFFLINE_ARGS = [
  '--no-sandbox',
  '--proxy-server=http://127.0.0.1:9',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-sync',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-pings',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
];

let stack: TestStack;
let browser: Browser;
let worker: StartedWorker | undefined;
const contexts: BrowserContext[] = [];

const owner = {
  name: 'Olivia Owner',
  email: `owner-${randomBytes(4).toString('hex')}@example.com`,
};
const teammate = {
  name: 'Tom Teammate',
  email: `tom-${randomBytes(4).toString('hex')}@example.com`,
};
const TEAM = 'Ops team';
let teamUrl = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get install -y chromium\` (as root), or set CHROMIUM_PATH.`,
    );
  await mkdir(SCREENSHOTS, { recursive: true });
  const webDir = await ensureWebBuilt();
  // No worker yet: the first investigation is queued while the page watches, so
  // its steps can only reach the browser live, after the page subscribed.
  stack = await startTestStack({ env: { DEMO_WORKSPACE: 'true' }, worker: false, webDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: OFFLINE_ARGS });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await worker?.close(2_000);
  await stack?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  // A console error in the app is a test failure, not noise.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

const pageErrors = (page: Page) => (page as Page & { errors?: string[] }).errors ?? [];

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function signUp(page: Page, who: { name: string; email: string }): Promise<void> {
  await page.goto(`${stack.url}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  // No session yet: sign-up answers "check your email" for new and taken addresses alike.
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.getByText(who.email.toLowerCase()).waitFor();
  // The verification link from the email lands on the console; then the account signs in.
  await page.goto(await emailLink(who.email.toLowerCase(), 'verify_email'));
  await page.getByText(`${who.email.toLowerCase()} is verified`).waitFor();
  await page.getByRole('link', { name: 'Continue to VibeMonitor' }).click();
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
}

async function emailLink(to: string, tag: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const link = (await stack.outbox()).filter((m) => m.to === to && m.tag === tag).at(-1)?.link;
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no ${tag} email was sent to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the web console in Chromium', () => {
  let ownerPage: Page;

  it('signs up, opens the demo workspace, streams an investigation live and shows the report with evidence, charts and feedback', async () => {
    ownerPage = await newPage();
    const page = ownerPage;
    await page.goto(`${stack.url}/sign-in`);
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await shot(page, '01-sign-in');
    await signUp(page, owner);
    await shot(page, '02-workspaces');

    // The demo is one click away.
    await page.getByRole('main').getByRole('button', { name: 'Open the demo workspace' }).click();
    await page.waitForURL(/\/w\/[0-9a-f-]{36}\/chat$/);
    await page.getByRole('heading', { name: 'Investigate' }).waitFor();

    // Record when the first step and the report enter the page (a string: this
    // package is type-checked without the DOM library).
    await page.evaluate(`(() => {
      const marks = (window.__marks = {});
      new MutationObserver(() => {
        if (!marks.step && document.querySelector('[data-step]')) marks.step = performance.now();
        if (!marks.report && document.querySelector('[data-testid="report"]')) marks.report = performance.now();
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    // The demo engine answers in well under a second, so every event would reach
    // the page in the same instant. A slow connection (the way a phone on a bad
    // network sees it) spreads them out, so the order the page shows them in is
    // visible: the small step events first, the large report last. Set before
    // asking, so the stream's connection is throttled from its first byte.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 8 * 1024,
      uploadThroughput: -1,
    });
    await page.getByLabel('Your question').fill('Why is checkout slow?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    // Queued: the page is subscribed and waiting, nothing has run yet.
    await page.getByText('working…').waitFor();
    expect(await page.locator('[data-step]').count()).toBe(0);
    expect(await page.locator('[data-testid="report"]').count()).toBe(0);

    worker = await startWorker({
      runtime: stack.runtime,
      concurrency: 2,
      registry: new Registry(),
    });
    const report = page.getByTestId('report');
    await report.waitFor({ timeout: 90_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const marks = (await page.evaluate('window.__marks')) as { step?: number; report?: number };
    expect(marks.step, 'a step was rendered').toBeGreaterThan(0);
    // Rendered in an earlier frame than the report, not together with it.
    expect(marks.report! - marks.step!).toBeGreaterThan(50);

    // Steps: thinking, tool calls or checks, and findings.
    const steps = page.getByTestId('steps');
    expect(await steps.locator('[data-step="finding"]').count()).toBeGreaterThan(0);
    expect(
      await steps.locator('[data-step="thinking"], [data-step="tool"]').count(),
    ).toBeGreaterThan(0);

    // The report: root cause with confidence, evidence with its exact queries and a chart.
    await expect(report.getByRole('heading', { name: 'Root cause' }).isVisible()).resolves.toBe(
      true,
    );
    const rootCause = await report.locator('.root-cause').innerText();
    expect(rootCause).toMatch(/payments/);
    expect(rootCause).toMatch(/Confidence: (low|medium|high)/);
    const queries = await report.locator('.evidence pre.query').allInnerTexts();
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.some((q) => /[a-z_]+\{|rate\(|histogram_quantile/.test(q))).toBe(true);
    const chart = report.getByTestId('evidence-chart').first();
    await chart.waitFor();
    expect(await chart.locator('rect.incident').count()).toBe(1);
    expect(await chart.locator('path.line').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L/);
    await expect(report.getByRole('heading', { name: 'Ruled out' }).isVisible()).resolves.toBe(
      true,
    );
    await expect(report.getByRole('heading', { name: 'Not checked' }).isVisible()).resolves.toBe(
      true,
    );
    await expect(report.getByRole('heading', { name: 'Next steps' }).isVisible()).resolves.toBe(
      true,
    );
    expect(await report.innerText()).toMatch(/tool calls · \d+ tokens/);
    await shot(page, '03-investigation');
    // The top of the same screen (question, steps, report, first charts) for the README.
    await page.screenshot({
      path: join(SCREENSHOTS, 'investigation.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 2000 },
    });

    // Feedback, stored on the server.
    await page.getByRole('button', { name: '👍 Yes' }).click();
    await page.getByText('Thanks: you rated this useful').waitFor();
    expect(await page.getByRole('button', { name: '👍 Yes' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    // History finds it.
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByLabel('Search investigations').fill('checkout');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('list', { name: 'Search results' }).getByRole('link').first().waitFor();
    await shot(page, '04-history');
    expect(pageErrors(page)).toEqual([]);
  }, 240_000);

  it('shows integration form errors next to their fields, and a failed connection check', async () => {
    const page = ownerPage;
    await page.goto(`${stack.url}/`);
    await page.getByLabel('Workspace name').fill(TEAM);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/\/w\/[0-9a-f-]{36}\/chat$/);
    teamUrl = page.url().replace(/\/chat$/, '');
    await page.getByRole('link', { name: 'Integrations' }).click();
    const form = page.getByTestId('connect-form');
    await form.getByLabel('Authentication').selectOption('bearer');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    const url = form.getByLabel('Prometheus URL');
    const token = form.getByLabel('Bearer token');
    await form.getByText('Enter the URL.').waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await token.getAttribute('aria-invalid')).toBe('true');
    // Each message is tied to its own field.
    const urlError = await url.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${urlError}"]`).innerText()).toBe('Enter the URL.');
    const tokenError = await token.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${tokenError}"]`).innerText()).toMatch(
      /Enter the bearer token/,
    );
    await shot(page, '05-integration-errors');

    // A source that cannot be reached is refused and nothing is saved.
    await url.fill('http://127.0.0.1:9');
    await token.fill('not-a-real-token');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    // The field errors of the first attempt (also alerts) go away first: wait for the check's own message.
    const checkFailure = async () =>
      (await form.locator('[role="alert"]').allInnerTexts()).filter(
        (text) => text.trim() !== '' && !/^Enter the/.test(text.trim()),
      );
    await expect.poll(checkFailure, { timeout: 30_000 }).not.toEqual([]);
    expect(await page.getByText('No integrations yet').isVisible()).toBe(true);
  }, 120_000);

  it('invites a teammate who verifies the email and accepts in a second browser', async () => {
    const page = ownerPage;
    await page.goto(`${teamUrl}/members`);
    await page.getByLabel('Email').fill(teammate.email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${teammate.email}.`).waitFor();

    const other = await newPage();
    // Signing up includes opening the verification link (the invitation needs a verified address).
    await signUp(other, teammate);
    await other.goto(await emailLink(teammate.email, 'invitation'));
    await other.getByRole('button', { name: 'Accept invitation' }).click();
    await other.waitForURL(`${teamUrl}/chat`);
    // The workspace's name loads after the page: wait for it, then the switcher agrees.
    await other.locator('.workspace-name', { hasText: TEAM }).waitFor();
    const switcher = other.getByLabel('Workspace', { exact: true });
    await switcher.locator('option', { hasText: TEAM }).waitFor({ state: 'attached' });
    expect(await switcher.inputValue()).toBe(teamUrl.split('/').at(-1));
    await shot(other, '06-invitation-accepted');

    await page.reload();
    await page.getByRole('cell', { name: teammate.email }).waitFor();
    await shot(page, '07-members');
    expect(pageErrors(other)).toEqual([]);
  }, 120_000);

  it('signs out: the session cookie is gone and pages send the browser to sign in', async () => {
    const page = ownerPage;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect((await page.context().cookies()).some((c) => c.name === 'vm_session')).toBe(false);
    await page.goto(`${teamUrl}/members`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);
});
