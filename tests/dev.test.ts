// npm run dev in a real headless Chromium (issue 6): the preview follows the
// manuscript without a manual reload, shows a broken book.yaml over the last
// good build, recovers when it is fixed, and serves nothing but the book.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDevServer } from '../scripts/dev.ts';
import { findBrowser, launchBrowser } from '../scripts/lib/browser.ts';
import { itWith, type Tool } from './support/tools.ts';
import { allowance } from './support/budget.ts';

const executable = await findBrowser().catch(() => undefined);
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

const dir = mkdtempSync(path.join(os.tmpdir(), 'paiban-dev-'));
const manuscript = path.join(dir, 'manuscript');
cpSync('manuscript', manuscript, { recursive: true });
const chapterFile = path.join(manuscript, '01-deepseek.md');
const yamlFile = path.join(manuscript, 'book.yaml');
const goodYaml = readFileSync(yamlFile, 'utf8');

const lines: string[] = [];
let server: Awaited<ReturnType<typeof startDevServer>>;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  server = await startDevServer({ manuscript, port: 0, overrides: {}, pdf: executable !== undefined, log: (line) => lines.push(line) });
  if (executable) browser = await launchBrowser(executable);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const status = async () => (await fetch(new URL('/status', server.url))).json() as Promise<{ version: number; ok: boolean; errors: string[]; pdfVersion: number }>;
const frame = (): Frame => page.frames().find((f) => f !== page.mainFrame())!;
/** Wait until the preview's frame shows `text` (polling, as a reader would look). */
async function frameShows(text: string, timeout = allowance({ build: 1 })): Promise<void> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const body = await frame()?.evaluate(() => document.body?.textContent ?? '').catch(() => '');
    if (body?.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the preview never showed "${text}"`);
}

describe('npm run dev', () => {
  itWith(chromium, 'serves on 127.0.0.1 only and shows the book', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    page = await browser!.newPage();
    await page.goto(server.url);
    await frameShows('上個月底，中國人工智慧新創公司深度求索');
    expect(lines.some((l) => /^✓ rebuilt deepseek in \d+\.\d\d s/.test(l))).toBe(true);
  });

  itWith(chromium, 'shows an edited paragraph without a manual reload', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    writeFileSync(chapterFile, readFileSync(chapterFile, 'utf8').replace('上個月底，中國', '上個月末，中國'));
    await frameShows('上個月末，中國人工智慧新創公司');
    // The preview page itself stayed: only its frame was reloaded.
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  });

  itWith(chromium, 'shows a broken book.yaml over the last good build, with file, line and column, and recovers when it is fixed', async () => {
    writeFileSync(yamlFile, 'title: [\n');
    await page.waitForSelector('#overlay:not([hidden])', { timeout: allowance({ build: 1 }) });
    const overlay = await page.$eval('#overlay', (e) => e.textContent ?? '');
    expect(overlay).toContain(`${yamlFile}:2:1: error: Unexpected YAML`);
    expect(lines.join('\n')).toContain('✗ build failed; the preview shows the last good build');
    await frameShows('上個月末，中國');
    writeFileSync(yamlFile, goodYaml);
    await page.waitForSelector('#overlay[hidden]', { timeout: allowance({ build: 1 }) });
    expect((await status()).ok).toBe(true);
    await frameShows('上個月末，中國');
  });

  itWith(chromium, 'prints the PDF in the background and serves it', async () => {
    const end = Date.now() + allowance({ build: 1, chromium: 1 });
    while ((await status()).pdfVersion < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    const response = await fetch(new URL('/book.pdf', server.url));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  itWith(chromium, 'runs no script in the book\'s pages and serves nothing from outside the book', async () => {
    const book = await fetch(new URL('/book/index.html', server.url));
    expect(book.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(await page.$eval('iframe', (f) => f.getAttribute('sandbox'))).toBe('allow-same-origin');
    for (const probe of ['/book/../../package.json', '/book/%2e%2e/%2e%2e/package.json', '/print/..%2f..%2fpackage.json', '/etc/passwd', '/book/fonts/../../../../etc/passwd']) {
      const response = await fetch(new URL(probe, server.url));
      expect(response.status, probe).toBe(404);
    }
  });
});
