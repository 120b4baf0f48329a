// Marks that need CSS after their text is right (spec T10, T11): the two-em
// dash and the interpunct of a transliterated name get a span, styled with
// `font-variant-east-asian: full-width`, because Noto's U+2014 is proportional
// (a pair is 1.69 em, ligated into ⸺) and U+00B7 is 0.33 em; clreq wants 2 em
// and one full character in Taiwan. Runs after dash.ts and interpunct.ts.

import type { TextEdit, TextRule } from '../rule.ts';

export const DASH_CLASS = 'zh-dash';
export const INTERPUNCT_CLASS = 'zh-interpunct';

const TWO_EM_DASH = /——/gu;
const GLUED_INTERPUNCT = /\u2060·\u2060/gu;

const wrapAll = (text: string, pattern: RegExp, className: string): TextEdit[] =>
  [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0], className }));

export const wrapMarks: TextRule = (text) => [...wrapAll(text, TWO_EM_DASH, DASH_CLASS), ...wrapAll(text, GLUED_INTERPUNCT, INTERPUNCT_CLASS)];
