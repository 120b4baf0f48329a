// The printed page's type area (版心): whole characters per line, optional
// lines per page, mirrored margins with a gutter (issue 5).

import { describe, expect, it } from 'vitest';
import { parseBookConfig, PRINT_FONT_MM, PRINT_LINE_HEIGHT } from '../scripts/lib/config.ts';
import { formatDiagnostic } from '../scripts/lib/diagnostics.ts';
import { pageCss, pageGeometry, typeArea } from '../scripts/lib/html.ts';
import { printedImageSize } from '../scripts/lib/images.ts';
import { cropMarkReach } from '../scripts/lib/press.ts';

const layout = (yaml: string) => {
  const { config, diagnostics } = parseBookConfig(`title: 書\nlayout:\n${yaml}`, 'book.yaml');
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  return config!.layout;
};

describe('pageGeometry', () => {
  it('fits a whole number of characters across A5 and shares the rest, the bound edge wider', () => {
    const g = pageGeometry(layout('  pageSize: A5\n'));
    expect(Number.isInteger(g.charsPerLine)).toBe(true);
    expect(g.innerMm + g.outerMm + g.charsPerLine * PRINT_FONT_MM).toBeCloseTo(148, 6);
    expect(g.innerMm).toBeGreaterThan(g.outerMm);
  });

  it('takes charsPerLine and linesPerPage as a typesetter gives them', () => {
    const g = pageGeometry(layout('  pageSize: A5\n  charsPerLine: 28\n  linesPerPage: 24\n'));
    expect(g.charsPerLine).toBe(28);
    expect(g.lineMm).toBeCloseTo(28 * PRINT_FONT_MM, 6);
    expect(210 - g.topMm - g.bottomMm).toBeCloseTo(24 * PRINT_FONT_MM * PRINT_LINE_HEIGHT, 6);
  });

  it('runs the line down the page in a vertical book', () => {
    const g = pageGeometry(layout('  writingMode: vertical\n  charsPerLine: 40\n'));
    expect(210 - g.topMm - g.bottomMm).toBeCloseTo(40 * PRINT_FONT_MM, 6);
  });

  it('mirrors the margins: bound on the left of rectos (left-bound) or on their right (right-bound)', () => {
    const horizontal = pageCss(layout('  pageSize: A5\n'));
    const g = pageGeometry(layout('  pageSize: A5\n'));
    expect(horizontal).toContain(`@page :right { margin-left: ${g.innerMm.toFixed(3)}mm; margin-right: ${g.outerMm.toFixed(3)}mm; }`);
    const vertical = pageCss(layout('  writingMode: vertical\n'));
    const v = pageGeometry(layout('  writingMode: vertical\n'));
    expect(vertical).toContain(`@page :right { margin-left: ${v.outerMm.toFixed(3)}mm; margin-right: ${v.innerMm.toFixed(3)}mm; }`);
  });

  it('refuses a type area that leaves no margin, at its line', () => {
    const { diagnostics } = parseBookConfig('title: 書\nlayout:\n  pageSize: A5\n  charsPerLine: 40\n', 'book.yaml');
    expect(diagnostics.map(formatDiagnostic)).toEqual(['book.yaml:4:17: error: Unexpected value 40 for layout.charsPerLine, expected a line that leaves margins of at least 8 mm at 10.5pt (config:format)']);
  });
});

describe('printedImageSize', () => {
  const area = typeArea(layout('  pageSize: A5\n'));
  const ppi = (pixels: number, mm: number) => pixels / (mm / 25.4);

  it('prints a small picture at 300 ppi, its own size, never enlarged', () => {
    const size = printedImageSize({ width: 300, height: 450 }, area, 'horizontal');
    expect(size.widthMm).toBeCloseTo(25.4, 6);
    expect(size.heightMm).toBeCloseTo(38.1, 6);
  });

  it('shrinks a large picture to the type area\'s width, keeping its shape (and so more than 300 ppi)', () => {
    const size = printedImageSize({ width: 4000, height: 1000 }, area, 'horizontal');
    expect(size.widthMm).toBeCloseTo(area.widthMm, 6);
    expect(size.widthMm / size.heightMm).toBeCloseTo(4, 6);
    expect(ppi(4000, size.widthMm)).toBeGreaterThan(300);
  });

  it('leaves a tall picture 70 % of the page\'s depth, for its caption', () => {
    const size = printedImageSize({ width: 1000, height: 6000 }, area, 'horizontal');
    expect(size.heightMm).toBeCloseTo(area.heightMm * 0.7, 6);
    expect(size.heightMm / size.widthMm).toBeCloseTo(6, 6);
  });

  it('in a vertical book, a wide picture takes at most 70 % of the lines\' stack', () => {
    const size = printedImageSize({ width: 6000, height: 1000 }, area, 'vertical');
    expect(size.widthMm).toBeCloseTo(area.widthMm * 0.7, 6);
  });
});

describe('cropMarkReach', () => {
  it('keeps the marks at least 3 mm off the trim and always outside the bleed', () => {
    expect(cropMarkReach(3).offsetMm).toBe(3);
    expect(cropMarkReach(0).offsetMm).toBe(3);
    expect(cropMarkReach(5).offsetMm).toBe(5);
    expect(cropMarkReach(3).slugMm).toBe(10);
  });
});
