// The Chinese ellipsis (spec T9; clreq §indication_punctuation_marks: "six
// dots, takes up the space of two Hanzi … normally … two U+2026", and
// §prohibition_rules_for_unbreakable_marks). In a Han context `...`, `......`,
// `。。。`, `．．．`, `・・・`, a single `…`, `⋯⋯` and any longer run of these become
// exactly `……`, and the spaces on both sides go: nothing stands next to
// full-width punctuation (T2, pitfall P5, pangu #106), and spacing.ts does not
// strip spaces beside `……`. Latin text keeps its `...` (`Wait... what`,
// `「Wait...」`), and so does a number range such as `1...10`.

import { type TextRule, editsFromMatches, isHanContext } from '../rule.ts';

const ELLIPSIS = '……';

// Two dots are not an ellipsis; `。。` is two stops (a typo for lint), not three.
const DOTS = String.raw`(?:\.{3,}|。{3,}|．{3,}|・{3,}|[…⋯])`;
// Marks a space apart are one ellipsis typed in pieces (`… …`): two would come out as four U+2026.
// Spaces are taken from the start of their run only, so a long run of them is not rescanned at every offset.
const SPACED_ELLIPSIS = new RegExp(String.raw`(?:(?<![ \t\n])[ \t\n]+)?${DOTS}+(?:[ \t\n]+${DOTS}+)*[ \t\n]*`, 'gu');

export const ellipsis: TextRule = (text) =>
  editsFromMatches(text, SPACED_ELLIPSIS, (match) => {
    const end = match.index + match[0].length;
    return isHanContext(text, match.index, end) ? ELLIPSIS : match[0];
  });
