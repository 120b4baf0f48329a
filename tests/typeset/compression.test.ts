// Build-time punctuation compression (spec T15): which mark gets `span.pt-halt`.

import { describe, expect, it } from 'vitest';
import { compression } from '../../scripts/lib/typeset/rules/compression.ts';
import { typesetHtml } from './typeset-html.ts';

const run = (html: string) => typesetHtml(html, [compression]);
const half = (c: string) => `<span class="pt-halt">${c}</span>`;

describe('compression (T15)', () => {
  const cases: [string, string, string][] = [
    ['closing bracket then comma: the bracket', '<p>「作戰室」，來分析</p>', `<p>「作戰室${half('」')}，來分析</p>`],
    ['closing bracket then stop', '<p>「斯普尼特克時刻」。無論</p>', `<p>「斯普尼特克時刻${half('」')}。無論</p>`],
    ['comma then opening bracket: none, a line may break between them (T16)', '<p>這是，「人」</p>', '<p>這是，「人」</p>'],
    ['opening then opening: the second', '<p>（「人」）</p>', `<p>（${half('「')}人${half('」')}）</p>`],
    ['centred stop then closing bracket: none (TW)', '<p>「完了。」</p>', '<p>「完了。」</p>'],
    ['a closing run: every closing mark but the last', '<p>（「人」），</p>', `<p>（${half('「')}人${half('」')}${half('）')}，</p>`],
    ['across inline markup: not wrapped across nodes, but each mark alone', '<p><em>「甲」</em>，乙</p>', `<p><em>「甲${half('」')}</em>，乙</p>`],
    ['a lone mark: nothing', '<p>甲，乙。</p>', '<p>甲，乙。</p>'],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(run(input)).toBe(expected);
  });

  it.each(cases)('is idempotent: %s', (_, input) => {
    expect(run(run(input))).toBe(run(input));
  });
});
