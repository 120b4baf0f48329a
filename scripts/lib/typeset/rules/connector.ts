// Connector marks (spec T12, clreq §indication_punctuation_marks and
// §prohibition_rules_for_line_start_end): a range keeps the connector the
// author typed, `～` (U+FF5E), `–` (U+2013) or `~`, but Chromium lets `～`
// start a line in every `line-break` mode, which the clreq "basic" set forbids.
// A WORD JOINER (U+2060) before it glues it to the preceding character. `–`
// and `~` already never start a line under `strict`, so they are left alone.

import { type TextEdit, type TextRule, WORD_JOINER } from '../rule.ts';

export const connectorGlue: TextRule = (text) => {
  const edits: TextEdit[] = [];
  for (const { index } of text.matchAll(/～/gu)) {
    const before = text[index - 1];
    // Nothing to glue to at the start of a run; after a space the line may break at the space anyway.
    if (before === undefined || before === WORD_JOINER || /\s/u.test(before)) continue;
    edits.push({ start: index, end: index, text: WORD_JOINER });
  }
  return edits;
};
