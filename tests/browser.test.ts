// The browser is found in a fixed order and never downloaded.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser, MissingBrowserError } from '../scripts/lib/browser.ts';

const emptyCache = mkdtempSync(path.join(os.tmpdir(), 'paiban-cache-'));
afterAll(() => rmSync(emptyCache, { recursive: true, force: true }));

describe('findBrowser', () => {
  it('takes PUPPETEER_EXECUTABLE_PATH first', async () => {
    expect(await findBrowser({ PUPPETEER_EXECUTABLE_PATH: process.execPath, PUPPETEER_CACHE_DIR: emptyCache }, ['/bin/sh'])).toBe(process.execPath);
  });

  it('falls back to the system browsers, in order', async () => {
    expect(await findBrowser({ PUPPETEER_CACHE_DIR: emptyCache }, ['/nonexistent/chromium', '/bin/sh'])).toBe('/bin/sh');
  });

  it('says where it looked and how to install one when there is none', async () => {
    const search = findBrowser({ PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome', PUPPETEER_CACHE_DIR: emptyCache }, ['/nonexistent/chromium']);
    await expect(search).rejects.toBeInstanceOf(MissingBrowserError);
    await expect(search).rejects.toThrow(/PUPPETEER_EXECUTABLE_PATH=\/nonexistent\/chrome \(not an executable file\)[\s\S]*\/nonexistent\/chromium[\s\S]*apt-get install chromium/);
  });
});
