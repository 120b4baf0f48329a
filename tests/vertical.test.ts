// The essay as a vertical book (直排): `--writing-mode vertical` (spec T23–T25, P15, C12, C50).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchBrowser } from '../scripts/lib/browser.ts';
import { buildBook } from './support/global-setup.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';
import { itPassesEpubValidators } from './support/validators.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-vertical-'));
const file = (ext: string) => path.join(out, `deepseek${ext}`);
// Built while the tests are collected: whether the PDF exists decides which run.
const result = buildBook(out, ['--writing-mode', 'vertical']);
let zip: JSZip;

beforeAll(async () => {
  zip = await JSZip.loadAsync(readFileSync(file('.epub')));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('vertical edition', () => {
  it('builds', () => {
    expect([0, 3]).toContain(result.status);
  });

  it('EPUB: pages turn right to left and Kindle is told it is vertical (C12, T23)', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<spine toc="ncx" page-progression-direction="rtl">');
    expect(opf).toContain('<meta name="primary-writing-mode" content="vertical-rl"/>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">verticalWriting</meta>');
  });

  it('EPUB: the CSS sets vertical-rl with its -epub- and -webkit- forms (C30)', async () => {
    const css = await zip.file('OEBPS/style.css')!.async('string');
    expect(css).toMatch(/html\s*{[^}]*writing-mode:\s*vertical-rl;[^}]*-webkit-writing-mode:\s*vertical-rl;[^}]*-epub-writing-mode:\s*vertical-rl;/);
  });

  it('sets one to three digits upright and leaves longer runs rotated (T24, P15)', async () => {
    const chapter = await zip.file('OEBPS/ch001.xhtml')!.async('string');
    expect(chapter).toContain('2025 年<span class="tcy">2</span>月<span class="tcy">22</span>日');
    expect(chapter).toContain('<span class="tcy">560</span>萬美元');
    expect(chapter).toContain('低端的 H800 圖形處理器');
    expect(chapter).not.toMatch(/<span class="tcy">[^<]{4,}<\/span>/);
  });

  itWith({ name: 'Chromium', available: existsSync(file('.pdf')), install: 'apt-get install chromium' }, 'web edition: opens as a vertical page, lines top to bottom, right to left', async () => {
    const browser = await launchBrowser(await findBrowser());
    try {
      const page = await browser.newPage();
      await page.goto(`file://${path.join(out, 'deepseek', 'index.html')}`, { waitUntil: 'load' });
      const layout = await page.evaluate(() => {
        const [first, second] = [...document.querySelectorAll('main p')].map((p) => p.getBoundingClientRect());
        return { mode: getComputedStyle(document.documentElement).writingMode, rightToLeft: second!.right < first!.right };
      });
      expect(layout).toEqual({ mode: 'vertical-rl', rightToLeft: true });
    } finally {
      await browser.close();
    }
  });

  describe('EPUB', () => itPassesEpubValidators(() => file('.epub')));

  itWith([{ name: 'the vertical PDF (Chromium)', available: existsSync(file('.pdf')), install: 'apt-get install chromium' } satisfies Tool, tools.poppler], 'PDF: reads right to left, fonts embedded, no Type 3 (C50, C44)', () => {
    expect(readFileSync(file('.pdf')).toString('latin1')).toMatch(/\/Direction \/R2L/);
    expect(run('pdffonts', [file('.pdf')])).not.toMatch(/Type 3/);
  });
});

describe('a vertical book with numbered chapters', () => {
  const chromium: Tool = { name: 'Chromium', available: existsSync(file('.pdf')), install: 'apt-get install chromium' };
  // 「第12章」: the digits are set upright in one cell (tate-chu-yoko), which Chromium leaves out of the bookmarks.
  itWith([chromium, tools.qpdf], 'prints, and its bookmarks read 「第12章」 with the digits', async () => {
    const { writeEssayBook } = await import('../scripts/bench-books.ts');
    const { pdfOutline } = await import('./support/outputs.ts');
    const manuscript = path.join(out, 'numbered');
    await writeEssayBook(manuscript, 12, 'vertical');
    const built = buildBook(path.join(out, 'numbered-out'), ['--manuscript', manuscript, '--format', 'pdf']);
    expect(built.status, built.stderr).toBe(0);
    const titles = pdfOutline(path.join(out, 'numbered-out', 'essays-12.pdf')).map((o) => o.title);
    expect(titles).toContain('第12章　深度求索是否改變了人工智能遊戲的玩法呢？');
    expect(titles).toContain('結語（12）');
  });
});
