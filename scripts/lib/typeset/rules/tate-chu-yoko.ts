// Tate-chu-yoko, 縱中橫 (spec T24, P15): in vertical books, a run of one to
// three digits standing alone, and a `！？`-style pair, are set upright across
// the line in one character cell. clreq §major_differences_between_horizontal_
// and_vertical_writing_modes: "two to three digits … should not exceed 1 em".
// CSS `text-combine-upright: digits` would do it without markup but no browser
// supports it, so the build wraps the run in `span.tcy`. Longer runs (`H800`,
// `2025`) stay rotated, as clreq sets them. The spaces T1 put between such a
// run and Han characters go: in vertical text the upright cell needs none.

import { ALNUM, HAN, type TextEdit, type TextRule } from '../rule.ts';

export const TCY_CLASS = 'tcy';

/** The characters this rule may set upright in one cell: digits and ！？ marks. */
export const TCY_CHARACTER = /^[0-9!?！？]$/;

/** Digits not part of a longer word or number (`3.5`, `5,888`, `H800`, `2025` are not). */
const SHORT_NUMBER = new RegExp(`(?<![${ALNUM}.,])(\\d{1,3})(?![${ALNUM}.,%‰°])`, 'gu');
const EXCLAMATION_PAIR = /(?<![!?！？])[!?！？]{2}(?![!?！？])/gu;
const HAN_CHAR = new RegExp(`[${HAN}]`, 'u');

/**
 * Where the short numbers this rule sets upright start and end: spacing.ts
 * puts no space there in a vertical book, else the two rules would undo each
 * other on every pass (a space put in by T1, taken out here).
 */
export function uprightNumberEdges(text: string): Set<number> {
  const edges = new Set<number>();
  for (const match of text.matchAll(SHORT_NUMBER)) edges.add(match.index).add(match.index + match[0].length);
  return edges;
}

export const tateChuYoko: TextRule = (text) => {
  const edits: TextEdit[] = [];
  for (const match of text.matchAll(SHORT_NUMBER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (text[start - 1] === ' ' && HAN_CHAR.test(text[start - 2] ?? '')) edits.push({ start: start - 1, end: start, text: '' });
    edits.push({ start, end, text: match[0], className: TCY_CLASS });
    if (text[end] === ' ' && HAN_CHAR.test(text[end + 1] ?? '')) edits.push({ start: end, end: end + 1, text: '' });
  }
  for (const match of text.matchAll(EXCLAMATION_PAIR)) {
    edits.push({ start: match.index, end: match.index + 2, text: match[0], className: TCY_CLASS });
  }
  return edits;
};
