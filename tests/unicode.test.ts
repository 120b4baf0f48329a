// Text that breaks naive code (issue 7): characters beyond the BMP, variation
// selectors, combining marks, emoji sequences, right-to-left scripts, control
// characters and files that are not UTF-8. Each comes through intact, or is
// removed or refused with a message at its place.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeChapter, firstInvalidUtf8, withoutControlCharacters } from '../scripts/lib/load.ts';
import { buildBook } from './support/global-setup.ts';
import { bodyText, readEpub } from './support/outputs.ts';
import { itWith, tools } from './support/tools.ts';
import { epubcheckTs, javaEpubcheck } from './support/validators.ts';
import { budget } from './support/budget.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-unicode-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FIXTURE = 'tests/fixtures/unicode';
const CHAPTER = `${FIXTURE}/01.md`;

/** Sequences that must reach the reader exactly as typed (after the build's own spacing). */
const INTACT = [
  '𠀀、𪚥、𠮷野家',
  '葛\u{E0100}城與葛\u{E0101}飾',
  '☺\uFE0E與☺\uFE0F',
  'Cafe\u0301',
  'Tie\u0302\u0323ng Vie\u0323\u0302t',
  'ㄇㄚ\u02C7',
  '😀、👩\u200D💻、🇹🇼、👍🏽',
  'مرحبا بالعالم 與 שלום עולם 同行',
  '甲乙丙丁戊己',
];

describe('Unicode in the manuscript', () => {
  const out = path.join(scratch, 'out');
  const result = buildBook(out, ['--manuscript', FIXTURE, '--format', 'epub,html']);

  it('builds, removing each control character with a warning at its place', () => {
    expect(result.status, result.stderr).toBe(0);
    const controls = ['U+0000', 'U+0007', 'U+001B', 'U+007F', 'U+0085'];
    controls.forEach((code, i) => expect(result.stderr).toContain(`${CHAPTER}:13:${7 + 2 * i}: warning: Unexpected control character ${code}, removed (load:control-character)`));
  });

  it('finds a font for every character (Extension B, Arabic, Hebrew, emoji sequences), so none is reported missing, and never a joiner or a variation selector', () => {
    expect(result.stderr).not.toContain('fonts:missing-glyph');
    for (const ignorable of ['U+200D', 'U+FE0E', 'U+FE0F', 'U+E0100', 'U+E0101']) expect(result.stderr).not.toContain(`${ignorable}:`);
  });

  it('keeps every sequence intact in the EPUB and the web edition', async () => {
    const zip = await readEpub(path.join(out, 'unicode.epub'));
    const epubText = bodyText(await zip.file('OEBPS/ch001.xhtml')!.async('string'));
    const webText = bodyText(readFileSync(path.join(out, 'unicode', 'index.html'), 'utf8'));
    for (const text of [epubText, webText]) {
      for (const sequence of INTACT) expect(text, sequence).toContain(sequence);
      expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/u);
      // No surrogate half alone: every code unit pair survived.
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('makes an EPUB that epubcheck-ts accepts', async () => {
    expect(await epubcheckTs(path.join(out, 'unicode.epub'))).toEqual([]);
  });

  itWith(tools.java, 'makes an EPUB that Java EPUBCheck accepts', () => {
    expect(javaEpubcheck(path.join(out, 'unicode.epub'))).toEqual([]);
  }, budget({ javaEpubcheck: 1 }));
});

describe('files that are not UTF-8', () => {
  it('finds the first byte that is not UTF-8', () => {
    const utf8 = new TextEncoder().encode('中文');
    expect(firstInvalidUtf8(utf8)).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xa4, 0xa4]))).toBe(1); // Big5 中
    expect(firstInvalidUtf8(new Uint8Array([0xe4, 0xb8]))).toBe(0); // cut short
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    expect(firstInvalidUtf8(new TextEncoder().encode('𠀀'))).toBe(-1);
  });

  it('refuses a Big5 chapter at the line and column where it stops being UTF-8', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('# 章\n\n正文'), 0xa4, 0xa4, 0xa4, 0xe5]);
    expect(decodeChapter(bytes, 'x.md').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '3:3 Unexpected bytes A4 A4 that are not UTF-8, expected UTF-8 text (was the file saved as Big5 or another encoding? save it again as UTF-8)',
    ]);
  });

  it('refuses UTF-16 and drops a UTF-8 byte-order mark', () => {
    expect(decodeChapter(new Uint8Array([0xff, 0xfe, 0x2d, 0x4e]), 'x.md').diagnostics[0]!.message).toBe('Unexpected UTF-16 text, expected UTF-8 (save the file again as UTF-8)');
    expect(decodeChapter(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('# 章')]), 'x.md').text).toBe('# 章');
  });

  it('fails the build at that place, naming the file', () => {
    const manuscript = path.join(scratch, 'big5');
    cpSync('tests/fixtures/minimal', manuscript, { recursive: true });
    writeFileSync(path.join(manuscript, '02-second.md'), new Uint8Array([...new TextEncoder().encode('# 第二章\n\n'), 0xa4, 0xa4, 0xa4, 0xe5]));
    const result = buildBook(path.join(scratch, 'big5-out'), ['--manuscript', manuscript, '--format', 'epub']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/big5\/02-second\.md:3:1: error: Unexpected bytes A4 A4 that are not UTF-8/);
  });

  it('leaves tabs and line ends alone and removes only control characters', () => {
    expect(withoutControlCharacters('a\tb\r\nc\u0007d', 'x.md')).toEqual({
      text: 'a\tb\r\ncd',
      diagnostics: [{ file: 'x.md', line: 2, column: 2, severity: 'warning', message: 'Unexpected control character U+0007, removed', ruleId: 'load:control-character' }],
    });
  });
});
