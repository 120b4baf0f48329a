// paiban dev: the author's loop. Watches the manuscript and the templates,
// rebuilds the web edition and the print page in memory on every change
// (the same prepareBook as the build), and serves them on 127.0.0.1 with a
// preview page that reloads itself, keeping the reader's place. The PDF is
// printed in the background after each good build. A broken manuscript shows
// its errors over the preview and in the terminal; fixing it recovers.

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { watch } from 'chokidar';
import { prepareBook, type Overrides } from './build.ts';
import { BrowserSession, findBrowser } from './lib/browser.ts';
import { isWritingMode } from './lib/config.ts';
import { BuildError, formatDiagnostic } from './lib/diagnostics.ts';
import { printedLineCss, renderPrintPage, renderWebPage, template, type WebPage } from './lib/html.ts';
import { TEMPLATES_DIR, loadTemplates } from './lib/load.ts';
import { printSite, toPdf } from './lib/pdf.ts';
import { cacheFor } from './lib/cache.ts';

const HELP = `Usage: npm run dev -- [options]

Serves a live preview of the book on http://127.0.0.1:PORT/ and rebuilds it
whenever a file in the manuscript folder or in templates/ changes.

Options:
  --manuscript DIR   the manuscript folder (default: manuscript)
  --port N           the port (default: 4173; 0 picks a free one)
  --writing-mode M   horizontal or vertical (直排); overrides layout.writingMode
  --no-pdf           do not print the PDF in the background
  -h, --help         show this help`;

/** What the preview shows: the last good build, or why the last one failed. */
interface Snapshot {
  version: number;
  ok: boolean;
  errors: string[];
  warnings: string[];
  seconds: number;
  pdf: string;
  pdfVersion: number;
}

/** The last good build and its two pages. */
interface Site {
  prepared: Awaited<ReturnType<typeof prepareBook>>;
  web: WebPage;
  print: WebPage;
}

/** What a save rebuilds before the preview reloads: the book prepared again and its two pages (the PDF follows). */
export async function buildSite(manuscript: string, overrides: Overrides = {}): Promise<Site> {
  const prepared = await prepareBook(manuscript, overrides);
  const { book, templates, fonts } = prepared;
  return { prepared, web: renderWebPage(book, templates, fonts), print: renderPrintPage(book, templates, fonts) };
}

/** Coalesce bursts of file events (an editor's save is several) into one run, never two at once. */
function serialized(run: () => Promise<void>, delayMs: number) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const start = () => {
    if (running) return void (again = true);
    running = run().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        start();
      }
    });
  };
  return {
    trigger() {
      clearTimeout(timer);
      timer = setTimeout(start, delayMs);
    },
    /** Settles when no run is pending or going: nothing is left half-done at close. */
    async idle() {
      clearTimeout(timer);
      again = false;
      while (running) await running;
    },
  };
}

export async function startDevServer(options: { manuscript: string; port: number; overrides: Overrides; pdf: boolean; log?: (line: string) => void }) {
  const log = options.log ?? ((line: string) => console.log(line));
  const shell = template(await loadTemplates(), 'dev/preview.html');
  const snapshot: Snapshot = { version: 0, ok: false, errors: ['Building…'], warnings: [], seconds: 0, pdf: '', pdfVersion: 0 };
  let site: Site | undefined;
  /** The newest PDF, even if the manuscript changed since: another print follows. */
  let pdf: Uint8Array | undefined;
  const listeners = new Set<ServerResponse>();
  const publish = () => {
    for (const response of listeners) response.write(`event: state\ndata: ${JSON.stringify(snapshot)}\n\n`);
  };

  /** One Chromium for the whole dev run, started with the first PDF; unchanged parts of the book are not printed again. */
  let browser: BrowserSession | undefined;
  const cache = cacheFor('prints');
  const fontCache = cacheFor('fonts');
  const printPdf = serialized(async () => {
    if (!site || !options.pdf) return;
    const started = performance.now();
    snapshot.pdf = '排版中…';
    publish();
    try {
      const { book, templates, fonts, missingGlyphs } = site.prepared;
      browser ??= new BrowserSession(await findBrowser());
      ({ bytes: pdf } = await toPdf(book, { templates, fonts, missingGlyphs, browser, cache, fontCache, readFont: (file) => readFile(file) }));
      snapshot.pdf = `${((performance.now() - started) / 1000).toFixed(1)} s`;
      snapshot.pdfVersion++;
    } catch (error) {
      snapshot.pdf = `失敗：${(error as Error).message.split('\n')[0]}`;
      log(`✗ pdf: ${(error as Error).message}`);
    }
    publish();
  }, 0);

  const rebuild = serialized(async () => {
    const started = performance.now();
    try {
      site = await buildSite(options.manuscript, options.overrides);
      const { book, warnings } = site.prepared;
      Object.assign(snapshot, { version: snapshot.version + 1, ok: true, errors: [], warnings: warnings.map(formatDiagnostic), seconds: (performance.now() - started) / 1000 });
      log(`✓ rebuilt ${book.slug} in ${snapshot.seconds.toFixed(2)} s${warnings.length ? `, ${warnings.length} warning(s)` : ''}`);
      for (const warning of snapshot.warnings) log(warning);
      printPdf.trigger();
    } catch (error) {
      const errors = error instanceof BuildError ? error.diagnostics.map(formatDiagnostic) : [`${(error as Error).message}`];
      Object.assign(snapshot, { ok: false, errors, seconds: (performance.now() - started) / 1000 });
      log(`✗ build failed; the preview shows the last good build:\n${errors.join('\n')}`);
    }
    publish();
  }, 40);

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, type: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      response.end(body);
    };
    if (request.method !== 'GET') return send(405, 'text/plain', 'GET only');
    if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', shell);
    if (url.pathname === '/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write(`event: state\ndata: ${JSON.stringify(snapshot)}\n\n`);
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    if (url.pathname === '/status') return send(200, 'application/json', JSON.stringify(snapshot));
    if (!site) return send(503, 'text/plain; charset=utf-8', 'The book has not been built yet.');
    if (url.pathname === '/book.pdf') {
      return pdf ? send(200, 'application/pdf', pdf) : send(404, 'text/plain; charset=utf-8', snapshot.pdf || 'No PDF yet.');
    }
    // The book's pages, from memory only: no path reaches the file system. No script runs in them.
    const [, part, ...rest] = url.pathname.split('/');
    const page = part === 'book' ? site.web : part === 'print' ? site.print : undefined;
    const file = page ? await printSite(page, site.prepared.book.images)(`/${rest.join('/')}`) : undefined;
    if (!file) return send(404, 'text/plain; charset=utf-8', 'Not in the book.');
    // On screen, the print page is as wide as a printed line, so its lines break as on paper.
    const body = part === 'print' && rest.join('/') === 'style.css' ? `${file.body}\n${printedLineCss(site.print)}\n:root { margin-inline: auto; }` : file.body;
    return send(200, file.contentType, body, { 'Content-Security-Policy': "script-src 'none'; object-src 'none'; base-uri 'none'" });
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: Error) => {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(error.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Never beyond this machine: the preview serves an unpublished manuscript.
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  // chokidar, not fs.watch: Node 20's recursive watch on Linux loses a file that an editor saves by renaming over it.
  const watcher = watch([path.resolve(options.manuscript), TEMPLATES_DIR], { ignoreInitial: true }).on('all', () => rebuild.trigger());
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  rebuild.trigger();
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await watcher.close();
      await rebuild.idle();
      await printPdf.idle();
      await browser?.close();
      for (const response of listeners) response.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        manuscript: { type: 'string', default: 'manuscript' },
        port: { type: 'string', default: '4173' },
        'writing-mode': { type: 'string' },
        'no-pdf': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`paiban dev: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port);
  const writingMode = values['writing-mode'];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`paiban dev: Unexpected --port "${values.port}", expected a number from 0 to 65535\n\n${HELP}`);
    return 2;
  }
  if (writingMode !== undefined && !isWritingMode(writingMode)) {
    console.error(`paiban dev: Unexpected writing mode "${writingMode}", expected "horizontal" or "vertical"\n\n${HELP}`);
    return 2;
  }
  const server = await startDevServer({ manuscript: values.manuscript, port, overrides: { writingMode }, pdf: !values['no-pdf'] });
  console.log(`paiban dev: ${server.url} (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

if (process.argv[1]?.endsWith('scripts/dev.ts')) process.exitCode = await main(process.argv.slice(2));
