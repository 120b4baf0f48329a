// The interpunct in transliterated names (spec T11, text part; clreq
// §indication_punctuation_marks: "recommended to use U+00B7", and
// §prohibition_rules_for_line_start_end: interpuncts never start a line).
// `•` `‧` `・` `．` `·` between two Han characters (a ruby atom counts as Han)
// become U+00B7 with a WORD JOINER (U+2060) on each side, because Chromium
// lets `·` start a line in every `line-break` mode. The full-width span around
// it is added later by the wrapping pass. A name with a Latin side (`Mark·安德森`)
// should use a Western period instead, which is a lint warning, not ours to guess.

import { HAN, type TextRule, WORD_JOINER, editsFromMatches, onlyWhere } from '../rule.ts';

const INTERPUNCT = `${WORD_JOINER}·${WORD_JOINER}`;

// Joiners already there are part of the match, so a glued `·` is left as it is (P2).
const BETWEEN_HAN = new RegExp(`(?<=[${HAN}])${WORD_JOINER}?[•‧・．·]${WORD_JOINER}?(?=[${HAN}])`, 'gu');

export const interpunct: TextRule = onlyWhere(/[•‧・．·]/u, (text) => editsFromMatches(text, BETWEEN_HAN, () => INTERPUNCT));
