// The printed pages as a reader sees them, against committed baselines
// (spec C54): title page, contents, an opening and a body page of the essay,
// horizontal and vertical. `npm run baselines` rewrites them on purpose.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { buildBook } from './support/global-setup.ts';
import { pdfPagesText, pdfPath, withoutWhitespace } from './support/outputs.ts';
import { itWith, tools, type Tool } from './support/tools.ts';
import { compareWithBaseline, inkShare, MAX_DIFFERING, renderPage } from './support/visual.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-visual-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const verticalPdf = path.join(out, 'deepseek.pdf');
buildBook(out, ['--format', 'pdf', '--writing-mode', 'vertical']);

const horizontal: Tool = { name: 'the PDF (Chromium)', available: existsSync(pdfPath()), install: 'apt-get install chromium' };
const vertical: Tool = { name: 'the vertical PDF (Chromium)', available: existsSync(verticalPdf), install: 'apt-get install chromium' };

const PAGES: { name: string; pdf: () => string; page: number; tool: Tool }[] = [
  { name: 'horizontal-title-page', pdf: pdfPath, page: 3, tool: horizontal },
  { name: 'horizontal-contents', pdf: pdfPath, page: 5, tool: horizontal },
  { name: 'horizontal-opening', pdf: pdfPath, page: 7, tool: horizontal },
  { name: 'horizontal-body', pdf: pdfPath, page: 8, tool: horizontal },
  { name: 'vertical-half-title', pdf: () => verticalPdf, page: 1, tool: vertical },
  { name: 'vertical-title-page', pdf: () => verticalPdf, page: 3, tool: vertical },
  { name: 'vertical-opening', pdf: () => verticalPdf, page: 7, tool: vertical },
  { name: 'vertical-body', pdf: () => verticalPdf, page: 8, tool: vertical },
];

describe('page images (C54)', () => {
  for (const { name, pdf, page, tool } of PAGES) {
    itWith([tool, tools.poppler], `${name} (page ${page}) looks as it did`, () => {
      const { differing, message } = compareWithBaseline(pdf(), page, name);
      expect(differing, message).toBeLessThanOrEqual(MAX_DIFFERING);
    });
  }

  for (const [mode, pdf, tool] of [['horizontal', pdfPath, horizontal], ['vertical', () => verticalPdf, vertical]] as const) {
    itWith([tool, tools.poppler], `${mode}: no page is blank but the half-title's verso and the one before the essay opens on a recto`, () => {
      const text = pdfPagesText(pdf(), { raw: mode === 'vertical' }).map(withoutWhitespace);
      const blank = text.map((_, i) => i + 1).filter((page) => inkShare(renderPage(pdf(), page, 20)) === 0);
      expect(blank).toEqual([2, 6]);
      for (const page of blank) expect(text[page - 1]).toBe('');
    });
  }
});
