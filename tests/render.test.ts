// What only layout can show (spec T0, T14, T15, T20, T21, T28, P1, P11, P18):
// the print page and the EPUB chapter, rendered by Chromium with the book's
// fonts, measured in the page.

import { PNG } from 'pngjs';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parseBook } from '../scripts/lib/book.ts';
import { BOOK_ORIGIN, findBrowser, launchBrowser, openBookPage } from '../scripts/lib/browser.ts';
import { facesFor } from '../scripts/lib/fonts.ts';
import { bookText, renderPrintPage, stylesheet, fontFaceCssFor, toXhtmlFragment } from '../scripts/lib/html.ts';
import { loadBodyFonts, loadManuscript, loadTemplates } from '../scripts/lib/load.ts';
import { printSite } from '../scripts/lib/pdf.ts';
import { typeset } from '../scripts/lib/typeset/index.ts';
import { itWith, type Tool } from './support/tools.ts';

const executable = await findBrowser().catch(() => undefined);
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

let browser: Browser | undefined;
let print: Page;
let epub: Page;

beforeAll(async () => {
  if (!executable) return;
  const book = typeset(parseBook(await loadManuscript('manuscript')).book);
  const [templates, allFonts] = await Promise.all([loadTemplates(), loadBodyFonts()]);
  const fonts = facesFor(allFonts, bookText(book));
  const printPage = renderPrintPage(book, templates, fonts);
  browser = await launchBrowser(executable);
  ({ page: print } = await openBookPage(browser, printSite(printPage)));
  // The EPUB's own stylesheet, as a reader that has Noto Serif TC would show it.
  const chapter = `<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,"><link rel="stylesheet" href="style.css"></head><body><section>${toXhtmlFragment(book.chapters[0]!.tree)}</section></body></html>`;
  ({ page: epub } = await openBookPage(browser, printSite({ html: chapter, css: `${fontFaceCssFor(fonts)}\n${stylesheet(templates, book, 'epub')}`, fonts })));
  for (const page of [print, epub]) {
    // Measuring needs script; the book itself has none and prints with it off.
    await page.setJavaScriptEnabled(true);
    await page.goto(`${BOOK_ORIGIN}/index.html`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
  }
});

afterAll(async () => {
  await browser?.close();
});

/** A page of `body` with the book's print CSS for a writing mode and the font files its text needs. */
async function samplePage(body: string, writingMode: 'horizontal' | 'vertical'): Promise<Page> {
  const manuscript = await loadManuscript('manuscript');
  const book = typeset(parseBook({ ...manuscript, config: { ...manuscript.config, layout: { ...manuscript.config.layout, writingMode } } }).book);
  const [templates, allFonts] = await Promise.all([loadTemplates(), loadBodyFonts()]);
  const fonts = facesFor(allFonts, body);
  const html = `<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,"><link rel="stylesheet" href="style.css"></head><body>${body}</body></html>`;
  const { page } = await openBookPage(browser!, printSite({ html, css: `${fontFaceCssFor(fonts)}\n${stylesheet(templates, book, 'print')}`, fonts }));
  await page.setJavaScriptEnabled(true);
  await page.goto(`${BOOK_ORIGIN}/index.html`, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

describe('the two-em dash (T10)', () => {
  for (const mode of ['horizontal', 'vertical'] as const) {
    itWith(chromium, `is 2 em long in ${mode} text`, async () => {
      const page = await samplePage('<p style="font-size:100px">深度求索<span class="zh-dash">——</span>中國</p>', mode);
      const em = await page.$eval('.zh-dash', (span) => {
        const rect = span.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(span).fontSize);
        return (document.documentElement.matches(':root') && getComputedStyle(document.documentElement).writingMode.startsWith('vertical') ? rect.height : rect.width) / size;
      });
      expect(em).toBeCloseTo(2, 1);
      await page.close();
    });
  }
});

const pages = () => [['print page', print], ['EPUB chapter', epub]] as const;

describe('rendered typography', () => {
  for (const [name] of [['print page'], ['EPUB chapter']] as const) {
    const page = () => pages().find(([n]) => n === name)![1];

    itWith(chromium, `${name}: each compressed pair such as 」， measures 1.5 em (T15, P1)`, async () => {
      const widths = await page().evaluate(() => {
        // Justification would stretch the gaps; measure the marks at their own widths.
        const unjustified = document.head.appendChild(document.createElement('style'));
        unjustified.textContent = 'p { text-align: start !important; }';
        const measured = [...document.querySelectorAll('main .pt-halt, section .pt-halt')].map((span) => {
          const range = document.createRange();
          range.setStartBefore(span);
          const next = span.nextSibling!;
          range.setEnd(next, next.nodeType === Node.TEXT_NODE ? 1 : next.childNodes.length);
          const size = parseFloat(getComputedStyle(span.parentElement!).fontSize);
          return { pair: range.toString(), em: Math.round((range.getBoundingClientRect().width / size) * 100) / 100 };
        });
        unjustified.remove();
        return measured;
      });
      expect(widths.length).toBe(6);
      for (const { pair, em } of widths) expect(em, pair).toBeCloseTo(1.5, 1);
    });

    itWith(chromium, `${name}: ，and 。 sit centred, Taiwan style (T0, P11)`, async () => {
      const centres = await page().evaluate(async () => {
        const p = document.querySelector('p')!;
        const family = getComputedStyle(p).fontFamily;
        await document.fonts.load(`100px ${family}`, '，。');
        return ['，', '。'].map((mark) => {
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = 100;
          const ctx = canvas.getContext('2d')!;
          ctx.font = `100px ${family}`;
          ctx.textBaseline = 'top';
          ctx.fillText(mark, 0, 0);
          const { data } = ctx.getImageData(0, 0, 100, 100);
          let [x0, x1] = [100, 0];
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3]! > 128) {
              const x = (i / 4) % 100;
              x0 = Math.min(x0, x);
              x1 = Math.max(x1, x);
            }
          }
          return (x0 + x1) / 2 / 100;
        });
      });
      for (const centre of centres) {
        expect(centre).toBeGreaterThan(0.4);
        expect(centre).toBeLessThan(0.6);
      }
    });

    itWith(chromium, `${name}: sets the CJK properties the spec asks for, explicitly (T14, T20, T21, T28, P9, P18)`, async () => {
      const style = await page().evaluate(() => {
        const s = getComputedStyle([...document.querySelectorAll('main p, section p')].find((p) => p.closest('address, footer, .front') === null)!);
        return { lineBreak: s.lineBreak, textJustify: s.textJustify, textAlign: s.textAlign, textAutospace: s.getPropertyValue('text-autospace'), textSpacingTrim: s.getPropertyValue('text-spacing-trim'), textWrap: s.getPropertyValue('text-wrap-style'), lang: document.documentElement.lang };
      });
      expect(style).toEqual({ lineBreak: 'strict', textJustify: 'auto', textAlign: 'justify', textAutospace: 'no-autospace', textSpacingTrim: 'space-all', textWrap: 'pretty', lang: 'zh-Hant' });
    });
  }

  itWith(chromium, 'print page: at 12, 16, 20 and 30 em no line starts with ，。、：；！？」』）》 or ends with 「『（《 (T14)', async () => {
    const bad = await print.evaluate(() => {
      const problems: string[] = [];
      const paragraphs = [...document.querySelectorAll('main p')] as HTMLElement[];
      for (const width of [12, 16, 20, 30]) {
        for (const p of paragraphs) {
          p.style.width = `${width}em`;
          const lines: string[] = [];
          let top = -Infinity;
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.textContent!.length; i++) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const rect = range.getClientRects()[0];
              if (!rect) continue;
              if (rect.top > top + 2) lines.push('');
              top = Math.max(top, rect.top);
              lines[lines.length - 1] = (lines.at(-1) ?? '') + node.textContent![i];
            }
          }
          p.style.width = '';
          for (const line of lines) {
            const trimmed = line.trim();
            if (/^[，。、：；！？」』）》]/.test(trimmed) || /[「『（《]$/.test(trimmed)) problems.push(`${width}em: ${trimmed}`);
          }
        }
      }
      return problems;
    });
    expect(bad).toEqual([]);
  });
});

/** Ink box of an element's screenshot, as fractions of its box: dark pixels only. */
async function inkBox(page: Page, selector: string): Promise<{ x0: number; x1: number; y0: number; y1: number }> {
  const element = (await page.$(selector))!;
  const png = PNG.sync.read(Buffer.from(await element.screenshot({ type: 'png' })));
  let [x0, x1, y0, y1] = [png.width, 0, png.height, 0];
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      if (png.data[(y * png.width + x) * 4]! < 128) {
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      }
    }
  }
  return { x0: x0 / png.width, x1: x1 / png.width, y0: y0 / png.height, y1: y1 / png.height };
}

describe('vertical text as a Taiwanese paperback sets it (T25, P17)', () => {
  itWith(chromium, '，and 。 stay centred in their cell, not in the upper right', async () => {
    const page = await samplePage('<p style="font-size:100px;line-height:1"><span id="comma">，</span><span id="stop">。</span></p>', 'vertical');
    for (const id of ['#comma', '#stop']) {
      const ink = await inkBox(page, id);
      expect((ink.x0 + ink.x1) / 2, id).toBeGreaterThan(0.3);
      expect((ink.x0 + ink.x1) / 2, id).toBeLessThan(0.7);
      expect((ink.y0 + ink.y1) / 2, id).toBeGreaterThan(0.3);
      expect((ink.y0 + ink.y1) / 2, id).toBeLessThan(0.7);
    }
    await page.close();
  });

  itWith(chromium, 'corner brackets and parentheses turn: their ink is wider than tall', async () => {
    const page = await samplePage('<p style="font-size:100px;line-height:1"><span id="a">「</span><span id="b">」</span><span id="c">（</span><span id="d">）</span></p>', 'vertical');
    for (const id of ['#a', '#b', '#c', '#d']) {
      const ink = await inkBox(page, id);
      expect(ink.x1 - ink.x0, id).toBeGreaterThan(ink.y1 - ink.y0);
    }
    await page.close();
  });
});

describe('emphasis (T17)', () => {
  itWith(chromium, 'is marked with dots under the text, never slanted', async () => {
    const page = await samplePage('<p>這不算是<em>典範轉移</em>或者</p>', 'horizontal');
    const style = await page.$eval('em', (em) => {
      const s = getComputedStyle(em);
      return { fontStyle: s.fontStyle, mark: s.getPropertyValue('text-emphasis-style'), position: s.getPropertyValue('text-emphasis-position') };
    });
    // Computed values drop the defaults: `circle` is filled, `under` is `under right`.
    expect(style).toEqual({ fontStyle: 'normal', mark: 'circle', position: 'under' });
    await page.close();
  });
});

describe('punctuation at a line start and shared with Latin (T16, P12)', () => {
  itWith(chromium, 'an opening bracket that starts a paragraph keeps its full width at the indent', async () => {
    const page = await samplePage('<p style="font-size:100px;width:8em">「人工智慧」的時刻，這是比喻。</p>', 'horizontal');
    const { width, left, indent } = await page.$eval('p', (p) => {
      const range = document.createRange();
      range.setStart(p.firstChild!, 0);
      range.setEnd(p.firstChild!, 1);
      const rect = range.getBoundingClientRect();
      return { width: rect.width / 100, left: (rect.left - p.getBoundingClientRect().left) / 100, indent: parseFloat(getComputedStyle(p).textIndent) / 100 };
    });
    expect(width).toBeCloseTo(1, 1);
    expect(left).toBeCloseTo(indent, 1);
    await page.close();
  });

  itWith(chromium, 'the ellipsis comes from the CJK face: centred on the line, not on the baseline', async () => {
    const page = await samplePage('<p style="font-size:100px;line-height:1"><span id="dots">……</span></p>', 'horizontal');
    const ink = await inkBox(page, '#dots');
    expect((ink.y0 + ink.y1) / 2).toBeGreaterThan(0.3);
    expect((ink.y0 + ink.y1) / 2).toBeLessThan(0.7);
    await page.close();
  });
});
