// paiban build: a Chinese Markdown manuscript → EPUB 3, print PDF and web edition.
//
//   load → parse → images → typeset → render → package
//
// Each stage is a function from data to data (scripts/lib/); this file parses
// the command line, runs the stages, reports, and sets the exit code.

import { access, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import open from 'open';
import pMap from 'p-map';
import { parseBook } from './lib/book.ts';
import { isWritingMode, type WritingMode } from './lib/config.ts';
import { BuildError, formatDiagnostic, hasErrors, type Diagnostic } from './lib/diagnostics.ts';
import { distinctImages, imageRefs, placeImages } from './lib/images.ts';
import { fitPictures } from './lib/pictures.ts';
import { fontLicenses, fontsForBook, subsetFonts } from './lib/embed-fonts.ts';
import { BODY_CHAIN, CODE_CHAIN } from './lib/font-chain.ts';
import { toEpub } from './lib/epub.ts';
import { bookText, codeText, renderWebPage } from './lib/html.ts';
import { displayPath, loadFontChain, loadImages, loadManuscript, loadTemplates } from './lib/load.ts';
import { BrowserSession, MissingBrowserError, findBrowser } from './lib/browser.ts';
import { cacheFor } from './lib/cache.ts';
import { MissingGhostscriptError, findGhostscript } from './lib/ghostscript.ts';
import { MissingPopplerError, findPoppler } from './lib/poppler.ts';
import { exitCleanlyOnSignals } from './lib/cleanup.ts';
import { makeProofs } from './lib/proof.ts';
import { linkDiagnostics, resolveLinks } from './lib/links.ts';
import { lintBook, missingGlyphWarnings } from './lib/lint.ts';
import { BrowserFailedError, PdfError, toPdf } from './lib/pdf.ts';
import { typesetCached } from './lib/typeset/cached.ts';
import { writeFileAtomic, writeFolderAtomic, type FolderContent } from './lib/write.ts';

const FORMATS = ['epub', 'pdf', 'html', 'proof'] as const;
type Format = (typeof FORMATS)[number];

/** Exit codes, documented in README.md. */
export const EXIT = { ok: 0, badInput: 1, usage: 2, missingTool: 3, internal: 70, cannotWrite: 73 } as const;

const HELP = `Usage: npm run build -- [options]

Builds a manuscript folder (book.yaml + Markdown chapters) into an EPUB 3,
a print PDF and a web edition.

Options:
  --manuscript DIR   a manuscript folder (book.yaml + chapters), or a folder of them;
                     give it again for more books, built at once (default:
                     manuscript/, and every book in books/ if there is one)
  --out DIR          where the outputs go (default: dist)
  --format LIST      comma-separated: epub, pdf, html, proof (default: all four;
                     proof is skipped with a warning if poppler is missing, unless named)
  --writing-mode M   horizontal or vertical (直排); overrides layout.writingMode
  --pdf print        also write OUT/<slug>-print.pdf for the printer (bleed, trim box,
                     page count padded, black ink only unless pdf.interior: color);
                     same as book.yaml pdf.print: true
  --strict           a character that no font of the book has is an error, not a
                     warning (it is otherwise printed as a crossed box)
  --open             open the result when it is built: the proof report, else the
                     PDF, the web edition or the EPUB
  -q, --quiet        print errors only
  -v, --verbose      also print where tools, dates and fonts came from
  -h, --help         show this help

Outputs, for each book: OUT/<slug>.epub, OUT/<slug>.pdf, OUT/<slug>/index.html (web edition),
         OUT/<slug>-proof/ (report.html, contact.png, pages/page-001.png …)
Exit codes: 0 built; 1 the manuscript has errors; 2 bad options;
            3 a required tool (Chromium; Ghostscript for a gray print PDF;
            poppler for proofs named in --format) is missing, or Chromium
            failed twice; 70 internal error;
            73 an output could not be written (permissions, full disk);
            130/143 stopped by Ctrl-C/SIGTERM (nothing half-written is left).
Environment: SOURCE_DATE_EPOCH fixes every date in the outputs;
             NO_COLOR turns colour off (it is off anyway when output is not a terminal);
             PUPPETEER_EXECUTABLE_PATH names the browser that prints the PDF;
             GHOSTSCRIPT names the gs that makes the print PDF gray;
             POPPLER names the folder of pdftoppm and pdftotext (proofs).`;

class UsageError extends Error {}

/** An output not made, for a reason that is not the manuscript's fault (a missing optional tool, a failed input). */
class Skipped extends Error {}

function parseCommandLine(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        manuscript: { type: 'string', multiple: true },
        out: { type: 'string', default: 'dist' },
        format: { type: 'string' },
        'writing-mode': { type: 'string' },
        pdf: { type: 'string' },
        strict: { type: 'boolean', default: false },
        open: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const formats = (values.format ?? FORMATS.join(',')).split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length || formats.length === 0) {
    throw new UsageError(`Unexpected format "${unknown.join(',') || values.format}", expected a comma-separated list of ${FORMATS.join(', ')}`);
  }
  const writingMode = values['writing-mode'];
  if (writingMode !== undefined && !isWritingMode(writingMode)) {
    throw new UsageError(`Unexpected writing mode "${writingMode}", expected "horizontal" or "vertical"`);
  }
  if (values.pdf !== undefined && values.pdf !== 'print') throw new UsageError(`Unexpected --pdf "${values.pdf}", expected "print"`);
  if (values.quiet && values.verbose) throw new UsageError('Unexpected --quiet with --verbose, expected one of them');
  return { manuscripts: values.manuscript ?? [], open: values.open, out: values.out, formats: new Set(formats as Format[]), formatsNamed: values.format !== undefined, help: values.help, writingMode, printPdf: values.pdf === 'print', strict: values.strict, quiet: values.quiet, verbose: values.verbose };
}

const seconds = (start: number) => `${((performance.now() - start) / 1000).toFixed(2)} s`;

/**
 * How much the build says, and in what colour: `--quiet` only errors,
 * `--verbose` also where it found its tools and dates. Colour only on a
 * terminal and never with NO_COLOR (no-color.org).
 */
export function makeVoice({ quiet = false, verbose = false, color = false, live = false, label = '' }: { quiet?: boolean; verbose?: boolean; color?: boolean; live?: boolean; label?: string }) {
  // With several books, each line starts with the book's folder.
  const whose = label ? `[${label}] ` : '';
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  // On a terminal a progress line is redrawn in place; the next line printed first clears it.
  const clear = live ? '\r\x1b[K' : '';
  const voice = {
    /** Run one stage and print `✓ name  detail  0.12 s`. */
    async stage<T>(name: string, run: () => T | Promise<T>, detail: (result: T) => string = () => ''): Promise<T> {
      const start = performance.now();
      const result = await run();
      if (!quiet) console.log(`${clear}${paint(32, '✓')} ${whose}${name.padEnd(8)} ${detail(result).padEnd(28)} ${seconds(start)}`);
      return result;
    },
    report(diagnostics: readonly Diagnostic[]): void {
      for (const d of diagnostics) {
        if (quiet && d.severity !== 'error') continue;
        console.error(formatDiagnostic(d).replace(`: ${d.severity}: `, `: ${paint(d.severity === 'error' ? 31 : 33, d.severity)}: `));
      }
    },
    fail(what: string, message: string): void {
      console.error(`${clear}${paint(31, '✗')} ${whose}${what}: ${message}`);
    },
    /** Something that went wrong and was mended (a browser replaced). */
    warn(what: string, message: string): void {
      if (!quiet) console.error(`${clear}${paint(33, '!')} ${whose}${what}: ${message}`);
    },
    /** An output left out, and why (not an error: the rest of the book is made). */
    skip(what: string, message: string): void {
      if (!quiet) console.error(`${clear}${paint(33, '–')} ${whose}${what} skipped: ${message}`);
    },
    /** `  proof   12/40 pages`, redrawn in place; only on a terminal. */
    progress(name: string, unit: string): (done: number, total: number) => void {
      if (!live || quiet) return () => {};
      return (done, total) => process.stdout.write(`\r  ${name.padEnd(8)} ${done}/${total} ${unit}`);
    },
    /** Only with --verbose: facts that explain a build (which browser, which date). */
    note(message: string): void {
      if (verbose && !quiet) console.log(`  ${paint(2, message)}`);
    },
  };
  return voice;
}

const silent = makeVoice({ quiet: true });

/** Choices from the command line that override book.yaml's. */
export interface Overrides {
  writingMode?: WritingMode | undefined;
  printPdf?: boolean;
  /** A character no font has is an error (--strict), not a warning. */
  strict?: boolean;
}

export type StageRunner = <T>(name: string, run: () => T | Promise<T>, detail?: (result: T) => string) => Promise<T>;

/**
 * load → parse → images → typeset: the book ready to render, the font files
 * its text needs, and every warning on the way (a BuildError if any is an
 * error). The build and the dev server (scripts/dev.ts) both start here.
 */
export async function prepareBook(manuscriptDir: string, overrides: Overrides = {}, run: StageRunner = silent.stage) {
  const warnings: Diagnostic[] = [];
  const loaded = await run('load', () => loadManuscript(manuscriptDir), (m) => `${displayPath(m.dir)}/ (${m.chapters.length} chapter${m.chapters.length === 1 ? '' : 's'})`);
  const { writingMode, printPdf } = overrides;
  const config = {
    ...loaded.config,
    layout: { ...loaded.config.layout, ...(writingMode ? { writingMode } : {}) },
    pdf: { ...loaded.config.pdf, ...(printPdf ? { print: true } : {}) },
  };
  const manuscript = { ...loaded, config };
  const parsed = await run('parse', () => parseBook(manuscript), ({ book }) => `${book.chapters.reduce((n, c) => n + c.sections.length, 0)} sections`);
  const linked = resolveLinks(parsed.book, (from, href) => path.resolve(path.dirname(from), href));
  warnings.push(...parsed.warnings, ...linked.diagnostics, ...linkDiagnostics(linked.book));
  const located = await run('images', () => loadImages(manuscript.dir, imageRefs(linked.book)), ({ images }) => `${images.size} image${images.size === 1 ? '' : 's'}`);
  if (hasErrors(located.diagnostics)) throw new BuildError([...warnings, ...located.diagnostics]);
  warnings.push(...located.diagnostics);
  // The EPUB's and the web edition's copies of pictures too large, turned or CMYK (the PDF prints the originals).
  const withImages = { ...placeImages(linked.book, located.images), images: await fitPictures(distinctImages(located.images), cacheFor('images')) };
  // Chapters unchanged since an earlier build come from the cache (PAIBAN_CACHE=off: none).
  const typesetCache = cacheFor('typeset');
  const book = await run('typeset', () => typesetCached(withImages, typesetCache), () => (typesetCache?.hits ? `${typesetCache.hits} of ${withImages.chapters.length} chapters unchanged` : ''));
  // What the typesetter will not fix, as warnings (npm run lint:text -- --strict fails on them).
  warnings.push(...lintBook(book, undefined, withImages));
  const [templates, body, code] = await Promise.all([loadTemplates(), loadFontChain(BODY_CHAIN), loadFontChain(CODE_CHAIN)]);
  const text = bookText(book);
  const fonts = await run('fonts', () => fontsForBook(text, codeText(book), { body: body.faces, code: code.faces }, (file) => readFile(file), cacheFor('fonts')), ({ faces, missingGlyphs }) => `${faces.length} font files${missingGlyphs.length ? `, ${missingGlyphs.length} character(s) in none` : ''}`);
  // Placed in the text as typed: the typeset text has spaces added, which would move the columns.
  const missing = missingGlyphWarnings(withImages, fonts.missingGlyphs, path.join(displayPath(manuscript.dir), 'book.yaml'), body.absent, overrides.strict ? 'error' : 'warning');
  if (hasErrors(missing)) throw new BuildError([...warnings, ...missing]);
  warnings.push(...missing);
  return { book, templates, fonts: fonts.faces, text, missingGlyphs: fonts.missingGlyphs, warnings };
}

/** File-system refusals a user can mend, in their words. */
const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is in the way',
};

const isWriteError = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && (error as NodeJS.ErrnoException).code! in WRITE_ERRORS;

type CommandLine = ReturnType<typeof parseCommandLine>;
type Voice = ReturnType<typeof makeVoice>;
type PreparedBook = Awaited<ReturnType<typeof prepareBook>>;

const holdsBook = (dir: string) => access(path.join(dir, 'book.yaml')).then(() => true, () => false);

/** The books in a folder of books: each subfolder with a book.yaml, by name. */
async function shelf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)).sort();
  const books = await Promise.all(folders.map(async (folder) => ((await holdsBook(folder)) ? folder : undefined)));
  return books.filter((b) => b !== undefined);
}

/**
 * The manuscript folders to build: each one named that holds a book.yaml, or
 * the books inside a named folder of books; by default manuscript/ and every
 * book in books/. A folder that is neither is kept, for loading to say why.
 */
export async function findManuscripts(named: readonly string[], root = '.'): Promise<string[]> {
  if (named.length === 0) {
    const manuscript = path.join(root, 'manuscript');
    const found = [...((await holdsBook(manuscript)) ? [manuscript] : []), ...(await shelf(path.join(root, 'books')))];
    return found.length ? found : [manuscript];
  }
  const found: string[] = [];
  for (const dir of named) {
    const books = (await holdsBook(dir)) ? [] : await shelf(dir);
    found.push(...(books.length ? books : [dir]));
  }
  return [...new Set(found.map((dir) => path.normalize(dir)))];
}

/** What one book's build made, and the exit code it earned. */
interface Made {
  exit: number;
  /** The file --open shows: the proof report, else the PDF, the web edition or the EPUB. */
  toOpen?: string | undefined;
}

/** One book's outputs, made at once; a failure in one does not stop the others. */
async function makeOutputs(prepared: PreparedBook, options: CommandLine, voice: Voice, chromium: Promise<BrowserSession>): Promise<Made> {
  const { stage, report, fail, warn, skip, note, progress } = voice;
  const { book, templates, fonts, text, missingGlyphs, warnings } = prepared;
  const outDir = options.out;
  note(`source date ${book.modified.toISOString()}${process.env.SOURCE_DATE_EPOCH ? ' (SOURCE_DATE_EPOCH)' : ' (git log or file times)'}; identifier ${book.identifier}`);
  note(`${fonts.length} font file(s) of ${new Set(fonts.map((f) => f.family)).size} families hold the book's ${new Set(text).size} distinct characters`);

  const target = (ext: string) => path.join(outDir, `${book.slug}${ext}`);
  const wanted = options.formats;
  let exit: number = EXIT.ok;
  // Proofs need poppler: without it they are left out, and only a build that named them fails.
  const poppler = wanted.has('proof') ? await findPoppler().catch((error: unknown) => {
    if (!(error instanceof MissingPopplerError)) throw error;
    if (options.formatsNamed) {
      fail('proof', error.message);
      exit = EXIT.missingTool;
    } else skip('proof', 'poppler is missing (apt-get install poppler-utils, brew install poppler, or POPPLER=its folder); the other outputs are made');
    return undefined;
  }) : undefined;
  // Outputs are independent and made at once; the proofs read the PDF (and check the EPUB).
  const epub = !wanted.has('epub') ? undefined : stage('epub', async () => {
    const embedded = book.config.epub.embedFonts
      ? await subsetFonts(fonts, text, (file) => readFile(file), { cache: cacheFor('fonts') }).then(async (files) => ({ files, licenses: await fontLicenses(files, CODE_CHAIN, (file) => readFile(file, 'utf8')) }))
      : undefined;
    const bytes = await toEpub(book, templates, embedded);
    await writeFileAtomic(target('.epub'), bytes);
    return { file: target('.epub'), bytes };
  }, ({ file }) => file);
  const html = !wanted.has('html') ? undefined : stage('html', async () => {
    const page = renderWebPage(book, templates, fonts);
    const files: FolderContent = { 'index.html': page.html, 'style.css': page.css };
    for (const font of page.fonts) files[`fonts/${font.file}`] = font.bytes ?? { copyFrom: font.path };
    for (const image of book.images) files[image.href] = image.screen ?? image.bytes;
    await writeFolderAtomic(target(''), files);
    return path.join(target(''), 'index.html');
  }, (file) => file);
  const pdf = !(wanted.has('pdf') || poppler) ? undefined : stage('pdf', async () => {
    const { print, bleedMm, padTo, interior, cropMarks } = book.config.pdf;
    // The build's one browser, started before the books were prepared.
    const browser = await chromium;
    note(`printing with ${browser.executablePath}`);
    const cache = cacheFor('prints');
    const pdfOptions = { templates, fonts, missingGlyphs, browser, cache, fontCache: cacheFor('fonts'), readFont: (file: string) => readFile(file), onRetry: (why: string) => warn('pdf', why) };
    const screen = await toPdf(book, pdfOptions);
    note(`${screen.timings.prints} print(s) by Chromium${cache ? `, ${screen.timings.cached} part(s) unchanged since an earlier build (${cache.dir})` : ', no cache (PAIBAN_CACHE=off)'}`);
    report(screen.warnings);
    // Asked only for proofs: the PDF is made for them, not written.
    if (!wanted.has('pdf')) return { ...screen, files: 'for the proofs only' };
    await writeFileAtomic(target('.pdf'), screen.bytes);
    if (!print) return { ...screen, files: target('.pdf') };
    // The printer's variant beside the screen PDF: bleed, boxes, whole signatures, black ink only, crop marks.
    // Without Ghostscript the screen PDF is still written; only the gray print file fails.
    const ghostscript = interior === 'gray' ? await findGhostscript() : undefined;
    if (ghostscript) note(`turning the print file gray with ${ghostscript}`);
    const press = await toPdf(book, pdfOptions, { bleedMm, padTo, interior, cropMarks, ghostscript }, screen.layout);
    await writeFileAtomic(target('-print.pdf'), press.bytes);
    return { ...screen, files: `${target('.pdf')}, ${target('-print.pdf')}` };
  }, ({ files }) => files);
  const proof = !(poppler && pdf) ? undefined : pdf.then(
    (printed) => stage('proof', async () => {
      const built = await epub?.catch(() => undefined);
      const files = await makeProofs({ book, templates, poppler, pdf: printed, epub: built, diagnostics: [...warnings, ...printed.warnings], missingGlyphs, progress: progress('proof', 'pages') });
      await writeFolderAtomic(target('-proof'), files.content);
      report(files.validation);
      return path.join(target('-proof'), 'report.html');
    }, (file) => file),
    () => Promise.reject(new Skipped('there is no PDF to proof')),
  );
  const results = await Promise.allSettled([epub, html, pdf, proof].filter((job) => job !== undefined));
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    const error: unknown = result.reason;
    if (error instanceof Skipped) {
      skip('proof', error.message);
    } else if (error instanceof MissingBrowserError || error instanceof MissingGhostscriptError || error instanceof BrowserFailedError) {
      fail('pdf', error.message);
      exit = Math.max(exit, EXIT.missingTool);
    } else if (error instanceof PdfError) {
      fail('pdf', error.message);
      exit = Math.max(exit, EXIT.badInput);
    } else if (isWriteError(error)) {
      fail('write', `Cannot write ${error.path ?? outDir}: ${WRITE_ERRORS[error.code!]} (${error.code}); what was there before is kept`);
      exit = Math.max(exit, EXIT.cannotWrite);
    } else throw error;
  }
  const opened = [proof && path.join(target('-proof'), 'report.html'), pdf && wanted.has('pdf') && target('.pdf'), html && path.join(target(''), 'index.html'), epub && target('.epub')];
  return { exit, toOpen: exit === EXIT.ok ? opened.find((file) => typeof file === 'string') : undefined };
}

export async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    console.error(`paiban: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (options.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const color = process.stdout.isTTY && process.stderr.isTTY && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  const manuscripts = await findManuscripts(options.manuscripts);
  const several = manuscripts.length > 1;
  // Several books print at once: each line says whose it is, and no progress line is redrawn.
  const voiceFor = (dir: string) => makeVoice({ quiet: options.quiet, verbose: options.verbose, color, live: process.stdout.isTTY && !several, label: several ? displayPath(dir) : '' });
  let exit: number = EXIT.ok;
  // One browser for the whole build, launched now: it starts while the books are prepared and the EPUBs made.
  const chromium = options.formats.has('pdf') || options.formats.has('proof') ? startBrowser() : Promise.reject(new Error('no PDF was asked for'));
  chromium.catch(() => undefined);
  try {
    // Every book is prepared first (a fraction of a second each), so that two cannot write the same files.
    const prepared: { dir: string; voice: Voice; book: PreparedBook }[] = [];
    for (const dir of manuscripts) {
      const voice = voiceFor(dir);
      try {
        const book = await prepareBook(dir, options, voice.stage);
        voice.report(book.warnings);
        prepared.push({ dir, voice, book });
      } catch (error) {
        if (!(error instanceof BuildError)) throw error;
        voice.report(error.diagnostics);
        const count = error.diagnostics.filter((d) => d.severity === 'error').length;
        voice.fail('build failed', `${count} error${count === 1 ? '' : 's'}; nothing in ${options.out}/ was changed`);
        exit = EXIT.badInput;
      }
    }
    // (Map.groupBy is Node 21.)
    const bySlug = new Map<string, typeof prepared>();
    for (const p of prepared) bySlug.set(p.book.book.slug, [...(bySlug.get(p.book.book.slug) ?? []), p]);
    for (const [slug, books] of bySlug) {
      if (books.length < 2) continue;
      books[0]!.voice.fail('build failed', `Unexpected ${books.length} books named "${slug}" (${books.map((b) => displayPath(path.join(b.dir, 'book.yaml'))).join(', ')}): each would write ${path.join(options.out, slug)}.*, expected its own slug in book.yaml`);
      exit = EXIT.badInput;
    }
    const distinct = prepared.filter((p) => bySlug.get(p.book.book.slug)!.length === 1);
    const made = await pMap(distinct, ({ book, voice }) => makeOutputs(book, options, voice, chromium), { concurrency: Math.max(1, Math.min(2, os.availableParallelism())) });
    exit = Math.max(exit, ...made.map((m) => m.exit));
    if (options.open) {
      for (const { toOpen } of made) if (toOpen) await open(toOpen).catch((error: Error) => console.error(`paiban: could not open ${toOpen}: ${error.message}`));
    }
    return exit;
  } catch (error) {
    console.error(`✗ paiban failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.internal;
  } finally {
    await (await chromium.catch(() => undefined))?.close();
  }
}

/** The browser found and launching; a missing one is the PDF's failure, reported when the PDF is made. */
async function startBrowser(): Promise<BrowserSession> {
  const session = new BrowserSession(await findBrowser());
  void session.get().catch(() => undefined);
  return session;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/build.ts')) {
  exitCleanlyOnSignals((signal) => console.error(`✗ stopped by ${signal}: outputs being written were removed, the ones before them kept`));
  process.exitCode = await main(process.argv.slice(2));
}
