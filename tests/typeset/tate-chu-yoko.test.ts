// Tate-chu-yoko in vertical books (spec T24, P15).

import { describe, expect, it } from 'vitest';
import { spacing } from '../../scripts/lib/typeset/rules/spacing.ts';
import { tateChuYoko, uprightNumberEdges } from '../../scripts/lib/typeset/rules/tate-chu-yoko.ts';
import { typesetHtml } from './typeset-html.ts';

// As a vertical book's rules have them: T1 leaves the upright numbers' edges alone.
const run = (html: string) => typesetHtml(html, [spacing({ tightAt: uprightNumberEdges }), tateChuYoko]);
const tcy = (s: string) => `<span class="tcy">${s}</span>`;

describe('tateChuYoko (T24)', () => {
  const cases: [string, string, string][] = [
    ['a dateline: short runs upright, the year rotated, no spaces beside the cells', '<p>2025年2月22日</p>', `<p>2025 年${tcy('2')}月${tcy('22')}日</p>`],
    ['a digit after a Latin word keeps its space', '<p>推出了Grok 3，馬斯克</p>', `<p>推出了 Grok ${tcy('3')}，馬斯克</p>`],
    ['four characters stay rotated', '<p>低端的H800圖形</p>', '<p>低端的 H800 圖形</p>'],
    ['decimals and thousands stay whole and rotated', '<p>下跌3.5%，蒸發了5,888億</p>', '<p>下跌 3.5%，蒸發了 5,888 億</p>'],
    ['a percentage stays rotated', '<p>近17%，</p>', '<p>近 17%，</p>'],
    ['an exclamation pair is one upright cell', '<p>真的嗎！？</p>', `<p>真的嗎${tcy('！？')}</p>`],
    ['three marks are left alone', '<p>真的嗎！！！</p>', '<p>真的嗎！！！</p>'],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(run(input)).toBe(expected);
  });

  it.each(cases)('is idempotent: %s', (_, input) => {
    expect(run(run(input))).toBe(run(input));
  });
});
