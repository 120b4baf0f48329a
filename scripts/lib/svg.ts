// SVG pictures (issue 16). An SVG is code: it may carry script, event
// handlers, HTML (foreignObject), links and references to other files, and a
// stylesheet that would restyle the whole page it is inlined in. So it is
// rebuilt from an allowlist: the elements and attributes that draw, nothing
// that runs or fetches; each removal is reported. References inside it stay
// (`#id`, `url(#id)`), with every id made unique to the picture, and its
// stylesheet applies to it alone, so that two pictures inlined in one page
// (the web edition, the print page) cannot reach each other. Its text is set
// in the book's fonts: every font-family becomes the body's chain, or the
// code chain where it asked for a monospace face. Pure.

import postcss, { type Root as CssRoot } from 'postcss';
import type { Element as XastElement, ElementContent as XastContent, Root as XastRoot } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';
import { BODY_CHAIN, CODE_CHAIN, fontFamilyList } from './font-chain.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Elements that only draw or describe. */
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath', 'title', 'desc', 'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask',
  'pattern', 'marker', 'image', 'style', 'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite',
  'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA',
  'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset',
  'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
]);
/** Elements whose content stays where they go: a link keeps what it shows, a switch its choices. */
const UNWRAPPED = new Set(['a', 'switch']);
/** Elements dropped with their content and without a word: editors' metadata, nothing a reader sees. */
const QUIET = new Set(['metadata', 'sodipodi:namedview', 'inkscape:perspective']);

/** Pictures an SVG may hold inside itself (no file, no fetch). */
const DATA_IMAGE = /^data:image\/(png|jpeg|gif);base64,[a-z0-9+/=\s]*$/i;

export interface SvgRemoval {
  /** What was removed, in the words of a message: `<script>`, `onclick="…"`, `href="https://…"`. */
  what: string;
  /** Where in the SVG file. */
  line: number;
  column: number;
}

export interface SanitizedSvg {
  /** The SVG as it goes into every output (UTF-8 XML, no declaration). */
  svg: string;
  /** Its text, for choosing the fonts that draw it. */
  text: string;
  removed: SvgRemoval[];
}

const MONOSPACE = /mono|courier|consolas|menlo|monaco|code/i;
const familyFor = (asked: string) => (MONOSPACE.test(asked) ? fontFamilyList(CODE_CHAIN, 'code') : fontFamilyList(BODY_CHAIN));

/** Every url(...) in a CSS value or presentation attribute points inside the picture. */
const URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const onlyInternalUrls = (value: string) => [...value.matchAll(URL)].every((m) => m[2]!.startsWith('#'));

/**
 * The picture's own stylesheet, scoped to it (every selector under `#root`),
 * its ids renamed, its fonts the book's; `@import`, `@font-face` and
 * declarations with a reference outside the picture go.
 */
function scopeStylesheet(css: string, root: string, rename: (value: string) => string, removed: (what: string) => void): string {
  let sheet: CssRoot;
  try {
    sheet = postcss.parse(css);
  } catch {
    removed('a <style> that is not CSS');
    return '';
  }
  sheet.walkAtRules((rule) => {
    if (['import', 'font-face', 'namespace'].includes(rule.name.toLowerCase())) {
      removed(`@${rule.name} in <style>`);
      rule.remove();
    }
  });
  sheet.walkDecls((decl) => cleanDeclaration(decl, rename, removed));
  sheet.walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes/i.test((rule.parent as postcss.AtRule).name)) return;
    rule.selectors = rule.selectors.map((selector) => `#${root} ${rename(selector.replace(/^\s*svg\b/, '').trim())}`.trimEnd());
  });
  return sheet.toString();
}

function cleanDeclaration(decl: postcss.Declaration, rename: (value: string) => string, removed: (what: string) => void): void {
  if (!onlyInternalUrls(decl.value)) {
    removed(`${decl.prop}: ${decl.value}`);
    decl.remove();
  } else if (decl.prop.toLowerCase() === 'font-family') decl.value = familyFor(decl.value);
  else decl.value = rename(decl.value);
}

/** An inline `style` attribute, cleaned like a stylesheet's declarations. */
function cleanStyle(style: string, rename: (value: string) => string, removed: (what: string) => void): string {
  let rule: postcss.Root;
  try {
    rule = postcss.parse(`x{${style}}`);
  } catch {
    removed(`style="${style}"`);
    return '';
  }
  rule.walkDecls((decl) => cleanDeclaration(decl, rename, removed));
  return (rule.first as postcss.Rule | undefined)?.nodes.map(String).join(';') ?? '';
}

/**
 * `source` (an SVG file's text) rebuilt from the allowlist, every id prefixed
 * with `idPrefix` (which must be a valid id). Throws if it is not XML or not
 * an SVG: the caller leaves the picture out with a warning.
 */
export function sanitizeSvg(source: string, idPrefix: string): SanitizedSvg {
  const tree: XastRoot = fromXml(source.replace(/^\uFEFF/, ''));
  const root = tree.children.find((n): n is XastElement => n.type === 'element');
  if (!root || root.name.replace(/^svg:/, '') !== 'svg') throw new Error(`the root element is <${root?.name ?? 'nothing'}>, expected <svg>`);
  const removed: SvgRemoval[] = [];
  const at = (node: XastContent | XastElement) => ({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
  const ids = new Set<string>();
  const collect = (node: XastElement) => {
    if (typeof node.attributes.id === 'string') ids.add(node.attributes.id);
    for (const child of node.children) if (child.type === 'element') collect(child);
  };
  collect(root);
  const rootId = idPrefix;
  // Renames `#id` references to ids the picture has; others point nowhere anyway.
  const rename = (value: string) => value.replace(/#([A-Za-z_][\w.:-]*)/g, (whole, id: string) => (ids.has(id) ? `#${idPrefix}-${id}` : whole));
  const texts: string[] = [];

  const clean = (node: XastElement): XastContent[] => {
    const name = node.name.replace(/^svg:/, '');
    if (QUIET.has(node.name) || (node.name.includes(':') && !node.name.startsWith('svg:'))) return [];
    if (UNWRAPPED.has(name)) {
      removed.push({ what: `<${name}> (its content is kept)`, ...at(node) });
      return node.children.flatMap(cleanChild);
    }
    if (!ELEMENTS.has(name)) {
      removed.push({ what: `<${name}>`, ...at(node) });
      return [];
    }
    const attributes: Record<string, string> = {};
    for (const [key, raw] of Object.entries(node.attributes)) {
      if (raw === undefined || raw === null) continue;
      const value = String(raw);
      const attribute = key.toLowerCase();
      const say = (what: string) => removed.push({ what, ...at(node) });
      if (attribute.startsWith('on')) {
        say(`${key}="${value.slice(0, 40)}"`);
        continue;
      }
      if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue;
      if (attribute === 'href' || attribute === 'xlink:href') {
        if (value.startsWith('#') || (name === 'image' && DATA_IMAGE.test(value))) attributes.href = rename(value);
        else say(`${key}="${value.slice(0, 60)}"`);
        continue;
      }
      // Editors' own attributes (inkscape:…, sodipodi:…) draw nothing.
      if (key.includes(':') && !key.startsWith('xml:')) continue;
      if (!/^[a-z_][\w.-]*$/i.test(key)) continue;
      if (attribute === 'id') {
        attributes.id = `${idPrefix}-${value}`;
        continue;
      }
      if (attribute === 'style') {
        const style = cleanStyle(value, rename, say);
        if (style) attributes.style = style;
        continue;
      }
      if (!onlyInternalUrls(value)) {
        say(`${key}="${value.slice(0, 60)}"`);
        continue;
      }
      attributes[key] = attribute === 'font-family' ? familyFor(value) : rename(value);
    }
    if (name === 'image' && attributes.href === undefined) return [];
    if (name === 'use' && attributes.href === undefined) return [];
    const children = name === 'style'
      ? [{ type: 'text' as const, value: scopeStylesheet(node.children.map((c) => ('value' in c ? c.value : '')).join(''), rootId, rename, (what) => removed.push({ what, ...at(node) })) }]
      : node.children.flatMap(cleanChild);
    return [{ type: 'element', name, attributes, children }];
  };
  const cleanChild = (node: XastContent): XastContent[] => {
    if (node.type === 'element') return clean(node);
    if (node.type === 'text' || node.type === 'cdata') {
      texts.push(node.value);
      return [{ type: 'text', value: node.value }];
    }
    // Comments, processing instructions, doctypes: nothing a reader sees.
    return [];
  };

  const [svg] = clean(root) as XastElement[];
  svg!.attributes = { xmlns: SVG_NS, ...(/xlink:href/.test(source) ? { 'xmlns:xlink': XLINK_NS } : {}), ...svg!.attributes, id: rootId, 'font-family': svg!.attributes['font-family'] ?? fontFamilyList(BODY_CHAIN) };
  // href is SVG 2; readers of SVG 1.1 (EPUB 3.2) know xlink:href: keep both in step.
  const withXlink = (node: XastContent): void => {
    if (node.type !== 'element') return;
    if (node.attributes.href !== undefined) {
      node.attributes['xlink:href'] = node.attributes.href;
      delete node.attributes.href;
      svg!.attributes['xmlns:xlink'] = XLINK_NS;
    }
    node.children.forEach(withXlink);
  };
  svg!.children.forEach(withXlink);
  return { svg: toXml(svg!), text: texts.join(' ').replace(/\s+/g, ' ').trim(), removed };
}
