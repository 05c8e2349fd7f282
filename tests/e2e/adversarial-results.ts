// Adversarial stored results for the view tests: each feature's real job run in Node on data whose names are HTML,
// RTL and Arabic text, with duplicate and empty ids, then its figures broken (NaN, ±Infinity, undefined), a list
// emptied and one grown to 10,000 levels — the shapes a broken fit, an old build or hostile data can leave behind.
import { initNodeBackend } from '../../src/cli/tf-node.ts';
import { tableFromRecords } from '../../src/core/data/table.ts';
import { silentContext } from '../../src/core/jobs.ts';
import { rng } from '../../src/core/random.ts';
import { runSegmentation } from '../../src/core/segments/run.ts';
import { segmentJobResult } from '../../src/core/segments/job.ts';
import { runPropensity } from '../../src/core/propensity/run.ts';
import { propensityJobResult } from '../../src/core/propensity/job.ts';
import { runClv } from '../../src/core/clv/run.ts';
import { clvOptions } from '../../src/core/clv/job.ts';
import { runRecommend } from '../../src/core/recommend/run.ts';
import { recommendOptions, recommendSummary } from '../../src/core/recommend/job.ts';
import { runAdsJob } from '../../src/core/ads/job.ts';

export const EVIL = ['<img src=x onerror=alert(1)>', '\u202Eevil', 'مرحبا', '<b>x</b>&amp;'];
const ctx = silentContext();
type Obj = Record<string, unknown>;
const BAD = [NaN, Infinity, -Infinity, undefined];

/** n levels "L0"…: the 10,000-level list. */
const manyLevels = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** Sets every finite number at the paths to a bad value in turn (NaN, Infinity, −Infinity, undefined). */
function breakNumbers(o: Obj, keys: string[]): void {
  keys.forEach((k, i) => {
    const path = k.split('.');
    let at: Obj | undefined = o;
    for (const p of path.slice(0, -1)) at = at?.[p] as Obj | undefined;
    if (at && typeof at === 'object') at[path.at(-1)!] = BAD[i % BAD.length];
  });
}

function customerTable(n: number, seed: number) {
  const r = rng(seed);
  return tableFromRecords(
    Array.from({ length: n }, (_, i) => ({
      id: i % 17 === 0 ? '' : i % 5 === 0 ? EVIL[0]! : `${EVIL[i % 4]}${i % 40}`,
      age: Math.round(20 + r() * 50),
      spend: Math.round(r() * 500) / 10,
      [EVIL[0]!]: EVIL[i % 4]!,
      bought: r() < 0.4 ? 'yes' : 'no',
    })),
    { id: 'id', age: 'integer', spend: 'decimal', [EVIL[0]!]: 'categorical', bought: 'categorical' },
  );
}

async function segment(): Promise<Obj> {
  const table = customerTable(300, 1);
  const res = await runSegmentation(table, { id: 'customer_id', bought: 'categorical' }, { k: 3, seed: 1 }, ctx);
  const { result } = segmentJobResult(res);
  const r = result as unknown as Obj & { cards: Obj[]; rules: Obj[]; notes: string[]; map: Obj };
  for (const c of r.cards) c.name = EVIL[0];
  r.rules = [...r.rules, ...r.rules];
  r.notes = [...r.notes, EVIL[0]!, EVIL[0]!];
  breakNumbers(r, ['inertia', 'ruleAccuracy', 'metrics.inertia']);
  (r.map as Obj).explained = [NaN, Infinity];
  if (r.cards[0]) breakNumbers(r.cards[0], ['size', 'share']);
  return r;
}

async function propensity(): Promise<Obj> {
  const table = customerTable(400, 2);
  const roles = { id: 'customer_id', bought: 'target' } as const;
  const res = await runPropensity(table, { ...roles }, { target: 'bought', model: 'logistic', seed: 1 }, ctx);
  const { result } = propensityJobResult(res, table, undefined, null);
  const r = result as unknown as Obj & { test: Obj; importance: Obj[]; drivers: Obj[] };
  breakNumbers(r, ['test.auc', 'test.logLoss', 'trainSeconds', 'test.accuracy']);
  r.importance = [...r.importance, ...r.importance].map((i) => ({ ...i, column: EVIL[0], aucDrop: NaN }));
  r.drivers = r.drivers.map((d) => ({ ...d, column: EVIL[1], meanAbs: Infinity }));
  r.leaks = [{ column: EVIL[0], auc: NaN }];
  r.trust = { usable: false, reason: `${EVIL[0]} (AUC –)` };
  r.gain = [];
  return r;
}

async function clv(): Promise<Obj> {
  const r = rng(3);
  const rows: Record<string, string | number | undefined>[] = [];
  for (let c = 0; c < 60; c++)
    for (let k = 0; k < 1 + (c % 5); k++)
      rows.push({
        cust: c % 9 === 0 ? EVIL[0] : `${EVIL[c % 4]}${c}`,
        day: new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 300) * 864e5).toISOString().slice(0, 10),
        amount: Math.round(5 + r() * 100),
      });
  const table = tableFromRecords(rows, { cust: 'id', day: 'date', amount: 'decimal' });
  const spec = { kind: 'clv' as const, datasetId: 'x', period: 'week' as const, horizon: 52, holdout: 8 };
  const res = (await runClv(
    table,
    { cust: 'customer_id', day: 'timestamp', amount: 'amount' },
    clvOptions(spec),
    ctx,
  )) as unknown as Obj & {
    model: Obj;
    summary: Obj;
    customers: Obj & { clv: Float64Array | null; pAlive: Float64Array };
  };
  breakNumbers(res, ['model.r', 'model.alpha', 'summary.totalClv', 'summary.meanPAlive', 'summary.expectedPurchases']);
  if (res.customers.clv) res.customers.clv[0] = NaN;
  res.customers.pAlive[1] = Infinity;
  return res;
}

async function recommend(): Promise<Obj> {
  const r = rng(4);
  const rows = Array.from({ length: 1500 }, (_, i) => ({
    user: `${EVIL[i % 4]}u${Math.floor(r() * 120)}`,
    item: i % 50 === 0 ? EVIL[0] : `${EVIL[(i >> 2) % 4]}i${Math.floor(r() * r() * 80)}`,
  }));
  const table = tableFromRecords(rows, { user: 'id', item: 'id' });
  const spec = { kind: 'recommend' as const, datasetId: 'x', split: 'random' as const, grid: 'quick' as const };
  const res = await runRecommend(table, { user: 'customer_id', item: 'item_id' }, recommendOptions(spec), ctx);
  const s = recommendSummary(res).summary as unknown as Obj & { models: Obj[]; warnings?: string[] };
  for (const m of s.models) breakNumbers(m, ['ndcgAtK', 'recallAtK', 'precisionAtK', 'coverage', 'trainSeconds']);
  s.warnings = [EVIL[0]!, EVIL[0]!];
  return s;
}

async function adsAggregate(): Promise<Obj> {
  const r = rng(5);
  const rows: Record<string, string | number | undefined>[] = [];
  for (let d = 0; d < 120; d++)
    for (const [c, channel] of EVIL.entries()) {
      const spend = 50 + r() * 200;
      rows.push({
        date: new Date(Date.UTC(2024, 0, 1) + d * 864e5).toISOString().slice(0, 10),
        channel,
        spend: Math.round(spend),
        conversions: Math.round((c + 1) * 3 * Math.sqrt(spend / 50) + r() * 3),
      });
    }
  const table = tableFromRecords(rows, {
    date: 'date',
    channel: 'categorical',
    spend: 'decimal',
    conversions: 'integer',
  });
  const roles = { date: 'timestamp', channel: 'channel', spend: 'spend', conversions: 'conversions' } as const;
  const spec = {
    kind: 'ads' as const,
    datasetId: 'x',
    outcome: 'conversions',
    date: 'date',
    repeats: 3,
    bootstrap: 10,
  };
  const { result } = await runAdsJob(spec, table, { ...roles }, ctx);
  const a = result as unknown as Obj & { effects: (Obj & { levels: Obj[] })[]; importance: Obj[]; mmm?: Obj | null };
  breakNumbers(a, ['quality.r2', 'quality.d2', 'quality.loss', 'glmQuality.r2']);
  delete a.trust; // as stored before the guard: the page judges the (broken) test figures itself
  a.importance = a.importance.map((i) => ({ ...i, mean: NaN, low: -Infinity, high: Infinity }));
  const e = a.effects[0];
  if (e)
    e.levels = manyLevels(10_000, (i) => ({
      level: i % 3 ? `${EVIL[i % 4]}` : `L${i}`,
      value: i % 7 ? i : NaN,
      low: NaN,
      high: Infinity,
      rows: i,
    }));
  if (a.mmm) breakNumbers(a.mmm, ['r2', 'mape', 'baseline']);
  return a;
}

async function adsImpressions(): Promise<Obj> {
  const r = rng(6);
  const rows = Array.from({ length: 3000 }, () => {
    const section = EVIL[Math.floor(r() * 4)]!;
    return {
      visitor: `v${Math.floor(r() * 300)}`,
      section,
      device: r() < 0.5 ? 'm' : EVIL[1]!,
      clicked: r() < 0.1 ? 1 : 0,
    };
  });
  const table = tableFromRecords(rows, {
    visitor: 'id',
    section: 'categorical',
    device: 'categorical',
    clicked: 'integer',
  });
  const roles = { visitor: 'customer_id', section: 'categorical', device: 'categorical', clicked: 'clicks' } as const;
  const { result } = await runAdsJob({ kind: 'ads', datasetId: 'x', outcome: 'clicked' }, table, { ...roles }, ctx);
  const c = (result as unknown as Obj & { ctr: Obj & { effects: (Obj & { levels: Obj[] })[]; models: Obj[] } }).ctr;
  for (const m of c.models) breakNumbers(m, ['auc', 'logLoss', 'seconds']);
  breakNumbers(c, ['clickRate', 'baseline.logLoss']);
  const e = c.effects[0];
  if (e)
    e.levels = manyLevels(10_000, (i) => ({
      level: EVIL[i % 4],
      impressions: i,
      clicks: NaN,
      ctr: i % 2 ? NaN : 0.1,
      low: NaN,
      high: Infinity,
    }));
  c.interactions = [];
  return result as unknown as Obj;
}

/** Every feature's adversarial stored result, with its results-store kind. */
export async function adversarialResults(): Promise<{ kind: string; result: Obj }[]> {
  await initNodeBackend();
  return [
    { kind: 'segment', result: await segment() },
    { kind: 'propensity', result: await propensity() },
    { kind: 'clv', result: await clv() },
    { kind: 'recommend', result: await recommend() },
    { kind: 'ads', result: await adsAggregate() },
    { kind: 'ads-impressions', result: await adsImpressions() },
  ];
}

/** Typed arrays and non-finite numbers as tagged plain data, so they cross into the page intact. */
export function encode(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return { $n: String(v) };
  if (v === undefined) return { $n: 'undefined' };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView))
    return { $ta: v.constructor.name, v: Array.from(v as unknown as ArrayLike<number>, (x) => encode(x)) };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}
