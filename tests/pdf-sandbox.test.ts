// The manuscript is untrusted: Chromium prints it with JavaScript off and with
// nothing reachable but the book's own files.

import { describe, expect } from 'vitest';
import { findBrowser } from '../scripts/lib/browser.ts';
import type { WebPage } from '../scripts/lib/html.ts';
import { PdfError, printPdf } from '../scripts/lib/pdf.ts';
import { itWith, type Tool } from './support/tools.ts';
import { PDFDocument } from 'pdf-lib';

const executable = await findBrowser().catch(() => undefined);
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

const page = (body: string): WebPage => ({ html: `<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,"><link rel="stylesheet" href="style.css"></head><body>${body}</body></html>`, css: 'body{margin:0}', fonts: [] });

describe('printing untrusted pages', () => {
  itWith(chromium, 'runs no JavaScript', async () => {
    const pdf = await printPdf(page('<p id="p">original</p><script>document.getElementById("p").textContent = "HACKED"; document.title = "HACKED";</script>'), executable!);
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
