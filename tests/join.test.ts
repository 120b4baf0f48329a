// Joining printed PDFs (scripts/lib/join.ts): the parts' pages, tags,
// bookmarks and named destinations all reach the joined PDF — the building
// block for printing a long book in parts.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { afterAll, describe, expect } from 'vitest';
import { prepareBook } from '../scripts/build.ts';
import { renderPrintPage } from '../scripts/lib/html.ts';
import { joinPdfs } from '../scripts/lib/join.ts';
import { printPdf } from '../scripts/lib/pdf.ts';
import { pdfOutline } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';
import { executable } from './support/validators.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-join-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

/** A book's print page as Chromium prints it, saved under `name`. */
async function printed(manuscript: string, name: string): Promise<{ bytes: Uint8Array; file: string }> {
  const { book, templates, fonts } = await prepareBook(manuscript);
  const { pdf } = await printPdf(renderPrintPage(book, templates, fonts), executable!, book.images);
  const file = path.join(scratch, `${name}.pdf`);
  writeFileSync(file, pdf);
  return { bytes: pdf, file };
}

const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))![1]);
/** The structure tree with its text, as poppler reads it, without object numbers (they differ by design). */
const structure = (file: string) => run('pdfinfo', ['-struct-text', file]).split('\n').filter((line) => line.trim() && !/^\s*Object \d+ \d+$/.test(line));

describe('joinPdfs', () => {
  itWith([chromium, tools.poppler, tools.qpdf], 'keeps every page, tag, bookmark and destination of each part, in order', async () => {
    const a = await printed('tests/fixtures/links', 'a');
    const b = await printed('manuscript', 'b');
    const load = (bytes: Uint8Array) => PDFDocument.load(bytes, { updateMetadata: false });
    const joined = joinPdfs([{ pdf: await load(a.bytes) }, { pdf: await load(b.bytes) }]);
    const file = path.join(scratch, 'joined.pdf');
    writeFileSync(file, await joined.save({ useObjectStreams: false }));

    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
    expect(pages(file)).toBe(pages(a.file) + pages(b.file));
    expect(run('pdfinfo', [file])).toMatch(/Tagged:\s+yes/);
    // One document element holding both parts' structure, text included.
    expect(structure(file)).toEqual([...structure(a.file), ...structure(b.file).slice(1)]);
    // Each page's text is where its part had it.
    const text = (f: string, page: number) => run('pdftotext', ['-f', String(page), '-l', String(page), f, '-']);
    expect(text(file, 1)).toBe(text(a.file, 1));
    expect(text(file, pages(a.file) + 7)).toBe(text(b.file, 7));
    // Bookmarks: a's, then b's with their pages moved on.
    const shift = pages(a.file);
    expect(pdfOutline(file)).toEqual([...pdfOutline(a.file), ...pdfOutline(b.file).map((o) => ({ ...o, page: o.page + shift }))]);
    // Every page's marked content is found in the parent tree under its own key.
    const root = joined.context.lookup(joined.catalog.get(PDFName.of('StructTreeRoot'))) as PDFDict;
    const keys = joined.getPages().map((p) => p.node.get(PDFName.of('StructParents'))).filter((k): k is PDFNumber => k instanceof PDFNumber).map((k) => k.asNumber());
    expect(new Set(keys).size).toBe(keys.length);
    expect(Math.max(...keys)).toBeLessThan((root.get(PDFName.of('ParentTreeNextKey')) as PDFNumber).asNumber());
    // Named destinations (the targets of links, by element id) of every part are in the one dictionary;
    // within one book ids are unique, so none is lost (these two books share ch001: the first part's stays).
    const names = (doc: typeof joined) => (doc.context.lookup(doc.catalog.get(PDFName.of('Dests'))) as PDFDict).keys().map((k) => decodeURIComponent(k.decodeText()));
    expect(names(joined).sort()).toEqual(['ch001', 'ch002', 'ch003', '第二章']);
  });
});
