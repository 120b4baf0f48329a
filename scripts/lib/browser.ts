// Find, launch and sandbox Chromium. The browser is never downloaded: it is
// found in a fixed, documented order, and a missing one is an error that says
// how to get one.

import { rmSync } from 'node:fs';
import { access, constants, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Browser as BrowserName, CDP_WEBSOCKET_ENDPOINT_REGEX, getInstalledBrowsers, launch as startBrowserProcess } from '@puppeteer/browsers';
import puppeteer, { type Browser, type CDPSession, type Page, type Protocol } from 'puppeteer-core';
import { onInterrupt } from './cleanup.ts';

export const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export class MissingBrowserError extends Error {
  constructor(tried: string[]) {
    super(
      [
        'No Chromium or Chrome found to print the PDF. Looked at:',
        ...tried.map((t) => `  ${t}`),
        'Install one and build again:',
        '  apt-get install chromium                              (Debian, Ubuntu)',
        '  npx puppeteer browsers install chrome-headless-shell  (any system; then it is found in puppeteer\'s cache)',
        'or point PUPPETEER_EXECUTABLE_PATH at an installed Chrome or Chromium.',
      ].join('\n'),
    );
    this.name = 'MissingBrowserError';
  }
}

/** Whether a file exists and may be run (a browser, Ghostscript). */
export async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(() => true, () => false);
}

/** The folders of the PATH, in order. */
export const pathFolders = (env: NodeJS.ProcessEnv) => (env.PATH ?? '').split(path.delimiter).filter(Boolean);

/** The first of `folders` that holds every one of `programs`, runnable (Ghostscript's gs; poppler's pair). */
export async function folderWith(folders: readonly string[], programs: readonly string[]): Promise<string | undefined> {
  for (const folder of folders) {
    const runnable = await Promise.all(programs.map((program) => isExecutable(path.join(folder, program))));
    if (runnable.every(Boolean)) return folder;
  }
  return undefined;
}

/**
 * PUPPETEER_EXECUTABLE_PATH, then puppeteer's cache (PUPPETEER_CACHE_DIR or
 * ~/.cache/puppeteer: chrome-headless-shell, then chrome), then the system's
 * Chromium or Chrome.
 */
export async function findBrowser(env: NodeJS.ProcessEnv = process.env, systemBrowsers = SYSTEM_BROWSERS): Promise<string> {
  const tried: string[] = [];
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return fromEnv;
    tried.push(`PUPPETEER_EXECUTABLE_PATH=${fromEnv} (not an executable file)`);
  } else tried.push('PUPPETEER_EXECUTABLE_PATH (not set)');

  const cacheDir = env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer');
  const cached = await getInstalledBrowsers({ cacheDir }).catch(() => []);
  const preference = [BrowserName.CHROMEHEADLESSSHELL, BrowserName.CHROME, BrowserName.CHROMIUM];
  cached.sort((a, b) => preference.indexOf(a.browser) - preference.indexOf(b.browser));
  for (const browser of cached) {
    if (await isExecutable(browser.executablePath)) return browser.executablePath;
  }
  tried.push(`puppeteer's cache ${cacheDir} (${cached.length ? 'no runnable browser' : 'empty'})`);

  for (const file of systemBrowsers) {
    if (await isExecutable(file)) return file;
  }
  tried.push(...systemBrowsers);
  throw new MissingBrowserError(tried);
}

/** A Chromium that has not answered within this is reported and stopped. */
export const LAUNCH_TIMEOUT_MS = 30_000;

/** Its profile folders start so, with the build's pid: a test can tell whose they are. */
export const PROFILE_PREFIX = 'paiban-chromium-';

/** Kill a browser's whole process group (it runs detached, in a group of its own). */
function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Each browser's process group, for closeBrowser (a connected Browser does not know its process). */
const processOf = new WeakMap<Browser, number>();

/**
 * Chromium, headless, with a profile of its own that goes when it goes.
 * paiban starts the process itself (@puppeteer/browsers) and then connects,
 * so that it holds the process from the first moment: a Chromium that dies
 * or hangs while starting is seen at once, killed and reported, never
 * waited for. If the build is stopped (Ctrl-C, SIGTERM) it is killed and its
 * profile removed (cleanup.ts).
 */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const extra = [
    '--disable-gpu',
    // This machine has no network beyond package registries, and a book needs none.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-default-apps',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
    // Chromium's sandbox cannot start as root (containers, CI); elsewhere keep it.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  // The arguments puppeteer.launch would give, so the pages are laid out as they always were.
  const args = [...puppeteer.defaultArgs({ headless: true, args: extra, userDataDir }), '--remote-debugging-port=0'];
  let pid: number | undefined;
  // Nothing of it may stay: on Ctrl-C, if it fails to start, and when it is closed or crashes.
  // At once, not async: a process that ends right after closing its browser would not wait for a removal.
  const release = () => {
    killTree(pid);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  const done = onInterrupt(release);
  const releaseNow = () => {
    done();
    release();
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const chromium = startBrowserProcess({ executablePath, args, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, detached: true, env: process.env });
    pid = chromium.nodeProcess.pid;
    // Whichever comes first: its endpoint, its death, or the time it was given.
    const died = new Promise<never>((_, reject) =>
      chromium.nodeProcess.once('exit', (code, signal) => reject(new Error(`Failed to launch the browser process: it exited while starting (${signal ?? `exit code ${code}`})`))),
    );
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Failed to launch the browser process: no answer within ${LAUNCH_TIMEOUT_MS / 1000} s`)), LAUNCH_TIMEOUT_MS)));
    died.catch(() => undefined);
    const endpoint = await Promise.race([chromium.waitForLineOutput(CDP_WEBSOCKET_ENDPOINT_REGEX), died, late]);
    const browser = await Promise.race([puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout: 120_000, defaultViewport: { width: 800, height: 600 } }), died, late]);
    if (pid !== undefined) processOf.set(browser, pid);
    browser.once('disconnected', releaseNow);
    return browser;
  } catch (error) {
    releaseNow();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Close a browser that may have crashed or hung: ask, then kill. */
export async function closeBrowser(browser: Browser): Promise<void> {
  // The timer keeps the process alive: a close that never answers must not end the build mid-way.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([browser.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
  clearTimeout(timer);
  killTree(processOf.get(browser));
}

/**
 * One Chromium for a whole build or dev run: launched on first use, shared by
 * every print (the screen PDF, the printer's, each rebuild in `npm run dev`),
 * and replaced when it has died. Closed by whoever made it.
 */
export class BrowserSession {
  readonly executablePath: string;
  #browser: Promise<Browser> | undefined;

  constructor(executablePath: string) {
    this.executablePath = executablePath;
  }

  /** The running browser, launched if there is none, or if the last one died or never started (`onDied` hears of that). */
  async get(onDied: () => void = () => {}): Promise<Browser> {
    if (this.#browser) {
      const current = await this.#browser.catch(() => undefined);
      if (current?.connected) return current;
      onDied();
    }
    this.#browser = launchBrowser(this.executablePath);
    return this.#browser;
  }

  /**
   * Kill the browser that crashed or hung (`failed`, by default the current
   * one) and start another — unless another print that shared it has already
   * replaced it.
   */
  async replace(failed?: Browser): Promise<Browser> {
    const current = this.#browser && (await this.#browser.catch(() => undefined));
    if (failed && current && current !== failed && current.connected) return current;
    await this.close();
    return this.get();
  }

  async close(): Promise<void> {
    const current = this.#browser && (await this.#browser.catch(() => undefined));
    this.#browser = undefined;
    if (current) await closeBrowser(current);
  }
}

export interface SiteFile {
  body: Uint8Array | string;
  contentType: string;
}

/** A page's files by path under the site's origin; `undefined` means 404. */
export type SiteResolver = (pathname: string) => Promise<SiteFile | undefined>;

/** The made-up origin the book is served from: never resolvable, never on the network. */
export const BOOK_ORIGIN = 'https://book.paiban.invalid';

export interface PageReport {
  /** Requests refused: outside the book, or not found in it. */
  blocked: string[];
  errors: string[];
}

/**
 * A page that runs no JavaScript and can reach nothing but the book's own
 * files: every request is answered from `resolve` or refused. The requests
 * are held and answered through DevTools' Fetch domain directly rather than
 * puppeteer's request interception, which turns each body into base64 in
 * script: ~90 ms of the build's one thread for the fonts of every print,
 * while Chromium waited for them (Buffer does it natively). The cache is off,
 * as it is under puppeteer's interception: every part of a book has its own
 * index.html and style.css at the same addresses, and nothing may be answered
 * without asking `resolve`.
 */
export async function openBookPage(browser: Browser, resolve: SiteResolver): Promise<{ page: Page; report: PageReport }> {
  const page = await browser.newPage();
  const report: PageReport = { blocked: [], errors: [] };
  await page.setJavaScriptEnabled(false);
  await page.setCacheEnabled(false);
  const devtools = await page.createCDPSession();
  devtools.on('Fetch.requestPaused', (paused) => {
    void answer(devtools, paused, resolve, report);
  });
  await devtools.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  page.on('pageerror', (error) => report.errors.push(String(error)));
  page.on('console', (message) => {
    // A refused request is already in `blocked`; Chromium's console line for it adds nothing.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) report.errors.push(message.text());
  });
  return { page, report };
}

async function answer(devtools: CDPSession, { requestId, request }: Protocol.Fetch.RequestPausedEvent, resolve: SiteResolver, report: PageReport): Promise<void> {
  const url = new URL(request.url);
  // A page closed meanwhile (a failed print) has nothing left to answer: a refused send is let go.
  const ignore = () => undefined;
  if (url.protocol === 'data:') return void (await devtools.send('Fetch.continueRequest', { requestId }).catch(ignore));
  const file = url.origin === BOOK_ORIGIN && request.method === 'GET' ? await resolve(decodeURIComponent(url.pathname)) : undefined;
  if (!file) {
    report.blocked.push(request.url);
    return void (await devtools.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }).catch(ignore));
  }
  const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength);
  await devtools
    .send('Fetch.fulfillRequest', {
      requestId,
      responseCode: 200,
      responseHeaders: [
        { name: 'content-type', value: file.contentType },
        { name: 'content-length', value: String(body.byteLength) },
      ],
      body: body.toString('base64'),
    })
    .catch(ignore);
}
