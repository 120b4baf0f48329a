// A typography rule is a pure function over the text of one run (a block's
// text across inline markup, see text-runs.ts): it returns edits, and the
// engine (edits.ts) maps them back onto the hast text nodes. Rules never see
// markup, attributes, code or URLs, so they cannot break them (spec P3, P4).

/** Replace `text.slice(start, end)` with `text`; `start === end` inserts. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /**
   * Wrap the replacement in `<span class=…>` (for what needs CSS, such as
   * `.zh-dash` or `.pt-halt`). Only within one text node, and never twice:
   * text already inside a span of that class is left alone.
   */
  className?: string;
}

export type TextRule = (text: string) => TextEdit[];

/**
 * `rule`, not run on a run of text without a match of `needs`: what the rule
 * could change (a quotation mark, a half-width stop, a line break). Most runs
 * of Chinese prose have none, and the rules' look-behind searches and passes
 * are slow on long runs. `needs` must match wherever the rule could edit.
 */
export const onlyWhere = (needs: RegExp, rule: TextRule): TextRule => (text) => (needs.test(text) ? rule(text) : []);

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

/** U+2060 WORD JOINER: no line break on either side of it (spec T11, T12). */
export const WORD_JOINER = '\u2060';

const HAN_CHAR = new RegExp(`^[${HAN}]$`, 'u');
const LATIN_CHAR = new RegExp(`^[${ALNUM}]$`, 'u');

/** One code point (`undefined` past the edge of the run) is Han, a ruby atom included. */
export function isHan(char: string | undefined): boolean {
  return char !== undefined && HAN_CHAR.test(char);
}

/** One code point is a Latin letter or digit, a code atom included. */
export function isLatin(char: string | undefined): boolean {
  return char !== undefined && LATIN_CHAR.test(char);
}

/** The code point that ends at `index` (a whole surrogate pair, so CJK Extension B counts), if any. */
export function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return text.slice(pair ? index - 2 : index - 1, index);
}

/** The code point that starts at `index`, if any. */
export function charAt(text: string, index: number): string | undefined {
  const code = text.codePointAt(index);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

/** The characters of ellipses and dashes as typed (T9, T10), and of a hyphen or a stray dot. */
export const ELLIPSIS_OR_DASH = '.。．・…⋯—⸺-－─';

/**
 * The neighbour a mark at `index` reads in direction `step`: the nearest code
 * point past spaces (never NBSP or U+3000), past ellipsis and dash marks
 * (`嗎...?` ends in 嗎, before or after T9 has run), and past any of `skip`.
 * `at` is where that neighbour ends (step -1) or starts (step 1); `char` is
 * undefined at the edge of the run.
 */
export function neighbour(text: string, index: number, step: -1 | 1, skip = ''): { char: string | undefined; at: number } {
  const next = (at: number) => (step < 0 ? charBefore(text, at) : charAt(text, at));
  const passed = ` \t\n${ELLIPSIS_OR_DASH}${skip}`;
  let at = index;
  for (let c = next(at); c !== undefined && passed.includes(c); c = next(at)) at += step * c.length;
  return { char: next(at), at };
}

/**
 * A mark between `start` and `end` stands in Chinese text (spec T9, T10): its
 * neighbour on either side is Han, or one is full-width punctuation and the
 * other nothing Latin (`「...」`, not `「Wait...」`). An opaque atom or the
 * edge of the run counts as neither.
 */
export function isHanContext(text: string, start: number, end: number): boolean {
  const before = neighbour(text, start, -1).char;
  const after = neighbour(text, end, 1).char;
  if (isHan(before) || isHan(after)) return true;
  if (isLatin(before) || isLatin(after)) return false;
  const isPunctuation = (char: string | undefined) => char !== undefined && FULLWIDTH_PUNCTUATION.includes(char);
  return isPunctuation(before) || isPunctuation(after);
}
