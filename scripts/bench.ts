// npm run bench: how fast paiban builds books of three sizes made from the
// essay (1, 60 and 600 chapters), stage by stage, against a bare Chromium
// printing the same page once — absolute times differ between machines, the
// ratio does not much. Writes dist/bench/results.json and dist/bench/chart.svg.
//
//   npm run bench -- --sizes 1,60 --runs 3 --writing-mode vertical

import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareBook } from './build.ts';
import { countCharacters, writeEssayBook } from './bench-books.ts';
import { buildSite } from './dev.ts';
import { isWritingMode, type WritingMode } from './lib/config.ts';
import { BOOK_ORIGIN, BrowserSession, closeBrowser, findBrowser, launchBrowser, openBookPage } from './lib/browser.ts';
import { toEpub } from './lib/epub.ts';
import { renderPrintPage, renderWebPage } from './lib/html.ts';
import { printSite, toPdf } from './lib/pdf.ts';
import { processTree, pssBytes } from './lib/processes.ts';
import { writeFileAtomic } from './lib/write.ts';

const HELP = `Usage: npm run bench -- [options]

  --sizes LIST        chapters per book, comma-separated (default: 1,60,600)
  --runs N            builds per book; the median is reported (default: 3; 1 for 600 chapters)
  --writing-mode M    horizontal or vertical (default: horizontal)
  --out DIR           where results.json and chart.svg go (default: dist/bench)`;

interface Sample {
  stages: Record<string, number>;
  totalMs: number;
  baselineMs: number;
  /** Only for a build whose memory was sampled. */
  peakMb?: number;
}

/**
 * Memory of this process and every process it started (Chromium), sampled:
 * the sum of their proportional set sizes (PSS: shared pages counted once),
 * from /proc; on a system without it, this process's RSS.
 */
function memorySampler(intervalMs = 100) {
  const sample = () => {
    const total = processTree(process.pid).reduce((sum, pid) => sum + pssBytes(pid), 0);
    return total || process.memoryUsage().rss;
  };
  let peak = sample();
  const timer = setInterval(() => (peak = Math.max(peak, sample())), intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, sample()) / 1024 / 1024;
    },
  };
}

/**
 * One full build in this process (EPUB, web edition, PDF), timed stage by
 * stage, and the bare print of the same page. With `sampleMemory`, the peak
 * memory too: reading /proc takes ~20 ms a sample while Chromium runs (its
 * page tables are walked), which would slow the build beside the bare print,
 * so a build is either sampled or timed for the table, not both.
 */
async function buildOnce(manuscript: string, browser: string, sampleMemory = false): Promise<Sample> {
  const memory = sampleMemory ? memorySampler() : undefined;
  const stages: Record<string, number> = {};
  const start = performance.now();
  const timed = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const at = performance.now();
    const result = await run();
    stages[name] = (stages[name] ?? 0) + performance.now() - at;
    return result;
  };
  // As the build does: the browser launched first, while the book is prepared; then the three outputs at once.
  const session = new BrowserSession(browser);
  void session.get().catch(() => undefined);
  const prepared = await prepareBook(manuscript, {}, timed).catch(async (error: unknown) => {
    await session.close();
    throw error;
  });
  const { book, templates, fonts, missingGlyphs } = prepared;
  const readFont = (file: string) => readFile(file);
  const [, , pdf] = await Promise.all([
    timed('epub', () => toEpub(book, templates)),
    timed('web', () => renderWebPage(book, templates, fonts)),
    toPdf(book, { templates, fonts, missingGlyphs, browser: session, readFont }),
  ]).finally(() => session.close());
  stages['pdf layout'] = pdf.timings.layoutMs;
  stages['pdf finish'] = pdf.timings.finishMs;
  const totalMs = performance.now() - start;
  const peakMb = memory?.stop();
  // The baseline: launch Chromium, load the same page (laid out as the last pass), print it once.
  const page = renderPrintPage(book, templates, fonts, pdf.layout);
  const baselineStart = performance.now();
  const chromium = await launchBrowser(browser);
  try {
    const { page: tab } = await openBookPage(chromium, printSite(page, book.images));
    await tab.goto(`${BOOK_ORIGIN}/index.html`, { waitUntil: 'load', timeout: 600_000 });
    await tab.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 0 });
  } finally {
    await closeBrowser(chromium);
  }
  return { stages, totalMs, baselineMs: performance.now() - baselineStart, ...(peakMb === undefined ? {} : { peakMb }) };
}

/**
 * What `npm run dev` does when a paragraph of the essay is saved: prepare the
 * book again (through the cache, as the dev server does) and render the
 * preview's pages; the median of `runs` saves, each changing the paragraph.
 * The PDF follows in the background (only its changed part printed again).
 */
async function devRebuildMs(runs = 5): Promise<number> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'paiban-bench-dev-'));
  const before = process.env.PAIBAN_CACHE;
  process.env.PAIBAN_CACHE = path.join(scratch, 'cache');
  try {
    const manuscript = path.join(scratch, 'manuscript');
    await cp('manuscript', manuscript, { recursive: true });
    const chapter = path.join(manuscript, '01-deepseek.md');
    const text = await readFile(chapter, 'utf8');
    await buildSite(manuscript);
    const times: number[] = [];
    for (let run = 1; run <= runs; run++) {
      // One paragraph changes: a sentence added to the essay's first paragraph.
      await writeFile(chapter, text.replace('上個月底，', `上個月底（第${run}稿），`));
      const start = performance.now();
      await buildSite(manuscript);
      times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    process.env.PAIBAN_CACHE = before;
    await rm(scratch, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface BookResult {
  chapters: number;
  characters: number;
  runs: number;
  stagesMs: Record<string, number>;
  totalMs: { median: number; min: number; max: number };
  baselineMs: number;
  ratio: number;
  peakMb: number;
  charactersPerSecond: number;
  epubAloneMs: number;
  pandocEpubMs?: number | undefined;
}

/** The EPUB alone, as `--format epub` makes it (load, parse, typeset, EPUB; no browser beside it): the median of `runs`. */
async function epubAloneMs(manuscript: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    const { book, templates } = await prepareBook(manuscript);
    await toEpub(book, templates);
    // The first is a warm-up.
    if (run > 0) times.push(performance.now() - start);
  }
  return median(times);
}

/** Pandoc's EPUB of the same chapters, for comparison (if pandoc is installed). */
async function pandocEpubMs(manuscript: string): Promise<number | undefined> {
  const files = (await readdir(manuscript)).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(manuscript, f));
  const out = path.join(os.tmpdir(), `paiban-bench-pandoc-${process.pid}.epub`);
  try {
    const start = performance.now();
    execFileSync('pandoc', ['--metadata', 'title=bench', '--metadata', 'lang=zh-Hant', '-o', out, ...files], { stdio: 'ignore' });
    return performance.now() - start;
  } catch {
    return undefined;
  } finally {
    await rm(out, { force: true });
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

function table(results: BookResult[]): string {
  const stageNames = [...new Set(results.flatMap((r) => Object.keys(r.stagesMs)))];
  const rows = [
    ['book', 'chars', ...stageNames, 'total (min–max)', 'bare Chromium', 'ratio', 'peak MB', 'chars/s', 'epub alone', 'pandoc epub'],
    ...results.map((r) => [
      `${r.chapters} ch`,
      String(r.characters),
      ...stageNames.map((s) => seconds(r.stagesMs[s] ?? 0)),
      `${seconds(r.totalMs.median)} (${seconds(r.totalMs.min)}–${seconds(r.totalMs.max)})`,
      seconds(r.baselineMs),
      `${r.ratio.toFixed(2)}×`,
      r.peakMb.toFixed(0),
      r.charactersPerSecond.toFixed(0),
      seconds(r.epubAloneMs),
      r.pandocEpubMs === undefined ? '–' : seconds(r.pandocEpubMs),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
}

/** Bars per book: the full build beside the bare print, each labelled; a regression shows as a longer bar. */
function chart(results: BookResult[], title: string): string {
  const width = 720;
  const rowHeight = 56;
  const left = 110;
  const scale = (width - left - 90) / Math.max(...results.flatMap((r) => [r.totalMs.median, r.baselineMs]));
  const bars = results.map((r, i) => {
    const y = 52 + i * rowHeight;
    const build = r.totalMs.median * scale;
    const bare = r.baselineMs * scale;
    return [
      `<text x="${left - 10}" y="${y + 20}" text-anchor="end">${r.chapters} ch</text>`,
      `<rect x="${left}" y="${y}" width="${build.toFixed(1)}" height="18" fill="#b3261e"/>`,
      `<text x="${(left + build + 6).toFixed(1)}" y="${y + 14}">${seconds(r.totalMs.median)} s (${r.ratio.toFixed(2)}×)</text>`,
      `<rect x="${left}" y="${y + 22}" width="${bare.toFixed(1)}" height="18" fill="#8a8a8a"/>`,
      `<text x="${(left + bare + 6).toFixed(1)}" y="${y + 36}">${seconds(r.baselineMs)} s</text>`,
    ].join('\n  ');
  });
  const height = 64 + results.length * rowHeight;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
  <text x="10" y="20" font-weight="bold">${title}</text>
  <text x="10" y="38"><tspan fill="#b3261e">■ paiban (EPUB + web + PDF)</tspan> <tspan fill="#8a8a8a">■ bare Chromium print of the same page</tspan></text>
  ${bars.join('\n  ')}
</svg>
`;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1,60,600' },
      runs: { type: 'string' },
      'writing-mode': { type: 'string', default: 'horizontal' },
      out: { type: 'string', default: 'dist/bench' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const sizes = values.sizes.split(',').map(Number);
  const writingMode = values['writing-mode'];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !isWritingMode(writingMode)) {
    console.error(`paiban bench: bad --sizes or --writing-mode\n\n${HELP}`);
    return 2;
  }
  // Cold builds: nothing from an earlier build's cache (the cache is for rebuilds, not for the bench).
  process.env.PAIBAN_CACHE = 'off';
  const browser = await findBrowser();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'paiban-bench-'));
  const results: BookResult[] = [];
  try {
    for (const chapters of sizes) {
      const manuscript = path.join(scratch, `book-${chapters}`);
      const characters = chapters === 1 ? countCharacters(await readFile('manuscript/01-deepseek.md', 'utf8')) : await writeEssayBook(manuscript, chapters, writingMode as WritingMode);
      const source = chapters === 1 ? 'manuscript' : manuscript;
      const runs = Number(values.runs ?? (chapters >= 600 ? 1 : 3));
      // One warm-up build (module loading, font caches), its memory sampled; then the timed ones.
      process.stdout.write(`${chapters} chapter(s), ${characters} characters: warm-up`);
      const { peakMb } = await buildOnce(source, browser, true);
      const samples: Sample[] = [];
      for (let run = 1; run <= runs; run++) {
        process.stdout.write(`, run ${run}/${runs}`);
        samples.push(await buildOnce(source, browser));
      }
      process.stdout.write('\n');
      const stageNames = Object.keys(samples[0]!.stages);
      const totals = samples.map((s) => s.totalMs);
      const total = median(totals);
      const baseline = median(samples.map((s) => s.baselineMs));
      results.push({
        chapters,
        characters,
        runs,
        stagesMs: Object.fromEntries(stageNames.map((name) => [name, median(samples.map((s) => s.stages[name] ?? 0))])),
        totalMs: { median: total, min: Math.min(...totals), max: Math.max(...totals) },
        baselineMs: baseline,
        ratio: total / baseline,
        peakMb: peakMb!,
        charactersPerSecond: characters / (total / 1000),
        epubAloneMs: await epubAloneMs(source, runs),
        pandocEpubMs: await pandocEpubMs(source),
      });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
  console.log(`\n${machine}; ${writingMode}; times in seconds, medians; ratio = full build / bare Chromium print\n`);
  console.log(table(results));
  const devRebuild = sizes.includes(1) ? await devRebuildMs() : undefined;
  if (devRebuild !== undefined) console.log(`\nnpm run dev, one paragraph of the essay changed: the preview rebuilt in ${devRebuild.toFixed(0)} ms (median of 5)`);
  const report = { machine, writingMode, date: new Date().toISOString(), results, devRebuildMs: devRebuild };
  await writeFileAtomic(path.join(values.out, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(path.join(values.out, 'chart.svg'), chart(results, `paiban bench, ${writingMode} (${machine})`));
  console.log(`\nwrote ${path.join(values.out, 'results.json')} and chart.svg`);
  return 0;
}

if (process.argv[1]?.endsWith('scripts/bench.ts')) process.exitCode = await main(process.argv.slice(2));
