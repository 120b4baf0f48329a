// The PDF as a printer and a PDF reader see it (spec/epub-pdf.md C40–C48).

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { pdfFurniture, pdfOutline, pdfPagesText, pdfPath, rebuild, sha256, withoutWhitespace } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';

const printed: Tool = { name: 'the PDF (Chromium printed none)', available: existsSync(pdfPath()), install: 'apt-get install chromium' };
const poppler = [printed, tools.poppler];
const info = () => run('pdfinfo', ['-isodates', pdfPath()]);
const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(info())?.[1];

describe('pages', () => {
  itWith(poppler, 'are A5, 148 × 210 mm, every one of them (C43)', () => {
    const boxes = run('pdfinfo', ['-f', '1', '-l', '999', pdfPath()]);
    const sizes = [...boxes.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(sizes.length).toBe(Number(field('Pages')));
    for (const [w, h] of sizes) {
      expect(Math.abs(w! - 419.53)).toBeLessThan(0.75);
      expect(Math.abs(h! - 595.28)).toBeLessThan(0.75);
    }
  });

  itWith([...poppler, tools.qpdf], 'open with half-title, title page, copyright page and contents, then the essay on a recto; folios only on its pages (C46, C49)', () => {
    const text = pdfPagesText().map(withoutWhitespace);
    const essay = pdfOutline()[0]!.page;
    expect(text[0]).toBe('深度求索是否改變了人工智能遊戲的玩法呢？');
    expect(text[1]).toBe('');
    expect(text[2]).toBe('深度求索是否改變了人工智能遊戲的玩法呢？余創豪');
    expect(text[3]).toContain('出版日期2025年2月22日');
    expect(text[4]!.startsWith('目錄')).toBe(true);
    expect(essay % 2).toBe(1);
    expect(text.length - essay + 1).toBeGreaterThanOrEqual(3);
    for (let page = 6; page < essay; page++) expect(text[page - 1], `page ${page} is blank`).toBe('');
    pdfFurniture(pdfPath()).forEach(({ foot }, i) => expect(foot, `page ${i + 1}`).toBe(i + 1 <= essay ? '' : String(i + 1)));
    expect(text.at(-1)).toContain('原載於澳洲《同路人》雜誌');
  });

  itWith([...poppler, tools.qpdf], 'break the title between phrases, not inside a word (「人 / 工智能」), on the title page and the opening page', () => {
    const text = pdfPagesText();
    const lines = (page: number) => text[page - 1]!.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines(3).slice(0, 2)).toEqual(['深度求索是否改變了', '人工智能遊戲的玩法呢？']);
    expect(lines(pdfOutline()[0]!.page).slice(0, 2)).toEqual(['深度求索是否改變了', '人工智能遊戲的玩法呢？']);
  });

  itWith([...poppler, tools.qpdf], 'carry running heads: the book title on versos, the chapter on rectos, none on the opening page (C46)', () => {
    const essay = pdfOutline()[0]!.page;
    const pages = pdfFurniture(pdfPath());
    expect(pages[essay - 1]!.head).toBe('');
    for (const [i, { head, headLeft, headRight, width }] of pages.entries()) {
      const page = i + 1;
      if (page <= essay) continue;
      expect(head, `page ${page}`).toBe('深度求索是否改變了人工智能遊戲的玩法呢？');
      // On the outer edge: left on a verso (even page), right on a recto, in a left-bound book.
      if (page % 2 === 0) expect(headLeft, `page ${page}`).toBeLessThan(width * 0.2);
      else expect(headRight, `page ${page}`).toBeGreaterThan(width * 0.8);
    }
  });

  itWith([...poppler, tools.qpdf], 'mirror the margins: the wider one on the bound edge, left on rectos, right on versos', () => {
    const essay = pdfOutline()[0]!.page;
    const info = run('pdfinfo', [pdfPath()]);
    const width = Number(/Page size:\s+([\d.]+)/.exec(info)?.[1]);
    const margins = (page: number) => {
      const html = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdfPath(), '-']);
      const xs = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">/g)].filter((w) => Number(w[2]) > 80);
      return { left: Math.min(...xs.map((w) => Number(w[1]))), right: width - Math.max(...xs.map((w) => Number(w[3]))) };
    };
    const recto = margins(essay + 2);
    const verso = margins(essay + 1);
    expect(recto.left).toBeGreaterThan(recto.right + 5);
    expect(verso.right).toBeGreaterThan(verso.left + 5);
  });

  itWith([...poppler, tools.qpdf], 'print in the contents the page each chapter\'s bookmark points at (C53)', () => {
    const contents = pdfPagesText()[4]!;
    const essay = pdfOutline()[0]!;
    expect(contents).toMatch(new RegExp(`深度求索是否改變了人工智能遊戲的玩法呢？\\s*${essay.page}\\b`));
  });
});

describe('lines', () => {
  itWith(poppler, 'no printed line starts with closing punctuation or ends with opening punctuation (T14)', () => {
    const lines = pdfPagesText().flatMap((page) => page.split('\n')).map((l) => l.trim()).filter(Boolean);
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.filter((l) => /^[，。、：；！？」』）》]/.test(l) || /[「『（《]$/.test(l))).toEqual([]);
  });
});

describe('document', () => {
  itWith(poppler, 'has the title, author, subject, creator and the source date (C41)', () => {
    expect(field('Title')).toBe('深度求索是否改變了人工智能遊戲的玩法呢？');
    expect(field('Author')).toBe('余創豪');
    expect(field('Subject')).toContain('深度求索');
    expect(field('Keywords')).toContain('DeepSeek');
    expect(field('Creator')).toMatch(/^paiban \d+\.\d+\.\d+$/);
    expect(field('CreationDate')).toBe('2025-02-22T00:00:00Z');
    expect(field('ModDate')).toBe('2025-02-22T00:00:00Z');
  });

  itWith(poppler, 'is tagged (C47)', () => {
    expect(field('Tagged')).toBe('yes');
  });

  itWith([printed, tools.qpdf], 'passes qpdf --check, declares zh-Hant and has an outline of the essay and its sections (C40, C47, C48)', () => {
    expect(run('qpdf', ['--check', pdfPath()])).toContain('No syntax or stream encoding errors');
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdfPath()]));
    const titles: string[] = [];
    const walk = (items: { title: string; kids: unknown[] }[]) => items.forEach((o) => (titles.push(o.title), walk(o.kids as never)));
    walk(json.outlines);
    expect(titles).toEqual(['深度求索是否改變了人工智能遊戲的玩法呢？', '斯普尼特克時刻？', '美國人工智能公司並沒有採取低成本策略', '深度求索暫時未改變美國公司的開源模式', '結語']);
    expect(readFileSync(pdfPath()).toString('latin1')).toMatch(/\/Lang \(zh-Hant\)/);
  });

  itWith(poppler, 'embeds every font as a subset CID TrueType with a Unicode map, none Type 3 (C44)', () => {
    const rows = run('pdffonts', [pdfPath()]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).not.toMatch(/Type 3/);
      expect(row).toMatch(/^[A-Z]{6}\+NotoSerifTC\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    }
  });

  itWith([printed, tools.qpdf], 'links only out to the web or mail, never to the print page\'s own origin, a file or localhost (C51)', () => {
    const uris = [...run('qpdf', ['--qdf', '--object-streams=disable', pdfPath(), '-']).matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]);
    expect(uris.sort()).toEqual(['https://www.youtube.com/watch?v=udCMEChdawQ', 'https://www.youtube.com/watch?v=udCMEChdawQ', 'mailto:chonghoyu@gmail.com']);
  });

  itWith(poppler, 'uses real bold for headings, not synthesised bold', () => {
    const rows = run('pdffonts', [pdfPath()]);
    expect(rows).toMatch(/NotoSerifTC\S*-Bold/);
  });

  itWith(printed, 'gives the same bytes when built again with the same SOURCE_DATE_EPOCH (C42)', () => {
    const again = rebuild('pdf');
    expect(again.status, again.stderr).toBe(0);
    expect(again.sha256).toBe(sha256(pdfPath()));
  });
});
