// Han ↔ Latin spacing (spec T1–T5) through the engine, on HTML, so that
// markup boundaries (T4, P3, P6, P14) and protected text (T3, P4) are tested
// the way the build runs them.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spacing } from '../../scripts/lib/typeset/rules/spacing.ts';
import { applyTextEdits } from '../../scripts/lib/typeset/rule.ts';
import { typesetHtml } from './typeset-html.ts';

const run = (html: string, options = {}) => typesetHtml(html, [spacing(options)]);

describe('spacing, as the spec gives it', () => {
  const cases: [string, string, string][] = [
    ['T1 digits and percentages', '<p>…指數下跌3.5%，標準普爾500指數下跌1.9%</p>', '<p>…指數下跌 3.5%，標準普爾 500 指數下跌 1.9%</p>'],
    ['T1 Latin words', '<p>比較低端的H800圖形處理器，便能夠打造出媲美ChatGPT的大型語言模型</p>', '<p>比較低端的 H800 圖形處理器，便能夠打造出媲美 ChatGPT 的大型語言模型</p>'],
    ['T1 a sign ending a Latin run', '<p>上漲17%的股價</p>', '<p>上漲 17% 的股價</p>'],
    ['T2 nothing inside full-width brackets', '<p>安德森（Mark Andreessen）稱</p>', '<p>安德森（Mark Andreessen）稱</p>'],
    ['T2 nothing inside corner quotes', '<p>「Grok」</p>', '<p>「Grok」</p>'],
    ['T2 a stray space before full-width punctuation goes', '<p>剛剛買了一部 iPhone ，好開心！</p>', '<p>剛剛買了一部 iPhone，好開心！</p>'],
    ['T2 a stray space after full-width punctuation goes', '<p>好開心， iPhone</p>', '<p>好開心，iPhone</p>'],
    ['T2 an existing space is not doubled', '<p>Grok 3，馬斯克</p>', '<p>Grok 3，馬斯克</p>'],
    ['T2 NBSP and U+3000 are kept as they are', '<p>中\u00a0A 與 中\u3000B</p>', '<p>中\u00a0A 與 中\u3000B</p>'],
    ['T3 a URL in plain text', '<p>請看https://example.com/灰度發布.md了解</p>', '<p>請看 https://example.com/灰度發布.md了解</p>'],
    ['T3 an e-mail in plain text', '<p>余創豪 chonghoyu@gmail.com</p>', '<p>余創豪 chonghoyu@gmail.com</p>'],
    ['T3 an autolink is untouched, spaced outside', '<p>影片<a href="https://www.youtube.com/watch?v=udCMEChdawQ">https://www.youtube.com/watch?v=udCMEChdawQ</a></p>', '<p>影片 <a href="https://www.youtube.com/watch?v=udCMEChdawQ">https://www.youtube.com/watch?v=udCMEChdawQ</a></p>'],
    ['T3 code is untouched, spaced outside', '<p>圍繞<code>AVObject中</code>進行</p>', '<p>圍繞 <code>AVObject中</code> 進行</p>'],
    ['T3 an element marked no-typo', '<p>保留<span class="no-typo">H800圖形</span>原樣</p>', '<p>保留<span class="no-typo">H800圖形</span>原樣</p>'],
    ['T4 the space goes to the outer node', '<p><strong>深度求索</strong>R1發布後</p>', '<p><strong>深度求索</strong> R1 發布後</p>'],
    ['T4 across a link', '<p>請<a href="#">提交一個issue</a>並分配</p>', '<p>請<a href="#">提交一個 issue</a> 並分配</p>'],
    ['T4 no space before a footnote reference', '<p>人工智慧<sup><a href="#fn1">1</a></sup>發展</p>', '<p>人工智慧<sup><a href="#fn1">1</a></sup>發展</p>'],
    ['T5 numbers stay whole', '<p>近17%，其實市值蒸發了5,888億美元</p>', '<p>近 17%，其實市值蒸發了 5,888 億美元</p>'],
    ['T5 Han units are spaced by default', '<p>2025年2月22日</p>', '<p>2025 年 2 月 22 日</p>'],
    ['P6 emphasis next to Latin', '<p><em>典範轉移</em>ABC</p>', '<p><em>典範轉移</em> ABC</p>'],
    ['P7 purely Western strings stay', '<p>H100、1/4 em、Google DeepMind、USB-C、Grok 3</p>', '<p>H100、1/4 em、Google DeepMind、USB-C、Grok 3</p>'],
    ['P14 code before full-width punctuation', '<p>圍繞<code>AVObject</code>，進行</p>', '<p>圍繞 <code>AVObject</code>，進行</p>'],
    ['ruby reads as Han', '<p><ruby>漢<rt>ㄏㄢˋ</rt></ruby>R1</p>', '<p><ruby>漢<rt>ㄏㄢˋ</rt></ruby> R1</p>'],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(run(input)).toBe(expected);
  });

  it.each(cases)('is idempotent: %s', (_, input) => {
    expect(run(run(input))).toBe(run(input));
  });

  it('keeps Han units tight when the book asks (typography.hanUnitSpacing: false)', () => {
    expect(run('<p>2025年2月22日在2025年</p>', { tightHanUnits: '年月日' })).toBe('<p>2025年2月22日在 2025年</p>');
  });
});

describe('spacing on the seed essay', () => {
  const lines = readFileSync(new URL('../../../shared/seeds/000_2448027780490b17.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.includes('](') && !l.startsWith('<http'));

  it('inserts the 74 spaces the spec counts, and nothing else', () => {
    const edits = lines.flatMap((line) => spacing()(line));
    expect(edits.filter((e) => e.start === e.end && e.text === ' ')).toHaveLength(74);
    expect(edits).toHaveLength(74);
  });

  it('changes no character of the seed but whitespace', () => {
    for (const line of lines) expect(applyTextEdits(line, spacing()(line)).replace(/ /g, '')).toBe(line.replace(/ /g, ''));
  });
});
