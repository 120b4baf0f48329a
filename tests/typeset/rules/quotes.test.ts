// Quotation marks become corner brackets in Chinese text (spec T8).

import { describe, expect, it } from 'vitest';
import { applyTextEdits } from '../../../scripts/lib/typeset/rule.ts';
import { cornerQuotes } from '../../../scripts/lib/typeset/rules/quotes.ts';
import { type RuleCase, describeRule, seedLines } from './harness.ts';

const apply = (text: string) => applyTextEdits(text, cornerQuotes(text));

/** [what, input, expected output of this rule alone] */
const cases: RuleCase[] = [
  // T8, from the spec table.
  ['T8: straight quotes around Han', '奧爾特曼說自己公司"站在了歷史的錯誤一邊"', '奧爾特曼說自己公司「站在了歷史的錯誤一邊」'],
  ['T8: curly quotes, nested', '他說：“這是‘作戰室’”', '他說：「這是『作戰室』」'],
  ['T8: the third level is 「」 again', '他說：“她說‘我聽到“你好”’”', '他說：「她說『我聽到「你好」』」'],
  ["T8, P8: the seed's corner brackets stay", '為「人工智慧的斯普尼特克時刻」，這是', '為「人工智慧的斯普尼特克時刻」，這是'],
  ['T8: straight quotes, nested', '他說："這是\'作戰室\'"', '他說：「這是『作戰室』」'],
  ['T8: straight quotes nested in curly ones', '他說：“這是"作戰室"”', '他說：「這是『作戰室』」'],
  ['T8: single quotes at the top level are the first level', '他說‘你好’', '他說「你好」'],
  ['T8: nested in a typed 「」', '「這是“作戰室”」', '「這是『作戰室』」'],
  ['T8: nested in a typed 『』', '『這是"作戰室"』', '『這是「作戰室」』'],
  ['T8: two quotations in a row', '"甲""乙"', '「甲」「乙」'],
  ['T8: mixed straight and curly marks pair', '他說"你好”', '他說「你好」'],
  ['T8: Latin content with a Han neighbour', '媲美"ChatGPT"的', '媲美「ChatGPT」的'],
  ['T8: an English sentence quoted in Chinese', '賈伯斯說：“Stay hungry, stay foolish.”', '賈伯斯說：「Stay hungry, stay foolish.」'],
  ['T8: ... after a half-width colon (T6 converts it)', '賈伯斯說:"Stay hungry, stay foolish."', '賈伯斯說:「Stay hungry, stay foolish.」'],
  ['T8: ... with a half-width comma after it', '"Stay hungry.",他說', '「Stay hungry.」,他說'],
  ['T8: a space between the mark and Han (T2 removes it)', '他說 "hello" 然後', '他說 「hello」 然後'],
  // Left alone: apostrophes, pure English, unpaired marks.
  ['T8: an apostrophe', "Grok's成績", "Grok's成績"],
  ['T8: a curly apostrophe', 'Grok’s成績', 'Grok’s成績'],
  ['T8: an apostrophe inside a Chinese quotation', '他說"Grok\'s"', "他說「Grok's」"],
  ['T8: a pure-English quotation', 'He said "hello" to me.', 'He said "hello" to me.'],
  ['T8: a pure-English quotation in a Chinese paragraph', '他說 He said "hello" to me 然後', '他說 He said "hello" to me 然後'],
  ['T8: a pure-English quotation after English punctuation', 'He said, "hello."', 'He said, "hello."'],
  ['T8: an unpaired opening mark (multi-paragraph quotation, lint)', '他說"你好', '他說"你好'],
  ['T8: an unpaired closing mark', '你好”他說', '你好”他說'],
  ['T8: an inch mark', '5" 螢幕', '5" 螢幕'],
  ['T8: an inch mark before a quotation', '5" 螢幕和"中文"', '5" 螢幕和「中文」'],
  ['T8: an inch mark before NBSP', '5"\u00A0螢幕和"中文"', '5"\u00A0螢幕和「中文」'],
  ['T8: spaces before a dash do not count, T10 removes them', '他說 " —— " 然後', '他說 「 —— 」 然後'],
  ['T8: a stray opening mark inside a pair stays', '他說“這是‘作戰室”', '他說「這是‘作戰室」'],
  // Atoms.
  ['code in a Chinese quotation', '他說"\uE000"', '他說「\uE000」'],
  ['code quoted between Latin words', 'use "\uE000" here', 'use "\uE000" here'],
  ['ruby in quotation marks', '"\uE001"', '「\uE001」'],
  ['a footnote reference after the closing mark', '他說"你好"\uE002', '他說「你好」\uE002'],
  ['a footnote reference is not a Han neighbour', '\uE002"AI"', '\uE002"AI"'],
  ['astral Han content', '"𠀋"', '「𠀋」'],
];

/** What random test strings are made of: Han (one astral), Latin, spaces, atoms, and the marks this rule reads. */
const ALPHABET = ['中', '文', '說', '𠀋', 'A', 'b', '3', '0', ' ', '\n', '，', '」', '「', '\uE000', '\uE001', '\uE002', '"', "'", '“', '”', '‘', '’', '『', '』', ':', ',', '.'];

describeRule('cornerQuotes (spec T8)', cornerQuotes, cases, ALPHABET);

describe('cornerQuotes on the seed typed with other quotation marks', () => {
  it.each(seedLines())('restores line %i from “”', (_, line) => {
    expect(apply(line.replace(/「/gu, '“').replace(/」/gu, '”'))).toBe(line);
  });
  it.each(seedLines())('restores line %i from straight quotes', (_, line) => {
    expect(apply(line.replace(/[「」]/gu, '"'))).toBe(line);
  });
});
