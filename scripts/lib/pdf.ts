// The package stage for print: the print page → PDF bytes. Chromium lays out
// and prints; pdf-lib then writes what Chromium does not (Author, Subject,
// Keywords, Creator, /Lang, reading direction) and replaces the build-clock
// dates with the source date, so that two builds give the same bytes.

import { readFile } from 'node:fs/promises';
import { PDFDict, PDFDocument, PDFName, ReadingDirection } from 'pdf-lib';
import type { Book } from './book.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { BookImage } from './images.ts';
import { BOOK_ORIGIN, launchBrowser, openBookPage, type SiteResolver } from './browser.ts';
import type { WebPage } from './html.ts';
import { GENERATOR } from './version.ts';

export class PdfError extends Error {
  override name = 'PdfError';
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

/** Chromium prints the page; every failed request or page error stops the build. */
export async function printPdf(page: WebPage, executablePath: string, images: readonly BookImage[] = []): Promise<PrintResult> {
  const browser = await launchBrowser(executablePath);
  try {
    const { page: tab, report } = await openBookPage(browser, printSite(page, images));
    await tab.goto(`${BOOK_ORIGIN}/index.html`, { waitUntil: 'load', timeout: 60_000 });
    // Read the lines as printed: print CSS, and the printed line length.
    await tab.emulateMediaType('print');
    if (page.lineMm) await tab.addStyleTag({ content: `:root { inline-size: ${page.lineMm}mm !important; }` });
    await tab.evaluate(() => document.fonts.ready);
    const loneLastLines = await tab.evaluate(findLoneLastLines);
    const pdf = await tab.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      outline: true,
      waitForFonts: true,
      timeout: 120_000,
    });
    if (report.blocked.length || report.errors.length) {
      throw new PdfError(`The print page asked for what the book does not have:\n${[...report.blocked, ...report.errors].map((e) => `  ${e}`).join('\n')}`);
    }
    return { pdf, loneLastLines };
  } finally {
    await browser.close();
  }
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

/** Metadata, language, reading direction and fixed dates on Chromium's PDF. */
export async function finishPdf(bytes: Uint8Array, book: Book): Promise<Uint8Array> {
  const { config } = book;
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const type3 = type3Fonts(pdf);
  if (type3.length) {
    throw new PdfError(`The PDF has ${type3.length} Type 3 font(s) (${type3.join(', ')}): some text fell back to a system font that is not embedded as TrueType; printers reject Type 3 fonts.`);
  }
  pdf.setTitle(config.subtitle ? `${config.title}：${config.subtitle}` : config.title, { showInWindowTitleBar: true });
  if (config.author.length) pdf.setAuthor(config.author.join('、'));
  if (config.description) pdf.setSubject(config.description);
  if (config.subjects.length) pdf.setKeywords(config.subjects);
  pdf.setCreator(GENERATOR);
  pdf.setProducer(`${GENERATOR} (Chromium, pdf-lib)`);
  pdf.setCreationDate(book.modified);
  pdf.setModificationDate(book.modified);
  pdf.setLanguage(config.language);
  if (config.layout.writingMode === 'vertical') {
    pdf.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);
  }
  return pdf.save({ useObjectStreams: false });
}
