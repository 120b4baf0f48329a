// Markdown chapter → hast, pure. remark-parse (GFM, front matter, directives)
// → remark-rehype → raw HTML parsed and sanitised → ids. Problems are vfile
// messages with the chapter's line and column.

import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toText } from 'hast-util-to-text';
import type { Root as MdastRoot, RootContent as MdastContent } from 'mdast';
import type { LeafDirective, TextDirective } from 'mdast-util-directive';
import rehypeRaw from 'rehype-raw';
import { defaultSchema, sanitize, type Schema as SanitizeSchema } from 'hast-util-sanitize';
import { find, html } from 'property-information';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import * as v from 'valibot';
import { VFile } from 'vfile';
import { parseYaml, validateYaml, type WritingMode } from './config.ts';
import { hasErrors, type Diagnostic } from './diagnostics.ts';
import type { Labels } from './labels.ts';
import remarkRuby from './ruby.ts';
import { forEachElement } from './tree.ts';

declare module 'hast' {
  interface ElementData {
    /** Set and removed while sanitising (rehypeSanitizeReported). */
    sanitizeMark?: number;
  }
}

export interface Section {
  id: string;
  title: string;
}

export interface Chapter {
  /** Position in the book, from 0. */
  index: number;
  /** Deterministic name, also the EPUB file name: `ch001`. */
  id: string;
  file: string;
  /** Front matter `title`, else the text of the chapter's `#` heading. */
  title: string;
  /** The `##` headings, for the table of contents. */
  sections: Section[];
  /** The chapter body, starting with its `<h1>`. */
  tree: HastRoot;
}

/** Slugs that stay unique across the whole book, not per chapter. */
export interface Slugger {
  slug(value: string): string;
}

const FrontMatterSchema = v.strictObject({
  title: v.optional(v.pipe(v.string('expected a non-empty string'), v.trim(), v.minLength(1, 'expected a non-empty string'))),
});

/**
 * The block directives a manuscript may use (Pandoc-like fenced blocks):
 * `:::byline` for the author line under a title, `:::colophon` for the
 * date and source lines that close a piece.
 */
const BLOCK_DIRECTIVES: Record<string, { tagName: string; className: string }> = {
  byline: { tagName: 'address', className: 'byline' },
  colophon: { tagName: 'footer', className: 'colophon' },
};

/** Directive blocks become elements; anything else that merely looks like a directive stays text. */
function remarkBookBlocks(this: unknown) {
  return (tree: MdastRoot, file: VFile) => {
    const source = String(file.value);
    // Every directive starts with a colon and a letter (`:::byline`): a chapter without one has none to look for.
    if (!/:[A-Za-z]/.test(source)) return;
    visit(tree, (node, index, parent) => {
      if (node.type === 'containerDirective') {
        const block = BLOCK_DIRECTIVES[node.name];
        if (!block) {
          const message = file.message(`Unexpected block ":::${node.name}", expected one of ${Object.keys(BLOCK_DIRECTIVES).map((n) => `":::${n}"`).join(', ')}`, { place: node.position, ruleId: 'unknown-block', source: 'markdown' });
          message.fatal = true;
          return;
        }
        node.data = { hName: block.tagName, hProperties: { className: [block.className] } };
        return;
      }
      if ((node.type === 'textDirective' || node.type === 'leafDirective') && parent && index !== undefined) {
        // `Re:Zero`, `12:30` and `::` are prose, not markup: put the source back.
        const directive = node as TextDirective | LeafDirective;
        const start = directive.position?.start.offset ?? 0;
        const end = directive.position?.end.offset ?? start;
        const text = { type: 'text' as const, value: source.slice(start, end) };
        const replacement = node.type === 'leafDirective' ? { type: 'paragraph' as const, children: [text] } : text;
        (parent.children as MdastContent[])[index] = replacement as MdastContent;
        return SKIP;
      }
      return undefined;
    });
  };
}

/**
 * Sanitising allowlist: GitHub's, plus what books need (ruby, lang, semantic
 * blocks), with class names free everywhere (GitHub pins some to one value,
 * which would strip our own, e.g. `footnotes-title`). Elements it does not
 * know are unwrapped (their text stays); those whose content is code or
 * markup, not text, go whole.
 */
export const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'title', 'textarea', 'select'],
  // Readers follow web and mail links; irc: and xmpp: (GitHub's) lead nowhere in a book.
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
  // Our own ids are already unique per book; do not rename them.
  clobber: [],
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), 'ruby', 'rt', 'rp', 'rb', 'address', 'footer', 'header', 'section', 'figure', 'figcaption', 'aside', 'mark', 'small', 'abbr', 'cite'],
  attributes: Object.fromEntries(
    Object.entries({ ...defaultSchema.attributes, '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'lang', 'id'] }).map(([tag, list]) => [
      tag,
      list.map((attribute) => (Array.isArray(attribute) && attribute[0] === 'className' ? 'className' : attribute)),
    ]),
  ),
};

/** How an attribute is named in a message: as the author wrote it (`onClick` → `onclick`). */
const attributeName = (property: string) => find(html, property).attribute;

/** Attributes whose value is a URL (hast-util-sanitize checks their protocols). */
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'longDesc', 'action', 'formAction', 'poster', 'data', 'background']);

/** An attribute's value in a message, cut short. */
const shown = (value: unknown) => {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

/**
 * rehype-sanitize with a warning at each place it changes the chapter: an
 * element removed (with its content, or unwrapped), an attribute or a URL
 * dropped. Each element is marked before sanitising; what comes out without
 * its mark, or with fewer attributes, is what was taken.
 */
function rehypeSanitizeReported(schema: SanitizeSchema) {
  const strip = new Set(schema.strip ?? []);
  return (tree: HastRoot, file: VFile): HastRoot => {
    // GitHub's schema keeps <input> for task lists (`- [x]`); anywhere else it is a form field, which a book has not.
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'input' || index === undefined || !parent) return undefined;
      const inTaskList = parent.type === 'element' && parent.tagName === 'li' && String(parent.properties.className ?? '').includes('task-list-item');
      if (inTaskList) return undefined;
      file.message('Unexpected <input> in the manuscript\'s HTML, removed: a book has no form fields', { place: node.position, source: 'sanitize', ruleId: 'element' });
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
    const marked: { node: Element; properties: string[]; insideStripped: boolean }[] = [];
    forEachElement(tree, (node, parent) => {
      const parentEntry = parent.type === 'element' && parent.data?.sanitizeMark !== undefined ? marked[parent.data.sanitizeMark] : undefined;
      const insideStripped = parentEntry ? parentEntry.insideStripped || strip.has(parentEntry.node.tagName) : false;
      node.data ??= {} as NonNullable<Element['data']>;
      node.data.sanitizeMark = marked.length;
      marked.push({ node, properties: Object.keys(node.properties), insideStripped });
    });
    const clean = sanitize(tree, schema) as HastRoot;
    const kept = new Map<number, Element>();
    const unmark = (node: Element) => {
      const data = node.data;
      if (data?.sanitizeMark === undefined) return;
      kept.set(data.sanitizeMark, node);
      delete data.sanitizeMark;
      if (Object.keys(data).length === 0) delete node.data;
    };
    forEachElement(clean, unmark);
    marked.forEach(({ node, properties, insideStripped }, mark) => {
      const tag = `<${node.tagName}>`;
      const place = node.position;
      const survivor = kept.get(mark);
      if (!survivor) {
        if (insideStripped) return;
        const how = strip.has(node.tagName) ? 'removed with its content' : node.children.length ? 'removed, its text kept' : 'removed';
        file.message(`Unexpected ${tag} in the manuscript's HTML, ${how}: a book keeps only text, links, images, tables, ruby and notes`, { place, source: 'sanitize', ruleId: 'element' });
        return;
      }
      for (const property of properties) {
        if (property in survivor.properties) continue;
        const value = node.properties[property];
        const url = URL_ATTRIBUTES.has(property) && typeof value === 'string' ? /^\s*([a-z][a-z0-9+.-]*):/i.exec(value) : null;
        const message = url
          ? `Unexpected "${url[1]!.toLowerCase()}:" URL in ${attributeName(property)} of ${tag}, removed: a book links only to the web (http, https) and mail`
          : `Unexpected attribute ${attributeName(property)}="${shown(value)}" on ${tag}, removed`;
        file.message(message, { place, source: 'sanitize', ruleId: url ? 'url' : 'attribute' });
      }
    });
    return clean;
  };
}

/**
 * HTML5's obsolete presentational attributes, which browsers still draw but
 * the XHTML of an EPUB refuses (EPUBCheck RSC-005): what pasted HTML is full
 * of (`<div align="center">`, `<td width="50%" valign="top">`). `align` on a
 * block becomes a class the stylesheet draws (`.align-center`); the rest
 * goes, with a warning at its place: the book's stylesheet lays out tables.
 */
const OBSOLETE_ATTRIBUTES: Record<string, readonly string[]> = {
  '*': ['align', 'valign', 'bgcolor', 'background', 'nowrap', 'char', 'charoff', 'axis', 'hspace', 'vspace', 'clear', 'compact', 'color', 'face', 'size', 'noshade', 'language'],
  table: ['cellpadding', 'cellspacing', 'frame', 'rules', 'summary', 'width', 'height'],
  td: ['width', 'height', 'abbr', 'scope'],
  th: ['width', 'height'],
  tr: ['width', 'height'],
  col: ['width'],
  colgroup: ['width'],
  img: ['border'],
};
/** The same, as hast names the properties (`valign` → `vAlign`). */
const OBSOLETE_PROPERTIES = Object.fromEntries(Object.entries(OBSOLETE_ATTRIBUTES).map(([tag, names]) => [tag, names.map((name) => find(html, name).property)]));
const ALIGNED = new Set(['div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'caption', 'figure', 'blockquote', 'section', 'address', 'footer', 'header', 'aside']);
const ALIGNMENTS = new Set(['left', 'center', 'right', 'justify']);

function rehypeValidPresentation() {
  return (tree: HastRoot, file: VFile) => {
    forEachElement(tree, (node) => {
      const obsolete = [...OBSOLETE_PROPERTIES['*']!, ...(OBSOLETE_PROPERTIES[node.tagName] ?? [])];
      for (const property of obsolete) {
        const value = node.properties[property];
        if (value === undefined) continue;
        delete node.properties[property];
        const align = property === 'align' && ALIGNED.has(node.tagName) ? String(value).toLowerCase() : '';
        if (ALIGNMENTS.has(align)) {
          const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
          node.properties.className = [...classes, `align-${align}`];
          continue;
        }
        file.message(`Unexpected presentational attribute ${attributeName(property)}="${shown(value)}" on <${node.tagName}>, removed: an EPUB's XHTML has no such attribute, and the book's stylesheet sets the layout`, { place: node.position, source: 'html', ruleId: 'presentational' });
      }
      // HTML5 keeps a table's border only as "1" or "" (a bordered table); the stylesheet borders every cell anyway.
      if (node.tagName === 'table' && node.properties.border !== undefined && !['', '1'].includes(String(node.properties.border))) node.properties.border = '1';
    });
  };
}

/**
 * remark-rehype prefixes footnote ids with `clobberPrefix` but not the id of
 * the footnotes heading; the print edition joins chapters into one page, so
 * that id must be unique too.
 */
function rehypeFootnoteLabelId(options: { prefix: string }) {
  return (tree: HastRoot) => {
    forEachElement(tree, (node) => {
      if (node.properties.id === 'footnote-label') node.properties.id = `${options.prefix}footnote-label`;
      const describedBy = node.properties.ariaDescribedBy;
      if (Array.isArray(describedBy)) node.properties.ariaDescribedBy = describedBy.map((id) => (id === 'footnote-label' ? `${options.prefix}footnote-label` : id));
    });
  };
}

/**
 * A paragraph that holds nothing but an image is a figure: set apart, not
 * indented, and captioned with the image's title (`![alt](src "caption")`).
 */
function rehypeFigures() {
  return (tree: HastRoot) => {
    forEachElement(tree, (node, parent, index) => {
      if (node.tagName !== 'p') return;
      const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const image = content[0];
      if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const caption = typeof image.properties.title === 'string' ? image.properties.title : undefined;
      const figure: Element = {
        type: 'element',
        tagName: 'figure',
        properties: {},
        children: [image, ...(caption ? [{ type: 'element' as const, tagName: 'figcaption', properties: {}, children: [{ type: 'text' as const, value: caption }] }] : [])],
        ...(node.position ? { position: node.position } : {}),
      };
      parent.children[index] = figure;
    });
  };
}

/**
 * A paragraph typed with its own indent (U+3000 U+3000, as books converted
 * from plain text are) loses it: the stylesheet indents every paragraph
 * (clreq §first_line_indents, T19), and both would make four. The text's
 * position moves with it, so later messages still point at the right column.
 */
function rehypeParagraphIndents() {
  return (tree: HastRoot) => {
    forEachElement(tree, (node) => {
      const first = node.tagName === 'p' ? node.children[0] : undefined;
      if (first?.type !== 'text') return;
      const indent = /^\u3000+/u.exec(first.value)?.[0].length ?? 0;
      if (indent === 0) return;
      first.value = first.value.slice(indent);
      const start = first.position?.start;
      if (start) first.position!.start = { ...start, column: start.column + indent, ...(start.offset === undefined ? {} : { offset: start.offset + indent }) };
    });
  };
}

/**
 * Each line of a code block in its own `span.line`, its newline kept (copying
 * the code copies its lines): a line longer than the type area then wraps
 * with a hanging indent and a continuation mark (base.css), instead of
 * running on as if it were the next line, or off the page.
 */
function rehypeCodeLines() {
  return (tree: HastRoot) => {
    forEachElement(tree, (node, parent) => {
      if (node.tagName !== 'code' || parent.type !== 'element' || parent.tagName !== 'pre') return;
      if (!node.children.every((c) => c.type === 'text')) return;
      const text = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      const lines = text.split(/(?<=\n)/);
      node.children = lines.map((line): Element => ({ type: 'element', tagName: 'span', properties: { className: ['line'] }, children: [{ type: 'text', value: line }] }));
    });
  };
}

/** Heading ids from the heading text, unique across the book. */
function rehypeHeadingIds(options: { slugger: Slugger }) {
  return (tree: HastRoot) => {
    forEachElement(tree, (node) => {
      if (/^h[1-6]$/.test(node.tagName) && node.properties.id === undefined) {
        node.properties.id = options.slugger.slug(toText(node));
      }
    });
  };
}

function isInFootnotes(ancestors: readonly (HastRoot | Element)[]): boolean {
  return ancestors.some((a) => a.type === 'element' && a.properties.dataFootnotes !== undefined);
}

function collectHeadings(tree: HastRoot): { h1: Element[]; h2: Element[] } {
  const found = { h1: [] as Element[], h2: [] as Element[] };
  const walk = (node: HastRoot | Element, ancestors: (HastRoot | Element)[]) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if ((child.tagName === 'h1' || child.tagName === 'h2') && !isInFootnotes(ancestors)) found[child.tagName].push(child);
      walk(child, [...ancestors, child]);
    }
  };
  walk(tree, []);
  return found;
}

export interface ParseOptions {
  index: number;
  file: string;
  slugger: Slugger;
  labels: Labels;
  writingMode: WritingMode;
}

/** Raw HTML that is nothing but comments (`<!-- a note to the editor -->`). */
const ONLY_COMMENTS = /^(?:\s*<!--(?:(?!-->)[\s\S])*-->)+\s*$/;

/**
 * rehype-raw parses the whole chapter again (parse5) to fold raw HTML into
 * the tree; a chapter without raw HTML, most of them, is left as it is. A
 * comment between blocks is dropped here, as the sanitiser would drop it
 * after that whole parse (a manuscript that opens with a note to the editor
 * would otherwise be parsed twice for it).
 */
function rehypeRawWhereNeeded() {
  const fold = rehypeRaw();
  const hasRaw = (node: HastRoot | Element): boolean => node.children.some((child) => child.type === 'raw' || (child.type === 'element' && hasRaw(child)));
  return (tree: HastRoot, file: VFile): HastRoot => {
    tree.children = tree.children.filter((child) => !(child.type === 'raw' && ONLY_COMMENTS.test(child.value)));
    return hasRaw(tree) ? fold(tree, file) : tree;
  };
}

/** One chapter's Markdown → Chapter, with the diagnostics it raised. */
export function parseChapter(source: string, options: ParseOptions): { chapter?: Chapter; diagnostics: Diagnostic[] } {
  const id = `ch${String(options.index + 1).padStart(3, '0')}`;
  const vfile = new VFile({ path: options.file, value: source });
  const diagnostics: Diagnostic[] = [];
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkBookBlocks)
    .use(remarkRuby, { writingMode: options.writingMode })
    .use(remarkRehype, {
      allowDangerousHtml: true,
      // Footnote ids are prefixed per chapter: the print edition joins all chapters into one page.
      clobberPrefix: `${id}-`,
      footnoteLabel: options.labels.notes,
      footnoteLabelProperties: { className: ['footnotes-title'] },
      footnoteBackLabel: (referenceIndex: number) => options.labels.backToText(referenceIndex + 1),
      // The default ↩ (U+21A9) is not in Noto Serif TC; ↑ is, and points back up to the text.
      footnoteBackContent: '↑',
    })
    .use(rehypeRawWhereNeeded)
    .use(rehypeSanitizeReported, SANITIZE_SCHEMA)
    .use(rehypeValidPresentation)
    .use(rehypeFootnoteLabelId, { prefix: `${id}-` })
    .use(rehypeFigures)
    .use(rehypeParagraphIndents)
    .use(rehypeCodeLines)
    .use(rehypeHeadingIds, { slugger: options.slugger });

  const mdast = processor.parse(vfile);
  let frontTitle: string | undefined;
  const yamlNode = mdast.children.find((n) => n.type === 'yaml');
  if (yamlNode && yamlNode.type === 'yaml') {
    const lineOffset = yamlNode.position?.start.line ?? 1;
    const parsed = parseYaml(yamlNode.value, options.file);
    const validated = parsed.diagnostics.length ? { diagnostics: parsed.diagnostics } : validateYaml(FrontMatterSchema, parsed, options.file);
    // Front matter positions are relative to its first line, after the opening `---`.
    diagnostics.push(...validated.diagnostics.map((d) => ({ ...d, line: d.line + lineOffset })));
    frontTitle = 'value' in validated ? validated.value?.title : undefined;
  }
  const tree = processor.runSync(mdast, vfile) as HastRoot;
  for (const message of vfile.messages) {
    diagnostics.push({
      file: options.file,
      line: message.line ?? 1,
      column: message.column ?? 1,
      severity: message.fatal === true ? 'error' : 'warning',
      message: message.reason,
      ruleId: `${message.source ?? 'markdown'}:${message.ruleId ?? 'message'}`,
    });
  }

  const { h1, h2 } = collectHeadings(tree);
  if (h1.length > 1) {
    const second = h1[1]!;
    diagnostics.push({ file: options.file, line: second.position?.start.line ?? 1, column: second.position?.start.column ?? 1, severity: 'error', message: 'Unexpected second `#` heading in one chapter, expected one title per chapter file (use `##` for sections)', ruleId: 'markdown:one-title' });
  }
  // Front matter `title` is the short form for the contents and running heads.
  const title = (frontTitle ?? (h1[0] ? toText(h1[0]) : undefined))?.trim();
  if (!title) {
    diagnostics.push({ file: options.file, line: 1, column: 1, severity: 'error', message: 'Missing chapter title, expected a `#` heading or `title:` in front matter', ruleId: 'markdown:no-title' });
  }
  if (hasErrors(diagnostics) || !title) return { diagnostics };
  if (!h1[0]) {
    // A title from front matter still opens the chapter as its heading.
    const heading: ElementContent = { type: 'element', tagName: 'h1', properties: { id: options.slugger.slug(title) }, children: [{ type: 'text', value: title }] };
    tree.children.unshift(heading);
  }
  const sections = h2.map((h) => ({ id: String(h.properties.id), title: toText(h).trim() }));
  return { chapter: { index: options.index, id, file: options.file, title, sections, tree }, diagnostics };
}
