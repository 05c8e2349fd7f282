// The newcomer bench's corpus: every shared data file is in it, and each variant is what its label says (no header,
// another delimiter, rows shuffled behind an unnamed 1..n index, renamed or Chinese headers) with the source's rows.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCorpus, sharedFiles, VARIANT_NAMES } from '../../../bench/newcomer/corpus.ts';
import { DATASETS } from '../../datasets.ts';

const dir = mkdtempSync(join(tmpdir(), 'locallift-corpus-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (path: string, delimiter?: string) =>
  Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true, ...(delimiter ? { delimiter } : {}) }).data;

describe.skipIf(!existsSync(DATASETS))('newcomer corpus', () => {
  // Built on first use: a checkout without the shared datasets skips the block without reading them.
  let corpus: ReturnType<typeof buildCorpus> | undefined;
  const built = () => (corpus ??= buildCorpus(dir, ['v:']));
  const variant = (name: string) => built().files.find((f) => f.label === `v:${name}`)!;
  const source = (name: string) => rowsOf(join(DATASETS, variant(name).source!));

  it('lists every shared data file and writes at least six variants', () => {
    expect(sharedFiles().length).toBeGreaterThanOrEqual(15);
    expect(sharedFiles().some((f) => f.endsWith('.md'))).toBe(false);
    const { files, missing } = built();
    expect(missing).toEqual([]);
    expect(files.map((f) => f.label.slice(2))).toEqual(VARIANT_NAMES);
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it('header removed: the source rows without their first line', () => {
    expect(rowsOf(variant('ratings-no-header').path)).toEqual(source('ratings-no-header').slice(1));
  });

  it('delimiters: the same cells split by ; and by tab', () => {
    expect(rowsOf(variant('telco-semicolon').path, ';')).toEqual(source('telco-semicolon'));
    expect(readFileSync(variant('telco-semicolon').path, 'utf8').split('\n')[0]).toContain(';');
    expect(rowsOf(variant('shoppers-tab').path, '\t')).toEqual(source('shoppers-tab'));
  });

  it('shuffled behind an unnamed index: a permutation of 1..n, out of order, each row its source row', () => {
    const [head, ...rows] = rowsOf(variant('telco-shuffled-index').path);
    const [srcHead, ...src] = source('telco-shuffled-index');
    expect(head).toEqual(['', ...srcHead!]);
    const index = rows.map((r) => Number(r[0]));
    expect([...index].sort((a, b) => a - b)).toEqual(src.map((_, i) => i + 1));
    expect(index.slice(0, 20)).not.toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const r of rows.slice(0, 50)) expect(r.slice(1)).toEqual(src[Number(r[0]) - 1]);
  });

  it('renamed and Chinese headers keep the rows', () => {
    const renamed = rowsOf(variant('advertising-renamed').path);
    expect(renamed[0]!.every((h, i) => h === `col_${i + 1}`)).toBe(true);
    expect(renamed.slice(1)).toEqual(source('advertising-renamed').slice(1));
    const zh = rowsOf(variant('retail-chinese').path);
    expect(zh[0]!.filter((h) => /[\u4e00-\u9fff]/.test(h)).length).toBe(zh[0]!.length);
    expect(zh.length).toBe(source('retail-chinese').length);
  });

  it('an e-mail column appended to every row (the import asks about personal data)', () => {
    const rows = rowsOf(variant('telco-with-emails').path);
    expect(rows[0]!.at(-1)).toBe('email');
    expect(rows.slice(1).every((r) => /^[^@\s]+@[^@\s]+\.\w+$/.test(r.at(-1)!))).toBe(true);
    expect(rows.map((r) => r.slice(0, -1))).toEqual(source('telco-with-emails'));
  });
});
