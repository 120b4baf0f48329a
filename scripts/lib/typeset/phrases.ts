// Where a title may break. Chinese breaks between any two characters, and a
// balanced two-line title then splits a word: 「深度求索是否改變了人 / 工智能
// 遊戲的玩法呢？」. A typesetter breaks a title between phrases instead:
// after a particle (的、了), before a conjunction (並、而、但), after
// punctuation. Those are the only breaks a title gets (<wbr> with
// `word-break: keep-all`); a title with none of them breaks between the
// words of ICU's dictionary (Intl.Segmenter), which at least keeps 人工 whole.

import type { Element, ElementContent, Root } from 'hast';

/** A phrase ends after these: structural particles and aspect markers. */
const ENDS_PHRASE = new Set([...'的了著過']);
/** A phrase starts with these: conjunctions and coverbs that open a new clause. */
const STARTS_PHRASE = new Set([...'並而但與和及或將被把對從向於在是']);
const CLOSING = /^[，。、：；！？」』）》〉】…—]/u;
const OPENING = /[「『（《〈【]$/u;
const HAN = /\p{Script=Han}/u;

/** One word segmenter per language: making one costs more than segmenting a heading with it. */
const segmenters = new Map<string, Intl.Segmenter>();

/**
 * Offsets (UTF-16) in `text` where a line may break between phrases, in
 * order. Never before a closing mark or after an opening one (T14).
 */
export function phraseBreaks(text: string, lang = 'zh-Hant'): number[] {
  let segmenter = segmenters.get(lang);
  if (!segmenter) segmenters.set(lang, (segmenter = new Intl.Segmenter(lang, { granularity: 'word' })));
  const words = [...segmenter.segment(text)];
  // A phrase of one character is no phrase: 「圖 / 與表」 is worse than no break.
  const allowed = (offset: number) => offset > 1 && offset < text.length - 1 && !CLOSING.test(text.slice(offset)) && !OPENING.test(text.slice(0, offset));
  const phrase: number[] = [];
  const word: number[] = [];
  for (let i = 1; i < words.length; i++) {
    const before = words[i - 1]!.segment;
    const { index, segment } = words[i]!;
    // 的、了 belong to the word before them, even after a closing mark.
    if (!allowed(index) || ENDS_PHRASE.has(segment[0]!)) continue;
    // Only between Han words or after punctuation: Latin words break at their spaces already.
    if (!(HAN.test(before.at(-1)!) || /\p{P}/u.test(before)) || !(HAN.test(segment[0]!) || /\p{P}/u.test(segment[0]!))) continue;
    word.push(index);
    if (ENDS_PHRASE.has(before.at(-1)!) || STARTS_PHRASE.has(segment[0]!) || /\p{P}$/u.test(before)) phrase.push(index);
  }
  return phrase.length ? phrase : word;
}

/** The text cut at its phrase breaks. */
export function phrases(text: string, lang = 'zh-Hant'): string[] {
  const cuts = [0, ...phraseBreaks(text, lang), text.length];
  return cuts.slice(1).map((end, i) => text.slice(cuts[i], end));
}

const HEADINGS = new Set(['h1', 'h2', 'h3']);

/** The words a heading reads: ruby counts by its base, not its annotation. */
function readText(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element' || node.tagName === 'rt' || node.tagName === 'rp') return '';
  return node.children.map(readText).join('');
}

/** Inside these the text is not the heading's own words to break. */
const OPAQUE = new Set(['ruby', 'code', 'sup', 'wbr']);

/** A heading with <wbr> at its phrase breaks; the heading given is left as it was. */
function withBreaks(original: Element, lang: string): Element {
  const heading = structuredClone(original);
  const breaks = new Set(phraseBreaks(readText(heading), lang));
  let offset = 0;
  const walk = (parent: Element) => {
    parent.children = parent.children.flatMap((child): ElementContent[] => {
      if (child.type === 'element') {
        if (OPAQUE.has(child.tagName)) offset += readText(child).length;
        else walk(child);
        return [child];
      }
      if (child.type !== 'text') return [child];
      const start = offset;
      offset += child.value.length;
      // A break where this text starts (after an element) goes before it; one where it ends, before the next.
      const cuts = [...breaks].filter((b) => b >= start && b < offset).sort((a, b) => a - b);
      if (!cuts.length) return [child];
      const bounds = [start, ...cuts.filter((b) => b > start), offset];
      const out: ElementContent[] = [];
      bounds.slice(1).forEach((end, i) => {
        if (i > 0 || cuts[0] === start) out.push({ type: 'element', tagName: 'wbr', properties: {}, children: [] });
        out.push({ type: 'text', value: child.value.slice(bounds[i]! - start, end - start) });
      });
      return out;
    });
  };
  walk(heading);
  return heading;
}

/**
 * Every h1–h3 of a chapter with <wbr> at its phrase breaks (the CSS sets
 * headings `word-break: keep-all`, so those are their only breaks). Pure: the
 * tree given is not changed; only the headings and the nodes above them are
 * new, the rest is shared (a copy of the whole chapter cost more than the rest of this).
 */
export function markHeadingBreaks<Node extends Root | Element>(node: Node, lang: string): Node {
  let changed = false;
  const children = node.children.map((child) => {
    if (child.type !== 'element') return child;
    const marked = HEADINGS.has(child.tagName) ? withBreaks(child, lang) : markHeadingBreaks(child, lang);
    if (marked !== child) changed = true;
    return marked;
  });
  return changed ? { ...node, children } : node;
}
