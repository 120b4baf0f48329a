// Line breaks typed inside a Chinese paragraph must vanish, not become spaces.
// CSS Text 3 §4.1.3 (segment break transformation) removes a segment break
// between two East Asian Wide characters, but Chromium and most e-reader
// engines do not implement it and show a stray space (hast-util-to-text notes
// the same gap). So it is done here, on the tree, for every output.

import { ATOM, editsFromMatches, onlyWhere, type TextRule } from './rule.ts';

/** Wide (F/W) characters as CSS Text 3 means them, without Hangul, which keeps its spaces; ruby reads as Han. */
const WIDE = String.raw`\p{Script=Han}\p{Script=Bopomofo}\p{Script=Hiragana}\p{Script=Katakana}\u2E80-\u2FFF\u3000-\u303F\u3200-\u33FF\uFE30-\uFE4F\uFF01-\uFF60\uFFE0-\uFFE6${ATOM.han}`;
const BREAK_BETWEEN_WIDE = new RegExp(`(?<=[${WIDE}])[ \\t]*\\n[ \\t]*(?=[${WIDE}])`, 'gu');

export const joinCjkLines: TextRule = onlyWhere(/\n/, (text) => editsFromMatches(text, BREAK_BETWEEN_WIDE, () => ''));
