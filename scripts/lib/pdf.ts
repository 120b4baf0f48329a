// The package stage for print: the print page → PDF bytes. Chromium lays out
// and prints; pdf-lib then writes what Chromium does not (Author, Subject,
// Keywords, Creator, /Lang, reading direction) and replaces the build-clock
// dates with the source date, so that two builds give the same bytes.

import { readFile, stat } from 'node:fs/promises';
import { toText } from 'hast-util-to-text';
import pMap from 'p-map';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, ReadingDirection, type PDFRef } from 'pdf-lib';
import type { Browser } from 'puppeteer-core';
import type { Book } from './book.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { BookImage } from './images.ts';
import { BOOK_ORIGIN, BrowserSession, closeBrowser, launchBrowser, openBookPage, type SiteResolver } from './browser.ts';
import { subsetFonts, type EmbeddedFont } from './embed-fonts.ts';
import { describeCharacter, type FontFace } from './fonts.ts';
import { loadFontkit, pageRoles, stampFolios } from './folios.ts';
import { chapterHeading, pageGeometry, printedLineCss, renderPrintPart, versoShiftPt, type PageGeometry, type PrintLayout, type PrintPart, type WebPage } from './html.ts';
import { joinPdfs } from './join.ts';
import { contentKey, type ContentCache } from './cache.ts';
import type { Templates } from './load.ts';
import { toGray } from './ghostscript.ts';
import { padToSignature, setPressBoxes, settleAfterGhostscript, type PrintVariant } from './press.ts';
import { TCY_CHARACTER } from './typeset/rules/tate-chu-yoko.ts';
import { GENERATOR } from './version.ts';

export class PdfError extends Error {
  override name = 'PdfError';
}

/** Chromium crashed or hung twice: the tool's fault, not the book's. */
export class BrowserFailedError extends PdfError {
  override name = 'BrowserFailedError';
}

/** Serve the print page, its CSS, its font files and the book's images; nothing else exists. */
export function printSite(page: WebPage, images: readonly BookImage[] = []): SiteResolver {
  const fonts = new Map(page.fonts.map((f) => [`/fonts/${f.file}`, f]));
  const pictures = new Map(images.map((i) => [`/${i.href}`, i]));
  return async (pathname) => {
    if (pathname === '/index.html') return { body: page.html, contentType: 'text/html; charset=utf-8' };
    // The printed line's length too: it sets the lines on screen as on paper, and (oddly) on paper too.
    if (pathname === '/style.css') return { body: `${page.css}\n${printedLineCss(page)}`, contentType: 'text/css; charset=utf-8' };
    const picture = pictures.get(pathname);
    if (picture) return { body: picture.bytes, contentType: picture.mediaType };
    const font = fonts.get(pathname);
    return font ? { body: font.bytes ?? (await readFile(font.path)), contentType: 'font/woff2' } : undefined;
  };
}

/** A paragraph whose last printed line holds one character or none besides punctuation (clreq: an orphan). */
export interface LoneLastLine {
  /** `file:line:col` of the paragraph in the manuscript. */
  source: string;
  lastLine: string;
}

/**
 * Runs in the print page laid out at the printed line length (from DevTools;
 * the page itself runs no script): the last line of every paragraph, read
 * from the boxes of its characters, and those that hold one character or none besides punctuation.
 */
function findLoneLastLines(): LoneLastLine[] {
  const found: LoneLastLine[] = [];
  for (const p of document.querySelectorAll<HTMLElement>('p[data-source]')) {
    const style = getComputedStyle(p);
    const vertical = style.writingMode.startsWith('vertical');
    // A new line starts half a line away; superscripts (footnote marks) are raised less than that.
    const halfLine = (parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2) / 2;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
    let lastLine = '';
    let lineAt: number | undefined;
    let lines = 1;
    read: for (const text of texts.reverse()) {
      for (let i = text.data.length - 1; i >= 0; i--) {
        if (!text.data[i]!.trim()) continue;
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        // Lines stack downwards, or leftwards in vertical-rl.
        const at = vertical ? -rect.left : rect.top;
        lineAt ??= at;
        if (at < lineAt - halfLine) {
          lines += 1;
          break read;
        }
        lastLine = text.data[i] + lastLine;
      }
    }
    // Lone: one character or none besides punctuation (a last line that is a long URL or word is not).
    const letters = lastLine.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
    if (lines > 1 && letters <= 1) found.push({ source: p.dataset.source!, lastLine });
  }
  return found;
}

/** A lone last line as a lint warning at the paragraph's place in the manuscript. */
export function loneLastLineWarning({ source, lastLine }: LoneLastLine): Diagnostic {
  const [, file, line, column] = /^(.*):(\d+):(\d+)$/.exec(source) ?? [source, source, '1', '1'];
  return {
    file: file!,
    line: Number(line),
    column: Number(column),
    severity: 'warning',
    message: `Unexpected lone "${lastLine}" on the last line of a paragraph in the PDF, expected two characters or more (rewrite the paragraph's end)`,
    ruleId: 'typography:lone-last-line',
  };
}

export interface PrintResult {
  pdf: Uint8Array;
  loneLastLines: LoneLastLine[];
}

/** Two minutes, and two more per megabyte of the page: a hung print is stopped, a long book is not. */
const printTimeout = (page: WebPage) => 120_000 + Math.ceil((page.html.length / 1_000_000) * 120_000);

/**
 * Print one page in an open browser; its tab is closed afterwards. Every
 * failed request or page error stops the build. The printed lines are read
 * for lone last characters if `readLines` (not for a page without chapters).
 */
async function printWith(browser: Browser, page: WebPage, images: readonly BookImage[], readLines = true): Promise<PrintResult> {
  const { page: tab, report } = await openBookPage(browser, printSite(page, images));
  try {
    // Laid out once, for print, before it loads: the lines read from this layout are the printed ones.
    await tab.emulateMediaType('print');
    await tab.goto(`${BOOK_ORIGIN}/index.html`, { waitUntil: 'load', timeout: 60_000 });
    await tab.evaluate(() => document.fonts.ready);
    const pdf = await tab.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      outline: true,
      waitForFonts: true,
      timeout: printTimeout(page),
    });
    if (report.blocked.length || report.errors.length) {
      throw new PdfError(`The print page asked for what the book does not have:\n${[...report.blocked, ...report.errors].map((e) => `  ${e}`).join('\n')}`);
    }
    if (!readLines) return { pdf, loneLastLines: [] };
    return { pdf, loneLastLines: await tab.evaluate(findLoneLastLines) };
  } finally {
    // A crashed browser cannot close its tab; the error that says so matters more.
    await tab.close().catch(() => undefined);
  }
}

/** Chromium prints the page; every failed request or page error stops the build. */
export async function printPdf(page: WebPage, executablePath: string, images: readonly BookImage[] = []): Promise<PrintResult> {
  const browser = await launchBrowser(executablePath);
  try {
    return await printWith(browser, page, images);
  } finally {
    await closeBrowser(browser);
  }
}

interface OutlineEntry {
  item: PDFDict;
  title: string;
  /** The page it points at, from 1 (0: none). */
  page: number;
}

/** Every bookmark of the PDF, depth first, as Chromium wrote them from the headings. */
function outlineEntries(pdf: PDFDocument): OutlineEntry[] {
  const pageIndex = new Map(pdf.getPages().map((page, i) => [page.ref.toString(), i + 1]));
  const entries: OutlineEntry[] = [];
  const walk = (ref: unknown) => {
    for (let item = pdf.context.lookup(ref as PDFRef) as PDFDict | undefined; item; item = item.lookup(PDFName.of('Next')) as PDFDict | undefined) {
      const title = item.lookup(PDFName.of('Title'));
      const dest = item.lookup(PDFName.of('Dest'));
      const target = dest instanceof PDFArray ? dest.get(0) : undefined;
      if (title instanceof PDFHexString || title instanceof PDFString) entries.push({ item, title: title.decodeText(), page: (target && pageIndex.get(target.toString())) ?? 0 });
      const first = item.get(PDFName.of('First'));
      if (first) walk(first);
    }
  };
  const outlines = pdf.catalog.lookup(PDFName.of('Outlines'));
  if (outlines instanceof PDFDict && outlines.get(PDFName.of('First'))) walk(outlines.get(PDFName.of('First')));
  return entries;
}

const squeeze = (s: string) => s.replace(/\s/g, '');

/**
 * Whether a bookmark title is this heading. Chromium repeats, in the bookmark
 * of a heading that wraps, a piece of text ending where each line ends:
 * 「深度求索是否改變了人深度求索是否改變了人工智能…」 when the heading is one
 * text node, 「…是否改變了是否改變了人工智能遊戲的人工智能遊戲的…」 when <wbr>
 * splits it over three lines. Pure.
 */
export function bookmarkReads(bookmark: string, heading: string): boolean {
  const [b, h] = [squeeze(bookmark), squeeze(heading)];
  const seen = new Set<string>();
  // Read b from bi while h is at hi: the next character, or at hi a repeat of h[k..hi).
  const reads = (bi: number, hi: number): boolean => {
    if (bi === b.length) return hi === h.length || [...h.slice(hi)].every((c) => TCY_CHARACTER.test(c));
    const key = `${bi},${hi}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (hi < h.length && b[bi] === h[hi] && reads(bi + 1, hi + 1)) return true;
    // Text set upright in one cell (span.tcy, text-combine-upright) is left out of the bookmark: 「第20章」 reads 「第章」.
    if (hi < h.length && TCY_CHARACTER.test(h[hi]!) && reads(bi, hi + 1)) return true;
    for (let k = hi - 1; k >= 0; k--) {
      const piece = h.slice(k, hi);
      if (b.startsWith(piece, bi) && reads(bi + piece.length, hi)) return true;
    }
    return false;
  };
  return reads(0, 0);
}

/** The first page (from 1) of each outline entry titled like `titles`, matched in order. */
export function outlinePages(pdf: PDFDocument, titles: readonly string[]): number[] {
  const entries = outlineEntries(pdf);
  const pages: number[] = [];
  let from = 0;
  for (const title of titles) {
    const at = entries.findIndex((e, i) => i >= from && bookmarkReads(e.title, title));
    if (at === -1) throw new PdfError(`The PDF outline has no entry "${title}": cannot place it in the contents (its entries: ${entries.map((e) => `"${e.title}"`).join(', ')})`);
    pages.push(entries[at]!.page);
    from = at + 1;
  }
  return pages;
}

/** A printed run of chapters: their ids, the page (from 1) each opens on within it, and its page count. */
export interface PrintedRun {
  ids: readonly string[];
  starts: readonly number[];
  pages: number;
}

/**
 * Where every chapter falls once the front matter (`frontPages` long) and the
 * printed runs are put together: a chapter that would open on a verso (an
 * even page) gets a blank page before it. Pure.
 */
export function assembleLayout(frontPages: number, runs: readonly PrintedRun[]): PrintLayout & { pageCount: number } {
  const blankBefore = new Set<string>();
  const pageOf = new Map<string, number>();
  let pageCount = frontPages;
  for (const run of runs) {
    // This run's page n is the book's page n + offset; each blank page added moves the rest on.
    let offset = pageCount;
    run.ids.forEach((id, i) => {
      let page = run.starts[i]! + offset;
      if (page % 2 === 0) {
        blankBefore.add(id);
        offset += 1;
        page += 1;
      }
      pageOf.set(id, page);
    });
    pageCount = run.pages + offset;
  }
  return { blankBefore, pageOf, pageCount };
}

/** Text characters per printed run of chapters: Chromium's memory follows the page it lays out, so it stays bounded. */
export const RUN_CHARACTERS = 100_000;

/**
 * The chapters in consecutive runs of about `limit` characters each (`sizes`
 * are the chapters' lengths), as a list of run lengths. An even number of
 * runs when there are several, so that two tabs at a time finish together.
 * A chapter longer than the limit is a run of its own. Pure.
 */
export function chapterRuns(sizes: readonly number[], limit = RUN_CHARACTERS): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  let count = Math.ceil(total / limit);
  if (count > 1 && count % 2 === 1) count += 1;
  count = Math.max(1, Math.min(count, sizes.length));
  const share = total / count;
  const runs: number[] = [];
  let before = 0;
  let length = 0;
  sizes.forEach((size) => {
    // A chapter begins a new run once most of it falls past the current run's share.
    if (length > 0 && runs.length < count - 1 && before + size / 2 > share * (runs.length + 1)) {
      runs.push(length);
      length = 0;
    }
    length += 1;
    before += size;
  });
  if (length) runs.push(length);
  return runs;
}

/** Prints of the front matter at most (its contents' numbers settle in one, or two if it reflows). */
const MAX_FRONT_PRINTS = 4;

/** Pages of front matter before the contents (half-title, its blank verso, title page, copyright page). */
const FRONT_PAGES_BEFORE_CONTENTS = 4;

/** The page a book of one chapter most likely opens it on (one page of contents), to print the front matter with it. */
const guessForOneChapter = (id: string) => assembleLayout(FRONT_PAGES_BEFORE_CONTENTS + 1, [{ ids: [id], starts: [1], pages: 1 }]).pageOf;

const samePageOf = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>) => a.size === b.size && [...a].every(([id, page]) => b.get(id) === page);

export interface PrintedBook {
  pdf: PDFDocument;
  layout: PrintLayout;
  loneLastLines: LoneLastLine[];
  /** Pages Chromium printed: every part once, the one with the front matter again if its numbers were wrong. */
  prints: number;
  /** Parts taken from the cache instead. */
  cached: number;
}

export interface PrintBookOptions {
  /** The browser's path, or a session shared by several prints (one browser per build). */
  browser: string | BrowserSession;
  /** How far a verso's page box moves (html.ts versoShiftPt). */
  versoShift: number;
  /** A layout already known to be right (another variant's): the front matter is printed once, with the first run. */
  known?: PrintLayout | undefined;
  /** Told when a crashed or hung browser is replaced. */
  onRetry?: ((why: string) => void) | undefined;
  /** Text characters per run of chapters (RUN_CHARACTERS). */
  runCharacters?: number | undefined;
  /** Prints kept from earlier builds: an unchanged part is not printed again. */
  cache?: ContentCache | undefined;
}

/** How a page is printed, for the cache's key: a change to this code is a change to every print. */
const PRINT_RECIPE = [printSite, printWith, findLoneLastLines].map(String).join('\n');

/**
 * What a print depends on: the page, its stylesheet and line, every font file
 * it may load (by path, size and time), the browser, and the code that
 * prints. The pictures are in the page already: each is named by its
 * content's hash (images.ts), so hashing their bytes again adds nothing.
 */
async function printKey(page: WebPage, browserVersion: string, readLines: boolean): Promise<string> {
  const fonts = await Promise.all(page.fonts.map(async (font) => {
    if (font.bytes) return font.bytes;
    const { size, mtimeMs } = await stat(font.path);
    return `${font.path} ${size} ${mtimeMs}`;
  }));
  return contentKey([PRINT_RECIPE, String(readLines), browserVersion, page.html, page.css, String(page.lineMm ?? ''), ...fonts]);
}

/** A print from the cache if one was made of the same page the same way, else Chromium's (then kept). */
async function printThrough(cache: ContentCache | undefined, browser: Browser, page: WebPage, images: readonly BookImage[], readLines: boolean): Promise<PrintResult & { fromCache: boolean }> {
  if (!cache) return { ...(await printWith(browser, page, images, readLines)), fromCache: false };
  const key = await printKey(page, await browser.version(), readLines);
  const kept = await cache.get<{ loneLastLines: LoneLastLine[] }>(key);
  if (kept?.bytes) return { pdf: kept.bytes, loneLastLines: kept.facts.loneLastLines, fromCache: true };
  const printed = await printWith(browser, page, images, readLines);
  await cache.set(key, { bytes: printed.pdf, facts: { loneLastLines: printed.loneLastLines } });
  return { ...printed, fromCache: false };
}

export async function printBook(book: Book, render: (part: PrintPart) => WebPage, options: PrintBookOptions): Promise<PrintedBook> {
  const { browser, versoShift, known, onRetry = () => {} } = options;
  // A session of our own if we were given only the browser's path.
  const session = typeof browser === 'string' ? new BrowserSession(browser) : browser;
  const { chapters, images } = book;
  let first = 0;
  const runs = chapterRuns(chapters.map((c) => toText(c.tree).length), options.runCharacters).map((length) => chapters.slice(first, (first += length)));
  const foreseen = known?.pageOf ?? (chapters.length === 1 ? guessForOneChapter(chapters[0]!.id) : undefined);
  const parts: PrintPart[] = runs.map((run, i) => ({ front: i === 0 && foreseen ? { pageOf: foreseen } : undefined, chapters: run }));
  if (!foreseen) parts.unshift({ front: { pageOf: new Map() }, chapters: [] });
  let chromium: Browser | undefined;
  const passes = async (): Promise<PrintedBook> => {
    // Remembered, so that a failure replaces this browser and not one another book has already started since.
    const current = (chromium = await session.get(() => onRetry('Chromium stopped, or did not start, before printing; starting another')));
    let prints = 0;
    let cached = 0;
    const print = async (part: PrintPart) => {
      const page = render(part);
      const printed = await printThrough(options.cache, current, page, images, part.chapters.length > 0);
      if (printed.fromCache) cached += 1;
      else prints += 1;
      const doc = await PDFDocument.load(printed.pdf, { updateMetadata: false });
      const starts = outlinePages(doc, part.chapters.map(chapterHeading));
      // The front matter ends where the first chapter opens.
      const frontPages = !part.front ? 0 : part.chapters.length ? starts[0]! - 1 : doc.getPageCount();
      const run: PrintedRun = { ids: part.chapters.map((c) => c.id), starts: starts.map((s) => s - frontPages), pages: doc.getPageCount() - frontPages };
      return { pdf: doc, placeholders: new Set(page.linkTargets), loneLastLines: printed.loneLastLines, part, frontPages, run };
    };
    const printed = await pMap(parts, print, { concurrency: 2 });
    for (let frontPrints = 1; ; frontPrints++) {
      const head = printed[0]!;
      const layout = assembleLayout(head.frontPages, printed.map((p) => p.run));
      if (samePageOf(layout.pageOf, head.part.front!.pageOf)) {
        const pdf = joinPdfs(printed);
        addBlankPages(pdf, layout);
        moveVersos(pdf, versoShift);
        // Only new prints can take the cache past its size.
        if (prints > 0) await options.cache?.trim();
        return { pdf, layout, loneLastLines: printed.flatMap((p) => p.loneLastLines), prints, cached };
      }
      if (frontPrints === MAX_FRONT_PRINTS) throw new PdfError(`The page numbers did not settle after ${MAX_FRONT_PRINTS} prints of the front matter`);
      printed[0] = await print({ ...head.part, front: { pageOf: layout.pageOf } });
    }
  };
  try {
    return await passes();
  } catch (error) {
    // The book's own faults (a request refused, pages that never settle) would fail again.
    if (error instanceof PdfError) throw error;
    onRetry(`Chromium failed while printing (${browserFault(error)}); printing again with a new browser`);
    try {
      await session.replace(chromium);
      return await passes();
    } catch (again) {
      if (again instanceof PdfError) throw again;
      throw new BrowserFailedError(`Chromium failed twice while printing: ${browserFault(again)}. Is the machine short of memory? Try again, or set PUPPETEER_EXECUTABLE_PATH to another Chrome or Chromium.`);
    }
  } finally {
    if (typeof browser === 'string') await session.close();
  }
}

/** A blank page before each chapter the layout opens with one (pages at their final places, in order). */
function addBlankPages(pdf: PDFDocument, layout: PrintLayout & { pageCount: number }): void {
  const { width, height } = pdf.getPage(0).getSize();
  const blanks = [...layout.blankBefore].map((id) => layout.pageOf.get(id)! - 1).sort((a, b) => a - b);
  for (const page of blanks) pdf.insertPage(page - 1, [width, height]);
  if (pdf.getPageCount() !== layout.pageCount) throw new Error(`The joined PDF has ${pdf.getPageCount()} pages, its layout ${layout.pageCount}`);
}

/** Every verso's page boxes moved by `shift` points along x: the page, laid out as a recto, shows a verso's margins. */
function moveVersos(pdf: PDFDocument, shift: number): void {
  pdf.getPages().forEach((page, i) => {
    if (i % 2 === 0 || shift === 0) return;
    const { x, y, width, height } = page.getMediaBox();
    page.setMediaBox(x + shift, y, width, height);
    page.setCropBox(x + shift, y, width, height);
  });
}

/** A browser failure in a line: what puppeteer says, without its stack. */
function browserFault(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** Names of Type 3 fonts in a PDF: glyphs that fell back to a CFF system font, which printers reject. */
export function type3Fonts(pdf: PDFDocument): string[] {
  const names: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Type')) === PDFName.of('Font') && object.get(PDFName.of('Subtype')) === PDFName.of('Type3')) {
      names.push(String(object.get(PDFName.of('Name')) ?? object.get(PDFName.of('BaseFont')) ?? '(unnamed)'));
    }
  }
  return names;
}

/** How many fonts of each kind the PDF holds (CIDFontType2 and TrueType are what printers take; Type3 is refused). */
export async function fontKinds(bytes: Uint8Array): Promise<Map<string, number>> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const kinds = new Map<string, number>();
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    // A Type0 font is a wrapper; its descendant is counted.
    const kind = object.get(PDFName.of('Subtype'))?.toString().slice(1);
    if (kind && kind !== 'Type0') kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return new Map([...kinds].sort(([a], [b]) => a.localeCompare(b)));
}

/** Bookmark titles as the headings read (Chromium garbles those of headings that wrap: bookmarkReads). */
function mendOutlineTitles(pdf: PDFDocument, headings: readonly string[]): void {
  // Bookmarks come in the headings' order: each is looked for from the last one found (a long book has thousands).
  let next = 0;
  for (const entry of outlineEntries(pdf)) {
    const at = headings.findIndex((h, i) => i >= next && bookmarkReads(entry.title, h));
    if (at === -1) continue;
    next = at + 1;
    if (headings[at] !== entry.title) entry.item.set(PDFName.of('Title'), PDFHexString.fromText(headings[at]!));
  }
}

export interface FolioOptions {
  /** Each chapter's first page and whether a blank page precedes it (from printBook's layout). */
  chapters: { start: number; title: string; blankBefore: boolean }[];
  geometry: PageGeometry;
  /** The body font cut to the running heads' and folios' characters, as TrueType. */
  fonts: EmbeddedFont[];
}

/**
 * Metadata, language, reading direction, bookmark titles, folios and running
 * heads, and fixed dates on Chromium's PDF. `missingGlyphs` are the characters
 * the body font lacks, named if a Type 3 font shows they fell back.
 */
export async function finishPdf(printed: PDFDocument, book: Book, folios?: FolioOptions, missingGlyphs: readonly string[] = [], print?: PrintVariant): Promise<Uint8Array> {
  const { config } = book;
  let pdf = printed;
  if (folios) {
    await stampFolios(pdf, {
      bookTitle: config.title,
      roles: pageRoles(pdf.getPageCount(), folios.chapters),
      geometry: folios.geometry,
      rightBound: config.layout.writingMode === 'vertical',
      fonts: folios.fonts,
      bleedMm: print?.bleedMm ?? 0,
    });
  }
  const type3 = type3Fonts(pdf);
  if (type3.length) {
    const culprits = missingGlyphs.length ? ` The body font lacks ${missingGlyphs.map(describeCharacter).join(', ')} (see the warnings above for where).` : '';
    throw new PdfError(`The PDF has ${type3.length} Type 3 font(s) (${type3.join(', ')}): some text fell back to a system font that is not embedded as TrueType; printers reject Type 3 fonts.${culprits}`);
  }
  mendOutlineTitles(pdf, book.chapters.flatMap((c) => [chapterHeading(c), ...c.sections.map((section) => section.title)]));
  let producer = `${GENERATOR} (Chromium, pdf-lib)`;
  if (print) {
    const sheet = pdf.getPage(0).getSize();
    padToSignature(pdf, print.padTo);
    if (print.interior === 'gray') {
      if (!print.ghostscript) throw new PdfError('A gray interior needs Ghostscript (PrintVariant.ghostscript)');
      pdf = await PDFDocument.load(await toGray(await pdf.save({ useObjectStreams: false }), print.ghostscript), { updateMetadata: false });
      settleAfterGhostscript(pdf, `${book.identifier} ${book.modified.toISOString()}`);
      producer = `${GENERATOR} (Chromium, pdf-lib, Ghostscript)`;
    }
    setPressBoxes(pdf, sheet, print);
  }
  pdf.setTitle(config.subtitle ? `${config.title}：${config.subtitle}` : config.title, { showInWindowTitleBar: true });
  if (config.author.length) pdf.setAuthor(config.author.join('、'));
  if (config.description) pdf.setSubject(config.description);
  if (config.subjects.length) pdf.setKeywords(config.subjects);
  pdf.setCreator(GENERATOR);
  pdf.setProducer(producer);
  pdf.setCreationDate(book.modified);
  pdf.setModificationDate(book.modified);
  pdf.setLanguage(config.language);
  if (config.layout.writingMode === 'vertical') {
    pdf.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);
  }
  return pdf.save({ useObjectStreams: false });
}

export interface PdfOptions {
  templates: Templates;
  /** The font files the book's text needs (embed-fonts.ts fontsForBook), for the pages and the running heads. */
  fonts: FontFace[];
  /** Characters no font of the book has (drawn from the placeholder face), to name if a Type 3 font turns up. */
  missingGlyphs: readonly string[];
  /** The browser's path, or a session shared by several prints (one browser per build). */
  browser: string | BrowserSession;
  readFont: (path: string) => Promise<Uint8Array>;
  /** Told when a crashed or hung browser is replaced (printBook). */
  onRetry?: (why: string) => void;
  /** Text characters per run of chapters printed at once (RUN_CHARACTERS). */
  runCharacters?: number;
  /** Prints kept from earlier builds (cache.ts). */
  cache?: ContentCache | undefined;
  /** Font files cut for the running heads, kept likewise. */
  fontCache?: ContentCache | undefined;
}

/**
 * The printed book: laid out in two prints, its running heads and folios
 * stamped, its metadata set. `print` makes the printer's variant; the bleed
 * moves nothing on the page, so the screen PDF's `layout` can start it and one
 * print confirms it.
 */
export interface PdfTimings {
  /** Chromium: launching, laying out and printing, every pass. */
  layoutMs: number;
  /** pdf-lib (and Ghostscript for a gray print file): folios, metadata, boxes. */
  finishMs: number;
  prints: number;
  cached: number;
}

export async function toPdf(book: Book, options: PdfOptions, print?: PrintVariant, layout?: PrintLayout): Promise<{ bytes: Uint8Array; warnings: Diagnostic[]; layout: PrintLayout; timings: PdfTimings }> {
  const bleedMm = print?.bleedMm ?? 0;
  const render = (part: PrintPart) => renderPrintPart(book, options.templates, options.fonts, part, bleedMm);
  const started = performance.now();
  // Running heads and folios in the body font, only the characters they need: made while Chromium prints.
  const headText = [book.config.title, ...book.chapters.map((c) => c.title), '0123456789'].join('');
  const headFonts = subsetFonts(options.fonts.filter((f) => f.weight === 400), headText, options.readFont, { cache: options.fontCache, format: 'truetype' });
  headFonts.catch(() => undefined);
  loadFontkit().catch(() => undefined);
  const printed = await printBook(book, render, { ...options, versoShift: versoShiftPt(book.config.layout, bleedMm), known: layout });
  const printedAt = performance.now();
  const folios: FolioOptions = {
    chapters: book.chapters.map((c) => ({ start: printed.layout.pageOf.get(c.id)!, title: c.title, blankBefore: printed.layout.blankBefore.has(c.id) })),
    geometry: pageGeometry(book.config.layout),
    fonts: await headFonts,
  };
  const bytes = await finishPdf(printed.pdf, book, folios, options.missingGlyphs, print);
  return {
    bytes,
    // clreq: one character alone on a paragraph's last line is an orphan; text-wrap: pretty avoids most (T21).
    warnings: printed.loneLastLines.map(loneLastLineWarning),
    layout: printed.layout,
    timings: { layoutMs: printedAt - started, finishMs: performance.now() - printedAt, prints: printed.prints, cached: printed.cached },
  };
}
