// Full-width ASCII letters and digits become half-width (spec T13); the space T1 then adds is not this rule's.

import { describe, expect, it } from 'vitest';
import { applyTextEdits } from '../../../scripts/lib/typeset/rule.ts';
import { fullwidthAlnum } from '../../../scripts/lib/typeset/rules/fullwidth-alnum.ts';
import { type RuleCase, describeRule, seedLines } from './harness.ts';

const apply = (text: string) => applyTextEdits(text, fullwidthAlnum(text));

/** [what, input, expected output of this rule alone] */
const cases: RuleCase[] = [
  // Spec T13 examples (the space beside Han comes later, from T1).
  ['T13: full-width H800', '二千多片比較低端的Ｈ８００', '二千多片比較低端的H800'],
  ['T13: full-width price', '只賣１０００元', '只賣1000元'],
  ['lower-case letters', 'ｇｍａｉｌ', 'gmail'],
  ['the edges of the three ranges', '０９ＡＺａｚ', '09AZaz'],
  ['just outside the ranges: ／ ： ＠ ［ ｀ ｛', '／：＠［｀｛', '／：＠［｀｛'],
  ['full-width punctuation stays (T13)', '下跌３．５％，好嗎？（對）', '下跌3．5％，好嗎？（對）'],
  ['ideographic space stays', '中\u3000文', '中\u3000文'],
  ['half-width text stays', 'Grok 3 H100 5,888', 'Grok 3 H100 5,888'],
  ['next to atoms', '\uE000Ａ\uE001１\uE002ｂ', '\uE000A\uE0011\uE002b'],
  ['astral Han next to it', '𠀋Ａ𠀋', '𠀋A𠀋'],
];

/** What random test strings are made of: Han (one astral), Latin, spaces, atoms, and the marks this rule reads. */
const ALPHABET = ['中', '文', '說', '𠀋', 'A', 'b', '3', '0', ' ', '\n', '，', '」', '「', '\uE000', '\uE001', '\uE002', 'Ａ', 'ｚ', '９', '％', '．', '＠'];

describeRule('fullwidthAlnum (spec T13)', fullwidthAlnum, cases, ALPHABET);

describe('fullwidthAlnum on the seed typed with full-width letters and digits', () => {
  const widen = (line: string) => line.replace(/[A-Za-z0-9]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  it.each(seedLines())('restores line %i', (_, line) => {
    expect(apply(widen(line))).toBe(line);
  });
});
