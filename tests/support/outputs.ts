// Reading the built book back, as a reader's software would.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import { inject } from 'vitest';
import { buildBook } from './global-setup.ts';
import { run } from './tools.ts';

export const build = () => inject('build');
export const epubPath = () => path.join(build().out, `${build().slug}.epub`);
export const pdfPath = () => path.join(build().out, `${build().slug}.pdf`);
export const webDir = () => path.join(build().out, build().slug);

export const SEED_PATH = new URL('../../../shared/seeds/000_2448027780490b17.txt', import.meta.url);

/** Whitespace carries no text: spacing rules may add it, line breaks move it. */
export const withoutWhitespace = (text: string) => text.replace(/\s+/gu, '');

/** The seed's text with its Markdown markup (a link, an autolink) set aside. */
export function seedText(): string {
  return toString(fromMarkdown(readFileSync(SEED_PATH, 'utf8')));
}

export async function readEpub(file = epubPath()): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(file));
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Visible text of an (X)HTML body: tags dropped, references decoded. */
export function bodyText(markup: string, container = 'body'): string {
  const inner = new RegExp(`<${container}[^>]*>([\\s\\S]*)</${container}>`).exec(markup)?.[1] ?? '';
  return inner
    .replace(/<[^>]+>/g, '')
    .replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (_, hex: string, dec: string, name: string) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : (XML_ENTITIES[name] ?? `&${name};`),
    );
}

/**
 * Text of every page's type area, line by line as printed: the top and bottom
 * margins, where the running head and the folio sit, are cropped away. (Not `-raw`: that follows the content
 * stream and breaks a line wherever a span such as span.pt-halt starts.) Vertical pages need
 * `raw`: the layout mode reads their columns left to right, one character a line.
 */
export function pdfPagesText(file = pdfPath(), options: { raw?: boolean } = {}): string[] {
  const info = run('pdfinfo', [file]);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const [width, height] = (/Page size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? []).slice(1).map(Number);
  const top = Math.floor(height! * 0.08);
  const crop = ['-x', '0', '-y', String(top), '-W', String(Math.ceil(width!)), '-H', String(Math.floor(height! * 0.89) - top)];
  const mode = options.raw ? ['-raw'] : [];
  return Array.from({ length: pages }, (_, i) => run('pdftotext', [...mode, ...crop, '-f', String(i + 1), '-l', String(i + 1), file, '-']).replace(/\f/g, ''));
}

export const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A folder's files and their sha256, by relative path: two folders with the same are the same output. */
export function folderHashes(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(files.map((e) => path.join(e.parentPath, e.name)).sort().map((file) => [path.relative(dir, file), sha256(file)]));
}

/** Build one format again in a fresh folder; its sha256 (the web edition's: every file's), and the build's result for messages. */
export function rebuild(format: 'epub' | 'pdf' | 'html'): { sha256?: string; status: number; stderr: string } {
  const again = mkdtempSync(path.join(os.tmpdir(), 'paiban-again-'));
  try {
    const result = buildBook(again, ['--format', format]);
    if (result.status !== 0) return result;
    const made = format === 'html' ? JSON.stringify(folderHashes(path.join(again, build().slug))) : sha256(path.join(again, `${build().slug}.${format}`));
    return { ...result, sha256: format === 'html' ? createHash('sha256').update(made).digest('hex') : made };
  } finally {
    rmSync(again, { recursive: true, force: true });
  }
}

/** Bookmarks as qpdf reads them: title and first page (from 1), depth first. */
export function pdfOutline(file = pdfPath()): { title: string; page: number }[] {
  type Item = { title: string; destpageposfrom1: number; kids: Item[] };
  const flatten = (items: Item[]): { title: string; page: number }[] => items.flatMap((o) => [{ title: o.title, page: o.destpageposfrom1 }, ...flatten(o.kids)]);
  return flatten(JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])).outlines);
}

/** A page's furniture: the words in its top band (running head) and bottom band (folio), with where the head sits. */
export interface PageFurniture {
  head: string;
  /** Left and right edge of the head's words, in points; NaN without a head. */
  headLeft: number;
  headRight: number;
  foot: string;
  width: number;
}

/** Every page's furniture, from pdftotext's word boxes (-bbox ignores crop options, so the bands are cut here). */
export function pdfFurniture(file: string): PageFurniture[] {
  const html = run('pdftotext', ['-bbox', file, '-']);
  return html.split('<page ').slice(1).map((page) => {
    const [width, height] = (/width="([\d.]+)" height="([\d.]+)"/.exec(page) ?? []).slice(1).map(Number) as [number, number];
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      left: Number(w[1]),
      top: Number(w[2]),
      right: Number(w[3]),
      bottom: Number(w[4]),
      text: w[5]!,
    }));
    const head = words.filter((w) => w.bottom < height * 0.08);
    const foot = words.filter((w) => w.top > height * 0.89);
    return {
      head: head.map((w) => w.text).join(''),
      headLeft: head.length ? Math.min(...head.map((w) => w.left)) : NaN,
      headRight: head.length ? Math.max(...head.map((w) => w.right)) : NaN,
      foot: foot.map((w) => w.text).join(''),
      width,
    };
  });
}
