// Titles break between phrases, never inside a word (typeset/phrases.ts, cover.ts).

import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { titleLines } from '../../scripts/lib/cover.ts';
import { bookmarkReads } from '../../scripts/lib/pdf.ts';
import { markHeadingBreaks, phrases } from '../../scripts/lib/typeset/phrases.ts';

describe('phrases', () => {
  it.each([
    ['深度求索是否改變了人工智能遊戲的玩法呢？', ['深度求索', '是否改變了', '人工智能遊戲的', '玩法呢？']],
    ['美國人工智能公司並沒有採取低成本策略', ['美國人工智能公司', '並沒有採取低成本策略']],
    ['深度求索暫時未改變美國公司的開源模式', ['深度求索暫時未改變美國公司的', '開源模式']],
    // No particle or conjunction: ICU's words, which keep 時刻 whole.
    ['斯普尼特克時刻？', ['斯普', '尼', '特', '克', '時刻？']],
    // A phrase of one character is no phrase.
    ['圖與表', ['圖與表']],
    ['結語', ['結語']],
    // Latin words break at their spaces; no break is added beside them.
    ['DeepSeek 的 R1 模型是否改變了 AI 產業？', ['DeepSeek 的 R1 模型', '是否改變了 AI 產業？']],
    // Never before a closing mark, never after an opening one.
    ['他說：「我們改變了遊戲」的規則', ['他說：', '「我們改變了', '遊戲」的', '規則']],
    ['我們的書', ['我們的書']],
  ])('%s → %j', (title, expected) => {
    expect(phrases(title)).toEqual(expected);
    expect(phrases(title).join('')).toBe(title);
  });
});

describe('markHeadingBreaks', () => {
  const mark = (html: string) => toHtml(markHeadingBreaks(fromHtml(html, { fragment: true }), 'zh-Hant'));

  it('puts <wbr> at the phrase breaks of headings only', () => {
    expect(mark('<h1>深度求索是否改變了人工智能遊戲的玩法呢？</h1><p>深度求索是否改變了人工智能</p>')).toBe(
      '<h1>深度求索<wbr>是否改變了<wbr>人工智能遊戲的<wbr>玩法呢？</h1><p>深度求索是否改變了人工智能</p>',
    );
  });

  it('finds the breaks across inline markup and leaves ruby whole', () => {
    expect(mark('<h2><em>深度求索</em>是否<ruby>改變<rt>ㄍㄞˇ ㄅㄧㄢˋ</rt></ruby>了人工智能</h2>')).toBe(
      '<h2><em>深度求索</em><wbr>是否<ruby>改變<rt>ㄍㄞˇ ㄅㄧㄢˋ</rt></ruby>了<wbr>人工智能</h2>',
    );
  });
});

describe('titleLines (the generated cover)', () => {
  it.each([
    ['深度求索是否改變了人工智能遊戲的玩法呢？', 8, ['深度求索', '是否改變了', '人工智能遊戲的', '玩法呢？']],
    ['深度求索是否改變了人工智能遊戲的玩法呢？', 12, ['深度求索是否改變了', '人工智能遊戲的玩法呢？']],
    ['美國人工智能公司並沒有採取低成本策略', 8, ['美國人工智能公司', '並沒有採取', '低成本策略']],
    ['排版樣書', 8, ['排版樣書']],
  ])('%s in lines of %i', (title, perLine, expected) => {
    expect(titleLines(title, perLine)).toEqual(expected);
  });
});

describe('bookmarkReads (Chromium\'s bookmarks of wrapped headings)', () => {
  const heading = '深度求索是否改變了人工智能遊戲的玩法呢？';
  it.each([
    [heading, true],
    ['深度求索是否改變了人深度求索是否改變了人工智能遊戲的玩法呢？', true],
    ['深度求索是否改變了是否改變了人工智能遊戲的玩法呢？', true],
    ['深度求索是否改變了是否改變了人工智能遊戲的人工智能遊戲的玩法呢？', true],
    ['深度求索是否改變了結語人工智能遊戲的玩法呢？', false],
    ['深度求索是否改變了 人工智能遊戲的玩法呢？', true],
    ['深度求索是否改變了人工智能遊戲的玩法呢？結語', false],
    ['深度求索', false],
    ['結語', false],
  ])('%s → %s', (bookmark, reads) => {
    expect(bookmarkReads(bookmark, heading)).toBe(reads);
  });

  // A vertical book sets one to three digits (and ！？) upright in one cell; Chromium leaves that text out of the bookmark.
  it.each([
    ['第章　深度求索', '第20章　深度求索', true],
    ['斯普尼特克時刻？（）', '斯普尼特克時刻？（20）', true],
    ['第1章　深度求索', '第1章　深度求索', true],
    ['第章　深度求索', '第2章　深度求索', true],
    ['第章　深度求索', '第二章　深度求索', false],
    ['真的嗎', '真的嗎！？', true],
    ['第章', '第20章　深度求索', false],
  ])('%s reads %s → %s', (bookmark, heading, reads) => {
    expect(bookmarkReads(bookmark, heading)).toBe(reads);
  });
});
