// `locallift recommend`: JSON shape of the comparison and the --out top-N CSV, on a small generated ratings file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generate } from '../../../scripts/samples/ratings.ts';
import { run } from '../../../src/cli/commands/recommend.ts';

const dir = mkdtempSync(join(tmpdir(), 'locallift-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const out: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((s: unknown) => {
    out.push(String(s));
  });
  try {
    const code = await run(args);
    return { code, json: JSON.parse(out.join('\n')) as Record<string, unknown> };
  } finally {
    spy.mockRestore();
  }
}

describe('locallift recommend', () => {
  const file = join(dir, 'ratings.csv');
  writeFileSync(file, generate(2, { users: 150, items: 120, perUser: 40 }).files[0]!.csv);

  it('explicit: prints every model with rmse/mae/trainSeconds and the best; --out writes top-k per user', async () => {
    const outFile = join(dir, 'recs.csv');
    const { code, json } = await cli([file, '--json', '--k', '5', '--out', outFile]);
    expect(code).toBe(0);
    expect(json.mode).toBe('explicit');
    const models = json.models as { name: string; rmse: number; mae: number; trainSeconds: number }[];
    expect(models.map((m) => m.name)).toEqual(['global-mean', 'biases', 'user-knn', 'item-knn', 'mf']);
    for (const m of models) {
      expect(m.rmse).toBeGreaterThan(0);
      expect(m.mae).toBeGreaterThan(0);
      expect(m.trainSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(json.best).toBe(models.reduce((a, b) => (b.rmse < a.rmse ? b : a)).name);
    const lines = readFileSync(outFile, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('user,rank,item,name,score,reason');
    expect(lines).toHaveLength(1 + 150 * 5);
  });

  it('implicit with a time-free file: ranking metrics; a bad flag is a usage error', async () => {
    const { json } = await cli([file, '--mode', 'implicit', '--grid', '5:2', '--no-refit']);
    const models = json.models as {
      name: string;
      ndcgAtK: number;
      precisionAtK: number;
      recallAtK: number;
      coverage: number;
    }[];
    expect(models.map((m) => m.name)).toEqual(['popular', 'item-knn', 'ials']);
    for (const m of models) expect(m.ndcgAtK).toBeGreaterThan(0);
    expect((json.grid as unknown[]).length).toBe(1);
    await expect(run([file, '--split', 'time'])).rejects.toThrow(/needs a timestamp column/);
    await expect(run([file, '--mode', 'both'])).rejects.toThrow(/--mode must be explicit or implicit/);
  });
});
