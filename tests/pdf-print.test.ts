// The printer's variant (`--pdf print`): 3 mm bleed, TrimBox and BleedBox, whole signatures,
// black ink only, optional crop marks (spec C40–C44, C49, C52).

import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { cropMarkReach } from '../scripts/lib/press.ts';
import { buildBook } from './support/global-setup.ts';
import { sha256 } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';
import { renderPage } from './support/visual.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-print-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const file = path.join(out, 'first', 'deepseek-print.pdf');
const result = buildBook(path.join(out, 'first'), ['--pdf', 'print', '--format', 'pdf']);
const printed: Tool = { name: 'the print PDF (Chromium and Ghostscript)', available: existsSync(file), install: 'apt-get install chromium ghostscript' };
const needs = [printed, tools.poppler];

const MM = 72 / 25.4;
type Box = [number, number, number, number];
const boxes = (pdf: string, name: string): Box[] =>
  [...run('pdfinfo', ['-box', '-f', '1', '-l', '999', pdf]).matchAll(new RegExp(`Page\\s+\\d+ ${name}:\\s+(-?[\\d.]+)\\s+(-?[\\d.]+)\\s+(-?[\\d.]+)\\s+(-?[\\d.]+)`, 'g'))].map(
    (m) => m.slice(1).map(Number) as Box,
  );
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);

describe('the print variant', () => {
  itWith(needs, 'is the trim plus 3 mm bleed on every page, with the trim and bleed boxes a printer reads (C43)', () => {
    expect(result.status, result.stderr).toBe(0);
    const media = boxes(file, 'MediaBox');
    expect(media).toHaveLength(pageCount(file));
    for (const [i, [x0, y0, x1, y1]] of media.entries()) {
      expect([x0, y0]).toEqual([0, 0]);
      expect(Math.abs(x1 - 436.54)).toBeLessThan(0.75);
      expect(Math.abs(y1 - 612.28)).toBeLessThan(0.75);
      expect(boxes(file, 'BleedBox')[i]).toEqual(media[i]);
      const trim = boxes(file, 'TrimBox')[i]!;
      for (const inset of [trim[0], trim[1], x1 - trim[2], y1 - trim[3]]) expect(inset).toBeCloseTo(3 * MM, 1);
    }
  });

  itWith(needs, 'has a page count padded to a multiple of 4 and no Type 3 font (C44, C49)', () => {
    expect(pageCount(file) % 4).toBe(0);
    const fonts = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  itWith([...needs, tools.ghostscript], 'puts ink on the black plate only, on every page (C52)', () => {
    const coverage = run('gs', ['-q', '-o', '-', '-sDEVICE=inkcov', file]).trim().split('\n');
    expect(coverage).toHaveLength(pageCount(file));
    for (const [i, line] of coverage.entries()) {
      const [c, m, y] = line.trim().split(/\s+/).map(Number);
      expect([c, m, y], `page ${i + 1}`).toEqual([0, 0, 0]);
    }
    // Body pages carry text: black ink is there.
    expect(Math.max(...coverage.map((l) => Number(l.trim().split(/\s+/)[3])))).toBeGreaterThan(0.001);
  });

  itWith(needs, 'keeps the book\'s metadata after the gray conversion, and says who made it (C41)', () => {
    const info = run('pdfinfo', ['-isodates', file]);
    expect(info).toMatch(/^Title:\s+深度求索是否改變了人工智能遊戲的玩法呢？$/m);
    expect(info).toMatch(/^Author:\s+余創豪$/m);
    expect(info).toMatch(/^Creator:\s+paiban \d+\.\d+\.\d+$/m);
    expect(info).toMatch(/^Producer:\s+paiban .*Ghostscript/m);
    expect(info).toMatch(/^CreationDate:\s+2025-02-22T00:00:00Z$/m);
    expect(info).toMatch(/^ModDate:\s+2025-02-22T00:00:00Z$/m);
    // Ghostscript's own XMP would name it as producer, against the Info dictionary.
    expect(info).toMatch(/^Metadata Stream:\s+no$/m);
  });

  itWith([printed, tools.qpdf], 'passes qpdf --check (C40)', () => {
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
  });

  itWith([printed], 'is the same bytes when built again (C42)', () => {
    const again = buildBook(path.join(out, 'again'), ['--pdf', 'print', '--format', 'pdf']);
    expect(again.status, again.stderr).toBe(0);
    expect(sha256(path.join(out, 'again', 'deepseek-print.pdf'))).toBe(sha256(file));
  });
});

describe('crop marks (pdf.cropMarks)', () => {
  // The essay with crop marks and a colour interior (no Ghostscript needed).
  const manuscript = path.join(out, 'marked-manuscript');
  cpSync('manuscript', manuscript, { recursive: true });
  appendFileSync(path.join(manuscript, 'book.yaml'), 'pdf:\n  print: true\n  cropMarks: true\n  interior: color\n');
  const marked = buildBook(path.join(out, 'marked'), ['--manuscript', manuscript, '--format', 'pdf']);
  const markedFile = path.join(out, 'marked', 'deepseek-print.pdf');
  const markedTool: Tool = { name: 'the marked print PDF (Chromium)', available: existsSync(markedFile), install: 'apt-get install chromium' };

  itWith([markedTool, tools.poppler], 'widen the sheet beyond the bleed and leave the trim and bleed boxes where they were', () => {
    expect(marked.status, marked.stderr).toBe(0);
    const { slugMm } = cropMarkReach(3);
    for (const [i, media] of boxes(markedFile, 'MediaBox').entries()) {
      const bleed = boxes(markedFile, 'BleedBox')[i]!;
      // Boxes are measured from the bleed box's corner: a verso's is moved to show its margins.
      expect(bleed[1]).toBe(0);
      expect(media[0] - bleed[0]).toBeCloseTo(-(slugMm - 3) * MM, 1);
      expect(media[2] - bleed[2]).toBeCloseTo((slugMm - 3) * MM, 1);
      expect(boxes(markedFile, 'TrimBox')[i]![0] - bleed[0]).toBeCloseTo(3 * MM, 1);
    }
  });

  itWith([markedTool, tools.poppler], 'are drawn at each corner of the trim, outside the bleed, and nowhere inside it, on rectos and versos', () => {
    // At 72 dpi, 1 px = 1 pt: the title page (a recto) and a verso of the chapter (its box moved).
    for (const page of [1, 8]) {
      const png = renderPage(markedFile, page, 72);
      const dark = (x: number, y: number) => png.data[(Math.round(y) * png.width + Math.round(x)) * 4]! < 160;
      const media = boxes(markedFile, 'MediaBox')[page - 1]!;
      const trim = boxes(markedFile, 'TrimBox')[page - 1]!;
      // Page points → image pixels (y grows downward from the media box's top).
      const px = (x: number) => x - media[0];
      const py = (y: number) => media[3] - y;
      const { offsetMm } = cropMarkReach(3);
      const along = (offsetMm + 2.5) * MM; // half-way along a mark
      for (const x of [trim[0], trim[2]]) {
        for (const y of [trim[1], trim[3]]) {
          const out = { x: x === trim[0] ? -1 : 1, y: y === trim[1] ? -1 : 1 };
          expect(dark(px(x + out.x * along), py(y)), `page ${page}: horizontal mark at ${x},${y}`).toBe(true);
          expect(dark(px(x), py(y + out.y * along)), `page ${page}: vertical mark at ${x},${y}`).toBe(true);
          // The corner of the trim itself and the bleed around it stay clean.
          expect(dark(px(x + out.x * 1.5 * MM), py(y + out.y * 1.5 * MM))).toBe(false);
          expect(dark(px(x + out.x * 1.5 * MM), py(y))).toBe(false);
        }
      }
    }
  });
});

// A missing Ghostscript fails only the gray print file, with a way out, and exit 3.
describe('without Ghostscript', () => {
  itWith([printed], 'writes the screen PDF and says how to get the print file', () => {
    const dir = path.join(out, 'no-gs');
    const missing = buildBook(dir, ['--pdf', 'print', '--format', 'pdf'], { GHOSTSCRIPT: '/nonexistent/gs' });
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('No Ghostscript found to make the black-and-white printer\'s PDF (pdf.interior: gray)');
    expect(missing.stderr).toContain('GHOSTSCRIPT=/nonexistent/gs (not an executable file)');
    expect(missing.stderr).toContain('pdf.interior: color');
    expect(existsSync(path.join(dir, 'deepseek.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'deepseek-print.pdf'))).toBe(false);
  });
});
