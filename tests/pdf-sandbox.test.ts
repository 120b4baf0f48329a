// The manuscript is untrusted: Chromium prints it with JavaScript off and with
// nothing reachable but the book's own files.

import { describe, expect } from 'vitest';
import { findBrowser } from '../scripts/lib/browser.ts';
import type { WebPage } from '../scripts/lib/html.ts';
import { loneLastLineWarning, PdfError, printPdf } from '../scripts/lib/pdf.ts';
import { facesFor } from '../scripts/lib/fonts.ts';
import { fontFaceCssFor } from '../scripts/lib/html.ts';
import { loadBodyFonts } from '../scripts/lib/load.ts';
import { itWith, type Tool } from './support/tools.ts';
import { PDFDocument } from 'pdf-lib';

const executable = await findBrowser().catch(() => undefined);
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

const page = (body: string): WebPage => ({ html: `<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,"><link rel="stylesheet" href="style.css"></head><body>${body}</body></html>`, css: 'body{margin:0}', fonts: [] });

describe('printing untrusted pages', () => {
  itWith(chromium, 'runs no JavaScript', async () => {
    const { pdf } = await printPdf(page('<p id="p">original</p><script>document.getElementById("p").textContent = "HACKED"; document.title = "HACKED";</script>'), executable!);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe('t');
    expect(Buffer.from(pdf).toString('latin1')).not.toContain('HACKED');
  });

  itWith(chromium, 'refuses every request outside the book, and says which', async () => {
    const attempt = printPdf(page('<img src="https://example.com/x.png" alt=""><img src="file:///etc/passwd" alt=""><link rel="stylesheet" href="http://127.0.0.1:9/steal.css"><p>x</p>'), executable!);
    await expect(attempt).rejects.toBeInstanceOf(PdfError);
    await expect(attempt).rejects.toThrow(/https:\/\/example\.com\/x\.png/);
    await expect(attempt).rejects.toThrow(/http:\/\/127\.0\.0\.1:9\/steal\.css/);
    await expect(attempt).rejects.toThrow(/Not allowed to load local resource: file:\/\/\/etc\/passwd/);
  });
});

describe('reading the printed lines (T21)', () => {
  itWith(chromium, 'finds a paragraph whose last line holds one Han character, at its manuscript place', async () => {
    const fonts = facesFor(await loadBodyFonts(), '一二三四五六七八九十甲乙。');
    const ten = 10 * 10.5 * (25.4 / 72);
    const css = `${fontFaceCssFor(fonts)}\nhtml { font: 10.5pt 'Noto Serif TC'; } body { margin: 0; } p { margin: 0; text-indent: 0; text-wrap: wrap; }`;
    const body = '<p data-source="01.md:3:1">一二三四五六七八九十甲。</p><p data-source="01.md:5:1">一二三四五六七八九十甲乙。</p><p data-source="01.md:7:1">甲。</p>';
    const { loneLastLines } = await printPdf({ ...page(body), css, fonts, lineMm: ten }, executable!);
    expect(loneLastLines).toEqual([{ source: '01.md:3:1', lastLine: '甲。' }]);
    expect(loneLastLines.map(loneLastLineWarning)[0]).toMatchObject({ file: '01.md', line: 3, column: 1, ruleId: 'typography:lone-last-line' });
  });
});
