// Chapter Markdown → hast: GFM, front matter, the byline/colophon blocks,
// sanitised raw HTML, book-wide ids, and errors at their line and column.

import GithubSlugger from 'github-slugger';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../scripts/lib/diagnostics.ts';
import { labelsFor } from '../scripts/lib/labels.ts';
import { parseChapter } from '../scripts/lib/markdown.ts';

const labels = labelsFor('zh-Hant');
const parse = (source: string, slugger = new GithubSlugger(), index = 0) => parseChapter(source, { index, file: 'manuscript/01.md', slugger, labels, writingMode: 'horizontal' });
const html = (source: string) => toHtml(parse(source).chapter!.tree).trim();
const errors = (source: string) => parse(source).diagnostics.map(formatDiagnostic);

describe('parseChapter', () => {
  it('takes the title from the # heading and the sections from ## headings', () => {
    const { chapter } = parse('# 深度求索\n\n## 斯普尼特克時刻？\n\n正文。\n\n## 結語\n\n完。\n');
    expect(chapter?.title).toBe('深度求索');
    expect(chapter?.id).toBe('ch001');
    expect(chapter?.sections).toEqual([{ id: '斯普尼特克時刻', title: '斯普尼特克時刻？' }, { id: '結語', title: '結語' }]);
  });

  it('drops a paragraph\'s own U+3000 indent (the stylesheet indents it), keeping its text\'s place for messages', () => {
    const { chapter } = parse('# 回\n\n\u3000\u3000話說大宋，\u3000天下太平。\n\n> \u3000\u3000詩曰\n');
    expect(toHtml(chapter!.tree)).toContain('<p>話說大宋，\u3000天下太平。</p>');
    expect(toHtml(chapter!.tree)).toContain('<p>詩曰</p>');
    let first: { line: number; column: number } | undefined;
    for (const node of chapter!.tree.children) if (node.type === 'element' && node.tagName === 'p' && !first) first = (node.children[0] as { position?: { start: { line: number; column: number } } }).position?.start;
    expect(first).toMatchObject({ line: 3, column: 3 });
  });

  it('turns align into a class and drops the other presentational attributes EPUB refuses, each at its place', () => {
    const source = '# 章\n\n<div align="center">置中</div>\n\n<table border="2" cellpadding="4"><tr><td width="50%" valign="top" align="right">格</td></tr></table>\n';
    expect(html(source)).toContain('<div class="align-center">置中</div>');
    expect(html(source)).toMatch(/<table border="1">\s*<tbody>\s*<tr>\s*<td class="align-right">格<\/td>/);
    expect(errors(source)).toEqual([
      'manuscript/01.md:5:1: warning: Unexpected presentational attribute cellpadding="4" on <table>, removed: an EPUB\'s XHTML has no such attribute, and the book\'s stylesheet sets the layout (html:presentational)',
      'manuscript/01.md:5:39: warning: Unexpected presentational attribute valign="top" on <td>, removed: an EPUB\'s XHTML has no such attribute, and the book\'s stylesheet sets the layout (html:presentational)',
      'manuscript/01.md:5:39: warning: Unexpected presentational attribute width="50%" on <td>, removed: an EPUB\'s XHTML has no such attribute, and the book\'s stylesheet sets the layout (html:presentational)',
    ]);
  });

  it('keeps heading ids unique across the whole book', () => {
    const slugger = new GithubSlugger();
    const first = parse('# 一\n\n## 結語\n', slugger, 0).chapter!;
    const second = parse('# 二\n\n## 結語\n', slugger, 1).chapter!;
    expect([first.sections[0]!.id, second.sections[0]!.id]).toEqual(['結語', '結語-1']);
    expect(second.id).toBe('ch002');
  });

  it('lets front matter give a short title and still opens with the heading', () => {
    const { chapter } = parse('---\ntitle: 短題\n---\n\n# 很長很長的標題\n\n正文。\n');
    expect(chapter?.title).toBe('短題');
    expect(toHtml(chapter!.tree)).toContain('<h1 id="很長很長的標題">很長很長的標題</h1>');
  });

  it('makes a heading from a front matter title when there is no # heading', () => {
    expect(html('---\ntitle: 序\n---\n\n正文。\n')).toBe('<h1 id="序">序</h1><p>正文。</p>');
  });

  it('turns :::byline and :::colophon into <address> and <footer>', () => {
    expect(html('# 題\n\n:::byline\n余創豪\n:::\n')).toContain('<address class="byline"><p>余創豪</p></address>');
    expect(html('# 題\n\n:::colophon\n2025年2月22日\n:::\n')).toContain('<footer class="colophon"><p>2025年2月22日</p></footer>');
  });

  it('leaves prose that merely looks like a directive as it was typed', () => {
    expect(html('# 題\n\n動畫Re:Zero在12:30播出，比數3:1。\n')).toContain('<p>動畫Re:Zero在12:30播出，比數3:1。</p>');
    expect(html('# 題\n\n::note\n')).toContain('<p>::note</p>');
  });

  it('makes GFM tables, footnotes with per-chapter ids and Chinese labels, and autolinks', () => {
    const out = html('# 題\n\n正文[^1]。<https://example.com>\n\n[^1]: 註。\n\n|甲|乙|\n|-|-|\n|1|2|\n');
    expect(out).toContain('<table>');
    expect(out).toContain('id="ch001-fnref-1"');
    expect(out).toContain('<h2 class="footnotes-title" id="ch001-footnote-label">註釋</h2>');
    expect(out).toContain('<a href="https://example.com">https://example.com</a>');
  });

  it('does not count the footnotes heading as a section', () => {
    expect(parse('# 題\n\n正文[^1]。\n\n[^1]: 註。\n').chapter?.sections).toEqual([]);
  });

  it('keeps ruby and lang from raw HTML, drops scripts, handlers and javascript: links', () => {
    const out = html('# 題\n\n<ruby>漢<rp>(</rp><rt>ㄏㄢˋ</rt><rp>)</rp></ruby><span lang="en">word</span>\n\n<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">連結</a>\n');
    expect(out).toContain('<ruby>漢<rp>(</rp><rt>ㄏㄢˋ</rt><rp>)</rp></ruby>');
    expect(out).toContain('<span lang="en">word</span>');
    expect(out).not.toMatch(/script|alert|onclick|javascript/);
  });
});

describe('ruby shorthand (T26)', () => {
  it('sets bopomofo per character', () => {
    expect(html('# 題\n\n{深度|ㄕㄣ ㄉㄨˋ}求索\n')).toContain('<p><ruby>深<rp>(</rp><rt>ㄕㄣ</rt><rp>)</rp></ruby><ruby>度<rp>(</rp><rt>ㄉㄨˋ</rt><rp>)</rp></ruby>求索</p>');
  });

  it('sets a reading over the whole word when it does not split by character', () => {
    expect(html('# 題\n\n{東京|とうきょう}\n')).toContain('<ruby>東京<rp>(</rp><rt>とうきょう</rt><rp>)</rp></ruby>');
  });

  it('puts each line of a code block in its own span, newlines kept, so that a long one wraps as one line', () => {
    const block = html('# 題\n\n```rust\nlet a = 1;\n\nlet b = 2;\n```\n');
    expect(block).toContain('<pre><code class="language-rust"><span class="line">let a = 1;\n</span><span class="line">\n</span><span class="line">let b = 2;\n</span></code></pre>');
  });

  it('leaves code alone', () => {
    expect(html('# 題\n\n`{a|b}`\n')).toContain('<code>{a|b}</code>');
  });

  it('warns that horizontal bopomofo can only go above the characters, at its line', () => {
    expect(parse('# 題\n\n正文{深|ㄕㄣ}\n').diagnostics.map(formatDiagnostic)).toEqual([
      'manuscript/01.md:3:3: warning: Unexpected bopomofo ruby in a horizontal book: Chromium and e-readers can only set it above the characters, clreq places it to their right (vertical books do) (typography:bopomofo-horizontal)',
    ]);
  });
});

describe('parseChapter errors', () => {
  it('names an unknown block at its line and column', () => {
    expect(errors('# 題\n\n正文。\n\n:::sidebar\n旁註\n:::\n')).toEqual(['manuscript/01.md:5:1: error: Unexpected block ":::sidebar", expected one of ":::byline", ":::colophon" (markdown:unknown-block)']);
  });

  it('names a bad front matter key at its line in the chapter file', () => {
    expect(errors('---\ntitle: 序\nauthor: 我\n---\n\n# 序\n')).toEqual(['manuscript/01.md:3:1: error: Unexpected key "author", expected one of title (config:unknown-key)']);
  });

  it('refuses a chapter without a title', () => {
    expect(errors('只有正文。\n')).toEqual(['manuscript/01.md:1:1: error: Missing chapter title, expected a `#` heading or `title:` in front matter (markdown:no-title)']);
  });

  it('refuses two # headings in one chapter, at the second', () => {
    expect(errors('# 一\n\n正文。\n\n# 二\n')).toEqual(['manuscript/01.md:5:1: error: Unexpected second `#` heading in one chapter, expected one title per chapter file (use `##` for sections) (markdown:one-title)']);
  });
});
