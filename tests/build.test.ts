// The command line as an author meets it: help, errors that point at the
// line, exit codes, and a dist/ that a failed build leaves as it was.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildBook } from './support/global-setup.ts';

const fixture = (name: string) => path.join('tests', 'fixtures', name);
const temporaryDirs: string[] = [];
const temporary = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paiban-cli-'));
  temporaryDirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
  vi.doUnmock('../scripts/lib/browser.ts');
});

describe('npm run build', () => {
  it('documents every flag in --help', () => {
    const result = buildBook(temporary(), ['--help']);
    expect(result.status).toBe(0);
    for (const flag of ['--manuscript', '--out', '--format', '--help']) expect(result.stdout).toContain(flag);
  });

  it('refuses an unknown flag or format with exit code 2', () => {
    expect(buildBook(temporary(), ['--colour']).status).toBe(2);
    const result = buildBook(temporary(), ['--format', 'epub,docx']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unexpected format "docx"');
  });

  it('builds any manuscript folder, naming outputs after the folder, one progress line per stage', () => {
    const out = temporary();
    const result = buildBook(out, ['--manuscript', fixture('minimal'), '--format', 'epub,html']);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['minimal', 'minimal.epub']);
    expect(existsSync(path.join(out, 'minimal', 'index.html'))).toBe(true);
    expect(result.stdout).toMatch(/^✓ load .*\d\.\d\d s$/m);
    expect(result.stdout).toMatch(new RegExp(`^✓ epub\\s+${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/minimal\\.epub\\s+\\d+\\.\\d\\d s$`, 'm'));
  });

  it('reports a bad book.yaml as file:line:col, exits 1, and leaves dist/ as it was', () => {
    const out = temporary();
    writeFileSync(path.join(out, 'bad-config.epub'), 'the last good book');
    const result = buildBook(out, ['--manuscript', fixture('bad-config')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tests/fixtures/bad-config/book.yaml:3:16: error: Unexpected value "horizontl" for layout.writingMode, expected "horizontal" or "vertical" (config:enum)');
    expect(readFileSync(path.join(out, 'bad-config.epub'), 'utf8')).toBe('the last good book');
    expect(readdirSync(out)).toEqual(['bad-config.epub']);
  });

  it('names a missing chapter file at its line in book.yaml', () => {
    const result = buildBook(temporary(), ['--manuscript', fixture('missing-chapter')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tests/fixtures/missing-chapter/book.yaml:4:5: error: Missing chapter file "02-gone.md" (chapters[1])');
  });

  it('names a manuscript folder without book.yaml', () => {
    const result = buildBook(temporary(), ['--manuscript', fixture('does-not-exist')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tests/fixtures/does-not-exist/book.yaml:1:1: error: Missing book.yaml');
  });

  it('puts a cover image into the EPUB as its cover-image, valid for epubcheck-ts', async () => {
    const out = temporary();
    const result = buildBook(out, ['--manuscript', fixture('with-cover'), '--format', 'epub']);
    expect(result.status, result.stderr).toBe(0);
    const bytes = readFileSync(path.join(out, 'with-cover.epub'));
    const zip = await JSZip.loadAsync(bytes);
    expect(await zip.file('OEBPS/content.opf')!.async('string')).toContain('<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>');
    expect(Buffer.from(await zip.file('OEBPS/cover.png')!.async('uint8array')).equals(readFileSync(path.join(fixture('with-cover'), 'cover.png')))).toBe(true);
    const { EpubCheck } = await import('@likecoin/epubcheck-ts');
    const check = await EpubCheck.validate(new Uint8Array(bytes));
    expect(check.messages.filter((m: { severity: string }) => ['fatal', 'error', 'warning'].includes(m.severity))).toEqual([]);
  });

  it('builds a vertical book with ruby: per-character zhuyin, its accessibility metadata, valid for epubcheck-ts', async () => {
    const out = temporary();
    const result = buildBook(out, ['--manuscript', fixture('ruby'), '--format', 'epub']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('bopomofo'); // vertical: zhuyin goes to the right, as clreq wants
    const bytes = readFileSync(path.join(out, 'ruby.epub'));
    const zip = await JSZip.loadAsync(bytes);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">rubyAnnotations</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">verticalWriting</meta>');
    const chapter = await zip.file('OEBPS/ch001.xhtml')!.async('string');
    expect(chapter).toContain('<ruby>深<rp>(</rp><rt>ㄕㄣ</rt><rp>)</rp></ruby><ruby>度<rp>(</rp><rt>ㄉㄨˋ</rt><rp>)</rp></ruby>求索在<span class="tcy">2</span>月<span class="tcy">22</span>日發布 R1，真的嗎<span class="tcy">！？</span>');
    const { EpubCheck } = await import('@likecoin/epubcheck-ts');
    const check = await EpubCheck.validate(new Uint8Array(bytes));
    expect(check.messages.filter((m: { severity: string }) => ['fatal', 'error', 'warning'].includes(m.severity))).toEqual([]);
  });

  it('typesets titles as the body: the heading, the nav, the NCX and the OPF agree (T22)', async () => {
    const out = temporary();
    const result = buildBook(out, ['--manuscript', fixture('titles'), '--format', 'epub']);
    expect(result.status, result.stderr).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'titles.epub')));
    const read = (name: string) => zip.file(name)!.async('string');
    // Headings carry <wbr> where they may break (between phrases): the words are the same.
    const chapter = await read('OEBPS/ch001.xhtml');
    expect(chapter).toContain('>深度求索 R1 的<wbr />衝擊</h1>');
    expect(chapter.replaceAll('<wbr />', '')).toContain('>開源「模式」</h2>');
    expect(await read('OEBPS/toc.xhtml')).toContain('>深度求索 R1 的衝擊</a>');
    expect(await read('OEBPS/toc.xhtml')).toContain('>開源「模式」</a>');
    expect(await read('OEBPS/toc.ncx')).toContain('<text>深度求索 R1 的衝擊</text>');
    expect(await read('OEBPS/content.opf')).toContain('<dc:title id="title">深度求索 R1 之書</dc:title>');
  });

  it('names each character no font of the book has at its first place, so no glyph of an unknown font reaches a reader (C31); --strict makes it an error', () => {
    const result = buildBook(temporary(), ['--manuscript', fixture('missing-glyph'), '--format', 'epub']);
    expect(result.status, result.stderr).toBe(0);
    // Columns count UTF-16 code units: 𰀀 takes two.
    expect(result.stderr).toContain('tests/fixtures/missing-glyph/01.md:3:13: warning: Unexpected "𰀀" U+30000: no font of the book has a glyph for it (Noto Serif TC and the');
    expect(result.stderr).toContain('it is printed as a crossed box (fonts:missing-glyph)');
    expect(result.stderr).toContain('tests/fixtures/missing-glyph/01.md:3:23: warning: Unexpected "\u{F0000}" U+F0000');
    const out = temporary();
    const strict = buildBook(out, ['--manuscript', fixture('missing-glyph'), '--format', 'epub', '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('tests/fixtures/missing-glyph/01.md:3:13: error: Unexpected "𰀀" U+30000');
    expect(existsSync(path.join(out, 'missing-glyph.epub'))).toBe(false);
  });

  it('refuses a cover that is not a PNG or JPEG, whatever its name', () => {
    const result = buildBook(temporary(), ['--manuscript', fixture('bad-cover')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tests/fixtures/bad-cover/book.yaml:2:1: error: Unexpected cover image "01-first.md", expected a PNG or JPEG file (load:cover-format)');
  });

  it('rejects a malformed SOURCE_DATE_EPOCH', () => {
    const result = buildBook(temporary(), ['--manuscript', fixture('minimal'), '--format', 'epub'], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Unexpected value "yesterday" for SOURCE_DATE_EPOCH');
  });

  it('without a browser still writes the EPUB and web edition, keeps the old PDF, says how to get one, exits 3', async () => {
    const browser = await import('../scripts/lib/browser.ts');
    vi.doMock('../scripts/lib/browser.ts', () => ({ ...browser, findBrowser: () => Promise.reject(new browser.MissingBrowserError(['(none, in this test)'])) }));
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { main } = await import('../scripts/build.ts');
    const out = temporary();
    writeFileSync(path.join(out, 'minimal.pdf'), 'the last good PDF');
    const status = await main(['--manuscript', fixture('minimal'), '--out', out]);
    expect(status).toBe(3);
    expect(existsSync(path.join(out, 'minimal.epub'))).toBe(true);
    expect(existsSync(path.join(out, 'minimal', 'index.html'))).toBe(true);
    expect(readFileSync(path.join(out, 'minimal.pdf'), 'utf8')).toBe('the last good PDF');
    expect(errors.join('\n')).toContain('apt-get install chromium');
    expect(errors.join('\n')).toContain('npx puppeteer browsers install chrome-headless-shell');
  });
});

describe('how much the build says (--quiet, --verbose, NO_COLOR)', () => {
  it('says only errors with --quiet: no stage lines, no warnings', () => {
    const loud = buildBook(temporary(), ['--manuscript', fixture('lint'), '--format', 'epub']);
    const quiet = buildBook(temporary(), ['--manuscript', fixture('lint'), '--format', 'epub', '--quiet']);
    expect(loud.status).toBe(0);
    expect(loud.stderr).toMatch(/: warning: /);
    expect(loud.stdout).toMatch(/^✓ epub/m);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('');
    const broken = buildBook(temporary(), ['--manuscript', fixture('bad-config'), '-q']);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('book.yaml:3:16: error: Unexpected value "horizontl"');
  });

  it('says where the date and the fonts came from with --verbose', () => {
    const verbose = buildBook(temporary(), ['--format', 'epub', '--verbose']);
    expect(verbose.status).toBe(0);
    expect(verbose.stdout).toContain('source date 2025-02-22T00:00:00.000Z (SOURCE_DATE_EPOCH)');
    expect(verbose.stdout).toMatch(/\d+ font file\(s\) of \d+ families hold the book's \d+ distinct characters/);
  });

  it('refuses --quiet with --verbose', () => {
    const both = buildBook(temporary(), ['-q', '-v']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('Unexpected --quiet with --verbose');
  });

  it('writes no colour codes when its output is not a terminal, and colours only the marks when asked', async () => {
    const plain = buildBook(temporary(), ['--manuscript', fixture('lint'), '--format', 'epub']);
    expect(plain.stdout + plain.stderr).not.toContain('\x1b[');
    const { makeVoice } = await import('../scripts/build.ts');
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    makeVoice({ color: true }).report([{ file: 'a.md', line: 1, column: 2, severity: 'warning', message: 'Unexpected "！！"', ruleId: 'lint:x' }]);
    spy.mockRestore();
    expect(lines).toEqual(['a.md:1:2: \x1b[33mwarning\x1b[0m: Unexpected "！！" (lint:x)']);
  });
});

describe('links inside the book (issue 6)', () => {
  it('warns about a link to nowhere, a second heading that reads the same and an empty chapter, each at its place', () => {
    const result = buildBook(temporary(), ['--manuscript', fixture('links'), '--format', 'epub']);
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      'tests/fixtures/links/01-one.md:3:16: warning: Unexpected link to "#不存在": no heading or note in the book has that id (headings\' ids are their text; the nearest is "#第一章"); it is left unlinked (links:broken)',
      'tests/fixtures/links/02-two.md:3:1: warning: Unexpected second heading "背景" (the first is at tests/fixtures/links/01-one.md:5): a link "#…" reaches only the first; give one of them other words (markdown:duplicate-heading)',
      'tests/fixtures/links/03-three.md:1:1: warning: Unexpected empty chapter "第三章": it has a title and nothing under it (markdown:empty-chapter)',
    ]);
  });

  it('points a link into another chapter at that chapter\'s EPUB file, and the EPUB stays valid', async () => {
    const out = temporary();
    expect(buildBook(out, ['--manuscript', fixture('links'), '--format', 'epub']).status).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'links.epub')));
    const chapter = await zip.file('OEBPS/ch001.xhtml')!.async('string');
    expect(chapter).toContain(`<a href="ch002.xhtml#${encodeURIComponent('第二章')}">第二章</a>`);
    expect(chapter).toContain('<span>不存在的一節</span>');
    const { epubcheckTs } = await import('./support/validators.ts');
    expect(await epubcheckTs(path.join(out, 'links.epub'))).toEqual([]);
  });
});

describe('a missing image', () => {
  it('fails the build at the image\'s place, saying where the file was expected', async () => {
    const manuscript = temporary();
    writeFileSync(path.join(manuscript, 'book.yaml'), 'title: 圖書\n');
    writeFileSync(path.join(manuscript, '01.md'), '# 圖\n\n說明。\n\n![地圖](figures/map.png)\n');
    const result = buildBook(temporary(), ['--manuscript', manuscript, '--format', 'epub']);
    expect(result.status).toBe(1);
    const { displayPath } = await import('../scripts/lib/load.ts');
    const chapter = displayPath(path.join(manuscript, '01.md'));
    const expected = displayPath(path.join(manuscript, 'figures', 'map.png'));
    expect(result.stderr).toContain(`${chapter}:5:1: error: Missing image "figures/map.png", expected a file at ${expected} (the path is relative to the chapter) (images:missing)`);
  });
});

describe('several books at once', () => {
  /** A folder of books: copies of fixtures under the names given. */
  function shelfOf(books: Record<string, string>): string {
    const shelf = temporary();
    for (const [name, from] of Object.entries(books)) cpSync(fixture(from), path.join(shelf, name), { recursive: true });
    return shelf;
  }

  it('builds every --manuscript given, each line saying whose it is', () => {
    const out = temporary();
    const result = buildBook(out, ['--manuscript', fixture('minimal'), '--manuscript', fixture('links'), '--format', 'epub']);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['links.epub', 'minimal.epub']);
    expect(result.stdout).toContain(`[${fixture('minimal')}] epub`);
    expect(result.stdout).toContain(`[${fixture('links')}] epub`);
    // A warning names its file, so it needs no label.
    expect(result.stderr).toContain(`${fixture('links')}/01-one.md:3:16: warning:`);
  });

  it('builds every book in a folder of books (each subfolder with a book.yaml), and books/ by default', async () => {
    const shelf = shelfOf({ b: 'minimal', a: 'ruby', notes: 'minimal' });
    rmSync(path.join(shelf, 'notes', 'book.yaml'));
    const out = temporary();
    const result = buildBook(out, ['--manuscript', shelf, '--format', 'epub']);
    expect(result.status, result.stderr).toBe(0);
    const { findManuscripts } = await import('../scripts/build.ts');
    expect(await findManuscripts([shelf])).toEqual([path.join(shelf, 'a'), path.join(shelf, 'b')]);
    expect(readdirSync(out).filter((f) => f.endsWith('.epub'))).toHaveLength(2);
    // By default: manuscript/ and every book in books/.
    const root = temporary();
    cpSync(fixture('minimal'), path.join(root, 'manuscript'), { recursive: true });
    cpSync(shelf, path.join(root, 'books'), { recursive: true });
    expect(await findManuscripts([], root)).toEqual([path.join(root, 'manuscript'), path.join(root, 'books', 'a'), path.join(root, 'books', 'b')]);
    const empty = temporary();
    expect(await findManuscripts([], empty)).toEqual([path.join(empty, 'manuscript')]); // for loading to say it is missing
  });

  it('refuses two books that would write the same files, and builds the rest', () => {
    const shelf = shelfOf({ first: 'links', second: 'links', other: 'minimal' });
    const out = temporary();
    const result = buildBook(out, ['--manuscript', shelf, '--format', 'epub']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`build failed: Unexpected 2 books named "links" (${path.join(shelf, 'first', 'book.yaml')}, ${path.join(shelf, 'second', 'book.yaml')}): each would write ${path.join(out, 'links')}.*, expected its own slug in book.yaml`);
    expect(readdirSync(out)).toEqual(['other.epub']);
  });

  it('builds the good books when one has errors, and exits 1', () => {
    const out = temporary();
    const result = buildBook(out, ['--manuscript', fixture('bad-config'), '--manuscript', fixture('minimal'), '--format', 'epub']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`[${fixture('bad-config')}] build failed`);
    expect(readdirSync(out)).toEqual(['minimal.epub']);
  });
});

describe('--open', () => {
  it('opens what was made, the most telling first, once it is made', async () => {
    const opened: string[] = [];
    vi.doMock('open', () => ({ default: (file: string) => Promise.resolve(void opened.push(file)) }));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.resetModules();
    const { main } = await import('../scripts/build.ts');
    const out = temporary();
    expect(await main(['--manuscript', fixture('minimal'), '--out', out, '--format', 'epub,html', '--open'])).toBe(0);
    expect(opened).toEqual([path.join(out, 'minimal', 'index.html')]);
    opened.length = 0;
    expect(await main(['--manuscript', fixture('minimal'), '--out', out, '--format', 'epub'])).toBe(0);
    expect(opened).toEqual([]);
    vi.doUnmock('open');
  });
});
