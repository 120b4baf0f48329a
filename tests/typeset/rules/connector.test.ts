// A WORD JOINER keeps the full-width tilde connector off the start of a line (spec T12).

import { connectorGlue } from '../../../scripts/lib/typeset/rules/connector.ts';
import { type RuleCase, describeRule } from './harness.ts';

/** [what, input, expected output of this rule alone] */
const cases: RuleCase[] = [
  // T12, from the spec table.
  ['T12: a range with ～', '1980～1990年代', '1980\u2060～1990年代'],
  ['T12: already glued stays', '1980\u2060～1990年代', '1980\u2060～1990年代'],
  ['T12: between Han', '週一～週五', '週一\u2060～週五'],
  ['T12: a playful tilde at the end', '好啊～', '好啊\u2060～'],
  ['T12: each of two tildes', '好啊～～', '好啊\u2060～\u2060～'],
  // Kept as written, without glue.
  ['T12: an en dash range', '1980–1990年代', '1980–1990年代'],
  ['T12: an ASCII tilde range', '1980~1990年代', '1980~1990年代'],
  ['T12: at the start of a run', '～1990年', '～1990年'],
  ['T12: after a space', '1980 ～ 1990', '1980 ～ 1990'],
  ['T12: the wave dash U+301C is not a full-width tilde', '1980〜1990', '1980〜1990'],
  // Atoms.
  ['T12: after code', '\uE000～\uE000', '\uE000\u2060～\uE000'],
  ['T12: after a footnote reference', '1980\uE002～1990', '1980\uE002\u2060～1990'],
];

/** What random test strings are made of: Han (one astral), Latin, spaces, atoms, and the marks this rule reads. */
const ALPHABET = ['中', '文', '說', '𠀋', 'A', 'b', '3', '0', ' ', '\n', '，', '」', '「', '\uE000', '\uE001', '\uE002', '～', '–', '~', '\u2060'];

describeRule('connectorGlue (spec T12)', connectorGlue, cases, ALPHABET);
