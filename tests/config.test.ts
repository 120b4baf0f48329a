// book.yaml: the public manuscript contract. Every bad input names its line
// and column, in the one message format of scripts/lib/diagnostics.ts.

import { describe, expect, it } from 'vitest';
import { isIsbn, parseBookConfig } from '../scripts/lib/config.ts';
import { formatDiagnostic } from '../scripts/lib/diagnostics.ts';

const messages = (yaml: string) => parseBookConfig(yaml, 'manuscript/book.yaml').diagnostics.map(formatDiagnostic);
const config = (yaml: string) => {
  const result = parseBookConfig(yaml, 'manuscript/book.yaml');
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  return result.config!;
};

describe('book.yaml errors', () => {
  const cases: [string, string, string[]][] = [
    ['an enum value with a typo', 'title: 書\nlayout:\n  writingMode: horizontl\n', ['manuscript/book.yaml:3:16: error: Unexpected value "horizontl" for layout.writingMode, expected "horizontal" or "vertical" (config:enum)']],
    ['a misspelt key', 'title: 書\nauthr: 余創豪\n', ['manuscript/book.yaml:2:1: error: Unexpected key "authr", did you mean "author"? (config:unknown-key)']],
    ['a misspelt nested key', 'title: 書\nlayout:\n  pagesize: A5\n', ['manuscript/book.yaml:3:3: error: Unexpected key "layout.pagesize", did you mean "pageSize"? (config:unknown-key)']],
    ['an unknown key far from any', 'title: 書\nfoo: 1\n', ['manuscript/book.yaml:2:1: error: Unexpected key "foo", expected one of title, subtitle, author, language, date, publisher, identifier, description, subjects, rights, source, cover, slug, chapters, layout, typography, epub, pdf (config:unknown-key)']],
    ['no title', 'author: 余創豪\n', ['manuscript/book.yaml:1:1: error: Missing required key "title" (config:required)']],
    ['an empty file', '', ['manuscript/book.yaml:1:1: error: Missing required key "title" (config:required)']],
    ['an empty title', 'title: ""\n', ['manuscript/book.yaml:1:8: error: Unexpected value "" for title, expected a non-empty string (config:format)']],
    ['a list as title', 'title: [1, 2]\n', ['manuscript/book.yaml:1:8: error: Unexpected a list for title, expected a non-empty string (config:type)']],
    ['an impossible date', 'title: 書\ndate: 2025-02-30\n', ['manuscript/book.yaml:2:7: error: Unexpected value "2025-02-30" for date, expected a date YYYY-MM-DD (config:format)']],
    ['a malformed language tag', 'title: 書\nlanguage: zh_TW\n', ['manuscript/book.yaml:2:11: error: Unexpected value "zh_TW" for language, expected a BCP 47 language tag such as "zh-Hant" or "zh-Hant-TW" (config:format)']],
    ['an ISBN with a wrong check digit', 'title: 書\nidentifier: 978-986-00-0000-1\n', ['manuscript/book.yaml:2:13: error: Unexpected value "978-986-00-0000-1" for identifier, expected an ISBN (with a valid check digit) or a URN such as "urn:uuid:…" (config:format)']],
    ['an unknown page size', 'title: 書\nlayout:\n  pageSize: A7\n', ['manuscript/book.yaml:3:13: error: Unexpected value "A7" for layout.pageSize, expected A5, B6, 25開, 32開 or "WIDTHxHEIGHT mm" (config:format)']],
    ['subjects that are not a list', 'title: 書\nsubjects: 一\n', ['manuscript/book.yaml:2:11: error: Unexpected value "一" for subjects, expected a list of subjects (config:type)']],
    ['a colour scheme the press does not know', 'title: 書\npdf:\n  interior: grey\n', ['manuscript/book.yaml:3:13: error: Unexpected value "grey" for pdf.interior, expected "gray" or "color" (config:enum)']],
    ['crop marks that are not yes or no', 'title: 書\npdf:\n  cropMarks: maybe\n', ['manuscript/book.yaml:3:14: error: Unexpected value "maybe" for pdf.cropMarks, expected true or false (config:type)']],
    ['an empty chapter list', 'title: 書\nchapters: []\n', ['manuscript/book.yaml:2:11: error: Unexpected a list for chapters, expected at least one chapter (config:format)']],
    ['a duplicate key', 'title: 書\ntitle: 又\n', ['manuscript/book.yaml:2:1: error: Unexpected YAML: Map keys must be unique, expected each key once (yaml:duplicate-key)']],
    ['a list left open', 'title: 書\nauthor: [甲, 乙\n', ['manuscript/book.yaml:3:1: error: Unexpected YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (yaml:bad-indent)']],
    ['a key without its colon', 'title: 書\nauthor 甲\nlayout:\n  writingMode: vertical\n', ['manuscript/book.yaml:2:1: error: Unexpected YAML: Implicit keys need to be on a single line, expected "key: value" on one line (is a colon missing?) (yaml:multiline-implicit-key)']],
    ['a key indented under a value', 'title: 書\n  author: 甲\n', ['manuscript/book.yaml:1:8: error: Unexpected YAML: Nested mappings are not allowed in compact mappings, expected this line to start where the keys above it start, or the key above it to end with ":" (yaml:block-as-implicit-key)']],
    ['a tab as indent', 'title: 書\n\tauthor: 甲\n', ['manuscript/book.yaml:2:1: error: Unexpected YAML: Tabs are not allowed as indentation, expected spaces (yaml:tab-as-indent)']],
    ['a quotation left open', 'title: "書\n', ['manuscript/book.yaml:2:1: error: Unexpected YAML: Missing closing "quote (yaml:missing-char)']],
    ['a list instead of a mapping', '- a\n- b\n', ['manuscript/book.yaml:1:1: error: Unexpected a list at the top, expected a mapping of keys (config:type)']],
  ];
  it.each(cases)('%s', (_, yaml, expected) => {
    expect(messages(yaml)).toEqual(expected);
  });
});

describe('book.yaml defaults and normal forms', () => {
  it('fills in the defaults in one place', () => {
    expect(config('title: 書\n')).toEqual({
      title: '書',
      author: [],
      language: 'zh-Hant',
      subjects: [],
      layout: { writingMode: 'horizontal', pageSize: { name: 'A5', widthMm: 148, heightMm: 210 } },
      typography: { hanUnitSpacing: true },
      epub: { embedFonts: false },
      pdf: { print: false, bleedMm: 3, padTo: 4, interior: 'gray', cropMarks: false },
    });
  });

  it('takes one author or a list of them', () => {
    expect(config('title: 書\nauthor: 余創豪\n').author).toEqual(['余創豪']);
    expect(config('title: 書\nauthor: [甲, 乙]\n').author).toEqual(['甲', '乙']);
  });

  it('writes an ISBN as urn:isbn, quoted or not, and keeps a URN', () => {
    expect(config('title: 書\nidentifier: "978-0-306-40615-7"\n').identifier).toBe('urn:isbn:9780306406157');
    expect(config('title: 書\nidentifier: 9780306406157\n').identifier).toBe('urn:isbn:9780306406157');
    expect(config('title: 書\nidentifier: urn:isbn:0-306-40615-2\n').identifier).toBe('urn:isbn:0306406152');
    expect(config('title: 書\nidentifier: urn:uuid:5b0f6f8e-3c5a-5d0e-9f57-7061692d6261\n').identifier).toBe('urn:uuid:5b0f6f8e-3c5a-5d0e-9f57-7061692d6261');
  });

  it('knows the trim sizes and a custom one', () => {
    const size = (s: string) => config(`title: 書\nlayout:\n  pageSize: ${s}\n`).layout.pageSize;
    expect(size('25開')).toEqual({ name: '25開', widthMm: 148, heightMm: 210 });
    expect(size('B6')).toEqual({ name: 'B6', widthMm: 125, heightMm: 176 });
    expect(size('130x184 mm')).toEqual({ name: '130x184 mm', widthMm: 130, heightMm: 184 });
  });

  it.each([
    ['9780306406157', true],
    ['978-0-306-40615-7', true],
    ['0306406152', true],
    ['080442957X', true],
    ['9780306406158', false],
    ['12345', false],
  ])('isIsbn(%s) is %s', (isbn, valid) => {
    expect(isIsbn(isbn)).toBe(valid);
  });
});
