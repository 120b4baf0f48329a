// tree.ts: the element walks that stand in for unist-util-visit where the
// build only looks at elements. They must meet the same elements, in the same
// order, with the same parents and indexes.

import type { Element, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { forEachElement, someElement } from '../scripts/lib/tree.ts';

const tree = unified().use(rehypeParse, { fragment: true }).parse('<h1 id="a">題</h1><p>甲<strong>乙<em>丙</em></strong>丁<!-- 註 --><br>戊</p><ul><li><p>一</p></li><li>二<code>x</code></li></ul><table><tr><td>格</td></tr></table>') as Root;

describe('forEachElement', () => {
  it('meets every element as unist-util-visit does: document order, parent and index', () => {
    const seen: [string, string, number][] = [];
    const expected: [string, string, number][] = [];
    const name = (node: Root | Element) => (node.type === 'root' ? 'root' : node.tagName);
    forEachElement(tree, (element, parent, index) => seen.push([element.tagName, name(parent), index]));
    visit(tree, 'element', (element: Element, index, parent) => {
      expected.push([element.tagName, name(parent as Root | Element), index!]);
    });
    expect(seen).toEqual(expected);
    expect(seen.length).toBeGreaterThan(10);
  });

  it('walks the children of the element it was given, even if it was replaced in its parent', () => {
    const copy = structuredClone(tree);
    const met: string[] = [];
    forEachElement(copy, (element, parent, index) => {
      met.push(element.tagName);
      if (element.tagName === 'strong') parent.children[index] = { type: 'text', value: '換' };
    });
    expect(met).toContain('em');
    expect(JSON.stringify(copy)).not.toContain('"strong"');
  });
});

describe('someElement', () => {
  it('answers whether an element passes, and stops at the first', () => {
    const met: string[] = [];
    expect(someElement(tree, (e) => (met.push(e.tagName), e.tagName === 'em'))).toBe(true);
    expect(met.at(-1)).toBe('em');
    expect(met).not.toContain('ul');
    expect(someElement(tree, (e) => e.tagName === 'img')).toBe(false);
  });
});
