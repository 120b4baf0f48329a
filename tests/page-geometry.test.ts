// The printed page's type area (版心): whole characters per line, optional
// lines per page, mirrored margins with a gutter (issue 5).

import { describe, expect, it } from 'vitest';
import { parseBookConfig, PRINT_FONT_MM, PRINT_LINE_HEIGHT } from '../scripts/lib/config.ts';
import { formatDiagnostic } from '../scripts/lib/diagnostics.ts';
import { pageCss, pageGeometry } from '../scripts/lib/html.ts';

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
