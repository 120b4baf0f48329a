// The web edition in a real browser: served over HTTP as a reader's browser
// gets it, at phone and desktop widths.

import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchBrowser } from '../scripts/lib/browser.ts';
import { PNG } from 'pngjs';
import { folderHashes, rebuild, webDir } from './support/outputs.ts';
import { createHash } from 'node:crypto';
import { itWith, type Tool } from './support/tools.ts';
import { compareImage, MAX_DIFFERING } from './support/visual.ts';

const executable = await findBrowser().catch(() => undefined);
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.woff2': 'font/woff2' };

let server: Server;
let origin: string;
let browser: Browser | undefined;

beforeAll(async () => {
  const root = webDir();
  server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html');
    const file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (executable) browser = await launchBrowser(executable);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

async function open(width: number, height: number, scheme: 'light' | 'dark' = 'light') {
  const page = await browser!.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
  await page.goto(`${origin}/index.html`, { waitUntil: 'networkidle0' });
  await page.evaluate(() => document.fonts.ready);
  return { page, problems };
}

describe('web edition', () => {
  for (const [name, width, height] of [['phone', 390, 844], ['desktop', 1280, 900]] as const) {
    itWith(chromium, `loads on a ${name} (${width}px) with no failed request, no console error and no sideways scrolling`, async () => {
      const { page, problems } = await open(width, height);
      expect(problems).toEqual([]);
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        lang: document.documentElement.lang,
        title: document.title,
        toc: [...document.querySelectorAll('nav.toc a')].map((a) => a.textContent),
      }));
      expect(layout.overflow).toBeLessThanOrEqual(0);
      expect(layout.lang).toBe('zh-Hant');
      expect(layout.title).toBe('深度求索是否改變了人工智能遊戲的玩法呢？');
      expect(layout.toc).toEqual(['深度求索是否改變了人工智能遊戲的玩法呢？', '斯普尼特克時刻？', '美國人工智能公司並沒有採取低成本策略', '深度求索暫時未改變美國公司的開源模式', '結語']);
      await page.close();
    });
  }

  itWith(chromium, 'sets the text in the book font, regular and real bold, from its own files', async () => {
    const { page, problems } = await open(800, 900);
    const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`));
    expect(problems).toEqual([]);
    expect(new Set(fonts)).toEqual(new Set(['Noto Serif TC 400', 'Noto Serif TC 700']));
    const paragraph = await page.evaluate(() => {
      const p = document.querySelector('main p:not(address p)')!;
      const style = getComputedStyle(p);
      return { indent: parseFloat(style.textIndent) / parseFloat(style.fontSize), align: style.textAlign, margin: style.marginBottom, lineBreak: style.lineBreak };
    });
    expect(paragraph).toEqual({ indent: 2, align: 'justify', margin: '0px', lineBreak: 'strict' });
    await page.close();
  });

  const views = [['phone', 390, 844, 'light'], ['phone', 390, 844, 'dark'], ['desktop', 1280, 900, 'light']] as const;
  for (const [name, width, height, scheme] of views) {
    itWith(chromium, `looks as it did on a ${name} in ${scheme} mode (screenshot against tests/baselines/web-${name}-${scheme}.png)`, async () => {
      const { page, problems } = await open(width, height, scheme);
      expect(problems).toEqual([]);
      const shot = PNG.sync.read(Buffer.from(await page.screenshot({ type: 'png' })));
      const { differing, message } = compareImage(shot, `web-${name}-${scheme}`);
      expect(differing, message).toBeLessThanOrEqual(MAX_DIFFERING);
      await page.close();
    });
  }

  itWith(chromium, 'is readable on a phone: body text at 16 px or more, 15 to 25 characters a line, a desktop line no wider than 36 characters', async () => {
    const measure = async (width: number) => {
      const { page } = await open(width, 900);
      const result = await page.evaluate(() => {
        const p = document.querySelector('main p:not(address p)')!;
        const size = parseFloat(getComputedStyle(p).fontSize);
        return { size, perLine: p.getBoundingClientRect().width / size };
      });
      await page.close();
      return result;
    };
    const phone = await measure(390);
    expect(phone.size).toBeGreaterThanOrEqual(16);
    expect(phone.perLine).toBeGreaterThanOrEqual(15);
    expect(phone.perLine).toBeLessThanOrEqual(25);
    const desktop = await measure(1280);
    expect(desktop.perLine).toBeLessThanOrEqual(36);
  });

  itWith(chromium, 'turns dark with the reader\'s system: light text on a dark page, the contrast kept', async () => {
    const colours = async (scheme: 'light' | 'dark') => {
      const { page } = await open(390, 844, scheme);
      const result = await page.evaluate(() => {
        const luminance = (css: string) => {
          const [r, g, b] = css.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((n) => Number(n) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const paper = luminance(getComputedStyle(document.documentElement).backgroundColor);
        const ink = luminance(getComputedStyle(document.querySelector('main p')!).color);
        return { paper, ink, contrast: (Math.max(paper, ink) + 0.05) / (Math.min(paper, ink) + 0.05) };
      });
      await page.close();
      return result;
    };
    const light = await colours('light');
    const dark = await colours('dark');
    expect(light.paper).toBeGreaterThan(light.ink);
    expect(dark.paper).toBeLessThan(dark.ink);
    // WCAG AA for body text: 4.5 : 1 at least.
    expect(light.contrast).toBeGreaterThanOrEqual(4.5);
    expect(dark.contrast).toBeGreaterThanOrEqual(4.5);
  });

  itWith(chromium, 'takes a reader from each contents entry to its heading', async () => {
    const { page, problems } = await open(390, 844);
    const targets = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLAnchorElement>('nav.toc a')].map((a) => {
        const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
        return { entry: a.textContent, heading: target?.querySelector('h1, h2, h3')?.textContent ?? target?.textContent ?? null };
      }),
    );
    expect(problems).toEqual([]);
    for (const { entry, heading } of targets) expect(heading?.replace(/\s/g, ''), entry ?? '').toBe(entry?.replace(/\s/g, ''));
    await page.close();
  });

  it('gives the same files, byte for byte, when built again with the same SOURCE_DATE_EPOCH', () => {
    const again = rebuild('html');
    expect(again.status, again.stderr).toBe(0);
    expect(again.sha256).toBe(createHash('sha256').update(JSON.stringify(folderHashes(webDir()))).digest('hex'));
  });
});

