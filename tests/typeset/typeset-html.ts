// Typeset an HTML fragment with some rules and serialise it again: how the
// typeset tests state input and expected output.

import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { typesetTree } from '../../scripts/lib/typeset/index.ts';
import type { TextRule } from '../../scripts/lib/typeset/rule.ts';

export function typesetHtml(html: string, rules: readonly TextRule[]): string {
  return toHtml(typesetTree(unified().use(rehypeParse, { fragment: true }).parse(html) as Root, rules));
}
