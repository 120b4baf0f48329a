// Properties of the whole typeset stage over generated mixed Chinese/Latin
// HTML (spec P2, P3, P4): idempotent; code, URLs, e-mail addresses and
// attributes come out byte for byte; and no character is lost or reordered
// except by a rule's own mapping (spaces, punctuation forms, joined lines).

import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { parseBookConfig } from '../../scripts/lib/config.ts';
import { applyRule } from '../../scripts/lib/typeset/edits.ts';
import { textRules, typesetTree } from '../../scripts/lib/typeset/index.ts';
import { randomTexts } from './rules/harness.ts';

const rules = textRules(parseBookConfig('title: 書\n', 'book.yaml').config!);

const TEXT_ALPHABET = ['中', '文', '深', '度', '𠀋', 'A', 'b', 'R', '1', '3', '.', ',', ':', '!', '?', '(', ')', '"', '“', '”', '「', '」', '，', '。', '—', '-', '…', '~', '～', '‧', ' ', '\n', 'Ｈ', '８'];
const PROTECTED = ['https://example.com/灰度發布.md?q=1,2', 'chonghoyu@gmail.com', 'www.example.org/a.b'];

/** A paragraph of random text, inline markup, code and URLs, from a seeded stream. */
function paragraph(texts: string[], i: number): { tree: Root; code: string; url: string } {
  const code = `x=${texts[(i + 1) % texts.length]}`;
  const url = PROTECTED[i % PROTECTED.length]!;
  const children: Element['children'] = [
    { type: 'text', value: texts[i]! },
    { type: 'element', tagName: 'strong', properties: {}, children: [{ type: 'text', value: texts[(i + 2) % texts.length]! }] },
    { type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: code }] },
    { type: 'text', value: `${texts[(i + 3) % texts.length]!}${url} ` },
    { type: 'element', tagName: 'a', properties: { href: `https://example.com/${i}?a=“b”` }, children: [{ type: 'text', value: texts[(i + 4) % texts.length]! }] },
  ];
  return { tree: { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children }] }, code, url };
}

/** The characters a rule may add, remove or map; every other character must survive in order. */
const MAPPED = /[\s.,:!?()"“”「」『』，。：！？（）—\-…~～‧·\u2060ＡＨ８A-Za-z0-9]/gu;

describe('typeset stage properties, 500 generated paragraphs', () => {
  const texts = randomTexts(TEXT_ALPHABET, 500, 0xc0ffee);
  const samples = texts.map((_, i) => paragraph(texts, i));

  it('is idempotent', () => {
    for (const { tree } of samples) {
      const once = typesetTree(tree, rules);
      expect(toHtml(typesetTree(once, rules)), toHtml(tree)).toBe(toHtml(once));
    }
  });

  it('leaves code, URLs, e-mail addresses and attributes byte for byte', () => {
    for (const { tree, code, url } of samples) {
      const out = toHtml(typesetTree(tree, rules));
      expect(out).toContain(`<code>${code.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;')}</code>`);
      expect(out).toContain(url.replace(/&/g, '&#x26;'));
      expect(out).toMatch(/href="https:\/\/example\.com\/\d+\?a=“b”"/);
    }
  });

  it('keeps every Han character, in order', () => {
    for (const { tree } of samples) {
      const before = toText(tree).replace(MAPPED, '');
      const after = toText(typesetTree(tree, rules)).replace(MAPPED, '');
      expect(after).toBe(before);
    }
  });
});

describe.each(['horizontal', 'vertical'])('typeset stage settles, %s', (writingMode) => {
  // A stage that is idempotent only because the passes stop (MAX_PASSES) hides two rules undoing each other:
  // once typeset, the text must hold nothing any rule would change (T1 spaced short numbers that T24 unspaced).
  const modeRules = textRules(parseBookConfig(`title: 書\nlayout:\n  writingMode: ${writingMode}\n`, 'book.yaml').config!);
  const texts = randomTexts(TEXT_ALPHABET, 500, 0x5e771e);

  it('leaves nothing for one more pass of any rule to change', () => {
    for (const { tree } of texts.map((_, i) => paragraph(texts, i))) {
      const typeset = typesetTree(tree, modeRules);
      const again = structuredClone(typeset);
      const changes = modeRules.map((rule) => applyRule(again, rule));
      expect(changes.every((n) => n === 0), `${toHtml(tree)} → ${toHtml(typeset)}: ${changes.join(',')}`).toBe(true);
    }
  });
});
