// A typography rule is a pure function over the text of one run (a block's
// text across inline markup, see text-runs.ts): it returns edits, and the
// engine (edits.ts) maps them back onto the hast text nodes. Rules never see
// markup, attributes, code or URLs, so they cannot break them (spec P3, P4).

/** Replace `text.slice(start, end)` with `text`; `start === end` inserts. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export type TextRule = (text: string) => TextEdit[];

/**
 * Stand-ins for inline elements a rule must not enter but must see as a
 * neighbour (spec T3, T4). Private-use characters, so no real text has them.
 */
export const ATOM = {
  /** code, kbd, samp, math: reads as Latin to its neighbours (`圍繞 <code>x</code> 進行`). */
  latin: '\uE000',
  /** ruby: reads as Han to its neighbours. */
  han: '\uE001',
  /** sup, sub (footnote references) and anything opaque: no rule acts across it. */
  opaque: '\uE002',
} as const;

/** Han ideographs and bopomofo, plus a ruby atom (spec T1). Use inside [] in a `u` regex. */
export const HAN = String.raw`\p{Script=Han}\p{Script=Bopomofo}\u3005\u3007\u303B${ATOM.han}`;

/** Latin letters and digits, plus a code atom. Use inside [] in a `u` regex. */
export const ALNUM = String.raw`A-Za-z0-9${ATOM.latin}`;

/** Full-width (CJK) punctuation that never takes a space beside it (spec T2). */
export const FULLWIDTH_PUNCTUATION = '，。、：；！？「」『』（）《》〈〉【】〔〕…—～‧·';

/** Apply edits to a plain string, for tests and for rules that compose others. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (edit.start < at) continue; // overlapping edits: the first one wins
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** Edits that turn every match of `pattern` (a `g` regex) into `replace(match)`. */
export function editsFromMatches(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const match of text.matchAll(pattern)) {
    const replacement = replace(match);
    if (replacement !== match[0]) edits.push({ start: match.index, end: match.index + match[0].length, text: replacement });
  }
  return edits;
}
