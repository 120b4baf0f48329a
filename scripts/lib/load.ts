// The only place that reads the manuscript, the templates and the environment.
// Everything after this stage is a pure function of what it returns.

import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseBookConfig, type BookConfig } from './config.ts';
import { BuildError, hasErrors, type Diagnostic } from './diagnostics.ts';
import type { FontSource } from './font-chain.ts';
import { BODY_WEIGHTS, fontPackageDir, parseFontFaces, type FontFace } from './fonts.ts';
import { describeImage, imageKey, type ImageRef, type ImageTable } from './images.ts';
import { fromWebp, isWebp } from './pictures.ts';

export interface ChapterSource {
  /** Path shown in messages, relative to the working directory. */
  file: string;
  source: string;
}

export interface CoverImage {
  mediaType: 'image/png' | 'image/jpeg';
  extension: 'png' | 'jpg';
  bytes: Uint8Array;
}

/** The image type from the file's first bytes, not its name: readers reject a mislabelled cover. */
export function imageType(bytes: Uint8Array): Pick<CoverImage, 'mediaType' | 'extension'> | undefined {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { mediaType: 'image/png', extension: 'png' };
  if (starts(0xff, 0xd8, 0xff)) return { mediaType: 'image/jpeg', extension: 'jpg' };
  return undefined;
}

export interface Manuscript {
  dir: string;
  config: BookConfig;
  /** Output file name without extension: `slug` from book.yaml, else the folder's name. */
  slug: string;
  chapters: ChapterSource[];
  cover?: CoverImage;
  /** Every date written into the outputs; see sourceDate(). */
  modified: Date;
  warnings: Diagnostic[];
}

/** Paths relative to the working directory, as an author types them. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Offset of the first byte that is not well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1]!;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return -1;
}

/**
 * A chapter's bytes as text, or an error at the place they stop being UTF-8
 * (a file saved as Big5 or UTF-16 by an old editor). A UTF-8 byte-order mark
 * is dropped.
 */
export function decodeChapter(bytes: Uint8Array, file: string): { text?: string; diagnostics: Diagnostic[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { diagnostics: [{ file, line: 1, column: 1, severity: 'error', message: 'Unexpected UTF-16 text, expected UTF-8 (save the file again as UTF-8)', ruleId: 'load:encoding' }] };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const before = new TextDecoder().decode(bytes.subarray(0, bad));
    const lines = before.split('\n');
    const found = Array.from(bytes.subarray(bad, bad + 2), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    return { diagnostics: [{ file, line: lines.length, column: lines.at(-1)!.length + 1, severity: 'error', message: `Unexpected bytes ${found} that are not UTF-8, expected UTF-8 text (was the file saved as Big5 or another encoding? save it again as UTF-8)`, ruleId: 'load:encoding' }] };
  }
  return { text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes), diagnostics: [] };
}

/**
 * Control characters have no place in a book and none in XML (an EPUB with
 * one is broken): each is removed, with a warning where it was. Tab, line
 * feed and carriage return are text.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/gu;

export function withoutControlCharacters(text: string, file: string): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    for (const match of line.matchAll(CONTROL_CHARACTERS)) {
      const code = `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      // Columns count UTF-16 code units, as the Markdown parser's and most editors' do.
      diagnostics.push({ file, line: index + 1, column: match.index + 1, severity: 'warning', message: `Unexpected control character ${code}, removed`, ruleId: 'load:control-character' });
    }
  });
  return { text: diagnostics.length ? text.replace(CONTROL_CHARACTERS, '') : text, diagnostics };
}

/**
 * Where `file` really is, if it is inside `root` (a real path): symlinks are
 * followed, so a link that points out of the manuscript is "outside".
 */
export async function fileInside(root: string, file: string): Promise<string | 'outside' | 'missing'> {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return path.relative(root, path.resolve(file)).split(path.sep)[0] === '..' ? 'outside' : 'missing';
  }
  const relative = path.relative(root, real);
  return relative.split(path.sep)[0] === '..' || path.isAbsolute(relative) ? 'outside' : real;
}

/** A folder's name as an output file name: letters, digits, ".", "_" and "-" (what book.yaml's slug allows). */
export function safeFileName(name: string): string {
  const safe = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[._-]+|-+$/g, '');
  return safe || 'book';
}

export async function loadManuscript(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Manuscript> {
  const configPath = path.join(dir, 'book.yaml');
  const configFile = displayPath(configPath);
  const configText = await readText(configPath);
  if (configText === undefined) {
    throw new BuildError([{ file: configFile, line: 1, column: 1, severity: 'error', message: `Missing book.yaml, expected a manuscript folder with book.yaml and Markdown chapters`, ruleId: 'load:no-config' }]);
  }
  const { config, diagnostics } = parseBookConfig(configText, configFile);
  if (!config) throw new BuildError(diagnostics);

  const names = config.chapters ?? (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  const problems: Diagnostic[] = [...diagnostics];
  if (names.length === 0) {
    problems.push({ file: configFile, line: 1, column: 1, severity: 'error', message: `Missing chapters, expected *.md files in ${displayPath(dir)} or a "chapters" list`, ruleId: 'load:no-chapters' });
  }
  const root = await realpath(dir);
  const lineOf = (name: string) => {
    const line = configText.split('\n').findIndex((l) => l.includes(name)) + 1;
    return { line: line || 1, column: line ? configText.split('\n')[line - 1]!.indexOf(name) + 1 : 1 };
  };
  const chapters: ChapterSource[] = [];
  for (const [index, name] of names.entries()) {
    const file = path.join(dir, name);
    const found = await fileInside(root, file);
    const bytes = found === 'outside' || found === 'missing' ? undefined : await readFile(found).catch(() => undefined);
    if (bytes === undefined) {
      const message = found === 'outside'
        ? `Unexpected chapter file "${name}" (chapters[${index}]) outside the manuscript folder (links followed), expected a Markdown file inside ${displayPath(dir)}`
        : `Missing chapter file "${name}" (chapters[${index}]), expected a Markdown file inside ${displayPath(dir)}`;
      problems.push({ file: configFile, ...lineOf(name), severity: 'error', message, ruleId: found === 'outside' ? 'load:outside' : 'load:missing-chapter' });
      continue;
    }
    const decoded = decodeChapter(bytes, displayPath(file));
    problems.push(...decoded.diagnostics);
    if (decoded.text === undefined) continue;
    const clean = withoutControlCharacters(decoded.text, displayPath(file));
    problems.push(...clean.diagnostics);
    chapters.push({ file: displayPath(file), source: clean.text });
  }
  let cover: CoverImage | undefined;
  if (config.cover !== undefined) {
    const line = configText.split('\n').findIndex((l) => /^cover\s*:/.test(l)) + 1 || 1;
    const found = await fileInside(root, path.join(dir, config.cover));
    const bytes = found === 'outside' || found === 'missing' ? undefined : await readFile(found).catch(() => undefined);
    const type = bytes && imageType(bytes);
    if (!bytes) problems.push({ file: configFile, line, column: 1, severity: 'error', message: `Missing cover image "${config.cover}", expected an image file inside ${displayPath(dir)}`, ruleId: 'load:missing-cover' });
    else if (!type) problems.push({ file: configFile, line, column: 1, severity: 'error', message: `Unexpected cover image "${config.cover}", expected a PNG or JPEG file`, ruleId: 'load:cover-format' });
    else cover = { ...type, bytes };
  }
  if (hasErrors(problems)) throw new BuildError(problems);

  return {
    dir,
    config,
    slug: config.slug ?? safeFileName(path.basename(path.resolve(dir))),
    chapters,
    ...(cover ? { cover } : {}),
    modified: await sourceDate(dir, [configPath, ...chapters.map((c) => path.resolve(c.file))], env),
    warnings: problems,
  };
}

/**
 * The date stamped into every output, never the build clock, so that the same
 * input gives the same bytes (reproducible-builds.org): SOURCE_DATE_EPOCH,
 * else the last commit that touched the manuscript, else its newest file.
 */
export async function sourceDate(dir: string, files: string[], env: NodeJS.ProcessEnv): Promise<Date> {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch) {
    if (!/^\d+$/.test(epoch)) {
      throw new BuildError([{ file: 'SOURCE_DATE_EPOCH', line: 1, column: 1, severity: 'error', message: `Unexpected value "${epoch}" for SOURCE_DATE_EPOCH, expected whole seconds since 1970`, ruleId: 'env:source-date-epoch' }]);
    }
    return new Date(Number(epoch) * 1000);
  }
  try {
    const { stdout } = await promisify(execFile)('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: dir });
    if (/^\d+$/.test(stdout.trim())) return new Date(Number(stdout.trim()) * 1000);
  } catch {
    // Not a git checkout, or no git: fall through to the files themselves.
  }
  const times = await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs));
  return new Date(Math.floor(Math.max(...times) / 1000) * 1000);
}

/** The project's templates folder (HTML/XML templates and CSS). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export type Templates = Record<string, string>;

/** Every file under templates/, by its path relative to that folder. */
export async function loadTemplates(dir = TEMPLATES_DIR): Promise<Templates> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  return Object.fromEntries(files.map((f, i) => [f, texts[i]!]));
}

/** The body font's faces, parsed from @fontsource's CSS for each weight. */
export async function loadBodyFonts(): Promise<FontFace[]> {
  return packageFaces(fontPackageDir());
}

/**
 * A package's faces for each weight the book uses. A family with one weight
 * (Noto Sans Math) serves it for every weight: no bold is synthesised, which
 * Chromium would print as Type 3.
 */
async function packageFaces(dir: string): Promise<FontFace[]> {
  const sheets = await Promise.all(BODY_WEIGHTS.map((w) => readFile(path.join(dir, `${w}.css`), 'utf8').catch(() => undefined)));
  const regular = sheets[0] === undefined ? [] : parseFontFaces(sheets[0], dir);
  return BODY_WEIGHTS.flatMap((weight, i) => (sheets[i] === undefined ? regular.map((face) => ({ ...face, weight })) : parseFontFaces(sheets[i]!, dir)));
}

/**
 * The faces of a font chain (font-chain.ts), in chain order, and the sources
 * that are not installed (a system package missing: its characters then fall
 * to the placeholder, with a warning that names the package).
 */
export async function loadFontChain(chain: readonly FontSource[]): Promise<{ faces: FontFace[]; absent: FontSource[] }> {
  const families = await Promise.all(chain.map(sourceFaces));
  return { faces: families.flatMap((f) => f ?? []), absent: chain.filter((_, i) => families[i] === undefined) };
}

/**
 * A source's faces (undefined if it is not installed), read once per process
 * and shared by every chain that names it: the packages do not change while
 * it runs, and the code chain holds the body's.
 */
const sourceFacesRead = new Map<FontSource, Promise<FontFace[] | undefined>>();
function sourceFaces(source: FontSource): Promise<FontFace[] | undefined> {
  let faces = sourceFacesRead.get(source);
  if (!faces) {
    faces = 'package' in source
      ? packageFaces(fontPackageDir(source.package))
      : stat(source.file).then(
          (found) => {
            if (!found.isFile()) return undefined;
            const file = `${path.basename(source.file).toLowerCase().replace(/\.[a-z0-9]+$/, '')}.woff2`;
            return BODY_WEIGHTS.map((weight) => ({ family: source.family, weight, file, path: source.file, ranges: source.ranges, whole: true }));
          },
          () => undefined,
        );
    sourceFacesRead.set(source, faces);
    faces.catch(() => sourceFacesRead.delete(source));
  }
  return faces;
}

/**
 * Read the images the chapters name. A path is taken relative to its
 * chapter and must stay inside the manuscript folder, symlinks resolved; a
 * URL, an absolute path or a way out is left out with a warning.
 */
export async function loadImages(dir: string, refs: readonly ImageRef[]): Promise<{ images: ImageTable; diagnostics: Diagnostic[] }> {
  const root = await realpath(dir);
  const images: ImageTable = new Map();
  const diagnostics: Diagnostic[] = [];
  for (const ref of refs) {
    const at = { file: ref.file, line: ref.line, column: ref.column };
    const outside = (why: string) =>
      diagnostics.push({ ...at, severity: 'warning', message: `Unexpected image "${ref.src}" ${why}, expected a file inside ${displayPath(dir)}; it is left out`, ruleId: 'images:outside' });
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref.src) || path.isAbsolute(ref.src)) {
      outside('(a URL or an absolute path)');
      continue;
    }
    const wanted = path.resolve(path.dirname(path.resolve(ref.file)), decodeURIComponent(ref.src));
    const file = await fileInside(root, wanted);
    if (file === 'missing') {
      diagnostics.push({ ...at, severity: 'error', message: `Missing image "${ref.src}", expected a file at ${displayPath(wanted)} (the path is relative to the chapter)`, ruleId: 'images:missing' });
      continue;
    }
    if (file === 'outside') {
      outside('(outside the manuscript folder)');
      continue;
    }
    const bytes = await readFile(file);
    // WebP is not a core image type of EPUB 3.2: it becomes PNG or JPEG for every output.
    const described = describeImage(ref, isWebp(bytes) ? await fromWebp(bytes) : bytes);
    diagnostics.push(...described.diagnostics);
    if (described.image) images.set(imageKey(ref.file, ref.src), described.image);
  }
  return { images, diagnostics };
}
