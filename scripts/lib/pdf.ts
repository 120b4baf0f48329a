// The package stage for print: the print page → PDF bytes. Chromium lays out
// and prints; pdf-lib then writes what Chromium does not (Author, Subject,
// Keywords, Creator, /Lang, reading direction) and replaces the build-clock
// dates with the source date, so that two builds give the same bytes.

import { readFile } from 'node:fs/promises';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, ReadingDirection, type PDFRef } from 'pdf-lib';
import type { Browser } from 'puppeteer-core';
import type { Book } from './book.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { BookImage } from './images.ts';
import { BOOK_ORIGIN, BrowserSession, closeBrowser, launchBrowser, openBookPage, type SiteResolver } from './browser.ts';
import { subsetFonts, type EmbeddedFont } from './embed-fonts.ts';
import { describeCharacter, toSfnt, type FontFace } from './fonts.ts';
import { pageRoles, stampFolios } from './folios.ts';
import { chapterHeading, FIRST_PRINT, pageGeometry, printedLineCss, renderPrintPage, type PageGeometry, type PrintLayout, type WebPage } from './html.ts';
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
  const fonts = new Map(page.fonts.map((f) => [`/fonts/${f.file}`, f.path]));
  const pictures = new Map(images.map((i) => [`/${i.href}`, i]));
  return async (pathname) => {
    if (pathname === '/index.html') return { body: page.html, contentType: 'text/html; charset=utf-8' };
    if (pathname === '/style.css') return { body: page.css, contentType: 'text/css; charset=utf-8' };
    const picture = pictures.get(pathname);
    if (picture) return { body: picture.bytes, contentType: picture.mediaType };
    const font = fonts.get(pathname);
    return font ? { body: await readFile(font), contentType: 'font/woff2' } : undefined;
  };
}

/** A paragraph whose last printed line holds one Han character or none (clreq: an orphan). */
export interface LoneLastLine {
  /** `file:line:col` of the paragraph in the manuscript. */
  source: string;
  lastLine: string;
}

/**
 * Runs in the print page laid out at the printed line length (from DevTools;
 * the page itself runs no script): the last line of every paragraph, read
 * from the boxes of its characters, and those that hold one Han character or none.
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
    const han = lastLine.match(/\p{Script=Han}/gu)?.length ?? 0;
    if (lines > 1 && han <= 1) found.push({ source: p.dataset.source!, lastLine });
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
 * for lone last characters only if `final` says this print is the one kept.
 */
async function printWith(browser: Browser, page: WebPage, images: readonly BookImage[], final: (pdf: Uint8Array) => Promise<boolean> = async () => true): Promise<PrintResult> {
  const { page: tab, report } = await openBookPage(browser, printSite(page, images));
  try {
    await tab.goto(`${BOOK_ORIGIN}/index.html`, { waitUntil: 'load', timeout: 60_000 });
    // Print CSS and the printed line's length: the print keeps this layout, and the lines are read from it.
    await tab.emulateMediaType('print');
    if (page.lineMm) await tab.addStyleTag({ content: printedLineCss(page) });
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
    if (!(await final(pdf))) return { pdf, loneLastLines: [] };
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
export async function outlinePages(bytes: Uint8Array, titles: readonly string[]): Promise<number[]> {
  const entries = outlineEntries(await PDFDocument.load(bytes, { updateMetadata: false }));
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

/**
 * The next layout from the pages the last print gave: a chapter that opened
 * on an even (verso) page gains a blank page before it, or loses the one it
 * had; each chapter's page number follows from that. Pure.
 */
export function nextPrintLayout(chapterIds: readonly string[], starts: readonly number[], current: PrintLayout): PrintLayout {
  const blankBefore = new Set(current.blankBefore);
  const pageOf = new Map<string, number>();
  let shift = 0;
  chapterIds.forEach((id, i) => {
    let page = starts[i]! + shift;
    if (page % 2 === 0) {
      if (blankBefore.has(id)) {
        blankBefore.delete(id);
        shift -= 1;
        page -= 1;
      } else {
        blankBefore.add(id);
        shift += 1;
        page += 1;
      }
    }
    pageOf.set(id, page);
  });
  return { blankBefore, pageOf };
}

const sameLayout = (a: PrintLayout, b: PrintLayout) =>
  a.blankBefore.size === b.blankBefore.size && [...a.blankBefore].every((id) => b.blankBefore.has(id)) && a.pageOf.size === b.pageOf.size && [...a.pageOf].every(([id, page]) => b.pageOf.get(id) === page);

/** Prints at most this many times; a book settles in two (three if the contents reflow). */
const MAX_PRINTS = 4;

/**
 * Print the book until its page numbers are stable, like LaTeX's second run:
 * Chromium has no target-counter() for the contents and inserts no blank
 * pages for recto openings, so each print is read back (the outline gives
 * each chapter's page) and the next is laid out from it. One browser serves
 * every pass. A browser that crashes or hangs is killed and the book printed
 * once more with a new one (`onRetry` hears why); a second failure is the
 * build's.
 */
export async function printBook(
  chapters: readonly { id: string; heading: string }[],
  render: (layout: PrintLayout) => WebPage,
  browser: string | BrowserSession,
  images: readonly BookImage[] = [],
  /** A layout already known to be right (another variant's), checked by the first print. */
  start: PrintLayout = FIRST_PRINT,
  onRetry: (why: string) => void = () => {},
): Promise<PrintResult & { layout: PrintLayout; prints: number }> {
  // A session of our own if we were given only the browser's path.
  const session = typeof browser === 'string' ? new BrowserSession(browser) : browser;
  const passes = async () => {
    const chromium = await session.get(() => onRetry('Chromium stopped, or did not start, before printing; starting another'));
    let layout = start;
    for (let prints = 1; prints <= MAX_PRINTS; prints++) {
      let next = layout;
      const printed = await printWith(chromium, render(layout), images, async (pdf) => {
        next = nextPrintLayout(chapters.map((c) => c.id), await outlinePages(pdf, chapters.map((c) => c.heading)), layout);
        return sameLayout(next, layout);
      });
      if (sameLayout(next, layout)) return { ...printed, layout, prints };
      layout = next;
    }
    throw new PdfError(`The page numbers did not settle after ${MAX_PRINTS} prints`);
  };
  try {
    return await passes();
  } catch (error) {
    // The book's own faults (a request refused, pages that never settle) would fail again.
    if (error instanceof PdfError) throw error;
    onRetry(`Chromium failed while printing (${browserFault(error)}); printing again with a new browser`);
    try {
      await session.replace();
      return await passes();
    } catch (again) {
      if (again instanceof PdfError) throw again;
      throw new BrowserFailedError(`Chromium failed twice while printing: ${browserFault(again)}. Is the machine short of memory? Try again, or set PUPPETEER_EXECUTABLE_PATH to another Chrome or Chromium.`);
    }
  } finally {
    if (typeof browser === 'string') await session.close();
  }
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
  for (const entry of outlineEntries(pdf)) {
    const heading = headings.find((h) => bookmarkReads(entry.title, h));
    if (heading && heading !== entry.title) entry.item.set(PDFName.of('Title'), PDFHexString.fromText(heading));
  }
}

export interface FolioOptions {
  /** Each chapter's first page and whether a blank page precedes it (from printBook's layout). */
  chapters: { start: number; title: string; blankBefore: boolean }[];
  geometry: PageGeometry;
  fonts: { file: EmbeddedFont; sfnt: Uint8Array }[];
}

/**
 * Metadata, language, reading direction, bookmark titles, folios and running
 * heads, and fixed dates on Chromium's PDF. `missingGlyphs` are the characters
 * the body font lacks, named if a Type 3 font shows they fell back.
 */
export async function finishPdf(bytes: Uint8Array, book: Book, folios?: FolioOptions, missingGlyphs: readonly string[] = [], print?: PrintVariant): Promise<Uint8Array> {
  const { config } = book;
  let pdf = await PDFDocument.load(bytes, { updateMetadata: false });
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
  /** The body font's files the book's text needs, and all of them (for the running heads). */
  fonts: FontFace[];
  bodyFaces: FontFace[];
  /** Characters the body font lacks, to name if a Type 3 font turns up. */
  missingGlyphs: readonly string[];
  /** The browser's path, or a session shared by several prints (one browser per build). */
  browser: string | BrowserSession;
  readFont: (path: string) => Promise<Uint8Array>;
  /** Told when a crashed or hung browser is replaced (printBook). */
  onRetry?: (why: string) => void;
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
}

export async function toPdf(book: Book, options: PdfOptions, print?: PrintVariant, layout?: PrintLayout): Promise<{ bytes: Uint8Array; warnings: Diagnostic[]; layout: PrintLayout; timings: PdfTimings }> {
  const chapters = book.chapters.map((c) => ({ id: c.id, heading: chapterHeading(c) }));
  const bleedMm = print?.bleedMm ?? 0;
  const render = (l: PrintLayout) => renderPrintPage(book, options.templates, options.fonts, l, bleedMm);
  const started = performance.now();
  const printed = await printBook(chapters, render, options.browser, book.images, layout, options.onRetry);
  const printedAt = performance.now();
  // Running heads and folios in the body font: only the characters they need.
  const headText = [book.config.title, ...book.chapters.map((c) => c.title), '0123456789'].join('');
  const headFonts = await subsetFonts(options.bodyFaces.filter((f) => f.weight === 400), headText, options.readFont);
  const folios: FolioOptions = {
    chapters: book.chapters.map((c) => ({ start: printed.layout.pageOf.get(c.id)!, title: c.title, blankBefore: printed.layout.blankBefore.has(c.id) })),
    geometry: pageGeometry(book.config.layout),
    fonts: await Promise.all(headFonts.map(async (file) => ({ file, sfnt: await toSfnt(file.bytes) }))),
  };
  const bytes = await finishPdf(printed.pdf, book, folios, options.missingGlyphs, print);
  return {
    bytes,
    // clreq: one character alone on a paragraph's last line is an orphan; text-wrap: pretty avoids most (T21).
    warnings: printed.loneLastLines.map(loneLastLineWarning),
    layout: printed.layout,
    timings: { layoutMs: printedAt - started, finishMs: performance.now() - printedAt, prints: printed.prints },
  };
}
