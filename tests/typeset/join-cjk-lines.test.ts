// Line breaks typed inside Chinese text vanish; elsewhere they stay spaces.

import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { rehypeTextRule } from '../../scripts/lib/typeset/edits.ts';
import { joinCjkLines } from '../../scripts/lib/typeset/join-cjk-lines.ts';

function join(html: string): string {
  const tree = unified().use(rehypeParse, { fragment: true }).parse(html) as Root;
  unified().use(rehypeTextRule(joinCjkLines)).runSync(tree);
  return toHtml(tree);
}

describe('joinCjkLines (CSS Text 3 §4.1.3, done at build time)', () => {
  const cases: [string, string, string][] = [
    ['a break between Han characters', '<p>上個月底，中國\n人工智慧</p>', '<p>上個月底，中國人工智慧</p>'],
    ['a break after full-width punctuation', '<p>上個月底，\n中國</p>', '<p>上個月底，中國</p>'],
    ['indentation around the break', '<p>中國  \n   人工</p>', '<p>中國人工</p>'],
    ['a break at the edge of an inline element', '<p><strong>深度求索</strong>\n發布後</p>', '<p><strong>深度求索</strong>發布後</p>'],
    ['a break inside an element, before its end', '<p><em>深度求索\n</em>發布後</p>', '<p><em>深度求索</em>發布後</p>'],
    ['a break alone between two elements', '<p><em>深度</em>\n<strong>求索</strong></p>', '<p><em>深度</em><strong>求索</strong></p>'],
    ['Han next to Latin keeps its space', '<p>採用了\nH800</p>', '<p>採用了\nH800</p>'],
    ['Latin next to Han keeps its space', '<p>Grok 3\n已經</p>', '<p>Grok 3\n已經</p>'],
    ['Latin lines keep their space', '<p>brute\nforce</p>', '<p>brute\nforce</p>'],
    ['Hangul keeps its space', '<p>한국\n사람</p>', '<p>한국\n사람</p>'],
    ['code keeps its breaks', '<pre><code>中國\n人工</code></pre>', '<pre><code>中國\n人工</code></pre>'],
    ['text does not join across paragraphs', '<p>中國</p>\n<p>人工</p>', '<p>中國</p>\n<p>人工</p>'],
    ['CJK Extension B characters count as Han', '<p>𠀋\n中</p>', '<p>𠀋中</p>'],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(join(input)).toBe(expected);
  });

  it.each(cases)('is idempotent: %s', (_, input) => {
    expect(join(join(input))).toBe(join(input));
  });
});
