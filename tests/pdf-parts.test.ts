// A book is printed in parts (pdf.ts printBook): runs of chapters, each laid
// out with a recto's margins, joined, blank pages added, versos' page boxes
// moved. The reader must see no trace of it: every word where Chromium puts it
// when it prints the whole book at once with mirrored margins, every link and
// bookmark reaching its page — horizontal, vertical and with a bleed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { afterAll, describe, expect } from 'vitest';
import { prepareBook } from '../scripts/build.ts';
import { BrowserSession } from '../scripts/lib/browser.ts';
import { renderPrintPage, renderPrintPart, versoShiftPt } from '../scripts/lib/html.ts';
import { printBook, printPdf } from '../scripts/lib/pdf.ts';
import { pdfOutline } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';
import { executable } from './support/validators.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-parts-'));
const session = executable ? new BrowserSession(executable) : undefined;
afterAll(async () => {
  await session?.close();
  if (!process.env.KEEP) rmSync(scratch, { recursive: true, force: true });
});
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

/** Every word on every page with its box, as poppler reads them (positions to 1/100 pt). */
function words(file: string): string[][] {
  const html = run('pdftotext', ['-bbox', file, '-']);
  return html.split('<page').slice(1).map((page) => [...page.matchAll(/<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<\/word>/g)].map((m) => [m[5], ...m.slice(1, 5).map((n) => Number(n).toFixed(2))].join(' ')));
}

/** Every link annotation: the page it is on and the page its destination is on (both from 1). */
function links(pdf: PDFDocument): { from: number; to: number }[] {
  const pageOf = new Map(pdf.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const dests = pdf.context.lookup(pdf.catalog.get(PDFName.of('Dests'))) as PDFDict | undefined;
  return pdf.getPages().flatMap((page, i) => {
    const annots = page.node.lookup(PDFName.of('Annots')) as PDFArray | undefined;
    return (annots?.asArray() ?? []).map((ref) => {
      const annot = pdf.context.lookup(ref) as PDFDict;
      const dest = annot.get(PDFName.of('Dest'));
      const target = dest instanceof PDFName ? (dests?.lookup(dest) as PDFArray | undefined) : (dest as PDFArray | undefined);
      const page = target?.get(0);
      return { from: i + 1, to: page instanceof PDFRef ? (pageOf.get(page.toString()) ?? 0) : 0 };
    });
  });
}

async function save(pdf: PDFDocument, name: string): Promise<string> {
  const file = path.join(scratch, `${name}.pdf`);
  writeFileSync(file, await pdf.save({ useObjectStreams: false }));
  return file;
}

describe.each([
  { writingMode: 'horizontal', bleedMm: 0 },
  { writingMode: 'vertical', bleedMm: 0 },
  { writingMode: 'horizontal', bleedMm: 3 },
] as const)('a book printed in parts ($writingMode, bleed $bleedMm mm)', ({ writingMode, bleedMm }) => {
  itWith([chromium, tools.poppler], 'reads as the whole book printed at once with mirrored margins: same pages, words at the same places, same bookmarks and links', async () => {
    const { book, templates, fonts } = await prepareBook('tests/fixtures/links', { writingMode });
    const render = (part: Parameters<typeof renderPrintPart>[3]) => renderPrintPart(book, templates, fonts, part, bleedMm);
    const versoShift = versoShiftPt(book.config.layout, bleedMm);
    // One run for the whole book, and one run per chapter (links and contents then cross parts).
    const whole = await printBook(book, render, { browser: session!, versoShift });
    const split = await printBook(book, render, { browser: session!, versoShift, runCharacters: 1 });
    expect(split.prints).toBeGreaterThan(whole.prints);
    // The reference: Chromium prints the whole book, laid out as the parts said, its margins mirrored by @page :left/:right.
    const reference = await printPdf(renderPrintPage(book, templates, fonts, whole.layout, bleedMm), executable!, book.images);
    const referenceFile = path.join(scratch, `reference-${writingMode}-${bleedMm}.pdf`);
    writeFileSync(referenceFile, reference.pdf);
    const wholeFile = await save(whole.pdf, `whole-${writingMode}-${bleedMm}`);
    const splitFile = await save(split.pdf, `split-${writingMode}-${bleedMm}`);

    expect(split.layout).toEqual(whole.layout);
    // Chapters open on rectos, after a blank page where they need one.
    expect([...whole.layout.pageOf.values()].every((page) => page % 2 === 1)).toBe(true);
    expect(whole.layout.blankBefore.size).toBeGreaterThan(0);
    const referenceWords = words(referenceFile);
    expect(referenceWords.flat().length).toBeGreaterThan(20);
    expect(words(wholeFile)).toEqual(referenceWords);
    expect(words(splitFile)).toEqual(referenceWords);
    // Bookmarks at the same pages (their titles Chromium garbles either way; finishPdf mends them).
    const bookmarkPages = (file: string) => pdfOutline(file).map((o) => o.page);
    expect(bookmarkPages(splitFile)).toEqual(bookmarkPages(referenceFile));
    // Every link (the contents' three, the cross-reference to 第二章) reaches the page it does in one print.
    const referenceLinks = links(await PDFDocument.load(reference.pdf));
    expect(referenceLinks.length).toBeGreaterThanOrEqual(4);
    expect(referenceLinks.every((l) => l.to > 0)).toBe(true);
    expect(links(split.pdf)).toEqual(referenceLinks);
    expect(links(whole.pdf)).toEqual(referenceLinks);
    // The same tags, with their text, in the same order, for a screen reader. Grouping (NonStruct: each part has
    // its own <main>), empty text and object numbers differ by design.
    const structure = (file: string) => run('pdfinfo', ['-struct-text', file]).split('\n').map((line) => line.trim()).filter((line) => line && !/^(Object \d+ \d+|NonStruct|"")$/.test(line));
    expect(structure(splitFile)).toEqual(structure(referenceFile));
  }, 120_000);
});
