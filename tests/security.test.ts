// A manuscript is untrusted (issue 7): raw HTML is sanitised with a warning at
// each removal, nothing it names outside the book reaches any output, and the
// sanitiser holds for any input (property tests).

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import GithubSlugger from 'github-slugger';
import { toHtml } from 'hast-util-to-html';
import type { Element } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../scripts/lib/diagnostics.ts';
import { labelsFor } from '../scripts/lib/labels.ts';
import { displayPath, safeFileName } from '../scripts/lib/load.ts';
import { parseChapter } from '../scripts/lib/markdown.ts';
import { buildBook } from './support/global-setup.ts';
import { readEpub } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';

function chapter(markdown: string) {
  const result = parseChapter(`# 章\n\n${markdown}\n`, { index: 0, file: 'x.md', slugger: new GithubSlugger(), labels: labelsFor('zh-Hant'), writingMode: 'horizontal' });
  return { html: result.chapter ? toHtml(result.chapter.tree) : '', messages: result.diagnostics.map(formatDiagnostic) };
}

const FORBIDDEN_ELEMENTS = new Set(['script', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'svg', 'math', 'frame', 'frameset', 'applet', 'template']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formAction', 'data', 'poster', 'cite', 'background', 'xLinkHref']);

/**
 * What no output may carry, whatever the manuscript says, read as a browser
 * reads it (parsed, not by pattern: `title="<img onerror=…>"` is only text):
 * those elements, an on… handler, a style or srcdoc attribute, a URL that is
 * not http(s), mailto or inside the book.
 */
function unsafeParts(markup: string): string[] {
  const tree = unified().use(rehypeParse, { fragment: true }).parse(markup);
  const found: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (FORBIDDEN_ELEMENTS.has(node.tagName)) found.push(`<${node.tagName}>`);
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name) || name === 'style' || name === 'srcDoc') found.push(`${name} on <${node.tagName}>`);
      const url = URL_ATTRIBUTES.has(name) ? String(value).trim() : '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^(https?|mailto):/i.test(url)) found.push(`${name}="${url}" on <${node.tagName}>`);
    }
  });
  return found;
}

/** The body of a page: its head legitimately links the book's stylesheet. */
const body = (page: string) => /<body[^>]*>([\s\S]*)<\/body>/.exec(page)?.[1] ?? page;

describe('sanitising raw HTML, with a warning at each removal', () => {
  const cases: [string, string, string[]][] = [
    ['a script', '文<script>alert(1)</script>字', ['x.md:3:2: warning: Unexpected <script> in the manuscript\'s HTML, removed with its content: a book keeps only text, links, images, tables, ruby and notes (sanitize:element)']],
    ['an event handler', '<a href="https://example.com/" onclick="steal()">連結</a>', ['x.md:3:1: warning: Unexpected attribute onclick="steal()" on <a>, removed (sanitize:attribute)']],
    ['a javascript: link in Markdown', '[點我](javascript:alert(1))', ['x.md:3:1: warning: Unexpected "javascript:" URL in href of <a>, removed: a book links only to the web (http, https) and mail (sanitize:url)']],
    ['a file: link', '<a href="file:///etc/passwd">密碼</a>', ['x.md:3:1: warning: Unexpected "file:" URL in href of <a>, removed: a book links only to the web (http, https) and mail (sanitize:url)']],
    ['an iframe', '<iframe src="https://evil.example/"></iframe>', ['x.md:3:1: warning: Unexpected <iframe> in the manuscript\'s HTML, removed with its content: a book keeps only text, links, images, tables, ruby and notes (sanitize:element)']],
    ['a style element', '<style>p { color: red }</style>', ['x.md:3:1: warning: Unexpected <style> in the manuscript\'s HTML, removed with its content: a book keeps only text, links, images, tables, ruby and notes (sanitize:element)']],
    ['a style attribute', '<span style="color: red">紅</span>', ['x.md:3:1: warning: Unexpected attribute style="color: red" on <span>, removed (sanitize:attribute)']],
    ['a link element', '<link rel="stylesheet" href="https://evil.example/x.css">', ['x.md:3:1: warning: Unexpected <link> in the manuscript\'s HTML, removed: a book keeps only text, links, images, tables, ruby and notes (sanitize:element)']],
    ['an unknown element, its text kept', '<font color="red">紅字</font>', ['x.md:3:1: warning: Unexpected <font> in the manuscript\'s HTML, removed, its text kept: a book keeps only text, links, images, tables, ruby and notes (sanitize:element)']],
    ['a form field', '文<input name="q" value="x">字', ['x.md:3:2: warning: Unexpected <input> in the manuscript\'s HTML, removed: a book has no form fields (sanitize:element)']],
    ['a task list, whose boxes stay', '- [x] 完成\n- [ ] 未完', []],
    ['what a book needs, kept without a word', '<ruby>漢<rp>(</rp><rt>ㄏㄢˋ</rt><rp>)</rp></ruby><span lang="en" class="no-typo">OK</span><abbr title="人工智能">AI</abbr>', []],
  ];
  it.each(cases)('%s', (_, markdown, expected) => {
    const { html, messages } = chapter(markdown);
    expect(messages).toEqual(expected);
    expect(unsafeParts(html)).toEqual([]);
  });

  it('keeps the text of what it unwraps and drops the content of what it removes', () => {
    expect(chapter('<font>留下</font><script>PAYLOAD</script><style>PAYLOAD</style><template>PAYLOAD</template><svg><text>PAYLOAD</text></svg>').html).toBe('<h1 id="章">章</h1>\n<p>留下</p>');
  });
});

describe('the sanitiser, for any input (fast-check)', () => {
  const dangerous = fc.constantFrom(
    '<script>alert(1)</script>', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>', '<a href=" javascript:alert(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>', '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x"></object>', '<embed src="x">', '<style>*{}</style>', '<link rel=stylesheet href=x>', '<meta http-equiv=refresh content=0>', '<base href=//evil.example/>',
    '<svg onload=alert(1)>', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', '<div style="background:url(javascript:alert(1))">x</div>', '<form action=x><button>b</button></form>',
    '<a href="file:///etc/passwd">p</a>', '<img src="file:///etc/passwd">', '<body onload=alert(1)>', '<details open ontoggle=alert(1)>', '<p onmouseover="alert(1)">p</p>', '<!--<script>alert(1)</script>-->',
    '<scr<script>ipt>alert(1)</script>', '<<script>script>', '</p><script>x</script><p>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  );
  const safe = fc.constantFrom('中文段落。', '**粗體**', '[連結](https://example.com/)', '`code`', '\n\n', ' ', '「引號」', '<ruby>漢<rt>ㄏㄢˋ</rt></ruby>', '<br>', '<em>強調</em>', '> 引文', '- 列表');
  const manuscript = fc.array(fc.oneof(dangerous, safe, fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

  it('never lets a script, a handler, a style, an embedding or a non-web URL through', () => {
    fc.assert(
      fc.property(manuscript, (markdown) => {
        const { html } = chapter(markdown);
        expect(unsafeParts(html), html).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('warns at least once for every dangerous fragment it is given alone', () => {
    fc.assert(
      fc.property(dangerous, (fragment) => {
        const { messages } = chapter(fragment);
        // Comments, and a <body> inside a chapter, are dropped by the HTML parser before any sanitising: nothing is left to warn of.
        if (fragment.startsWith('<!--') || fragment.startsWith('<body')) return;
        expect(messages.filter((m) => m.includes('(sanitize:')).length, fragment).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('is idempotent: its output, sanitised again, is unchanged and draws no warning', () => {
    fc.assert(
      fc.property(manuscript, (markdown) => {
        const once = chapter(markdown).html.replace(/^<h1 id="[^"]*">章<\/h1>\n?/, '');
        const twice = chapter(once);
        expect(twice.messages.filter((m) => m.includes('(sanitize:'))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a hostile manuscript, built', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-hostile-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const result = buildBook(out, ['--manuscript', 'tests/fixtures/hostile', '--format', 'epub,html,pdf']);
  const printed: Tool = { name: 'the hostile book\'s PDF (Chromium)', available: existsSync(path.join(out, 'hostile.pdf')), install: 'apt-get install chromium' };
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8').split('\n')[0]! : 'root:x:0:0';

  it('is built, with a warning at every attack\'s line', () => {
    expect([0, 3]).toContain(result.status);
    const at = (line: number, rule: string) => expect(result.stderr, `line ${line}`).toMatch(new RegExp(`tests/fixtures/hostile/01-attacks\\.md:${line}:\\d+: warning: .*\\(${rule}\\)`));
    at(3, 'sanitize:element'); // <script>
    at(5, 'sanitize:url'); // javascript:
    at(5, 'sanitize:attribute'); // onclick
    at(7, 'sanitize:attribute'); // onerror
    for (const line of [9, 11, 13, 15, 17, 31, 33, 35, 37]) at(line, 'sanitize:element'); // iframe object embed style link svg form meta base
    at(19, 'sanitize:attribute'); // style=
    at(21, 'sanitize:url'); // file: link
    at(25, 'sanitize:url'); // ![](file:///etc/passwd)
    for (const line of [23, 27, 29]) at(line, 'images:outside'); // remote, ../../, absolute
  });

  it('puts none of it in the EPUB or the web edition', async () => {
    const zip = await readEpub(path.join(out, 'hostile.epub'));
    const texts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir && /\.(xhtml|html|css|opf|ncx)$/.test(f.name)).map((f) => f.async('string')));
    texts.push(readFileSync(path.join(out, 'hostile', 'index.html'), 'utf8'), readFileSync(path.join(out, 'hostile', 'style.css'), 'utf8'));
    for (const text of texts) {
      expect(text).not.toContain('PWNED');
      expect(text).not.toContain(passwd);
      if (text.includes('<body')) expect(unsafeParts(body(text))).toEqual([]);
    }
    expect(texts.join('')).toContain('結尾的段落，一切正常。');
  });

  itWith([printed, tools.poppler], 'puts none of it in the PDF, and prints the text around it', () => {
    const text = run('pdftotext', [path.join(out, 'hostile.pdf'), '-']);
    expect(text).not.toContain('PWNED');
    expect(text).not.toContain(passwd);
    expect(text.replace(/\s/g, '')).toContain('結尾的段落，一切正常。');
    // The PDF holds only the book's own picture: not a remote one, not a broken-picture icon.
    const images = run('pdfimages', ['-list', path.join(out, 'hostile.pdf')]).trim().split('\n').slice(2);
    expect(images.map((line) => line.trim().split(/\s+/).slice(3, 5).map(Number))).toEqual([[60, 40]]);
  });
});

describe('paths: nothing outside the manuscript is read, no output lands outside --out', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-paths-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const secret = path.join(scratch, 'secret.md');
  writeFileSync(secret, '# 機密\n\nTOP-SECRET-TEXT\n');
  let count = 0;
  /** A copy of the minimal manuscript, changed by `change`. */
  function manuscript(change: (dir: string) => void): string {
    const dir = path.join(scratch, `book-${++count}`);
    cpSync('tests/fixtures/minimal', dir, { recursive: true });
    change(dir);
    return dir;
  }

  it('refuses a chapter that is a link out of the folder', () => {
    const dir = manuscript((d) => symlinkSync(secret, path.join(d, '03-link.md')));
    const result = buildBook(path.join(scratch, 'out-link'), ['--manuscript', dir, '--format', 'epub']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${displayPath(path.join(dir, 'book.yaml'))}:1:1: error: Unexpected chapter file "03-link.md" (chapters[2]) outside the manuscript folder (links followed), expected a Markdown file inside ${displayPath(dir)} (load:outside)`);
    expect(existsSync(path.join(scratch, 'out-link'))).toBe(false);
  });

  it('refuses a chapter path that climbs out of the folder', () => {
    const dir = manuscript((d) => writeFileSync(path.join(d, 'book.yaml'), `title: 小書\nchapters:\n  - 01-first.md\n  - ../secret.md\n`));
    const result = buildBook(path.join(scratch, 'out-climb'), ['--manuscript', dir, '--format', 'epub']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${displayPath(path.join(dir, 'book.yaml'))}:4:5: error: Unexpected chapter file "../secret.md" (chapters[1]) outside the manuscript folder (links followed)`);
  });

  it('leaves out an image that is a link out of the folder, with a warning', () => {
    const picture = path.join(scratch, 'outside.png');
    cpSync('tests/fixtures/hostile/figure.png', picture);
    const dir = manuscript((d) => {
      symlinkSync(picture, path.join(d, 'linked.png'));
      writeFileSync(path.join(d, '01-first.md'), '# 第一章\n\n![連出去的圖](linked.png)\n');
    });
    const out = path.join(scratch, 'out-image');
    const result = buildBook(out, ['--manuscript', dir, '--format', 'epub']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${displayPath(path.join(dir, '01-first.md'))}:3:1: warning: Unexpected image "linked.png" (outside the manuscript folder), expected a file inside ${displayPath(dir)}; it is left out (images:outside)`);
  });

  it('names outputs after a folder only with safe characters', () => {
    expect(safeFileName('深度求索')).toBe('深度求索');
    expect(safeFileName('my book (draft)')).toBe('my-book-draft');
    expect(safeFileName('..')).toBe('book');
    expect(safeFileName('-rf')).toBe('rf');
    expect(safeFileName('a\u0000b')).toBe('a-b');
    const dir = path.join(scratch, 'my book (draft)');
    cpSync('tests/fixtures/minimal', dir, { recursive: true });
    const out = path.join(scratch, 'out-name');
    expect(buildBook(out, ['--manuscript', dir, '--format', 'epub']).status).toBe(0);
    expect(readdirSync(out)).toEqual(['my-book-draft.epub']);
  });

  it('refuses a slug in book.yaml that is a path', () => {
    const dir = manuscript((d) => writeFileSync(path.join(d, 'book.yaml'), 'title: 小書\nslug: ../../escaped\n'));
    const result = buildBook(path.join(scratch, 'out-slug'), ['--manuscript', dir, '--format', 'epub']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('book.yaml:2:7: error: Unexpected value "../../escaped" for slug, expected a file name of letters, digits, ".", "_" or "-" (config:format)');
    expect(existsSync(path.join(scratch, 'escaped.epub'))).toBe(false);
  });
});
