// Proofs (issue 6): every PDF page drawn, a contact sheet in reading order
// (right to left for a vertical book), and a report that puts each warning
// beside its page.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../scripts/lib/diagnostics.ts';
import { FIRST_PRINT } from '../scripts/lib/html.ts';
import { drawPages, findPoppler, parsePpm, type Bitmap } from '../scripts/lib/poppler.ts';
import { ContactSheet, pageImageName, pageOfDiagnostic, pagesOfBlocks, proofChecks, sheetLayout, THUMBNAIL_SHRINK, type TextBlock } from '../scripts/lib/proof.ts';
import { buildBook } from './support/global-setup.ts';
import { build, pdfOutline, pdfPath } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-proof-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);
const readPng = (file: string) => PNG.sync.read(readFileSync(file));

/** Mean of each channel over a rectangle: a thumbnail and its page should agree. */
function meanGray(png: PNG, x = 0, y = 0, width = png.width, height = png.height): number {
  let sum = 0;
  for (let row = y; row < y + height; row++) {
    for (let column = x; column < x + width; column++) {
      const i = (row * png.width + column) * 4;
      sum += png.data[i]! + png.data[i + 1]! + png.data[i + 2]!;
    }
  }
  return sum / (3 * width * height);
}

/** A page of one flat gray, as pdftoppm would hand it over. */
function flatPage(gray: number, width = 40, height = 60): Bitmap {
  return { width, height, rgb: new Uint8Array(width * height * 3).fill(gray) };
}

describe('reading what pdftoppm draws (PPM)', () => {
  const ppm = (header: string, pixels: number[]) => new Uint8Array([...Buffer.from(header, 'latin1'), ...pixels]);

  it('reads an 8-bit binary PPM', () => {
    expect(parsePpm(ppm('P6\n2 1\n255\n', [1, 2, 3, 4, 5, 6]))).toEqual({ width: 2, height: 1, rgb: new Uint8Array([1, 2, 3, 4, 5, 6]) });
    // Whitespace of any kind between the fields; pixel bytes that look like whitespace are pixels.
    expect(parsePpm(ppm('P6 1\t1\r\n255 ', [10, 32, 13])).rgb).toEqual(new Uint8Array([10, 32, 13]));
  });

  it.each([
    ['a PNG', ppm('\x89PNG\r\n', [0, 0, 0])],
    ['16-bit samples', ppm('P6\n1 1\n65535\n', [0, 0, 0, 0, 0, 0])],
    ['pixels missing', ppm('P6\n2 2\n255\n', [0, 0, 0])],
    ['nothing', new Uint8Array()],
  ])('refuses %s, saying what it got', (_, bytes) => {
    expect(() => parsePpm(bytes)).toThrow(/Unexpected image from pdftoppm .*expected an 8-bit binary PPM/);
  });
});

describe('contact sheet layout', () => {
  const page = { width: 400, height: 600 };

  it('puts page 1 alone on the right of the first spread in a horizontal book, then spreads left to right', () => {
    const layout = sheetLayout(5, page, 'horizontal');
    const [p1, p2, p3, p4, p5] = layout.slots;
    expect(layout.thumbnail).toEqual({ width: 100, height: 150 });
    expect(p2!.x + layout.thumbnail.width).toBe(p3!.x); // 2|3 face each other
    expect(p4!.x + layout.thumbnail.width).toBe(p5!.x);
    expect(p2!.x).toBeGreaterThan(p1!.x); // the second spread is right of the first
    expect(Math.min(...layout.slots.map((s) => s.x))).toBe(24 + layout.thumbnail.width); // the first spread's left half is empty
    expect(new Set(layout.slots.map((s) => s.y)).size).toBe(1);
  });

  it('mirrors it for a vertical book: rectos on the left, spreads right to left', () => {
    const layout = sheetLayout(5, page, 'vertical');
    const [p1, p2, p3, p4, p5] = layout.slots;
    expect(p1!.x).toBeGreaterThan(p2!.x); // the first spread is rightmost, page 1 on its left half
    expect(p3!.x + layout.thumbnail.width).toBe(p2!.x); // 3|2: the recto on the left
    expect(p5!.x + layout.thumbnail.width).toBe(p4!.x);
    expect(p4!.x).toBeLessThan(p2!.x);
    expect(p1!.x + 2 * layout.thumbnail.width).toBe(layout.width - 24);
  });

  it('wraps after four spreads and sizes the sheet to hold every page', () => {
    for (const count of [1, 2, 7, 8, 9, 240]) {
      const layout = sheetLayout(count, page, 'horizontal');
      const spreads = Math.floor(count / 2) + 1;
      const columns = Math.min(4, spreads);
      expect(layout.slots).toHaveLength(count);
      expect(layout.width, `${count} pages`).toBe(2 * 24 + columns * 200 + (columns - 1) * 24);
      expect(layout.height, `${count} pages`).toBe(2 * 24 + Math.ceil(spreads / columns) * 150 + (Math.ceil(spreads / columns) - 1) * 24);
      for (const slot of layout.slots) {
        expect(slot.x + layout.thumbnail.width).toBeLessThanOrEqual(layout.width - 24);
        expect(slot.y + layout.thumbnail.height).toBeLessThanOrEqual(layout.height - 24);
      }
      const places = new Set(layout.slots.map((s) => `${s.x},${s.y}`));
      expect(places.size).toBe(count);
    }
  });

  it('draws each page, shrunk, in its slot and leaves the rest background', () => {
    const grays = [250, 10, 60, 110, 160, 210];
    for (const mode of ['horizontal', 'vertical'] as const) {
      const drawn = new ContactSheet(grays.length, flatPage(0), mode);
      // In any order, as pdftoppm's workers finish them.
      [...grays.keys()].reverse().forEach((i) => drawn.draw(flatPage(grays[i]!), i + 1));
      const { layout } = drawn;
      const png = drawn.png();
      const sheet = PNG.sync.read(Buffer.from(png));
      expect([sheet.width, sheet.height]).toEqual([layout.width, layout.height]);
      for (const slot of layout.slots) {
        expect(meanGray(sheet, slot.x, slot.y, layout.thumbnail.width, layout.thumbnail.height), `${mode} page ${slot.page}`).toBeCloseTo(grays[slot.page - 1]!, 5);
      }
      // The empty half of the first spread is background.
      const first = layout.slots[0]!;
      const emptyX = first.x + (mode === 'horizontal' ? -layout.thumbnail.width : layout.thumbnail.width);
      expect(meanGray(sheet, emptyX, first.y, layout.thumbnail.width, layout.thumbnail.height)).toBeCloseTo(0xd4, 5);
    }
  });
});

describe('contact sheet of pages of another size', () => {
  it('refuses a page whose size differs from the first, naming it', () => {
    const sheet = new ContactSheet(2, flatPage(0), 'horizontal');
    expect(() => sheet.draw(flatPage(0, 41, 60), 2)).toThrow(/Unexpected page 2 of 41 × 60 pixels, expected 40 × 60/);
  });
});

describe('finding the page of a block and of a warning', () => {
  const block = (chapterId: string, line: number, text: string, endLine = line): TextBlock => ({ file: `${chapterId}.md`, chapterId, start: { line, column: 1 }, end: { line: endLine, column: 80 }, text });
  const pages = ['書名', '目錄第一章1第二章2', '第一章開頭的一段文字很長很長很長', '很長的結尾。第二段在這裡。', '第二章本章只有一段'];
  const layout = { blankBefore: new Set<string>(), pageOf: new Map([['one', 3], ['two', 5]]) };
  const blocks = [block('one', 1, '第一章'), block('one', 3, '開頭的一段文字很長很長很長很長的結尾。'), block('one', 5, '第二段在這裡。'), block('two', 1, '第二章'), block('two', 3, '本章只有一段'), block('two', 5, '不在任何一頁')];

  it('reads each chapter from its first page, not from the contents', () => {
    expect(pagesOfBlocks(blocks, pages, layout)).toEqual([3, 3, 4, 5, 5, undefined]);
    // Without the chapters' pages the contents page would claim the headings.
    expect(pagesOfBlocks(blocks, pages, FIRST_PRINT)[0]).toBe(2);
  });

  it('gives a warning the page of the block that holds it, or of the block before it', () => {
    const found = pagesOfBlocks(blocks, pages, layout);
    const at = (file: string, line: number): Diagnostic => ({ file, line, column: 2, severity: 'warning', message: '', ruleId: 'typography:x' });
    expect(pageOfDiagnostic(at('one.md', 5), blocks, found)).toBe(4);
    expect(pageOfDiagnostic(at('one.md', 6), blocks, found)).toBe(4); // between blocks: the one before
    expect(pageOfDiagnostic(at('two.md', 3), blocks, found)).toBe(5);
    expect(pageOfDiagnostic(at('book.yaml', 3), blocks, found)).toBeUndefined();
  });

  it('names the page images so that they sort in page order', () => {
    expect(pageImageName(7, 10)).toBe('page-007.png');
    expect(pageImageName(7, 1200)).toBe('page-0007.png');
  });

  it('turns what the build found into checks that pass or fail', () => {
    const warning = (ruleId: string): Diagnostic => ({ file: 'a.md', line: 1, column: 1, severity: 'warning', message: '', ruleId });
    const clean = proofChecks({ diagnostics: [], validation: [], epubChecked: true, fonts: new Map([['CIDFontType2', 3]]), missingGlyphs: [] });
    expect(clean.map((c) => c.ok)).toEqual([true, true, true, true, true]);
    const dirty = proofChecks({ diagnostics: [warning('typography:wrong-dash'), warning('links:broken')], validation: [warning('epubcheck:RSC-012')], epubChecked: true, fonts: new Map([['Type3', 1]]), missingGlyphs: ['𠀀'] });
    expect(dirty.map((c) => c.ok)).toEqual([false, false, false, false, false]);
    expect(proofChecks({ diagnostics: [], validation: [], epubChecked: false, fonts: new Map(), missingGlyphs: [] })[0]!.ok).toBeUndefined();
  });
});

describe('the proofs of the essay (npm run build)', () => {
  const proofDir = () => path.join(build().out, `${build().slug}-proof`);
  const built: Tool = { name: 'the essay PDF and its proofs (Chromium, poppler)', available: existsSync(pdfPath()) && existsSync(proofDir()), install: 'apt-get install chromium poppler-utils' };

  itWith([built, tools.poppler], 'has a PNG of every PDF page and a contact sheet sized for that many pages', () => {
    const count = pageCount(pdfPath());
    const names = readdirSync(path.join(proofDir(), 'pages')).sort();
    expect(names).toEqual(Array.from({ length: count }, (_, i) => pageImageName(i + 1, count)));
    const first = readPng(path.join(proofDir(), 'pages', names[0]!));
    // A5 at 100 dpi.
    expect(first.width).toBeCloseTo((148 / 25.4) * 100, -1);
    expect(first.height).toBeCloseTo((210 / 25.4) * 100, -1);
    const sheet = readPng(path.join(proofDir(), 'contact.png'));
    const layout = sheetLayout(count, first, 'horizontal');
    expect([sheet.width, sheet.height]).toEqual([layout.width, layout.height]);
    // Each thumbnail is its page: the same share of ink, in reading order.
    names.forEach((name, i) => {
      const page = readPng(path.join(proofDir(), 'pages', name));
      const slot = layout.slots[i]!;
      expect(meanGray(sheet, slot.x, slot.y, layout.thumbnail.width, layout.thumbnail.height), name).toBeCloseTo(meanGray(page), 0);
    });
    expect(layout.thumbnail.width).toBe(Math.ceil(first.width / THUMBNAIL_SHRINK));
  });

  itWith(built, 'reports the checks, links every warning to a page, and shows every page', () => {
    const report = readFileSync(path.join(proofDir(), 'report.html'), 'utf8');
    const count = pageCount(pdfPath());
    expect(report).toContain('EPUB (EPUBCheck, epubcheck-ts)');
    expect(report).toContain('no Type 3 fonts');
    for (let page = 1; page <= count; page++) {
      expect(report).toContain(`id="page-${page}"`);
      expect(report).toContain(`src="pages/${pageImageName(page, count)}"`);
    }
    // Nothing the report names is outside the proof folder.
    const sources = [...report.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]!);
    for (const source of sources) expect(existsSync(path.join(proofDir(), source)), source).toBe(true);
  });
});

describe('proofs of other books', () => {
  const links = path.join(out, 'links');
  const linksResult = buildBook(links, ['--manuscript', 'tests/fixtures/links', '--format', 'epub,pdf,proof']);
  const vertical = path.join(out, 'vertical');
  const verticalResult = buildBook(vertical, ['--manuscript', 'tests/fixtures/three-chapters', '--format', 'proof', '--writing-mode', 'vertical']);
  const printed: Tool = { name: 'the fixtures\' PDFs (Chromium)', available: existsSync(path.join(links, 'links.pdf')), install: 'apt-get install chromium' };

  itWith([printed, tools.poppler, tools.qpdf], 'puts each warning at the page its place in the manuscript printed on', () => {
    expect(linksResult.status, linksResult.stderr).toBe(0);
    const report = readFileSync(path.join(links, 'links-proof', 'report.html'), 'utf8');
    const chapterPage = (title: string) => pdfOutline(path.join(links, 'links.pdf')).find((o) => o.title === title)!.page;
    const linked = (rule: string) => new RegExp(`<a href="#page-(\\d+)">p\\. \\d+</a> [^<]*\\(${rule}\\)`).exec(report)?.[1];
    expect(Number(linked('links:broken'))).toBe(chapterPage('第一章'));
    expect(Number(linked('markdown:duplicate-heading'))).toBe(chapterPage('第二章'));
    expect(Number(linked('markdown:empty-chapter'))).toBe(chapterPage('第三章'));
    expect(report).toMatch(/Links and headings<\/th><td class="no">✗ 3 warnings/);
  });

  itWith([printed, tools.poppler], 'lays out a vertical book\'s contact sheet right to left, and writes no PDF it was not asked for', () => {
    expect(verticalResult.status, verticalResult.stderr).toBe(0);
    expect(readdirSync(vertical)).toEqual(['three-proof']);
    const pages = readdirSync(path.join(vertical, 'three-proof', 'pages')).sort();
    const first = readPng(path.join(vertical, 'three-proof', 'pages', pages[0]!));
    const sheet = readPng(path.join(vertical, 'three-proof', 'contact.png'));
    const layout = sheetLayout(pages.length, first, 'vertical');
    expect([sheet.width, sheet.height]).toEqual([layout.width, layout.height]);
    // The half-title (page 1) is top right; the rest follow leftwards, each thumbnail its page.
    expect(layout.slots[0]!.x).toBeGreaterThan(sheet.width / 2);
    pages.forEach((name, i) => {
      const slot = layout.slots[i]!;
      expect(meanGray(sheet, slot.x, slot.y, layout.thumbnail.width, layout.thumbnail.height), name).toBeCloseTo(meanGray(readPng(path.join(vertical, 'three-proof', 'pages', name))), 0);
    });
  });

  it('fails with exit 3 when proofs were asked for and poppler is missing; the other outputs are made', () => {
    const dir = path.join(out, 'no-poppler');
    const quietly = buildBook(dir, ['--manuscript', 'tests/fixtures/minimal', '--format', 'epub,html,proof'], { POPPLER: '/nonexistent' });
    expect(quietly.status, quietly.stderr).toBe(3);
    expect(quietly.stderr).toContain('No poppler (pdftoppm, pdftotext) found to draw the proofs');
    expect(quietly.stderr).toContain('POPPLER=/nonexistent (no pdftoppm and pdftotext in it)');
    expect(existsSync(path.join(dir, 'minimal.epub'))).toBe(true);
    expect(existsSync(path.join(dir, 'minimal-proof'))).toBe(false);
  });

  itWith(printed, 'leaves the proofs out, with a warning, when poppler is missing and they were not named', () => {
    const dir = path.join(out, 'unasked');
    const result = buildBook(dir, ['--manuscript', 'tests/fixtures/minimal'], { POPPLER: '/nonexistent' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('– proof skipped: poppler is missing (apt-get install poppler-utils');
    expect(readdirSync(dir).sort()).toEqual(['minimal', 'minimal.epub', 'minimal.pdf']);
  });

  itWith([printed, tools.poppler], 'tells how many pages are drawn as it draws them', async () => {
    const poppler = await findPoppler();
    const count = pageCount(path.join(links, 'links.pdf'));
    const heard: [number, number][] = [];
    const drawn = await drawPages(path.join(links, 'links.pdf'), count, { pdftoppm: poppler.pdftoppm, dpi: 20, onProgress: (done, total) => heard.push([done, total]) }, (page, number) => ({ number, width: page.width }));
    // Each page handed over once, as its own number, whichever pdftoppm drew it; all of one size.
    expect(drawn.map((d) => d.number)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(new Set(drawn.map((d) => d.width)).size).toBe(1);
    expect(heard).toEqual(Array.from({ length: count }, (_, i) => [i + 1, count]));
  });
});
