// Full-width ASCII letters and digits become half-width (spec T13). clreq
// §chinese_and_western_mixed_text_composition treats full-width Latin as a
// relic of older encodings, and the sparanoid guide asks for half-width
// digits (「數字使用半形字符」). Only U+FF10–FF19, FF21–FF3A and FF41–FF5A are
// mapped, with NFKC: full-width punctuation (`，：％＠．` …) is Chinese
// punctuation and stays. The space that `Ｈ８００` then needs next to Han is
// T1's job (spacing.ts), which runs later.

import { type TextRule, editsFromMatches } from '../rule.ts';

const FULLWIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+/gu;

export const fullwidthAlnum: TextRule = (text) => editsFromMatches(text, FULLWIDTH_ALNUM, ([run]) => run.normalize('NFKC'));
