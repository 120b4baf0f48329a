// book.yaml: a typed schema that is the single source of the manuscript contract.
// Pure: text in, BookConfig or diagnostics out. Positions come from the YAML
// document, so every problem names the line and column an author must fix.

import { closest, distance } from 'fastest-levenshtein';
import * as v from 'valibot';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { hasErrors, type Diagnostic } from './diagnostics.ts';

/** Named trim sizes in millimetres (width × height). */
export const PAGE_SIZES = {
  A5: [148, 210],
  // ISO B6.
  B6: [125, 176],
  // 25開 is the Taiwanese name for the A5-like trim most printers offer.
  '25開': [148, 210],
  // 32開 as Taiwanese printers quote it (13 × 19 cm).
  '32開': [130, 190],
} as const satisfies Record<string, readonly [number, number]>;

/** Body size of the printed book, and its line pitch (as the CSS sets it). */
export const PRINT_FONT_SIZE_PT = 10.5;
export const PRINT_LINE_HEIGHT = 1.8;
const MM_PER_PT = 25.4 / 72;
export const PRINT_FONT_MM = PRINT_FONT_SIZE_PT * MM_PER_PT;
/** No margin of a printed page may be narrower (printers trim ±1–2 mm). */
export const MIN_MARGIN_MM = 8;

export interface PageSize {
  name: string;
  widthMm: number;
  heightMm: number;
}

const CUSTOM_SIZE = /^(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm$/;

function toPageSize(value: string): PageSize | undefined {
  const named = PAGE_SIZES[value as keyof typeof PAGE_SIZES];
  if (named) return { name: value, widthMm: named[0], heightMm: named[1] };
  const custom = CUSTOM_SIZE.exec(value);
  if (!custom) return undefined;
  const widthMm = Number(custom[1]);
  const heightMm = Number(custom[2]);
  if (widthMm < 50 || heightMm < 50 || widthMm > 1000 || heightMm > 1000) return undefined;
  return { name: value, widthMm, heightMm };
}

function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** ISBN-10 or ISBN-13 with a valid check digit; hyphens and spaces allowed. */
export function isIsbn(value: string): boolean {
  const digits = value.replace(/[-\s]/g, '').toUpperCase();
  if (/^\d{13}$/.test(digits)) {
    const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0;
  }
  if (/^\d{9}[\dX]$/.test(digits)) {
    const sum = [...digits].reduce((s, d, i) => s + (d === 'X' ? 10 : Number(d)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  return false;
}

const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i;

/** `urn:isbn:…` for an ISBN, the URN itself otherwise. */
function toIdentifier(value: string): string {
  const bare = value.replace(/^urn:isbn:/i, '');
  return isIsbn(bare) ? `urn:isbn:${bare.replace(/[-\s]/g, '').toUpperCase()}` : value;
}

const text = (what: string) => v.pipe(v.string(`expected ${what}`), v.trim(), v.minLength(1, `expected ${what}`));

export const WRITING_MODES = ['horizontal', 'vertical'] as const;
export const isWritingMode = (value: string): value is (typeof WRITING_MODES)[number] => (WRITING_MODES as readonly string[]).includes(value);

const LayoutSchema = v.pipe(v.strictObject({
  writingMode: v.optional(
    v.picklist(WRITING_MODES, 'expected "horizontal" or "vertical"'),
    'horizontal',
  ),
  pageSize: v.optional(
    v.pipe(
      v.string('expected a page size'),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const size = toPageSize(dataset.value);
        if (size) return size;
        addIssue({ message: `expected ${Object.keys(PAGE_SIZES).join(', ')} or "WIDTHxHEIGHT mm"` });
        return NEVER;
      }),
    ),
    'A5',
  ),
  // 版心 as Chinese typesetters give it: characters per line and lines per page (each optional).
  charsPerLine: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(8, 'expected 8 or more'), v.maxValue(80, 'expected 80 or fewer'))),
  linesPerPage: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(4, 'expected 4 or more'), v.maxValue(80, 'expected 80 or fewer'))),
}),
// A vertical book's lines run down the page, a horizontal book's across it: each must leave margins.
v.forward(
  v.check((layout) => layout.charsPerLine === undefined || layout.charsPerLine * PRINT_FONT_MM <= lineRoom(layout, 'line') - 2 * MIN_MARGIN_MM, `expected a line that leaves margins of at least ${MIN_MARGIN_MM} mm at ${PRINT_FONT_SIZE_PT}pt`),
  ['charsPerLine'],
),
v.forward(
  v.check((layout) => layout.linesPerPage === undefined || layout.linesPerPage * PRINT_FONT_MM * PRINT_LINE_HEIGHT <= lineRoom(layout, 'stack') - 2 * MIN_MARGIN_MM, `expected lines that leave margins of at least ${MIN_MARGIN_MM} mm at ${PRINT_FONT_SIZE_PT}pt`),
  ['linesPerPage'],
));

/** The page's length along its lines, or across them. */
function lineRoom(layout: { writingMode: 'horizontal' | 'vertical'; pageSize: PageSize }, along: 'line' | 'stack'): number {
  const horizontalLine = (layout.writingMode === 'vertical') === (along === 'stack');
  return horizontalLine ? layout.pageSize.widthMm : layout.pageSize.heightMm;
}

const TypographySchema = v.strictObject({
  // spec T5: `2025 年` (true, clreq's mixed-text rule) or `2025年` (false, common in datelines).
  hanUnitSpacing: v.optional(v.boolean('expected true or false'), true),
});

const EpubSchema = v.strictObject({
  // Readers have CJK fonts; embedding costs size, so it is opt-in (spec B.5, C31).
  embedFonts: v.optional(v.boolean('expected true or false'), false),
});

const PdfSchema = v.strictObject({
  // The printer's variant beside the screen PDF (also `--pdf print`): bleed, trim and bleed boxes, padded page count.
  print: v.optional(v.boolean('expected true or false'), false),
  bleedMm: v.optional(v.pipe(v.number('expected millimetres'), v.minValue(0, 'expected 0 or more'), v.maxValue(10, 'expected 10 or less')), 3),
  padTo: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(1, 'expected 1 or more'), v.maxValue(32, 'expected 32 or less')), 4),
  // A black-and-white book's interior is printed in black ink only (spec C52): Ghostscript converts it.
  interior: v.optional(v.picklist(['gray', 'color'], 'expected "gray" or "color"'), 'gray'),
  // Corner crop marks outside the bleed; most print-on-demand shops want none.
  cropMarks: v.optional(v.boolean('expected true or false'), false),
});

export const BookConfigSchema = v.strictObject({
  title: text('a non-empty string'),
  subtitle: v.optional(text('a non-empty string')),
  author: v.optional(
    v.pipe(
      v.union([text('a name'), v.array(text('a name'))], 'expected a name or a list of names'),
      v.transform((a) => (Array.isArray(a) ? a : [a])),
    ),
    [],
  ),
  language: v.optional(
    v.pipe(v.string(), v.check(isLanguageTag, 'expected a BCP 47 language tag such as "zh-Hant" or "zh-Hant-TW"')),
    'zh-Hant',
  ),
  date: v.optional(v.pipe(v.string('expected a date YYYY-MM-DD'), v.check(isCalendarDate, 'expected a date YYYY-MM-DD'))),
  publisher: v.optional(text('a non-empty string')),
  identifier: v.optional(
    v.pipe(
      // An unquoted ISBN-13 reads as a YAML number; it has no leading zero to lose.
      v.union([v.string(), v.pipe(v.number(), v.integer(), v.transform(String))], 'expected an ISBN or a URN'),
      v.check((s) => isIsbn(s.replace(/^urn:isbn:/i, '')) || URN.test(s), 'expected an ISBN (with a valid check digit) or a URN such as "urn:uuid:…"'),
      v.transform(toIdentifier),
    ),
  ),
  description: v.optional(text('a non-empty string')),
  subjects: v.optional(v.array(text('a subject'), 'expected a list of subjects'), []),
  rights: v.optional(text('a non-empty string')),
  source: v.optional(text('a non-empty string')),
  cover: v.optional(text('an image path')),
  slug: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'expected a file name of letters, digits, ".", "_" or "-"'),
    ),
  ),
  chapters: v.optional(v.pipe(v.array(text('a file name'), 'expected a list of Markdown files'), v.minLength(1, 'expected at least one chapter'))),
  layout: v.optional(LayoutSchema, {}),
  typography: v.optional(TypographySchema, {}),
  epub: v.optional(EpubSchema, {}),
  pdf: v.optional(PdfSchema, {}),
});

export type BookConfig = v.InferOutput<typeof BookConfigSchema>;
export type WritingMode = BookConfig['layout']['writingMode'];

/** A schema that may hold named keys, for "did you mean". */
type AnySchema = v.GenericSchema & { entries?: Record<string, AnySchema>; wrapped?: AnySchema };

function entriesAt(schema: AnySchema, keys: readonly string[]): string[] {
  let current: AnySchema | undefined = schema;
  for (const key of keys) {
    while (current?.wrapped) current = current.wrapped;
    current = current?.entries?.[key];
  }
  while (current?.wrapped) current = current.wrapped;
  return Object.keys(current?.entries ?? {});
}

export interface ParsedYaml {
  data: unknown;
  diagnostics: Diagnostic[];
  /** Line and column of the value (or, with `key: true`, the key) at a path. */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): { line: number; column: number };
}

/** What the yaml library's message leaves unsaid: the fix, for the mistakes authors make. */
const YAML_FIXES: Record<string, string> = {
  'multiline-implicit-key': 'expected "key: value" on one line (is a colon missing?)',
  'block-as-implicit-key': 'expected this line to start where the keys above it start, or the key above it to end with ":"',
  'tab-as-indent': 'expected spaces',
  'duplicate-key': 'expected each key once',
};

/** Parse YAML keeping positions. Syntax errors become diagnostics, the first at each line (the rest follow from it). */
export function parseYaml(source: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    if (diagnostics.some((d) => d.line === line)) continue;
    const code = e.code.toLowerCase().replace(/_/g, '-');
    const fix = YAML_FIXES[code];
    diagnostics.push({
      file,
      line,
      column: col,
      severity: doc.errors.includes(e as never) ? 'error' : 'warning',
      message: `Unexpected YAML: ${e.message.split('\n')[0]}${fix ? `, ${fix}` : ''}`,
      ruleId: `yaml:${code}`,
    });
  }
  const locate: ParsedYaml['locate'] = (path, options = {}) => {
    let offset: number | undefined;
    if (path.length > 0) {
      const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
      const last = path.at(-1);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
        const valueRange = (pair?.value as { range?: [number, number] } | null)?.range;
        offset = options.key || !valueRange ? (pair?.key as { range?: [number, number] })?.range?.[0] : valueRange[0];
      } else if (isSeq(parent) && typeof last === 'number') {
        offset = (parent.items[last] as { range?: [number, number] } | undefined)?.range?.[0];
      }
      offset ??= (parent as { range?: [number, number] } | null)?.range?.[0];
    }
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };
  return { data: doc.errors.length ? undefined : doc.toJS(), diagnostics, locate };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'an empty value';
  if (typeof value === 'object') return 'a mapping';
  return `value ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}

const RULE_IDS: Record<string, string> = {
  picklist: 'config:enum',
  strict_object: 'config:unknown-key',
  regex: 'config:format',
  check: 'config:format',
  raw_transform: 'config:format',
  min_length: 'config:format',
};

/**
 * Validate parsed YAML against a strict object schema. Unknown keys are errors
 * with a did-you-mean; every message names the dotted key path.
 */
export function validateYaml<S extends AnySchema>(
  schema: S,
  parsed: ParsedYaml,
  file: string,
): { value?: v.InferOutput<S>; diagnostics: Diagnostic[] } {
  const data = parsed.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data) || data === null) {
    return { diagnostics: [{ file, line: 1, column: 1, severity: 'error', message: `Unexpected ${describe(data)} at the top, expected a mapping of keys`, ruleId: 'config:type' }] };
  }
  const result = v.safeParse(schema, data);
  if (result.success) return { value: result.output, diagnostics: [] };
  const diagnostics = result.issues.map((issue): Diagnostic => {
    const path = (issue.path ?? []).map((p) => p.key as string | number);
    const dotted = path.join('.');
    const ruleId = RULE_IDS[issue.type] ?? 'config:type';
    if (issue.input === undefined && issue.kind === 'schema') {
      return { file, ...parsed.locate(path.slice(0, -1)), severity: 'error', message: `Missing required key "${dotted}"`, ruleId: 'config:required' };
    }
    if (issue.type === 'strict_object') {
      const key = String(path.at(-1));
      const known = entriesAt(schema, path.slice(0, -1).map(String));
      const suggestion = known.length ? closest(key, known) : undefined;
      const near = suggestion !== undefined && distance(key.toLowerCase(), suggestion.toLowerCase()) <= Math.max(2, Math.floor(key.length / 3));
      const hint = near ? `, did you mean "${suggestion}"?` : `, expected one of ${known.join(', ')}`;
      return { file, ...parsed.locate(path, { key: true }), severity: 'error', message: `Unexpected key "${dotted}"${hint}`, ruleId };
    }
    const where = dotted ? ` for ${dotted}` : '';
    // A check on a whole mapping forwarded to one key (v.forward) names that key's value, not the mapping.
    const value = path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), data);
    return { file, ...parsed.locate(path), severity: 'error', message: `Unexpected ${describe(value === undefined ? issue.input : value)}${where}, ${issue.message}`, ruleId };
  });
  return { diagnostics };
}

/** book.yaml text → BookConfig, or the diagnostics that stop the build. */
export function parseBookConfig(source: string, file: string): { config?: BookConfig; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(source, file);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const { value, diagnostics } = validateYaml(BookConfigSchema, parsed, file);
  return value ? { config: value, diagnostics: [...parsed.diagnostics, ...diagnostics] } : { diagnostics: [...parsed.diagnostics, ...diagnostics] };
}
