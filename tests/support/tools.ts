// External tools the tests lean on (validators, poppler, Chromium). Under
// CI=true a missing tool fails its tests; locally they skip, loudly.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { it, type TestFunction } from 'vitest';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export interface Tool {
  name: string;
  available: boolean;
  install: string;
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export const EPUBCHECK_JAR = ['/usr/share/java/epubcheck.jar', '/usr/bin/epubcheck'].find((f) => existsSync(f));

export const tools = {
  java: { name: 'Java EPUBCheck', available: onPath('java') && EPUBCHECK_JAR !== undefined, install: 'apt-get install default-jre-headless epubcheck' },
  poppler: { name: 'poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm)', available: ['pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm'].every(onPath), install: 'apt-get install poppler-utils' },
  qpdf: { name: 'qpdf', available: onPath('qpdf'), install: 'apt-get install qpdf' },
  pandoc: { name: 'pandoc', available: onPath('pandoc'), install: 'apt-get install pandoc' },
  ghostscript: { name: 'Ghostscript (gs)', available: onPath('gs'), install: 'apt-get install ghostscript' },
} satisfies Record<string, Tool>;

const warned = new Set<string>();

/** `it` when the tool is there; a failure in CI or a loud skip locally when it is not. */
export function itWith(tool: Tool | Tool[], name: string, fn: TestFunction, timeout?: number): void {
  const missing = [tool].flat().filter((t) => !t.available);
  if (missing.length === 0) return void it(name, fn, timeout);
  const reason = missing.map((t) => `${t.name} is missing (${t.install})`).join('; ');
  if (IN_CI) return void it(name, () => {
    throw new Error(`CI=true and ${reason}`);
  });
  if (!warned.has(reason)) console.warn(`\n⚠ SKIPPED tests: ${reason}\n`);
  warned.add(reason);
  it.skip(`${name} [skipped: ${reason}]`, fn);
}

export function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
