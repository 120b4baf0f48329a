// A small book with what books hold — two authors, an ISBN, an image, a
// table, footnotes, ruby, and a remote image that must stay out — built in
// all three formats, then checked by every validator (issue 4's fixture).

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from './support/global-setup.ts';
import { pdfOutline, pdfPagesText } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';
import { itPassesEpubValidators } from './support/validators.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-showcase-'));
const file = (name: string) => path.join(out, name);
const result = buildBook(out, ['--manuscript', 'tests/fixtures/showcase']);
const printed: Tool = { name: 'the showcase PDF (Chromium)', available: existsSync(file('showcase.pdf')), install: 'apt-get install chromium' };
let zip: JSZip;
const read = (name: string) => zip.file(name)!.async('string');

beforeAll(async () => {
  zip = await JSZip.loadAsync(readFileSync(file('showcase.epub')));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the showcase book', () => {
  it('builds, warning about the remote image at its place', () => {
    expect([0, 3], result.stderr).toContain(result.status);
    expect(result.stderr).toContain('tests/fixtures/showcase/02-ruby.md:5:12: warning: Unexpected image "https://example.com/remote.png" (a URL or an absolute path), expected a file inside tests/fixtures/showcase; it is left out (images:outside)');
  });

  it('names both authors, each with the aut role, and the ISBN as its identifier (C6, C8)', async () => {
    const opf = await read('OEBPS/content.opf');
    expect(opf).toContain('<dc:creator id="creator-1">甲作者</dc:creator>');
    expect(opf).toContain('<dc:creator id="creator-2">乙作者</dc:creator>');
    expect(opf).toContain('<meta refines="#creator-2" property="role" scheme="marc:relators">aut</meta>');
    expect(opf).toContain('<dc:identifier id="uid">urn:isbn:9780306406157</dc:identifier>');
    expect(await read('OEBPS/toc.ncx')).toContain('<meta name="dtb:uid" content="urn:isbn:9780306406157"/>');
  });

  it('carries the image inside the EPUB, named by its content, with its alt text and a caption (C29)', async () => {
    const opf = await read('OEBPS/content.opf');
    const href = /<item id="image-1" href="(images\/[0-9a-f]{16}\.png)" media-type="image\/png"\/>/.exec(opf)?.[1];
    expect(href).toBeDefined();
    expect(Buffer.from(await zip.file(`OEBPS/${href}`)!.async('uint8array')).equals(readFileSync('tests/fixtures/showcase/figures/map.png'))).toBe(true);
    const chapter = await read('OEBPS/ch001.xhtml');
    expect(chapter).toContain(`<figure><img src="${href}" alt="台北市的簡圖" title="圖一　台北市簡圖" width="300" height="450" /><figcaption>圖一　台北市簡圖</figcaption></figure>`);
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
  });

  it('leaves the remote image out of every output, keeping its description', async () => {
    expect(await read('OEBPS/ch002.xhtml')).toContain('遠端圖片不會進入書中：遠端圖片');
    const everything = [...Object.keys(zip.files).map((f) => f), ...(await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string'))))].join('\n');
    expect(everything).not.toContain('example.com');
    expect(readFileSync(file('showcase/index.html'), 'utf8')).not.toContain('example.com');
  });

  it('keeps the table, the footnote with its way back, and the ruby', async () => {
    const first = await read('OEBPS/ch001.xhtml');
    expect(first).toMatch(/<table>[\s\S]*<th>年份<\/th>[\s\S]*<td>深度求索<\/td>/);
    expect(first).toContain('<a href="#ch001-fn-map" id="ch001-fnref-map" data-footnote-ref="" aria-describedby="ch001-footnote-label">1</a>');
    expect(first).toContain('href="#ch001-fnref-map"');
    expect(await read('OEBPS/ch002.xhtml')).toContain('<ruby>深<rp>(</rp><rt>ㄕㄣ</rt><rp>)</rp></ruby>');
  });

  it('embeds the body font cut to the book, with its licence, and tells Apple Books to use it (C13, C31)', async () => {
    const opf = await read('OEBPS/content.opf');
    expect(opf).toContain('prefix="ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"');
    expect(opf).toContain('<meta property="ibooks:specified-fonts">true</meta>');
    const fonts = [...opf.matchAll(/<item id="font-\d+" href="(fonts\/[a-z0-9.-]+\.woff2)" media-type="font\/woff2"\/>/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(1);
    let total = 0;
    for (const font of fonts) {
      const bytes = await zip.file(`OEBPS/${font}`)!.async('uint8array');
      expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('wOF2');
      total += bytes.length;
    }
    expect(total).toBeLessThan(1024 * 1024);
    expect(await read('OEBPS/fonts/noto-serif-tc-license.txt')).toContain('SIL OPEN FONT LICENSE');
    // Every character the reader sees falls in the unicode-range of one embedded file.
    const css = await read('OEBPS/style.css');
    const ranges = [...css.matchAll(/unicode-range:\s*([^;}]+)/g)].flatMap((m) =>
      m[1]!.split(',').map((r) => r.trim().replace(/^U\+/i, '').split('-').map((h) => parseInt(h, 16))),
    );
    const covered = (c: string) => ranges.some(([from, to]) => c.codePointAt(0)! >= from! && c.codePointAt(0)! <= (to ?? from)!);
    for (const name of Object.keys(zip.files).filter((f) => f.endsWith('.xhtml'))) {
      const text = (await read(name)).replace(/<[^>]+>/g, '').replace(/\s/g, '');
      expect([...new Set(text)].filter((c) => !covered(c)).join(''), name).toBe('');
    }
  });

  it('gives the web edition its own copy of the image', () => {
    expect(readdirSync(file('showcase/images'))).toHaveLength(1);
  });

  itWith([printed, tools.poppler, tools.qpdf], 'opens each chapter of the PDF on a recto, at the page its contents line gives (C49, C53)', () => {
    const outline = pdfOutline(file('showcase.pdf')).filter((o) => ['圖與表', '注音與外連'].includes(o.title));
    expect(outline.map((o) => o.page % 2)).toEqual([1, 1]);
    const contents = run('pdftotext', ['-f', '5', '-l', '5', file('showcase.pdf'), '-']);
    for (const { title, page } of outline) expect(contents).toMatch(new RegExp(`${title}\\s*${page}\\b`));
  });

  itWith([printed, tools.poppler, tools.qpdf], 'prints footnotes at the end of their chapter, linked both ways inside the PDF', () => {
    const outline = pdfOutline(file('showcase.pdf'));
    const [first, second] = [outline.find((o) => o.title === '圖與表')!.page, outline.find((o) => o.title === '注音與外連')!.page];
    // The first chapter's pages, running heads and folios aside: its text ends with its notes.
    const chapter = pdfPagesText(file('showcase.pdf')).slice(first - 1, second - 1).join('').replace(/\s/g, '');
    expect(chapter.endsWith('註釋1.地圖為示意，不按比例。↑')).toBe(true);
    const pdf = run('qpdf', ['--qdf', '--object-streams=disable', file('showcase.pdf'), '-']);
    expect(pdf).not.toMatch(/\/URI/);
    expect((pdf.match(/\/Subtype \/Link/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  itWith([printed, tools.poppler], 'pads the printer\'s variant with blank pages to a whole signature of 4 (pdf.print in book.yaml)', () => {
    const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file(pdf)]))?.[1]);
    expect(pages('showcase.pdf') % 4).not.toBe(0);
    expect(pages('showcase-print.pdf')).toBe(Math.ceil(pages('showcase.pdf') / 4) * 4);
    expect(run('pdftotext', ['-f', String(pages('showcase-print.pdf')), '-l', String(pages('showcase-print.pdf')), file('showcase-print.pdf'), '-']).trim()).toBe('');
  });

  itWith([printed, tools.poppler], 'prints the image into both PDFs at 300 ppi or more, gray in the printer\'s (C52)', () => {
    const images = (pdf: string) => run('pdfimages', ['-list', file(pdf)]).trim().split('\n').slice(2).map((row) => row.trim().split(/\s+/));
    for (const pdf of ['showcase.pdf', 'showcase-print.pdf']) {
      expect(images(pdf), pdf).toHaveLength(1);
      for (const row of images(pdf)) {
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
        expect(Number(row[12]), `${pdf} x-ppi`).toBeGreaterThanOrEqual(300);
        expect(Number(row[13]), `${pdf} y-ppi`).toBeGreaterThanOrEqual(300);
      }
    }
    expect(images('showcase-print.pdf')[0]![5]).toBe('gray');
  });

  itPassesEpubValidators(() => file('showcase.epub'), { usage: true });
});
