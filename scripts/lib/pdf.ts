// The package stage for print: the print page → PDF bytes. Chromium lays out
// and prints; pdf-lib then writes what Chromium does not (Author, Subject,
// Keywords, Creator, /Lang, reading direction) and replaces the build-clock
// dates with the source date, so that two builds give the same bytes.

import { readFile } from 'node:fs/promises';
import { PDFDict, PDFDocument, PDFName, ReadingDirection } from 'pdf-lib';
import type { Book } from './book.ts';
import { BOOK_ORIGIN, launchBrowser, openBookPage, type SiteResolver } from './browser.ts';
import type { WebPage } from './html.ts';
import { GENERATOR } from './version.ts';

export class PdfError extends Error {
  override name = 'PdfError';
}

/** Serve the print page, its CSS and its font files; nothing else exists. */
export function printSite(page: WebPage): SiteResolver {
  const fonts = new Map(page.fonts.map((f) => [`/fonts/${f.file}`, f.path]));
  return async (pathname) => {
    if (pathname === '/index.html') return { body: page.html, contentType: 'text/html; charset=utf-8' };
    if (pathname === '/style.css') return { body: page.css, contentType: 'text/css; charset=utf-8' };
    const font = fonts.get(pathname);
    return font ? { body: await readFile(font), contentType: 'font/woff2' } : undefined;
  };
}

/** Chromium prints the page; every failed request or page error stops the build. */
export async function printPdf(page: WebPage, executablePath: string): Promise<Uint8Array> {
  const browser = await launchBrowser(executablePath);
  try {
    const { page: tab, report } = await openBookPage(browser, printSite(page));
    await tab.goto(`${BOOK_ORIGIN}/index.html`, { waitUntil: 'load', timeout: 60_000 });
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
    return pdf;
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
