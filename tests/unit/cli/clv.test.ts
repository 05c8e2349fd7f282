// `locallift clv`: JSON shape (model with intervals, top customers, holdout rows) on a generated transaction log and
// on the CDNOW summary, the --all listing, and usage errors.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/clv.ts';
import { main } from '../../../src/cli/main.ts';
import { simulate } from '../clv/simulate.ts';
import { dataset } from '../../datasets.ts';

const dir = mkdtempSync(join(tmpdir(), 'locallift-clv-'));
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

/** A transaction CSV (customer_id, order_date, revenue) from 600 planted BG/NBD customers over 60 weeks. */
function writeLog(): string {
  const file = join(dir, 'orders.csv');
  const start = Date.UTC(2024, 0, 1);
  const lines = ['customer_id,order_date,revenue'];
  simulate({ r: 0.3, alpha: 4, a: 0.8, b: 2.5, p: 6, q: 4, v: 15 }, 600, 11, 0, 0, 60).forEach((c, i) => {
    const first = start + (i % 56) * 86_400_000;
    c.times.forEach((t, k) => {
      const ms = first + Math.floor(t * 7) * 86_400_000;
      if (ms < start + 60 * 7 * 86_400_000)
        lines.push(`u${i},${new Date(ms).toISOString().slice(0, 10)},${c.spends[k]!.toFixed(2)}`);
    });
  });
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('locallift clv', () => {
  const log = writeLog();

  it('prints the model with intervals, the top customers and the holdout rows', async () => {
    const { code, json } = await cli([log, '--holdout', '12', '--horizon', '12', '--top', '3', '--json']);
    expect(code).toBe(0);
    expect(json.input).toBe('transactions');
    expect(json.columns).toEqual({ customer: 'customer_id', date: 'order_date', amount: 'revenue' });
    const model = json.model as Record<string, number> & { intervals: Record<string, [number, number]> };
    for (const k of ['r', 'alpha', 'a', 'b', 'p', 'q', 'v']) {
      expect(model[k], k).toBeGreaterThan(0);
      const [lo, hi] = model.intervals[k]!;
      expect(lo).toBeLessThan(model[k]!);
      expect(hi).toBeGreaterThan(model[k]!);
    }
    const customers = json.customers as { count: number; top: { clv: number; pAlive: number }[] };
    expect(customers.count).toBe(600);
    expect(customers.top).toHaveLength(3);
    expect(customers.top[0]!.clv).toBeGreaterThanOrEqual(customers.top[2]!.clv);
    const holdout = json.holdout as { periods: number; rows: { frequency: number; customers: number }[] };
    expect(holdout.periods).toBe(12);
    expect(holdout.rows[0]!.frequency).toBe(0);
    expect(holdout.rows.reduce((s, r) => s + r.customers, 0)).toBeGreaterThan(500);
  });

  it('--all lists every customer; --period day changes the unit', async () => {
    const { json } = await cli([log, '--all', '--period', 'day', '--horizon', '30']);
    const customers = json.customers as { count: number; rows: { T: number }[] };
    expect(customers.rows).toHaveLength(600);
    expect(json.period).toBe('day');
    expect(Math.max(...customers.rows.map((r) => r.T))).toBeGreaterThan(300); // days, not weeks
  });

  it('usage errors exit 2 with a JSON error; a missing file exits 1', async () => {
    const err: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((s: unknown) => {
      err.push(String(s));
    });
    try {
      expect(await main(['clv', log, '--period', 'month'])).toBe(2);
      expect(JSON.parse(err.at(-1)!).error.code).toBe('usage');
      expect(await main(['clv', log, '--horizon', 'soon'])).toBe(2);
      expect(await main(['clv'])).toBe(2);
      expect(await main(['clv', join(dir, 'nope.csv')])).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  const summary = dataset('cdnow-lifetimes/cdnow_customers_summary.csv');
  it.skipIf(!existsSync(summary))('fits the CDNOW summary file to lifetimes’ parameters', async () => {
    const { json } = await cli([summary]);
    expect(json.input).toBe('summary');
    const m = json.model as Record<string, number>;
    expect(m.r).toBeCloseTo(0.2426, 3);
    expect(m.alpha).toBeCloseTo(4.4135, 3);
    expect(m.a).toBeCloseTo(0.7929, 3);
    expect(m.b).toBeCloseTo(2.4258, 3);
    expect(m.p).toBeUndefined(); // no spend column
  });
});
