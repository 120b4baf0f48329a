// The whole rule chain, in the spec's order, on HTML: what a manuscript
// paragraph becomes in every output (spec T1–T15, T22, P2–P6, P14).

import { describe, expect, it } from 'vitest';
import { parseBookConfig, type BookConfig } from '../../scripts/lib/config.ts';
import { textRules } from '../../scripts/lib/typeset/index.ts';
import { typesetHtml } from './typeset-html.ts';

const config = (yaml = ''): BookConfig => parseBookConfig(`title: 書\n${yaml}`, 'book.yaml').config!;
const typeset = (html: string, c = config()) => typesetHtml(html, textRules(c));
const half = (c: string) => `<span class="pt-halt">${c}</span>`;

describe('the typeset stage, all rules in order', () => {
  const cases: [string, string, string][] = [
    ['T6 before T1: full-width first, then spacing', '<p>在Reddit的問答環節中,奧爾特曼說</p>', '<p>在 Reddit 的問答環節中，奧爾特曼說</p>'],
    ['T6: stops and questions', '<p>請看看我以下的分解.為什麼呢?</p>', '<p>請看看我以下的分解。為什麼呢？</p>'],
    ['T7 parentheses, then spacing stays out of them', '<p>安德森(Mark Andreessen)稱</p>', '<p>安德森（Mark Andreessen）稱</p>'],
    ['T8 quotes, nested, then compressed (T15)', '<p>他說：“這是‘作戰室’”</p>', `<p>他說：「這是『作戰室${half('』')}」</p>`],
    ['T8 then T15: the closing quote before a comma is halved', '<p>自己公司"站在了歷史的錯誤一邊"，故此</p>', `<p>自己公司「站在了歷史的錯誤一邊${half('」')}，故此</p>`],
    ['T9 ellipsis', '<p>卻有所保留...為什麼呢？</p>', '<p>卻有所保留……為什麼呢？</p>'],
    ['T10 dash, wrapped for its full width', '<p>深度求索—中國新創公司—引發衝擊</p>', '<p>深度求索<span class="zh-dash">——</span>中國新創公司<span class="zh-dash">——</span>引發衝擊</p>'],
    ['P5: no space around the ellipsis and the dash', '<p>他說……然後——結束</p>', '<p>他說……然後<span class="zh-dash">——</span>結束</p>'],
    ['T11 interpunct, glued and wrapped', '<p>馬克‧安德森</p>', '<p>馬克<span class="zh-interpunct">\u2060·\u2060</span>安德森</p>'],
    ['T12 connector glue', '<p>1980～1990年代</p>', '<p>1980\u2060～1990 年代</p>'],
    ['T13 then T1', '<p>二千多片比較低端的Ｈ８００</p>', '<p>二千多片比較低端的 H800</p>'],
    ['P3: markup stays intact', '<p><strong>深度求索</strong>R1發布後，<a href="https://example.com/中文">連結</a>。</p>', '<p><strong>深度求索</strong> R1 發布後，<a href="https://example.com/中文">連結</a>。</p>'],
    ['P4: the seed URL and e-mail, byte for byte', '<p>余創豪 chonghoyu@gmail.com 看https://www.youtube.com/watch?v=udCMEChdawQ</p>', '<p>余創豪 chonghoyu@gmail.com 看 https://www.youtube.com/watch?v=udCMEChdawQ</p>'],
    ['P6: bold Chinese next to Western', '<p><strong>濾波器</strong>(filter)</p>', '<p><strong>濾波器</strong>（filter）</p>'],
    ['P14: code before a comma', '<p>圍繞<code>AVObject</code>,進行</p>', '<p>圍繞 <code>AVObject</code>，進行</p>'],
    ['the seed stays as it was typed, spaced', '<p>「人工智慧的斯普尼特克時刻」，這是將1957年蘇聯超前美國</p>', `<p>「人工智慧的斯普尼特克時刻${half('」')}，這是將 1957 年蘇聯超前美國</p>`],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(typeset(input)).toBe(expected);
  });

  it.each(cases)('is idempotent (P2): %s', (_, input) => {
    expect(typeset(typeset(input))).toBe(typeset(input));
  });

  it('keeps numbers and Han units tight when the book says so (T5)', () => {
    expect(typeset('<p>2025年2月22日</p>', config('typography:\n  hanUnitSpacing: false\n'))).toBe('<p>2025年2月22日</p>');
  });

  it('sets digits upright only in vertical books (T24)', () => {
    expect(typeset('<p>2月22日</p>', config('layout:\n  writingMode: vertical\n'))).toBe('<p><span class="tcy">2</span>月<span class="tcy">22</span>日</p>');
    expect(typeset('<p>2月22日</p>')).toBe('<p>2 月 22 日</p>');
  });
});
