import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The web dashboard in Debian's Chromium, as a user meets it: signed out, every page sends you to
 * sign in; a management key signs in, makes a key, a request with that key appears in Logs with the
 * cost its API response gave, its detail opens, Activity filters by the key, a model page opens,
 * every study figure draws on a generated log; an ordinary key sees its own account only and no
 * admin page. Each page passes axe-core's accessibility rules. Screenshots go to test-results/dashboard/.
 */
const chromiumPath = '/usr/bin/chromium';
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const screenshots = join(root, 'test-results', 'dashboard');
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let gateway: TestGateway;
let browser: Browser;
let managementKey: string;
let otherKey: string;
const pagesSeen = new Set<string>();

beforeAll(async () => {
  expect(existsSync(chromiumPath), `${chromiumPath} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`).toBe(true);
  expect(existsSync(join(root, 'dist', 'web', 'index.html')), 'the dashboard is not built: npm run build (npm install runs it)').toBe(true);
  mkdirSync(screenshots, { recursive: true });
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('acme', 25);
  await gateway.createAccount('beta', 5);
  managementKey = (await gateway.createKey('acme', { management: true, name: 'admin' })).key;
  otherKey = (await gateway.createKey('beta', { name: 'beta key' })).key;
  // A generated year of another account, for The Study's figures.
  await generateStudyWorkload({ records: 20_000, seed: 11, classificationRate: 0.3, batchSize: 5_000 }, ModelCatalog.load(), async (records) => {
    await gateway.generationStore.insert(records);
  });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // Axe is injected as a script: the dashboard's own CSP forbids inline scripts, so the test context bypasses it.
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

async function signIn(page: Page, key: string, next = '/'): Promise<void> {
  await page.goto(`${gateway.url}${next}`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Screenshot and accessibility check of the page as it is now. */
async function look(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  // A small copy of the first screen, as docs/dashboard.md shows it (copy from test-results/dashboard to docs/images/dashboard).
  await page.screenshot({ path: join(screenshots, `${name}.jpg`), type: 'jpeg', quality: 55 });
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // In the page: axe-core's run over the whole document, WCAG 2.1 A and AA rules.
    const scope = globalThis as unknown as {
      axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      document: unknown;
    };
    const result = await scope.axe.run(scope.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  expect(violations, `${name}: accessibility`).toEqual([]);
  pagesSeen.add(name);
}

describe('the dashboard in Chromium', () => {
  it('sends a visitor without a session to sign in, from every page', async () => {
    const { context, page } = await newPage();
    for (const path of ['/', '/activity', '/logs', '/models', '/study', '/keys', '/live', '/rankings']) {
      const response = await page.goto(`${gateway.url}${path}`);
      expect(response?.ok()).toBe(true);
      expect(new URL(page.url()).pathname, path).toBe('/sign-in');
    }
    await look(page, 'sign-in');
    const api = await page.evaluate(async () => (await fetch('/api/v1/dashboard/generations')).status);
    expect(api).toBe(401);
    await context.close();
  });

  it('lets a management key make a key, and shows that key’s request in Logs with its cost, its detail and its activity', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, managementKey);
    await expect.poll(() => page.getByRole('heading', { name: 'Home' }).count()).toBe(1);
    await look(page, 'home');

    // The page's data arrives after the user has typed (held back here, as on a slow link): what was typed stays.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/dashboard/accounts', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Keys' }).click();
    await page.getByRole('heading', { name: 'Keys and credits' }).waitFor();
    await page.getByLabel('Name').fill('browser key');
    release();
    await page.getByRole('table', { name: 'Every account of the platform' }).waitFor();
    await page.getByLabel('Spend limit (USD)').fill('3');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-key').textContent())!;
    expect(secret).toMatch(/^sk-sb-v1-/);
    await expect.poll(() => page.getByRole('cell', { name: 'browser key', exact: true }).count()).toBe(1);
    // The platform's accounts, the other account among them.
    await page.getByRole('table', { name: 'Every account of the platform' }).getByText('beta', { exact: true }).first().waitFor();
    await look(page, 'keys');
    // The signed-in cookie alone cannot change anything: without the dashboard's header (which another
    // site's form or script cannot send) a key is not made.
    const withoutHeader = await page.evaluate(
      async () => (await fetch('/api/v1/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'forged' }) })).status,
    );
    expect(withoutHeader).toBe(403);

    const response = await fetch(`${gateway.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Write a haiku about dashboards.' }], max_tokens: 40 }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { id: string; usage: { cost: number } };
    const sent = Date.now();

    await page.getByRole('navigation').getByRole('link', { name: 'Logs' }).click();
    const row = page.locator(`tr[data-generation-id="${answer.id}"]`);
    await row.waitFor({ timeout: 5_000 });
    const seenAfter = Date.now() - sent;
    expect(seenAfter).toBeLessThan(5_000);
    expect(Number(await row.getAttribute('data-cost-nano')) / 1e9).toBeCloseTo(answer.usage.cost, 12);
    await look(page, 'logs');

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: `Generation ${answer.id}` }).waitFor();
    expect(await page.locator('dd.cost').textContent()).toMatch(/^\$/);
    await look(page, 'log-detail');

    const keyHash = (await gateway.services.controlPlane.listKeys('acme', { includeDisabled: true, offset: 0, limit: 100 })).find((key) => key.name === 'browser key')!.hash;
    await page.goto(`${gateway.url}/activity?key=${keyHash}&rollup=hour&from=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`);
    await expect.poll(async () => page.locator('.kpi', { hasText: 'Requests' }).locator('.kpi-value').textContent()).toBe('1');
    await look(page, 'activity');

    await page.goto(`${gateway.url}/models`);
    await page.getByLabel('Search', { exact: true }).fill('gpt-4o-mini');
    await page.getByLabel('Search', { exact: true }).press('Enter');
    await expect.poll(() => page.getByRole('link', { name: 'OpenAI: GPT-4o-mini', exact: true }).count()).toBeGreaterThan(0);
    await look(page, 'models');
    await page.goto(`${gateway.url}/models/openai/gpt-4o-mini`);
    await page.getByRole('table', { name: 'Endpoints' }).waitFor();
    await expect.poll(() => page.locator('.chart').count()).toBeGreaterThan(0);
    await look(page, 'model-page');

    await page.goto(`${gateway.url}/rankings`);
    await page.getByRole('table').waitFor();
    await look(page, 'rankings');
    await page.goto(`${gateway.url}/live`);
    await page.getByRole('table', { name: 'Endpoint health' }).waitFor();
    await look(page, 'live');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('draws every study figure over a generated log', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, managementKey, '/study');
    await page.getByRole('link', { name: /^A1 — / }).waitFor();
    await look(page, 'study');
    for (let index = 1; index <= 17; index++) {
      // The generated year's own window (the log also holds today's requests of the other tests).
      await page.goto(`${gateway.url}/study/A${index}?from=2024-11-03&to=2025-12-01`);
      await page.getByRole('heading', { name: new RegExp(`^A${index} — `) }).waitFor({ timeout: 30_000 });
      const figures = await page.locator('.figure svg').count();
      expect(figures, `A${index}`).toBeGreaterThan(0);
      // Every figure has drawn marks, not an empty frame.
      const empty = await page.locator('.figure svg').evaluateAll((svgs) => svgs.filter((svg) => svg.querySelectorAll('polygon, rect, circle, path').length < 1).length);
      expect(empty, `A${index}: empty figures`).toBe(0);
      await look(page, `study-A${index}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('keeps an ordinary key to its own account and away from the admin pages', async () => {
    const { context, page } = await newPage();
    await signIn(page, otherKey);
    await page.goto(`${gateway.url}/keys`);
    await page.getByRole('heading', { name: 'Management key needed' }).waitFor();
    const answers = await page.evaluate(async () => {
      const status = async (path: string, init?: RequestInit) => (await fetch(path, init)).status;
      const listed = await fetch('/api/v1/dashboard/generations');
      const list = (await listed.json()) as { data?: { account_id: string }[]; error?: unknown };
      if (!list.data) throw new Error(`generations: ${listed.status} ${JSON.stringify(list)}`);
      return {
        keys: await status('/api/v1/keys'),
        createKey: await status('/api/v1/keys', { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchboard-dashboard': '1' }, body: JSON.stringify({ name: 'x' }) }),
        study: await status('/api/v1/study/analyses/A1'),
        accountsList: await status('/api/v1/dashboard/accounts'),
        accounts: [...new Set(list.data.map((row) => row.account_id))],
      };
    });
    expect(answers.keys).toBe(403);
    expect(answers.createKey).toBe(403);
    expect(answers.study).toBe(403);
    expect(answers.accountsList).toBe(403);
    expect(answers.accounts.filter((account) => account !== 'beta')).toEqual([]);
    // Another account's generation, by id: not found.
    const acme = (await (await gateway.storeClient().query({ query: "SELECT id FROM generations WHERE account_id = 'acme' LIMIT 1", format: 'JSONEachRow' })).json()) as { id: string }[];
    const id = acme[0]!.id;
    expect(await page.evaluate(async (other) => (await fetch(`/api/v1/dashboard/generations/${other}`)).status, id)).toBe(404);
    await context.close();
  });

  it('lets a signed-in user authorize an app (OAuth PKCE): sign in, Allow, the app gets a code it exchanges for a working key', async () => {
    const { context, page, errors } = await newPage();
    const verifier = 'the-app-verifier-0123456789-0123456789-0123456789';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const callback = 'https://app.example/callback';
    // The app's callback is not reachable from here: the browser's navigation to it is caught and answered.
    await context.route('https://app.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>App</title><p>Signed in</p>' }));
    const authorize = `/auth?callback_url=${encodeURIComponent(callback)}&code_challenge=${challenge}&code_challenge_method=S256&limit=3`;
    await signIn(page, otherKey, authorize);
    expect(new URL(page.url()).pathname).toBe('/auth');
    await page.getByRole('heading', { name: /app\.example asks for an API key/ }).waitFor();
    await look(page, 'authorize');
    await page.getByRole('button', { name: 'Allow' }).click();
    // The consent page's own URL names the app too: wait for the app's host itself.
    await page.waitForURL((url) => url.hostname === 'app.example');
    const code = new URL(page.url()).searchParams.get('code');
    expect(code).toBeTruthy();
    const exchanged = await gateway.call('/api/v1/auth/keys', { json: { code, code_verifier: verifier, code_challenge_method: 'S256' } });
    expect(exchanged.status).toBe(200);
    const { key, user_id } = (await exchanged.json()) as { key: string; user_id: string };
    expect(user_id).toBe('beta');
    expect((await gateway.call('/api/v1/chat/completions', { key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5 } })).status).toBe(200);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('looked at every page', () => {
    for (const name of ['sign-in', 'home', 'keys', 'logs', 'log-detail', 'activity', 'models', 'model-page', 'rankings', 'live', 'study', 'authorize']) expect(pagesSeen, name).toContain(name);
  });
});
