// A build may die at any moment (issue 7): Chromium killed mid-print, the
// build stopped by SIGTERM, an output folder it may not write, a chapter of
// one megabyte on one line. Each time the outputs before it survive and no
// process or temporary file is left behind.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILE_PREFIX } from '../scripts/lib/browser.ts';
import { SOURCE_DATE_EPOCH } from './support/global-setup.ts';
import { build, pdfPath, sha256 } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';
import { executable } from './support/validators.ts';
import { allowance, budget } from './support/budget.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };
const essayPdf: Tool = { name: 'the essay PDF (Chromium)', available: existsSync(pdfPath()), install: 'apt-get install chromium' };

interface Running {
  pid: number;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** The build as a user runs it, in the background. */
function startBuild(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', ...args], { env: { ...process.env, SOURCE_DATE_EPOCH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { pid: child.pid!, done: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr }))) };
}

interface ProcessLine {
  pid: number;
  ppid: number;
  args: string;
}

const processes = (): ProcessLine[] =>
  run('ps', ['-eo', 'pid=,ppid=,args='])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
    });

/** Processes whose command line names a profile of this build's Chromium (its main process and the shell that started it). */
function chromiumOf(pid: number): ProcessLine[] {
  const marker = `${PROFILE_PREFIX}${pid}-`;
  return processes().filter((p) => p.args.includes(marker));
}

/**
 * Wait for this build's Chromium (polling `ps`) and return its main process;
 * with `pages`, until that many renderer processes (one per open tab, the
 * first for its blank start page) run under it.
 */
async function waitForChromium(pid: number, { pages = 0, timeoutMs = allowance({ build: 1 }) } = {}): Promise<number> {
  for (const start = Date.now(); Date.now() - start < timeoutMs; await new Promise((r) => setTimeout(r, 30))) {
    const all = processes();
    // Debian's /usr/bin/chromium is a shell script that starts the browser: the browser is the main process, not the shell.
    const main = all.find((p) => p.args.includes(`${PROFILE_PREFIX}${pid}-`) && !p.args.includes('--type=') && !/^\S*\/(ba|da)?sh /.test(p.args));
    if (!main) continue;
    const tree = new Set([main.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of all) if (tree.has(p.ppid) && !tree.has(p.pid)) (tree.add(p.pid), (grew = true));
    }
    const renderers = all.filter((p) => tree.has(p.pid) && p.args.includes('--type=renderer')).length;
    if (renderers >= pages) return main.pid;
  }
  throw new Error(`build ${pid} started no Chromium (with ${pages} pages) within ${timeoutMs} ms`);
}

/** What a build leaves: temporary outputs in OUT, profiles and scratch folders of its pid in the temp folder. */
function leftovers(out: string, pid: number): string[] {
  const tmp = readdirSync(os.tmpdir()).filter((name) => name.startsWith(`${PROFILE_PREFIX}${pid}-`));
  const partial = existsSync(out) ? readdirSync(out).filter((name) => name.startsWith('.paiban-tmp-')) : [];
  return [...tmp, ...partial, ...chromiumOf(pid).map((p) => `process ${p.pid} ${p.args.slice(0, 60)}`)];
}

/**
 * What a build left once its processes had time to go: a killed Chromium's
 * children exit on their own, later on a busy machine, so this polls until
 * nothing is left or the allowance for a build runs out (then what is left is a leak).
 */
async function leftoversOnceGone(out: string, pid: number): Promise<string[]> {
  const end = Date.now() + allowance({ build: 1 });
  for (;;) {
    const left = leftovers(out, pid);
    if (left.length === 0 || Date.now() > end) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An output folder holding last time's good outputs (the essay's). */
function previousOutputs(name: string): { out: string; before: Record<string, string> } {
  const out = path.join(scratch, name);
  mkdirSync(out, { recursive: true });
  const before: Record<string, string> = {};
  for (const ext of ['.epub', '.pdf']) {
    copyFileSync(path.join(build().out, `deepseek${ext}`), path.join(out, `deepseek${ext}`));
    before[`deepseek${ext}`] = sha256(path.join(out, `deepseek${ext}`));
  }
  return { out, before };
}

const hashes = (out: string, names: string[]) => Object.fromEntries(names.map((n) => [n, sha256(path.join(out, n))]));

describe('faults', () => {
  itWith([chromium, essayPdf, tools.poppler], 'replaces a Chromium killed mid-print and still prints the book, leaving no process behind', async () => {
    const out = path.join(scratch, 'killed');
    const running = startBuild(['--out', out, '--format', 'pdf']);
    // Its blank start page and the book's print page: it is laying out or printing the book.
    const victim = await waitForChromium(running.pid, { pages: 2 });
    process.kill(victim, 'SIGKILL');
    const { code, stderr } = await running.done;
    expect(code, stderr).toBe(0);
    // Killed while printing, or (started early, alongside the EPUB) while waiting to print: said either way.
    expect(stderr).toMatch(/! pdf: Chromium (failed while printing \(.+\); printing again with a new browser|stopped, or did not start, before printing; starting another)/);
    // The same book as an undisturbed build.
    const pages = (file: string) => /Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1];
    expect(pages(path.join(out, 'deepseek.pdf'))).toBe(pages(pdfPath()));
    expect(sha256(path.join(out, 'deepseek.pdf'))).toBe(sha256(pdfPath()));
    expect(await leftoversOnceGone(out, running.pid)).toEqual([]);
    // Printed twice: once killed, once again with a new browser.
  }, budget({ build: 2 }));

  it('says so and exits 3 when Chromium fails twice, keeping the PDF it had', async () => {
    const fake = path.join(scratch, 'crashing-chromium');
    writeFileSync(fake, '#!/bin/sh\necho "this Chromium crashes at once" >&2\nexit 1\n', { mode: 0o755 });
    const out = path.join(scratch, 'crashing');
    mkdirSync(out);
    writeFileSync(path.join(out, 'minimal.pdf'), 'the last good PDF');
    const running = startBuild(['--manuscript', 'tests/fixtures/minimal', '--out', out, '--format', 'pdf'], { PUPPETEER_EXECUTABLE_PATH: fake });
    const { code, stderr } = await running.done;
    expect(code).toBe(3);
    expect(stderr).toContain('! pdf: Chromium failed while printing (Failed to launch the browser process');
    expect(stderr).toContain('✗ pdf: Chromium failed twice while printing: Failed to launch the browser process');
    expect(readFileSync(path.join(out, 'minimal.pdf'), 'utf8')).toBe('the last good PDF');
    expect(leftovers(out, running.pid)).toEqual([]);
  });

  for (const [signal, exit, formats] of [['SIGTERM', 143, 'pdf,html'], ['SIGINT', 130, 'pdf']] as const) {
    itWith([chromium, essayPdf], `stops on ${signal} with exit ${exit}: the outputs before it intact, nothing half-written, no Chromium left`, async () => {
      const { out, before } = previousOutputs(signal);
      const running = startBuild(['--out', out, '--format', formats]);
      await waitForChromium(running.pid);
      process.kill(running.pid, signal);
      const { code, stderr } = await running.done;
      expect(code).toBe(exit);
      expect(stderr).toContain(`✗ stopped by ${signal}: outputs being written were removed, the ones before them kept`);
      expect(hashes(out, Object.keys(before))).toEqual(before);
      expect(await leftoversOnceGone(out, running.pid)).toEqual([]);
    });
  }

  // Root writes anywhere; the build then runs as nobody (setpriv, util-linux).
  const asRoot = process.getuid?.() === 0;
  const setpriv = spawnSync('sh', ['-c', 'command -v setpriv'], { stdio: 'ignore' }).status === 0;
  const unprivileged: Tool = { name: 'a way to build without write permission (not root, or setpriv)', available: !asRoot || setpriv, install: 'apt-get install util-linux' };
  itWith(unprivileged, 'reports an output folder it may not write (exit 73) and keeps what is there', () => {
    // The scratch folder is private (0700); nobody may pass through it to the read-only folder inside.
    chmodSync(scratch, 0o755);
    const out = path.join(scratch, 'read-only');
    mkdirSync(out);
    writeFileSync(path.join(out, 'minimal.epub'), 'the last good EPUB');
    chmodSync(out, 0o555);
    try {
      const args = ['--import', 'tsx', 'scripts/build.ts', '--manuscript', 'tests/fixtures/minimal', '--out', out, '--format', 'epub,html'];
      const command = asRoot ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args]] as const : [process.execPath, args] as const;
      const result = spawnSync(command[0], [...command[1]], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH, HOME: os.tmpdir() } });
      expect(result.status, result.stderr).toBe(73);
      expect(result.stderr).toContain(`✗ write: Cannot write ${path.join(out, 'minimal.epub')}: permission denied (EACCES); what was there before is kept`);
      expect(result.stderr).toContain(`✗ write: Cannot write ${path.join(out, 'minimal')}: permission denied (EACCES)`);
      expect(readFileSync(path.join(out, 'minimal.epub'), 'utf8')).toBe('the last good EPUB');
      expect(readdirSync(out)).toEqual(['minimal.epub']);
    } finally {
      chmodSync(out, 0o755);
    }
  });

  itWith([chromium, tools.poppler], 'builds a chapter of one megabyte on one line, in every format, leaving nothing behind', async () => {
    const manuscript = path.join(scratch, 'one-line');
    mkdirSync(manuscript);
    const seed = readFileSync(new URL('../../shared/seeds/000_2448027780490b17.txt', import.meta.url), 'utf8').replace(/\s+/g, '');
    const line = seed.repeat(Math.ceil(1_000_000 / Buffer.byteLength(seed)));
    writeFileSync(path.join(manuscript, 'book.yaml'), 'title: 一行\nslug: one-line\n');
    writeFileSync(path.join(manuscript, '01.md'), `# 一行\n\n${line}\n`);
    const out = path.join(scratch, 'one-line-out');
    const running = startBuild(['--manuscript', manuscript, '--out', out, '--format', 'epub,html,pdf']);
    const { code, stderr } = await running.done;
    expect(code, stderr).toBe(0);
    expect(Buffer.byteLength(line)).toBeGreaterThanOrEqual(1_000_000);
    const text = run('pdftotext', ['-f', '300', '-l', '300', path.join(out, 'one-line.pdf'), '-']).replace(/\s/g, '');
    expect(text.length).toBeGreaterThan(300);
    expect(seed.repeat(3)).toContain(text.slice(20, 120));
    // Every repeat of the essay is in the web edition (its text, typeset, between tags).
    const web = readFileSync(path.join(out, 'one-line', 'index.html'), 'utf8');
    const repeats = line.split('深度求索是否改變了人工智能遊戲的玩法呢').length - 1;
    expect(web.split('深度求索是否改變了人工智能遊戲的玩法呢').length - 1).toBe(repeats);
    expect(await leftoversOnceGone(out, running.pid)).toEqual([]);
  }, budget({ build: 1, hundredThousandCharacters: 10 }));
});
