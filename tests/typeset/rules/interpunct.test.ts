// The interpunct in transliterated names is U+00B7 glued with WORD JOINERs (spec T11, text part).

import { interpunct } from '../../../scripts/lib/typeset/rules/interpunct.ts';
import { type RuleCase, describeRule } from './harness.ts';

/** [what, input, expected output of this rule alone] */
const cases: RuleCase[] = [
  // T11, from the spec table (the zh-interpunct span is added by the wrapping pass).
  ['T11: ‧ (U+2027)', '馬克‧安德森', '馬克\u2060·\u2060安德森'],
  ['T11: • (U+2022)', '馬克•安德森', '馬克\u2060·\u2060安德森'],
  ['T11: ・ (U+30FB)', '馬克・安德森', '馬克\u2060·\u2060安德森'],
  ['T11: ． (U+FF0E)', '馬克．安德森', '馬克\u2060·\u2060安德森'],
  ['T11: · (U+00B7) gets its joiners', '馬·斯克', '馬\u2060·\u2060斯克'],
  ['T11: already glued stays', '馬克\u2060·\u2060安德森', '馬克\u2060·\u2060安德森'],
  ['T11: glued on one side only', '馬克\u2060·安德森', '馬克\u2060·\u2060安德森'],
  ['T11: glued ‧ becomes ·', '馬克\u2060‧\u2060安德森', '馬克\u2060·\u2060安德森'],
  ['T11: two in one name', '約翰·菲茨傑拉德·甘迺迪', '約翰\u2060·\u2060菲茨傑拉德\u2060·\u2060甘迺迪'],
  // Left alone.
  ['T11: a Latin side is for lint', 'Mark·安德森', 'Mark·安德森'],
  ['T11: a Latin side on the right', '馬克·Andreessen', '馬克·Andreessen'],
  ['T11: between digits', '3·5', '3·5'],
  ["T11: an ellipsis of middle dots is T9's", '他說・・・然後', '他說・・・然後'],
  ['T11: spaces around it', '馬克 · 安德森', '馬克 · 安德森'],
  ['T11: a bullet at the start', '•中文', '•中文'],
  // Atoms.
  ['T11: ruby reads as Han', '\uE001‧安德森', '\uE001\u2060·\u2060安德森'],
  ['T11: code reads as Latin', '\uE000‧安德森', '\uE000‧安德森'],
  ['T11: nothing acts across a footnote reference', '馬克\uE002‧安德森', '馬克\uE002‧安德森'],
  ['T11: astral Han', '𠀋‧𠀋', '𠀋\u2060·\u2060𠀋'],
];

/** What random test strings are made of: Han (one astral), Latin, spaces, atoms, and the marks this rule reads. */
const ALPHABET = ['中', '文', '說', '𠀋', 'A', 'b', '3', '0', ' ', '\n', '，', '」', '「', '\uE000', '\uE001', '\uE002', '•', '‧', '・', '．', '·', '\u2060'];

describeRule('interpunct (spec T11)', interpunct, cases, ALPHABET);
