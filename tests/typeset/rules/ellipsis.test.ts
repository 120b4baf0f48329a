// The Chinese ellipsis is exactly two U+2026 with nothing around it (spec T9, P5).

import { ellipsis } from '../../../scripts/lib/typeset/rules/ellipsis.ts';
import { type RuleCase, describeRule } from './harness.ts';

/** [what, input, expected output of this rule alone] */
const cases: RuleCase[] = [
  // T9, from the spec table.
  ['T9: three dots', '卻有所保留...為什麼呢？', '卻有所保留……為什麼呢？'],
  ['T9: the space after …… goes', '他說…… 然後', '他說……然後'],
  ['T9: six dots', '他說......然後', '他說……然後'],
  ['T9: three ideographic stops', '他說。。。然後', '他說……然後'],
  ['T9: a single …', '他說…然後', '他說……然後'],
  ['T9: midline ⋯⋯', '他說⋯⋯然後', '他說……然後'],
  ['T9: katakana middle dots', '他說・・・然後', '他說……然後'],
  ['T9: full-width stops', '他說．．．然後', '他說……然後'],
  ['T9: spaces on both sides go', '他說 ... 然後', '他說……然後'],
  ['T9: three U+2026 become two', '他說………然後', '他說……然後'],
  ['T9: at the end of a paragraph', '我不知道...', '我不知道……'],
  ['T9: at the start of a paragraph', '...然後', '……然後'],
  ['T9: inside corner brackets', '「...」', '「……」'],
  ['T9: between Latin and Han (T2: no space beside it)', 'Grok 3 ... 然後', 'Grok 3……然後'],
  ['T9: a soft line break after it', '他說...\n然後', '他說……然後'],
  ['P5: ellipsis and dash stay as they are', '他說……然後——結束', '他說……然後——結束'],
  // Latin keeps its ellipsis.
  ['T9: Latin text', 'Wait... what?', 'Wait... what?'],
  ['T9: an English quotation in 「」', '「Wait...」', '「Wait...」'],
  ['T9: Latin at the end', 'Wait...', 'Wait...'],
  ['T9: a Latin … stays single', 'Wait… what', 'Wait… what'],
  ['T9: a number range', '1...10', '1...10'],
  ['T9: two dots are not an ellipsis', '他說..然後', '他說..然後'],
  ['T9: two ideographic stops are not an ellipsis', '他說。。然後', '他說。。然後'],
  ['T9: NBSP is never removed (T2)', '他說\u00A0...然後', '他說\u00A0……然後'],
  ['T9: nor is U+3000 (T2)', '他說...\u3000然後', '他說……\u3000然後'],
  ['T9: an ellipsis typed in pieces', '他說… …然後', '他說……然後'],
  // Atoms.
  ['T9: between ruby atoms', '\uE001...\uE001', '\uE001……\uE001'],
  ['T9: between code atoms', '\uE000...\uE000', '\uE000...\uE000'],
  ['T9: after a footnote reference, before Han', '\uE002 ... 然後', '\uE002……然後'],
  ['T9: the spaces go, the atom stays', '中\uE000 ... 然後', '中\uE000……然後'],
];

/** What random test strings are made of: Han (one astral), Latin, spaces, atoms, and the marks this rule reads. */
const ALPHABET = ['中', '文', '說', '𠀋', 'A', 'b', '3', '0', ' ', '\n', '，', '」', '「', '\uE000', '\uE001', '\uE002', '.', '…', '⋯', '。', '・', '．', '」', ' ', ' '];

describeRule('ellipsis (spec T9)', ellipsis, cases, ALPHABET);
