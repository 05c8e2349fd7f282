// Every CLI error through the real entry (main): one JSON line {error:{code,message}} on stderr, nothing on stdout,
// exit 2 for usage errors (unknown flags, negative counts, out-of-range values, a missing argument), 1 for impossible
// requests found in the data and for file errors, whose message names the file.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { propensityOptions } from '../../../src/core/propensity/job.ts';

const dir = mkdtempSync(join(tmpdir(), 'locallift-errors-'));
const ratings = join(dir, 'ratings.csv');
const customers = join(dir, 'customers.csv');
const folder = join(dir, 'a-folder');
const missing = join(dir, 'nope.csv');
const locked = join(dir, 'locked.csv');

beforeAll(async () => {
  await initNodeBackend();
  const lines = ['member,film,stars'];
  for (let u = 0; u < 30; u++) for (let i = 0; i < 6; i++) lines.push(`m${u},f${(u + i) % 12},${1 + ((u * i) % 5)}`);
  writeFileSync(ratings, lines.join('\n') + '\n');
  const rows = ['client,age,visits,spend_band,renewed'];
  for (let c = 0; c < 30; c++) rows.push(`c${c},${20 + c},${c % 7},${['a', 'b', 'c'][c % 3]},${c % 4 ? 'no' : 'yes'}`);
  writeFileSync(customers, rows.join('\n') + '\n');
  mkdirSync(folder);
  writeFileSync(locked, 'a,b\n1,2\n');
  chmodSync(locked, 0o000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

type Case = [name: string, argv: () => string[], exit: number, code: string, message: RegExp];

const CASES: Case[] = [
  ['no command', () => [], 2, 'usage', /missing the command/],
  ['unknown command', () => ['nonsense'], 2, 'usage', /unknown command `nonsense`/],
  ['unknown flag', () => ['recommend', ratings, '--bogus'], 2, 'usage', /--bogus/],
  ['flag without its value', () => ['recommend', ratings, '--k'], 2, 'usage', /--k/],
  ['no input file', () => ['recommend'], 2, 'usage', /missing the input file/],
  ['two input files', () => ['segment', customers, ratings], 2, 'usage', /one input file expected, got 2/],
  ['negative k', () => ['recommend', ratings, '--k', '-3'], 2, 'usage', /--k expects a whole number ≥ 1, got `-3`/],
  ['k = 0', () => ['recommend', ratings, '--k', '0'], 2, 'usage', /--k expects a whole number ≥ 1, got `0`/],
  ['k = 2.5', () => ['recommend', ratings, '--k=2.5'], 2, 'usage', /--k expects a whole number, got `2.5`/],
  ['k > items', () => ['recommend', ratings, '--k', '500'], 1, 'bad-k', /k = 500 is more than the 12 items/],
  ['test fraction 1.5', () => ['recommend', ratings, '--test-fraction', '1.5'], 2, 'usage', /between 0 and 1/],
  [
    'no training interactions',
    () => ['recommend', ratings, '--test-fraction', '0.999', '--mode', 'implicit'],
    1,
    'no-train-interactions',
    /No training interactions are left after the split/,
  ],
  ['negative horizon', () => ['clv', ratings, '--horizon', '-1'], 2, 'usage', /--horizon expects a number above 0/],
  ['negative budget', () => ['ads', customers, '--budget', '-5'], 2, 'usage', /--budget expects a number above 0/],
  ['threshold 1.5', () => ['propensity', customers, '--threshold', '1.5'], 2, 'usage', /--threshold .*between 0/],
  ['threshold 0', () => ['propensity', customers, '--threshold', '0'], 2, 'usage', /--threshold .*got `0`/],
  ['negative epochs', () => ['propensity', customers, '--epochs', '-2'], 2, 'usage', /--epochs expects/],
  ['segments k = 1', () => ['segment', customers, '--k', '1'], 2, 'usage', /--k expects a whole number ≥ 2/],
  [
    'segments k = rows',
    () => ['segment', customers, '--k', '30'],
    1,
    'too-many-segments',
    /k = 30 segments .* there are 30/,
  ],
  ['negative top', () => ['clv', ratings, '--top', '-4'], 2, 'usage', /--top expects a whole number ≥ 1/],
  ['bad delimiter', () => ['inspect', ratings, '--delimiter', 'x'], 2, 'usage', /--delimiter must be/],
  ['missing file', () => ['recommend', missing], 1, 'file-not-found', /File not found: `.*nope\.csv`/],
  ['missing file (inspect)', () => ['inspect', missing], 1, 'file-not-found', /nope\.csv/],
  ['missing --test file', () => ['recommend', ratings, '--test', missing], 1, 'file-not-found', /nope\.csv/],
  ['missing --items file', () => ['recommend', ratings, '--items', missing], 1, 'file-not-found', /nope\.csv/],
  ['a directory', () => ['segment', folder], 1, 'file-is-directory', /`.*a-folder` is a directory/],
  ['a directory (propensity)', () => ['propensity', folder], 1, 'file-is-directory', /a-folder/],
];

describe('CLI errors through main()', () => {
  it.each(CASES)('%s', async (_name, argv, exit, code, message) => {
    const r = await cli(argv());
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    const json = JSON.parse(r.err) as { error: { code: string; message: string } };
    expect(Object.keys(json)).toEqual(['error']);
    expect(json.error.code).toBe(code);
    expect(json.error.message).toMatch(message);
    expect(r.code).toBe(exit);
  });

  // root reads any file whatever its mode, so the check only means something for an ordinary user
  it.skipIf(process.getuid?.() === 0)('an unreadable file names the file', async () => {
    const r = await cli(['inspect', locked]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err).error).toMatchObject({
      code: 'file-unreadable',
      message: expect.stringMatching(/locked/),
    });
  });

  it('--help still prints the help on stdout and exits 0', async () => {
    for (const argv of [['--help'], ['recommend', '--help'], ['inspect', '--help']]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/usage: locallift/);
      expect(r.err).toBe('');
    }
  });

  it('the core refuses a threshold outside (0, 1) too (the app and other callers)', () => {
    for (const threshold of [0, 1, -0.2, 1.5])
      expect(() =>
        propensityOptions({ kind: 'propensity', datasetId: 'x', target: 't', model: 'auto', seed: 0, threshold }),
      ).toThrow(expect.objectContaining({ code: 'bad-threshold' }));
    expect(
      propensityOptions({ kind: 'propensity', datasetId: 'x', target: 't', model: 'auto', seed: 0, threshold: 0.3 })
        .threshold,
    ).toBe(0.3);
  });
});
