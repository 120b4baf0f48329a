// Spacing between Han and Latin letters or digits (spec T1, T2, T4, T5).
//
// clreq §mixed_text_composition_in_horizontal_writing_mode asks for up to ¼ em
// between Han and Western text, "except at the line start or end", and allows
// a Western word space (U+0020) for it. A real space works in every e-reader,
// vanishes at line edges and is a justification opportunity, so we insert one
// (as pangu and zhlint do) instead of relying on CSS `text-autospace`, which
// the CSS then switches off (T28) so nothing is spaced twice.

import { ALNUM, ATOM, HAN, type TextEdit, type TextRule } from '../rule.ts';

export interface SpacingOptions {
  /**
   * Han characters that stay tight against a number (spec T5): with
   * `年月日` a dateline keeps `2025年2月22日`. Default: none, so `2025 年`.
   */
  tightHanUnits?: string;
  /**
   * Offsets of `text` where no space goes between Han and Latin: in a
   * vertical book, the edges of the numbers set upright (T24), which need
   * none. Default: none.
   */
  tightAt?: (text: string) => ReadonlySet<number>;
}

/** Signs that end a Latin run: `17%其` → `17% 其` (T1, T5: never split `3.5%` itself). */
const END_SIGNS = '%‰°℃℉$';

/** Full-width punctuation beside which no space ever stands (T2). */
const PUNCTUATION = '，。、：；！？「」『』（）《》〈〉【】〔〕';

const HAN_THEN_LATIN = new RegExp(`(?<=[${HAN}])(?=[${ALNUM}])`, 'gu');
const LATIN_THEN_HAN = new RegExp(`(?<=[${ALNUM}${END_SIGNS}])(?=[${HAN}])`, 'gu');
/** Plain spaces (never NBSP or U+3000, T2) touching full-width punctuation, with text on the other side. */
const SPACE_BEFORE_PUNCTUATION = new RegExp(`(?<=[^\\s${ATOM.opaque}])[ \\t\\n]+(?=[${PUNCTUATION}])`, 'gu');
const SPACE_AFTER_PUNCTUATION = new RegExp(`(?<=[${PUNCTUATION}])[ \\t\\n]+(?=[^\\s${ATOM.opaque}])`, 'gu');
const LATIN_OR_SIGN = new RegExp(`[${ALNUM}${END_SIGNS}]`, 'u');
const SPACE = /[ \t\n]/u;

export function spacing(options: SpacingOptions = {}): TextRule {
  const tight = new Set(options.tightHanUnits ?? '');
  const isDigit = (c: string | undefined) => c !== undefined && /[0-9]/.test(c);
  return (text) => {
    const edits: TextEdit[] = [];
    // The look-behind searches are slow on long runs: each is started only if the run has what it looks for.
    const latin = LATIN_OR_SIGN.test(text);
    const spaces = SPACE.test(text);
    const tightAt = latin && options.tightAt ? options.tightAt(text) : new Set<number>();
    for (const pattern of latin ? [HAN_THEN_LATIN, LATIN_THEN_HAN] : []) {
      for (const { index } of text.matchAll(pattern)) {
        const before = text[index - 1];
        const after = text[index];
        // A unit that belongs to its number: `2025年2月` stays tight when asked (T5).
        if ((tight.has(before!) && isDigit(after)) || (isDigit(before) && tight.has(after!)) || tightAt.has(index)) continue;
        edits.push({ start: index, end: index, text: ' ' });
      }
    }
    for (const pattern of spaces ? [SPACE_BEFORE_PUNCTUATION, SPACE_AFTER_PUNCTUATION] : []) {
      for (const match of text.matchAll(pattern)) edits.push({ start: match.index, end: match.index + match[0].length, text: '' });
    }
    return edits;
  };
}
