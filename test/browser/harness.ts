import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/platform/config';
import { buildApp, type App } from '../../src/server/app';
import type { AppContext } from '../../src/server/platform/context';
import { closeContext, createContext } from '../../src/server/runtime';
import { freshDatabase } from '../helpers/app';

export type Harness = { base: string; ctx: AppContext; browser: Browser; close(): Promise<void> };

/**
 * The real server on a random port over a fresh database, and Debian's Chromium driven by playwright-core;
 * `env` adds settings (an `SMTP_URL` of a test's SMTP peer, say).
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  if (!existsSync('dist/web/index.html') || !existsSync('dist/web/portal.html'))
    execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
  const database = await freshDatabase();
  const ctx = await createContext(
    loadConfig({
      LOG_LEVEL: 'silent',
      JOBJACKET_DEMO: '0',
      PORT: '0',
      JOBJACKET_FILES_DIR: mkdtempSync(path.join(tmpdir(), 'jj-files-')),
      ...env,
    }),
    {
      database,
      queue: { supervise: false },
    },
  );
  const app: App = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    base,
    ctx,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await closeContext(ctx);
    },
  };
}

/** Opens a new browser page signed in through the sign-in form. */
export async function signIn(h: Harness, email: string, password: string): Promise<Page> {
  const page = await (await h.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${h.base}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'User menu' }).waitFor();
  return page;
}

/** Calls the staff API as a page's signed-in user (its cookie, the CSRF token from /auth/me), for test set-up. */
export async function staffApi(h: Harness, page: Page, method: string, url: string, data?: unknown) {
  const me = await (await page.request.get(`${h.base}/api/v1/auth/me`)).json();
  const res = await page.request.fetch(`${h.base}${url.startsWith('/api/') ? url : `/api/v1${url}`}`, {
    method,
    data: data as object,
    headers: { 'x-csrf-token': me.csrfToken },
  });
  const body = await res.text();
  return { statusCode: res.status(), body, json: () => JSON.parse(body) };
}
