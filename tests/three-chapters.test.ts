// A three-chapter book with endnotes, horizontal and vertical: the printed
// book's furniture across chapters (issue 5; spec C46, C48, C49, C50, C53).
// Chapter 1 fills two pages, chapter 2 one, so chapter 3 needs a blank page
// before it to open on a recto.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { buildBook } from './support/global-setup.ts';
import { pdfFurniture, pdfOutline, pdfPagesText, sha256, withoutWhitespace } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-three-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const BOOK_TITLE = '三章之書';
const CHAPTERS = ['第一章　衝擊', '第二章　成本', '第三章　開源'];
const NOTES = [['指二〇二五年一月底。', '美國總統語。'], ['成本數字為估計。'], ['開源指公開模型權重。', '此為作者觀點。']];

for (const writingMode of ['horizontal', 'vertical'] as const) {
  const dir = path.join(out, writingMode);
  const file = path.join(dir, 'three.pdf');
  const result = buildBook(dir, ['--manuscript', 'tests/fixtures/three-chapters', '--format', 'pdf', '--writing-mode', writingMode]);
  const printed: Tool = { name: `the three-chapter ${writingMode} PDF (Chromium)`, available: existsSync(file), install: 'apt-get install chromium' };
  const needs = [printed, tools.poppler, tools.qpdf];
  const pagesText = () => pdfPagesText(file, { raw: writingMode === 'vertical' }).map(withoutWhitespace);
  const chapterStarts = () => pdfOutline(file).filter((o) => CHAPTERS.includes(o.title));

  describe(`three chapters, ${writingMode}`, () => {
    itWith(needs, 'has a bookmark per chapter, each at an odd (recto) page, in order (C48, C49)', () => {
      expect(result.status, result.stderr).toBe(0);
      const starts = chapterStarts();
      expect(starts.map((s) => s.title)).toEqual(CHAPTERS);
      for (const start of starts) expect(start.page % 2, start.title).toBe(1);
      expect(starts.map((s) => s.page)).toEqual([...starts.map((s) => s.page)].sort((a, b) => a - b));
    });

    itWith(needs, 'opens with half-title, blank, title page, copyright page and contents; a blank verso before chapter 3', () => {
      const text = pagesText();
      expect(text[0]).toBe(BOOK_TITLE);
      expect(text[1]).toBe('');
      expect(text[2]).toBe(`${BOOK_TITLE}余創豪`);
      expect(text[3]).toContain('出版日期2025年2月22日');
      expect(text[4]!.startsWith('目錄')).toBe(true);
      const [, , third] = chapterStarts();
      expect(text[third!.page - 2], 'the page before chapter 3').toBe('');
    });

    itWith(needs, 'prints in the contents the page each bookmark points at (C53)', () => {
      const contents = pagesText()[4]!;
      const listed = CHAPTERS.map((title) => Number(new RegExp(`${title.replace(/\s/g, '')}(\\d+)`).exec(contents)?.[1]));
      expect(listed).toEqual(chapterStarts().map((s) => s.page));
    });

    itWith(needs, 'carries the book title on versos and the chapter on rectos, on the outer edge; folios on body pages only (C46, C50)', () => {
      const pages = pdfFurniture(file);
      const starts = chapterStarts().map((s) => s.page);
      const text = pagesText();
      const blank = new Set(starts.map((s) => s - 1).filter((p) => text[p - 1] === ''));
      let checked = 0;
      pages.forEach((page, i) => {
        const folio = i + 1;
        const chapter = starts.filter((s) => s <= folio).length - 1;
        const body = chapter >= 0 && !starts.includes(folio) && !blank.has(folio);
        if (!body) {
          expect({ head: page.head, foot: page.foot }, `page ${folio}`).toEqual({ head: '', foot: '' });
          return;
        }
        checked++;
        expect(page.foot, `folio of page ${folio}`).toBe(String(folio));
        const recto = folio % 2 === 1;
        expect(page.head, `head of page ${folio}`).toBe((recto ? CHAPTERS[chapter]! : BOOK_TITLE).replace(/\s/g, ''));
        // The open edge: a left-bound (horizontal) book opens on the right of a recto; a right-bound one on the left.
        const outerIsRight = writingMode === 'horizontal' ? recto : !recto;
        if (outerIsRight) expect(page.headRight, `page ${folio}`).toBeGreaterThan(page.width * 0.8);
        else expect(page.headLeft, `page ${folio}`).toBeLessThan(page.width * 0.2);
      });
      expect(checked).toBeGreaterThanOrEqual(2);
    });

    itWith(needs, 'ends each chapter with its own notes, before the next chapter opens', () => {
      const text = pagesText();
      const starts = [...chapterStarts().map((s) => s.page), text.length + 1];
      for (const [i, notes] of NOTES.entries()) {
        const chapter = text.slice(starts[i]! - 1, starts[i + 1]! - 1).join('');
        const heading = chapter.lastIndexOf('註釋');
        expect(heading, CHAPTERS[i]).toBeGreaterThan(0);
        const tail = chapter.slice(heading);
        notes.forEach((note, n) => expect(tail, CHAPTERS[i]).toContain(`${n + 1}.${note}`));
      }
    });

    itWith(needs, 'is tagged, in the book\'s language, with one H1 per chapter and an H2 for each chapter\'s notes (C47)', () => {
      const pdf = run('qpdf', ['--qdf', '--object-streams=disable', file, '-']);
      expect(pdf).toMatch(/\/Lang \(zh-Hant\)/);
      expect(pdf.match(/\/S \/H1\b/g)).toHaveLength(CHAPTERS.length);
      expect(pdf.match(/\/S \/H2\b/g)).toHaveLength(NOTES.length);
      expect(run('pdfinfo', [file])).toMatch(/^Tagged:\s+yes$/m);
    });

    itWith(needs, 'passes qpdf --check, with no Type 3 font (C40, C44)', () => {
      expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
      expect(run('pdffonts', [file])).not.toMatch(/Type 3/);
      if (writingMode === 'vertical') expect(run('qpdf', ['--qdf', '--object-streams=disable', file, '-'])).toMatch(/\/Direction \/R2L/);
    });
  });

  if (writingMode === 'horizontal') {
    describe('three chapters, built again', () => {
      itWith([printed], 'gives the same bytes (C42)', () => {
        const again = path.join(out, 'again');
        const second = buildBook(again, ['--manuscript', 'tests/fixtures/three-chapters', '--format', 'pdf', '--writing-mode', writingMode]);
        expect(second.status, second.stderr).toBe(0);
        expect(sha256(path.join(again, 'three.pdf'))).toBe(sha256(file));
      });
    });
  }
}
