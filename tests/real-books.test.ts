// Real-world books (issue 16), not only the essay: a classical novel (variant
// characters, an Extension B name, its own U+3000 indents, couplet titles), a
// technical book (code, long lines, an SVG diagram, a wide table, links
// between chapter files and to a file outside the book) and a nonfiction book
// (twenty footnotes, a photograph, emoji and flags, ⿰, Greek, Cyrillic and
// Korean names, pasted HTML with align and a <div> inside a <p>). All three
// were written for paiban and are CC0. Each is built in
// every format, as a user would, and checked as a reader and a printer would:
// validators, embedded fonts, every character there, no dead link.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBook } from './support/global-setup.ts';
import { readEpub } from './support/outputs.ts';
import { itWith, run, tools } from './support/tools.ts';
import { executable, itPassesEpubValidators } from './support/validators.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-real-books-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const chromium = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };
const HAN = /\p{Script=Han}/u;
const withoutAltTexts = (markdown: string) => markdown.replace(/!\[[^\]]*\]/g, '').replace(/\balt="[^"]*"/g, '');

for (const name of ['classical-novel', 'technical', 'nonfiction']) {
  const fixture = path.join('tests/fixtures', name);
  const out = path.join(scratch, name);
  const result = buildBook(out, ['--manuscript', fixture]);
  const file = (ext: string) => path.join(out, `${name}${ext}`);
  const sourceHan = new Set(
    readdirSync(fixture)
      .filter((f) => f.endsWith('.md'))
      // A picture's description is read out, not printed: it is the PDF's /Alt and the EPUB's alt, not their text.
      .flatMap((f) => [...withoutAltTexts(readFileSync(path.join(fixture, f), 'utf8'))].filter((c) => HAN.test(c))),
  );

  describe(`the ${name} fixture`, () => {
    it('builds every output, with no error', () => {
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/: error: |✗/);
    });

    itPassesEpubValidators(() => file('.epub'));

    itWith([chromium, tools.poppler], 'embeds every font of the PDF as TrueType (CID), never Type 3', () => {
      const kinds = run('pdffonts', [file('.pdf')]).split('\n').slice(2).filter(Boolean).map((line) => line.slice(37, 55).trim());
      expect(kinds.length).toBeGreaterThan(0);
      expect(kinds.filter((kind) => kind !== 'CID TrueType')).toEqual([]);
    });

    itWith([chromium, tools.poppler], 'keeps every Han character of the source in the PDF\'s text and the EPUB\'s', async () => {
      const pdfText = new Set(run('pdftotext', ['-enc', 'UTF-8', file('.pdf'), '-']));
      const zip = await readEpub(file('.epub'));
      const xhtml = await Promise.all(Object.keys(zip.files).filter((f) => f.endsWith('.xhtml')).map((f) => zip.file(f)!.async('string')));
      const epubText = new Set(xhtml.join('').replace(/<[^>]+>/g, ''));
      expect([...sourceHan].filter((c) => !pdfText.has(c)).join('')).toBe('');
      expect([...sourceHan].filter((c) => !epubText.has(c)).join('')).toBe('');
    });

    it('links to no Markdown file in any output', async () => {
      const zip = await readEpub(file('.epub'));
      const xhtml = await Promise.all(Object.keys(zip.files).filter((f) => f.endsWith('.xhtml')).map((f) => zip.file(f)!.async('string')));
      const web = readFileSync(path.join(out, name, 'index.html'), 'utf8');
      for (const page of [...xhtml, web]) expect(page).not.toMatch(/href="[^"]*\.md(#[^"]*)?"/);
    });

    itWith([chromium, tools.qpdf], 'links to no Markdown file in the PDF', () => {
      expect(run('qpdf', ['--qdf', '--object-streams=disable', file('.pdf'), '-'])).not.toMatch(/\/URI \([^)]*\.md[#)]/);
    });
  });
}

describe('the technical fixture\'s links and pictures', () => {
  const out = path.join(scratch, 'technical');
  it('reaches a chapter and a heading of another chapter file, and warns at the place of a link that cannot be kept', async () => {
    const zip = await readEpub(path.join(out, 'technical.epub'));
    const chapter = await zip.file('OEBPS/ch001.xhtml')!.async('string');
    expect(chapter).toContain(`<a href="ch002.xhtml#${encodeURIComponent('第二章錯誤處理')}">錯誤處理</a>`);
    expect(chapter).toContain(`<a href="ch002.xhtml#${encodeURIComponent('疑難排除')}">疑難排除</a>`);
    const web = readFileSync(path.join(out, 'technical', 'index.html'), 'utf8');
    expect(web).toContain(`<a href="#${encodeURIComponent('疑難排除')}">疑難排除</a>`);
  });

  it('carries the SVG diagram in the EPUB as SVG and draws it inline, in the book\'s fonts, on the web page', async () => {
    const zip = await readEpub(path.join(out, 'technical.epub'));
    const svgs = Object.keys(zip.files).filter((f) => f.endsWith('.svg') && f.includes('images/'));
    expect(svgs).toHaveLength(1);
    expect(await zip.file('OEBPS/content.opf')!.async('string')).toMatch(/href="images\/[0-9a-f]+\.svg" media-type="image\/svg\+xml"/);
    const web = readFileSync(path.join(out, 'technical', 'index.html'), 'utf8');
    expect(web).toMatch(/<svg [^>]*role="img"[^>]*aria-label="字串 s1 在記憶體中的樣子/);
    expect(web).toContain('font-family="&#x22;Noto Serif TC&#x22;');
  });

  itWith([chromium, tools.poppler], 'prints the diagram as vectors whose text is text', () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', path.join(out, 'technical.pdf'), '-']);
    expect(text).toContain('堆疊（stack）');
    expect(text).toContain('所有權：指向堆積上的資料');
    // No picture of it: pdfimages lists no raster on the diagram's page.
    expect(run('pdfimages', ['-list', path.join(out, 'technical.pdf')]).split('\n').slice(2).filter(Boolean)).toEqual([]);
  });
});
