// The Chinese dash is exactly two U+2014 with nothing around it (spec T10, text part; P5).

import { twoEmDash } from '../../../scripts/lib/typeset/rules/dash.ts';
import { type RuleCase, describeRule } from './harness.ts';

/** [what, input, expected output of this rule alone] */
const cases: RuleCase[] = [
  // T10, from the spec table (the zh-dash span is added by the wrapping pass).
  ['T10: single em dashes', '深度求索—中國新創公司—引發衝擊', '深度求索——中國新創公司——引發衝擊'],
  ['T10: spaces around ——', '衝擊波 —— 令美國股市', '衝擊波——令美國股市'],
  ['T10: two hyphen-minus', '深度求索--中國', '深度求索——中國'],
  ['T10: two full-width hyphen-minus', '深度求索－－中國', '深度求索——中國'],
  ['T10: two box-drawing lines', '深度求索──中國', '深度求索——中國'],
  ['T10: em dashes with a space between', '深度求索— —中國', '深度求索——中國'],
  ['T10: three em dashes', '深度求索———中國', '深度求索——中國'],
  ['T10: U+2E3A is never emitted, nor kept', '深度求索⸺中國', '深度求索——中國'],
  ['T10: at the start of a paragraph', '——他說', '——他說'],
  ['T10: between Latin and Han', 'OpenAI—美國公司', 'OpenAI——美國公司'],
  ['T10: before full-width punctuation', '他說——」', '他說——」'],
  ['P5: ellipsis and dash stay as they are', '他說……然後——結束', '他說……然後——結束'],
  // Latin, numbers and single marks stay.
  ['T10: between Latin words', 'Grok—xAI', 'Grok—xAI'],
  ['T10: spaced between Latin words', 'foo -- bar', 'foo -- bar'],
  ['T10: a number range', '2020--2021', '2020--2021'],
  ['T10: a command-line option', '使用--help參數', '使用--help參數'],
  ['T10: a command-line option after a space', '使用 --help 參數', '使用 --help 參數'],
  ['T10: a hyphen between Han is for lint (T12)', '中-文', '中-文'],
  ['P7: hyphens in Western strings', '採用USB-C與TW-Kai字型', '採用USB-C與TW-Kai字型'],
  ['T10: a single box-drawing line is for lint (T30)', '中─文', '中─文'],
  ['T10: a single full-width hyphen-minus', '中－文', '中－文'],
  ['T10: en dash ranges are connectors (T12)', '1980–1990年代', '1980–1990年代'],
  // Atoms.
  ['T10: between ruby atoms', '\uE001—\uE001', '\uE001——\uE001'],
  ['T10: between code atoms', '\uE000 -- \uE000', '\uE000 -- \uE000'],
  ['T10: after a footnote reference, before Han', '中\uE002 — 然後', '中\uE002——然後'],
];

/** What random test strings are made of: Han (one astral), Latin, spaces, atoms, and the marks this rule reads. */
const ALPHABET = ['中', '文', '說', '𠀋', 'A', 'b', '3', '0', ' ', '\n', '，', '」', '「', '\uE000', '\uE001', '\uE002', '—', '-', '－', '─', '⸺', '」', '…', ' '];

describeRule('twoEmDash (spec T10)', twoEmDash, cases, ALPHABET);
