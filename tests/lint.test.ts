// npm run lint:text: what the build will not fix, at the manuscript's line and column (spec T30).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINT_RULES, typedOffset } from '../scripts/lib/lint.ts';
import { main } from '../scripts/lint-text.ts';

afterEach(() => vi.restoreAllMocks());

async function lint(args: string[]) {
  const errors: string[] = [];
  const logs: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a.join(' ')));
  return { status: await main(args), errors, logs };
}

describe('lint:text', () => {
  it('finds nothing to say about the essay', async () => {
    const { status, errors } = await lint(['--strict']);
    expect(errors).toEqual([]);
    expect(status).toBe(0);
  });

  it('reports what the typesetter leaves, at its line and column, and fails with --strict', async () => {
    const { status, errors } = await lint(['--manuscript', 'tests/fixtures/lint', '--strict']);
    expect(errors).toEqual([
      'tests/fixtures/lint/01.md:3:9: warning: Unexpected repeated "！！", expected one mark (typography:repeated-punctuation)',
      'tests/fixtures/lint/01.md:11:3: warning: Unexpected "ー" as a dash, expected "——" (two U+2014) (typography:wrong-dash)',
    ]);
    expect(status).toBe(1);
  });

  it('only warns without --strict', async () => {
    expect((await lint(['--manuscript', 'tests/fixtures/lint'])).status).toBe(0);
  });
});

describe('lint rules', () => {
  const check = (id: string, text: string) => LINT_RULES.find((r) => r.id === id)!.check(text).map((p) => p.index);
  it.each([
    ['repeated-punctuation', '竟然戰勝了巴西隊！！', [8]],
    ['repeated-punctuation', '真的嗎？', []],
    ['period-before-fullwidth', '他用了ChatGPT.，然後', [10]],
    ['halfwidth-in-han', '甲,1', [1]],
    ['halfwidth-in-han', 'a,b (c)', []],
    ['ideographic-space-indent', '\u3000\u3000這段', [0]],
    ['wrong-dash', '中文ー中文', [2]],
    ['wrong-dash', 'ラーメン', []],
  ] as const)('%s on %j', (id, text, indexes) => {
    expect(check(id, text)).toEqual(indexes);
  });
});

describe('where a warning is placed', () => {
  it.each([
    // Han–Latin spaces added, a line end joined away: the place is back in the text as typed.
    ['DeepSeek 發布了 R1 模型，竟然戰勝了巴西隊！！', 'DeepSeek發布了R1模型，\n竟然戰勝了巴西隊！！', '！！'],
    ['DeepSeek 發布了 R1 模型，竟然戰勝了巴西隊！！', 'DeepSeek發布了R1模型，\n竟然戰勝了巴西隊！！', '竟然'],
    // Quotes swapped one for one.
    ['甲「乙」丙！！', '甲"乙"丙！！', '！！'],
    ['同一段！！', '同一段！！', '！！'],
  ])('%j → %j: %j', (typeset, typed, what) => {
    expect(typedOffset(typeset, typed, typeset.indexOf(what))).toBe(typed.indexOf(what));
  });

  it('names the line and column the author typed, after spaces were added and lines joined', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paiban-lint-place-'));
    try {
      writeFileSync(path.join(dir, 'book.yaml'), 'title: 測\n');
      writeFileSync(path.join(dir, '01.md'), '# 測\n\n**DeepSeek**發布了R1模型，「真的」，\n竟然戰勝了巴西隊！！\n');
      const { errors } = await lint(['--manuscript', dir]);
      expect(errors).toEqual([`${dir}/01.md:4:9: warning: Unexpected repeated "！！", expected one mark (typography:repeated-punctuation)`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
