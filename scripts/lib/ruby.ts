// Ruby shorthand in the manuscript (spec T26): `{深度|ㄕㄣ ㄉㄨˋ}` →
// `<ruby>深<rp>(</rp><rt>ㄕㄣ</rt><rp>)</rp></ruby><ruby>度…</ruby>`, one ruby
// per character when the reading has one syllable per character (bopomofo,
// pinyin), as clreq §positioning_of_zhuyin places zhuyin character by
// character; one ruby over the whole base otherwise (`{東京|とうきょう}`).
// The <rp> parentheses are what a reader without ruby support shows.

import type { ElementContent } from 'hast';
import type { Root, RootContent, Text } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const SHORTHAND = /\{([^{}|\n]+)\|([^{}|\n]+)\}/gu;
const BOPOMOFO = /\p{Script=Bopomofo}/u;

const element = (tagName: string, children: ElementContent[]): ElementContent => ({ type: 'element', tagName, properties: {}, children });
const text = (value: string): ElementContent => ({ type: 'text', value });

/** Base and reading pairs: per character when the syllables match the characters. */
export function rubyPairs(base: string, reading: string): [string, string][] {
  const characters = [...base.trim()];
  const syllables = reading.trim().split(/\s+/u);
  if (characters.length > 1 && syllables.length === characters.length) return characters.map((c, i) => [c, syllables[i]!]);
  return [[base.trim(), syllables.join(' ')]];
}

/**
 * An mdast node that remark-rehype turns into one `<ruby>`: the base, then the
 * reading in <rt> between <rp> parentheses.
 */
function rubyNode(base: string, reading: string): Text {
  return { type: 'text', value: base, data: { hName: 'ruby', hChildren: [text(base), element('rp', [text('(')]), element('rt', [text(reading)]), element('rp', [text(')')])] } } as Text;
}

export interface RubyOptions {
  /** Horizontal books can only put ruby above the line in Chromium; clreq wants bopomofo to the right. */
  writingMode: 'horizontal' | 'vertical';
}

/** remark plugin: the shorthand in text becomes ruby (code and URLs are not text nodes, so they stay). */
export default function remarkRuby(options: RubyOptions) {
  return (tree: Root, file: VFile) => {
    // A chapter without `{…|…}` anywhere (most) has no text node to look at.
    if (!SHORTHAND.test(String(file.value))) return;
    SHORTHAND.lastIndex = 0;
    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !SHORTHAND.test(node.value)) return undefined;
      SHORTHAND.lastIndex = 0;
      const parts: RootContent[] = [];
      let at = 0;
      for (const match of node.value.matchAll(SHORTHAND)) {
        if (match.index > at) parts.push({ type: 'text', value: node.value.slice(at, match.index) });
        const [, base, reading] = match as unknown as [string, string, string];
        for (const [b, r] of rubyPairs(base, reading)) parts.push(rubyNode(b, r));
        if (options.writingMode === 'horizontal' && BOPOMOFO.test(reading)) {
          const lines = node.value.slice(0, match.index).split('\n');
          const start = node.position?.start;
          const place = start && { line: start.line + lines.length - 1, column: (lines.length === 1 ? start.column : 1) + lines.at(-1)!.length };
          const message = file.message('Unexpected bopomofo ruby in a horizontal book: Chromium and e-readers can only set it above the characters, clreq places it to their right (vertical books do)', {
            place,
            ruleId: 'bopomofo-horizontal',
            source: 'typography',
          });
          message.fatal = false;
        }
        at = match.index + match[0].length;
      }
      if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
      parent.children.splice(index, 1, ...(parts as never[]));
      return [SKIP, index + parts.length];
    });
  };
}
