// The two-em dash (spec T10, text part; clreq §indication_punctuation_marks:
// "Two-em dashes … width of 2 em … two adjacent U+2014"). In a Han context a
// single `—`, `--`, `－－`, `──` (box drawing, common in TW input), `— —`, a
// `——` with spaces around it, and longer runs of these become exactly `——`
// (two U+2014) with no space on either side (pangu #172; spacing.ts does not
// strip spaces beside a dash). U+2E3A is never emitted: Noto draws it 1.69 em
// wide and PingFang/JhengHei lack it (clreq #430), so a typed `⸺` becomes
// `——` too. The `<span class="zh-dash">` that makes it 2 em wide is added by
// the wrapping pass. Dashes between Latin words or digits stay as typed.

import { type TextRule, editsFromMatches, isHanContext } from '../rule.ts';

const TWO_EM_DASH = '——';

// A single `-`, `－` or `─` is a hyphen, a minus or a table rule, not a dash (T12 and T30 lint those).
const PIECE = String.raw`(?:[—⸺]|-{2,}|－{2,}|─{2,})`;
// Spaces are taken from the start of their run only, so a long run of them is not rescanned at every offset.
const SPACED_DASH = new RegExp(String.raw`(?:(?<![ \t\n])[ \t\n]+)?${PIECE}(?:[ \t\n]*${PIECE})*[ \t\n]*`, 'gu');

/** `使用--help參數`: hyphens glued to a Latin word are a command-line option, not a dash. */
const OPTION_FLAG = /^[ \t\n]*-+$/u;

export const twoEmDash: TextRule = (text) =>
  editsFromMatches(text, SPACED_DASH, (match) => {
    const end = match.index + match[0].length;
    if (OPTION_FLAG.test(match[0]) && /^[A-Za-z]$/u.test(text[end] ?? '')) return match[0];
    return isHanContext(text, match.index, end) ? TWO_EM_DASH : match[0];
  });
