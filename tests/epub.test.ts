// The EPUB as reading systems and validators see it (spec/epub-pdf.md C1–C35).

import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyText, epubPath, readEpub, rebuild, seedText, sha256, withoutWhitespace } from './support/outputs.ts';
import { itWith, run, tools } from './support/tools.ts';
import { ace, aceTool, epubcheckTs, javaEpubcheck, javaEpubcheckUsage } from './support/validators.ts';
import type JSZip from 'jszip';
import { budget } from './support/budget.ts';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', isArray: (name) => ['dc:creator', 'dc:subject', 'meta', 'item', 'itemref', 'li', 'navPoint'].includes(name) });

let zip: JSZip;
let opf: string;
const text = (name: string) => zip.file(name)!.async('string');

beforeAll(async () => {
  zip = await readEpub();
  opf = await text('OEBPS/content.opf');
});

describe('container', () => {
  it('starts with an uncompressed mimetype entry without extra field (C1)', () => {
    const bytes = readFileSync(epubPath());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.readUInt16LE(8)).toBe(0); // stored
    expect(bytes.readUInt16LE(26)).toBe(8); // name length
    expect(bytes.readUInt16LE(28)).toBe(0); // extra field length
    expect(bytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
    expect(bytes.subarray(38, 58).toString('latin1')).toBe('application/epub+zip');
  });

  it('names one package document in META-INF/container.xml (C3)', async () => {
    const container = xml.parse(await text('META-INF/container.xml'));
    const rootfile = container.container.rootfiles.rootfile;
    expect(rootfile['@media-type']).toBe('application/oebps-package+xml');
    expect(zip.file(rootfile['@full-path'])).not.toBeNull();
  });

  it('keeps the zip clean: stored or deflated entries, portable unique names (C2)', () => {
    const names = Object.keys(zip.files);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9._/-]+$/);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    const bytes = readFileSync(epubPath());
    // Every local file header: compression method 0 (stored) or 8 (deflate), no encryption bit.
    for (let at = bytes.indexOf('PK\x03\x04', 0, 'latin1'); at !== -1; at = bytes.indexOf('PK\x03\x04', at + 4, 'latin1')) {
      expect([0, 8]).toContain(bytes.readUInt16LE(at + 8));
      expect(bytes.readUInt16LE(at + 6) & 1).toBe(0);
    }
  });

  it('declares each resource with a core media type that matches its bytes (C15)', async () => {
    const items: Record<string, string>[] = xml.parse(opf).package.manifest.item;
    const magic: Record<string, (b: Buffer) => boolean> = {
      'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8,
      'image/svg+xml': (b) => /<svg[\s>]/.test(b.toString('utf8', 0, 400)),
      'application/xhtml+xml': (b) => b.toString('utf8', 0, 40).startsWith('<?xml'),
      'application/x-dtbncx+xml': (b) => b.toString('utf8', 0, 40).startsWith('<?xml'),
      'text/css': (b) => !b.includes(0),
    };
    for (const item of items) {
      const check = magic[item['@media-type']!];
      expect(check, `${item['@href']} ${item['@media-type']}`).toBeDefined();
      expect(check!(Buffer.from(await zip.file(`OEBPS/${item['@href']}`)!.async('uint8array'))), item['@href']).toBe(true);
    }
  });

  it('lists every file in the manifest, and only files that exist (C14)', () => {
    const items = xml.parse(opf).package.manifest.item.map((i: Record<string, string>) => `OEBPS/${i['@href']}`).sort();
    const files = Object.values(zip.files).filter((f) => !f.dir && !['mimetype', 'OEBPS/content.opf'].includes(f.name) && !f.name.startsWith('META-INF/')).map((f) => f.name).sort();
    expect(items).toEqual(files);
  });
});

describe('package metadata', () => {
  const metadata = () => xml.parse(opf).package.metadata;

  it('is in zh-Hant, on the package and in dc:language (C9)', () => {
    expect(opf).toMatch(/<package [^>]*xml:lang="zh-Hant"/);
    expect(metadata()['dc:language']).toBe('zh-Hant');
  });

  it('has the title and one dc:creator per author with the aut role (C8)', () => {
    expect(metadata()['dc:title']['#text']).toBe('深度求索是否改變了人工智能遊戲的玩法呢？');
    expect(metadata()['dc:creator'].map((c: Record<string, string>) => c['#text'])).toEqual(['余創豪']);
    expect(opf).toContain('<meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>');
  });

  it('has a stable urn:uuid identifier that the NCX repeats (C5, C6)', async () => {
    const id = metadata()['dc:identifier'];
    expect(xml.parse(opf).package['@unique-identifier']).toBe(id['@id']);
    expect(id['#text']).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await text('OEBPS/toc.ncx')).toContain(`<meta name="dtb:uid" content="${id['#text']}"/>`);
  });

  it('dates dcterms:modified from SOURCE_DATE_EPOCH, not the clock (C7)', () => {
    const modified = metadata().meta.filter((m: Record<string, string>) => m['@property'] === 'dcterms:modified');
    expect(modified.map((m: Record<string, string>) => m['#text'])).toEqual(['2025-02-22T00:00:00Z']);
    expect(metadata()['dc:date']).toBe('2025-02-22');
  });

  it('carries the book.yaml metadata and no empty or placeholder element (C10)', () => {
    expect(metadata()['dc:source']).toBe('澳洲《同路人》雜誌');
    expect(metadata()['dc:subject'].map((s: unknown) => String(s))).toEqual(['人工智能', '深度求索', 'DeepSeek', '科技產業']);
    expect(opf).not.toMatch(/<dc:\w+[^>]*\/>|<dc:(\w+)[^>]*>\s*<\/dc:\1>/);
    expect(opf).not.toMatch(/anonymous|Table of Contents|epub-gen/);
  });

  it('declares accessibility metadata that matches a text-only horizontal book (C11)', () => {
    const values = (property: string) => metadata().meta.filter((m: Record<string, string>) => m['@property'] === property).map((m: Record<string, string>) => m['#text']);
    expect(values('schema:accessMode')).toEqual(['textual']);
    expect(values('schema:accessibilityFeature')).toContain('horizontalWriting');
    expect(values('schema:accessibilityHazard')).toEqual(['none']);
    expect(values('schema:accessibilitySummary')[0]).toBeTruthy();
  });

  it('is reflowable and makes no claim about embedded fonts it does not have (C13)', () => {
    expect(opf).toContain('<meta property="rendition:layout">reflowable</meta>');
    expect(opf).not.toContain('ibooks:specified-fonts');
    expect(Object.keys(zip.files).filter((f) => /\.(woff2?|ttf|otf)$/.test(f))).toEqual([]);
  });

  it('has one nav document and an NCX the spine names, each document once in the spine, and no guide (C17, C18, C19)', () => {
    const pkg = xml.parse(opf).package;
    expect(pkg.manifest.item.filter((i: Record<string, string>) => i['@properties'] === 'nav')).toHaveLength(1);
    const ncx = pkg.manifest.item.find((i: Record<string, string>) => i['@media-type'] === 'application/x-dtbncx+xml');
    expect(pkg.spine['@toc']).toBe(ncx['@id']);
    const spine = pkg.spine.itemref.map((i: Record<string, string>) => i['@idref']);
    expect(new Set(spine).size).toBe(spine.length);
    expect(pkg.guide).toBeUndefined();
  });

  it('reads left to right: a horizontal book (C12)', () => {
    expect(xml.parse(opf).package.spine['@page-progression-direction']).toBe('ltr');
    expect(opf).not.toContain('primary-writing-mode');
  });
});

describe('front and back matter', () => {
  it('has a cover image, declared as cover-image, with a cover page that describes it (C16)', async () => {
    expect(opf).toContain('<item id="cover-image" href="cover.svg" media-type="image/svg+xml" properties="cover-image"/>');
    expect(opf).toContain('<meta name="cover" content="cover-image"/>');
    const svg = await text('OEBPS/cover.svg');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('余創豪');
    expect(svg.replace(/<[^>]+>|\s/g, '')).toContain('深度求索是否改變了人工智能遊戲的玩法呢？');
    const page = await text('OEBPS/cover.xhtml');
    expect(page).toContain('<img class="cover" role="doc-cover" src="cover.svg" alt="封面：深度求索是否改變了人工智能遊戲的玩法呢？，余創豪" />');
  });

  it('opens with the cover and title page, then the contents, then the essay, and closes with the copyright page', () => {
    const spine = xml.parse(opf).package.spine.itemref.map((i: Record<string, string>) => i['@idref']);
    expect(spine).toEqual(['cover', 'titlepage', 'nav', 'ch001', 'colophon']);
  });

  it('has a title page with title and author', async () => {
    const page = bodyText(await text('OEBPS/titlepage.xhtml'));
    expect(withoutWhitespace(page)).toBe('深度求索是否改變了人工智能遊戲的玩法呢？余創豪');
  });

  it('has a copyright page (版權頁) with the date, source, identifier and rights from book.yaml', async () => {
    const page = await text('OEBPS/colophon.xhtml');
    expect(page).toContain('<section epub:type="copyright-page" id="colophon">');
    for (const entry of ['<dt>出版日期</dt><dd>2025年2月22日</dd>', '<dt>原載</dt><dd>澳洲《同路人》雜誌</dd>', '<dt>版權</dt><dd>© 2025 余創豪</dd>', '<dt>識別碼</dt><dd>urn:uuid:']) {
      expect(page).toContain(entry);
    }
  });
});

describe('navigation', () => {
  it('has a 目錄 nav listing the essay and its four sections, in order (C20)', async () => {
    const nav = await text('OEBPS/toc.xhtml');
    expect(nav).toMatch(/<nav epub:type="toc" role="doc-toc"/);
    expect(nav).toContain('<h1 id="toc-title">目錄</h1>');
    const labels = [...nav.split('epub:type="landmarks"')[0]!.matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(labels).toEqual(['深度求索是否改變了人工智能遊戲的玩法呢？', '斯普尼特克時刻？', '美國人工智能公司並沒有採取低成本策略', '深度求索暫時未改變美國公司的開源模式', '結語']);
  });

  it('links every nav entry to an id that exists (RSC-012)', async () => {
    const nav = await text('OEBPS/toc.xhtml');
    for (const [, file, fragment] of nav.matchAll(/href="([^"#]+)(?:#([^"]+))?"/g)) {
      const target = await text(`OEBPS/${file}`);
      if (fragment) expect(target).toContain(`id="${fragment}"`);
    }
  });

  it('has no page list and no page-break markers: the EPUB is not a print replica (C22)', async () => {
    for (const name of Object.keys(zip.files).filter((f) => f.endsWith('.xhtml'))) {
      expect(await text(name)).not.toMatch(/page-list|epub:type="pagebreak"/);
    }
  });

  it('has landmarks for the cover, title page, contents, body and copyright page (C21)', async () => {
    const nav = await text('OEBPS/toc.xhtml');
    expect(nav).toMatch(/<nav epub:type="landmarks"[^>]*hidden/);
    const landmarks = [...nav.split('epub:type="landmarks"')[1]!.matchAll(/<a epub:type="([^"]+)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(landmarks).toEqual(['cover cover.xhtml', 'titlepage titlepage.xhtml', 'toc toc.xhtml#toc', 'bodymatter ch001.xhtml', 'copyright-page colophon.xhtml']);
  });
});

describe('content documents', () => {
  const documents = () => Object.keys(zip.files).filter((f) => f.endsWith('.xhtml'));

  it('parse as XML, with the XML declaration and lang = xml:lang = zh-Hant (C23, C24)', async () => {
    expect(documents().length).toBeGreaterThanOrEqual(2);
    for (const name of documents()) {
      const doc = await text(name);
      expect(XMLValidator.validate(doc), name).toBe(true);
      expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      expect(doc).toMatch(/<html [^>]*xml:lang="zh-Hant" lang="zh-Hant"/);
      expect(doc).toMatch(/<title>[^<]+<\/title>/);
    }
  });

  it('store Chinese as UTF-8 text, not character references (C25)', async () => {
    const chapter = await text('OEBPS/ch001.xhtml');
    expect(chapter).toContain('斯普尼特克時刻');
    for (const name of documents()) expect(await text(name)).not.toMatch(/&#x?[0-9a-f]+;/i);
  });

  it('mark the chapter up as a chapter, with one h1 (C26)', async () => {
    const chapter = await text('OEBPS/ch001.xhtml');
    expect(chapter).toContain('<section epub:type="chapter" role="doc-chapter"');
    expect(chapter.match(/<h1[ >]/g)).toHaveLength(1);
    expect(chapter.match(/<h2[ >]/g)).toHaveLength(4);
  });

  it('have no script, no event handlers and no remote resources (C27, C28)', async () => {
    for (const name of documents()) {
      const doc = await text(name);
      expect(doc).not.toMatch(/<script|\son\w+=|<link[^>]+href="https?:|src="(https?|file):/i);
    }
    expect(await text('OEBPS/style.css')).not.toMatch(/url\(|direction\s*:|unicode-bidi/);
  });

  it('give every image a text alternative and never a placeholder (C29)', async () => {
    for (const name of documents()) {
      const doc = await text(name);
      expect(doc).not.toContain('image-placeholder');
      for (const [img] of doc.matchAll(/<img [^>]*>/g)) expect(img).toMatch(/ alt="[^"]*"/);
    }
  });

  it('take … — “ ” · from a CJK face the reader has, before any Latin one (T27, P12)', async () => {
    const css = await text('OEBPS/style.css');
    expect(css).toMatch(/@font-face\s*{\s*font-family:\s*"zh-punct";\s*src:\s*local\("Noto Serif CJK TC"\)[^}]*unicode-range:\s*U\+00B7, U\+2013-2014, U\+2018-2019, U\+201C-201D, U\+2026;/);
    const stacks = [...css.matchAll(/html\s*{[^}]*font-family:\s*([^;]+);/g)].map((m) => m[1]);
    expect(stacks.at(-1)).toMatch(/^"zh-punct", "Noto Serif TC"/);
  });

  it('force no colours, fixed positions or absolute font sizes on the reader (C30)', async () => {
    const css = await text('OEBPS/style.css');
    expect(css).not.toMatch(/position:\s*fixed/);
    for (const [, value] of css.matchAll(/(?<![-\w])color:\s*([^;]+);/g)) expect(value).toMatch(/^(inherit|currentColor)$/);
    expect(css).not.toMatch(/font-size:\s*[\d.]+(px|pt)/);
  });

  it('keep the YouTube link as a link, and no link points nowhere', async () => {
    const chapter = await text('OEBPS/ch001.xhtml');
    expect(chapter).toContain('<a href="https://www.youtube.com/watch?v=udCMEChdawQ">https://www.youtube.com/watch?v=udCMEChdawQ</a>');
    expect(chapter).toContain('<a href="https://www.youtube.com/watch?v=udCMEChdawQ">更多資訊</a>');
    expect(chapter).not.toContain('href="#"');
  });

  it('style Chinese text: TC face first, strict line breaking, justified, indented paragraphs', async () => {
    const css = await text('OEBPS/style.css');
    // The book's font chain (font-chain.ts), then the reader's own CJK fonts.
    expect(css).toMatch(/font-family:\s*"Noto Serif TC", "Noto Serif", "Noto Serif HK", [^;]*"HanaMinB", "paiban missing glyph", "Noto Serif CJK TC"/);
    expect(css).not.toContain('paiban-body-fonts');
    expect(css).toMatch(/line-break:\s*strict/);
    expect(css).toMatch(/p\s*{[^}]*text-indent:\s*2em[^}]*text-align:\s*justify/);
    expect(css).toMatch(/p\s*{[^}]*margin:\s*0;/);
  });
});

describe('Kindle proxies (C38)', () => {
  it('lists chapters in the NCX in spine order, links to no body id, and declares a zh language', async () => {
    const spine: string[] = xml.parse(opf).package.spine.itemref.map((i: Record<string, string>) => i['@idref']);
    const ncx = await text('OEBPS/toc.ncx');
    const ncxFiles = [...ncx.matchAll(/<content src="([^"#]+)"/g)].map((m) => m[1]!.replace(/\.xhtml$/, ''));
    expect([...new Set(ncxFiles)]).toEqual(spine.filter((id) => ncxFiles.includes(id)));
    for (const name of Object.keys(zip.files).filter((f) => f.endsWith('.xhtml'))) {
      const doc = await text(name);
      const bodyId = /<body[^>]*\sid="([^"]+)"/.exec(doc)?.[1];
      if (bodyId) expect(ncx + (await text('OEBPS/toc.xhtml'))).not.toContain(`#${bodyId}"`);
    }
    expect(xml.parse(opf).package.metadata['dc:language']).toMatch(/^zh\b/);
  });
});

describe('reproducible', () => {
  it('gives the same bytes when built again with the same SOURCE_DATE_EPOCH (C4)', () => {
    const again = rebuild('epub');
    expect(again.status, again.stderr).toBe(0);
    expect(again.sha256).toBe(sha256(epubPath()));
  });

  it('stamps every zip entry with SOURCE_DATE_EPOCH', () => {
    for (const entry of Object.values(zip.files)) expect(entry.date.toISOString()).toBe('2025-02-22T00:00:00.000Z');
  });
});

describe('validators', () => {
  itWith(tools.java, 'Java EPUBCheck reports no error and no warning (C34)', () => {
    expect(javaEpubcheck(epubPath())).toEqual([]);
  }, budget({ javaEpubcheck: 1 }));

  itWith(aceTool, 'DAISY Ace finds no accessibility violation (C36)', () => {
    expect(ace(epubPath())).toEqual([]);
  }, budget({ ace: 1 }));

  itWith(tools.java, 'Java EPUBCheck has no usage note about landmarks, inline styles or unused CSS (C37)', () => {
    expect(javaEpubcheckUsage(epubPath())).toEqual([]);
  }, budget({ javaEpubcheck: 1 }));

  itWith(tools.pandoc, 'a reader proxy, pandoc, reads the essay back whole', () => {
    expect(withoutWhitespace(run('pandoc', ['-f', 'epub', '-t', 'plain', '--wrap=none', epubPath()]))).toContain(withoutWhitespace(seedText()));
  });

  it('epubcheck-ts (EPUB 3.3 rules) reports no error and no warning (C35)', async () => {
    expect(await epubcheckTs(epubPath())).toEqual([]);
  });
});
