// The EPUB validators (spec C34–C36), each returning its complaints as
// strings, so a test reads `expect(await validate(file)).toEqual([])` and a
// failure names every message. Each needs its tool; see tools.ts.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findBrowser } from '../../scripts/lib/browser.ts';
import { expect, it } from 'vitest';
import { budget } from './budget.ts';
import { EPUBCHECK_JAR, itWith, run, tools, type Tool } from './tools.ts';

function inTemporaryDir<T>(prefix: string, work: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Java EPUBCheck (Debian's 4.2.6, EPUB 3.2 rules): every fatal, error and warning. */
export function javaEpubcheck(epub: string): string[] {
  return inTemporaryDir('paiban-epubcheck-', (dir) => {
    const report = path.join(dir, 'report.json');
    try {
      run('java', ['-jar', EPUBCHECK_JAR!, '--json', report, epub]);
    } catch {
      // Non-zero exit when there are messages; the report says which.
    }
    const { checker, messages } = JSON.parse(readFileSync(report, 'utf8'));
    const counts = checker.nFatal + checker.nError + checker.nWarning;
    return [...messages.map((m: { ID: string; message: string }) => `${m.ID}: ${m.message}`), ...(counts && !messages.length ? [`${counts} problems`] : [])];
  });
}

/** EPUBCheck's usage notes (`-u`) that spec C37 wants absent: no landmarks, inline styles, unused CSS. */
export function javaEpubcheckUsage(epub: string, ids = ['ACC-008', 'ACC-013', 'HTM-044', 'CSS-024', 'CSS-025']): string[] {
  let output = '';
  try {
    output = run('java', ['-jar', EPUBCHECK_JAR!, '-u', epub]);
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  return output.split('\n').filter((line) => ids.some((id) => line.includes(`(${id})`)));
}

/** npm @likecoin/epubcheck-ts (EPUB 3.3 rules): every fatal, error and warning. */
export async function epubcheckTs(epub: string): Promise<string[]> {
  const { EpubCheck } = await import('@likecoin/epubcheck-ts');
  const result = await EpubCheck.validate(new Uint8Array(readFileSync(epub)));
  return result.messages.filter((m: { severity: string }) => ['fatal', 'error', 'warning'].includes(m.severity)).map((m: { id?: string; message: string }) => `${m.id ?? ''}: ${m.message}`);
}

export const executable = await findBrowser().catch(() => undefined);
export const aceTool: Tool = { name: 'Chromium (for DAISY Ace)', available: executable !== undefined, install: 'apt-get install chromium' };
export { tools };

/** DAISY Ace through its puppeteer runner, on the build's browser: every assertion that did not pass. */
export function ace(epub: string): string[] {
  return inTemporaryDir('paiban-ace-', (dir) => {
    execFileSync(path.join('node_modules', '.bin', 'ace-cli'), ['--force', '--silent', '--outdir', dir, epub], { env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: executable! }, stdio: 'pipe' });
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    type Assertion = { 'earl:test': { 'dct:title': string }; 'earl:result': { 'earl:outcome': string; 'dct:description'?: string } };
    const failed: string[] = report.assertions.flatMap((a: { assertions: Assertion[] }) =>
      a.assertions.filter((x) => x['earl:result']['earl:outcome'] !== 'pass').map((x) => `${x['earl:test']['dct:title']}: ${x['earl:result']['dct:description'] ?? ''}`),
    );
    return report['earl:result']['earl:outcome'] === 'pass' ? failed : [...failed, `outcome: ${report['earl:result']['earl:outcome']}`];
  });
}

/**
 * An EPUB's validator tests (spec C34–C36): Java EPUBCheck (and, with
 * `usage`, none of C37's usage notes), epubcheck-ts, DAISY Ace.
 */
export function itPassesEpubValidators(epub: () => string, { usage = false } = {}): void {
  itWith(tools.java, `passes Java EPUBCheck with no error and no warning (C34)${usage ? ', and has no usage note about landmarks, inline styles or unused CSS (C37)' : ''}`, () => {
    expect(javaEpubcheck(epub())).toEqual([]);
    if (usage) expect(javaEpubcheckUsage(epub())).toEqual([]);
  }, budget({ javaEpubcheck: usage ? 2 : 1 }));
  it('passes epubcheck-ts (C35)', async () => {
    expect(await epubcheckTs(epub())).toEqual([]);
  });
  itWith(aceTool, 'passes DAISY Ace (C36)', () => {
    expect(ace(epub())).toEqual([]);
  }, budget({ ace: 1 }));
}
