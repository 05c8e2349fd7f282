// The recommend job: Table + roles → split → every model and baseline on the same split → comparison table,
// validation grid, loss history and a servable bundle (refitted on all interactions). Plain-data result.
import { JobError, type JobContext } from '../jobs.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { mae, rmse } from '../metrics/regression.ts';
import { fitBiases, globalMean, predictBiases, type BiasModel } from './baselines.ts';
import { evaluateRanking, evaluateRatings, rankingTest, sampleUsers } from './evaluate.ts';
import { fitExplicitMF, predictMF, trainExplicitMF, type ExplicitMFParams } from './explicit-mf.ts';
import { fitImplicitMF, type ImplicitMFParams } from './ials.ts';
import {
  aggregate,
  itemCounts,
  mapPairs,
  readEvents,
  resolveColumns,
  toMatrix,
  type EventColumns,
  type Events,
  type FeedbackMode,
  type Matrix,
  type Strength,
} from './interactions.ts';
import { fitItemKnn, fitPopularity, knnScores } from './knn/item-knn.ts';
import { predictItemKnn, predictUserKnn } from './knn/explicit.ts';
import { fitExplicitKnn } from './knn/servable.ts';
import type { RecommenderBundle, ServableModel } from './model.ts';
import { splitEvents, type SplitSpec } from './split.ts';
import { DEFAULT_IMPLICIT_GRID, implicitScorer, tuneImplicitMF, type GridPoint, type GridResult } from './tune.ts';

export interface RecommendOptions {
  /** Default: explicit when a rating column exists, else implicit. */
  mode?: FeedbackMode;
  split?: SplitSpec;
  /** A user-supplied test table with the same column names (overrides `split`). */
  testTable?: Table;
  k?: number;
  /** Implicit strength; default log-quantity when a quantity column exists, else binary. */
  strength?: Strength;
  explicit?: Partial<ExplicitMFParams>;
  implicit?: Partial<ImplicitMFParams>;
  grid?: GridPoint[];
  /** Neighbours kept per item by the implicit item-kNN baseline. */
  knnNeighbours?: number;
  /** Item id → display name (e.g. movies.csv titles joined by the caller). */
  itemNames?: Record<string, string>;
  itemNameColumn?: string;
  /** Neighbourhood baselines needing more similarity updates than this are skipped (default KNN_WORK_LIMIT). */
  knnWorkLimit?: number;
  /** Ranking metrics are averaged over at most this many customers (a seeded sample; default MAX_EVAL_USERS). */
  maxEvalUsers?: number;
  /** Refit the best servable model on train + test interactions for serving (not with a user test table). Default true. */
  refitForServing?: boolean;
  now?: () => number;
}

export interface ModelScore {
  name: string;
  label: string;
  baseline: boolean;
  rmse?: number;
  mae?: number;
  precisionAtK?: number;
  recallAtK?: number;
  ndcgAtK?: number;
  coverage?: number;
  popularityBias?: number;
  trainSeconds: number;
  best: boolean;
}

export interface RecommendResult {
  schemaVersion: 1;
  mode: FeedbackMode;
  k: number;
  strength: Strength;
  columns: EventColumns;
  split: {
    kind: SplitSpec['kind'] | 'table';
    trainInteractions: number;
    testInteractions: number;
    users: number;
    items: number;
    /** Users scored in the ranking evaluation (implicit) / test ratings (explicit). */
    evaluated: number;
    coldUserTests: number;
    coldItemTests: number;
    droppedRows: number;
    /** Implicit: rows with quantity ≤ 0 (returns) left out. */
    returnRows: number;
  };
  models: ModelScore[];
  best: string;
  /** The model in `bundle` (the best one that can serve recommendations). */
  served: string;
  warnings: string[];
  grid: GridResult[] | null;
  explicitTraining: { bestEpoch: number; validRmse: number; schedule: number[] } | null;
  bundle: RecommenderBundle;
}

/**
 * Neighbourhood models touch every pair of interactions that share a user (item-kNN) or an item (user-kNN):
 * Σ n² similarity updates. Beyond this many the baseline is skipped (with a warning) rather than stall the tab.
 */
export const KNN_WORK_LIMIT = 5e8;

/** Σ over rows of (row length)²: the pair updates a neighbourhood model over the other axis needs. */
function pairWork(m: Matrix): number {
  let w = 0;
  for (let r = 0; r + 1 < m.indptr.length; r++) w += (m.indptr[r + 1]! - m.indptr[r]!) ** 2;
  return w;
}

function itemPairWork(m: Matrix): number {
  const c = itemCounts(m);
  let w = 0;
  for (const n of c) w += n * n;
  return w;
}

const skipped = (label: string, work: number) =>
  `${label} skipped: it would need ~${work.toExponential(1)} similarity updates, too many to run here.`;

/** Maps a sub-job's progress into [from, to] of the whole job, keeping `done` monotone. */
function sub(ctx: JobContext, from: number, to: number): JobContext {
  return { ...ctx, progress: (d, t, phase) => ctx.progress(from + (to - from) * (t > 0 ? d / t : 0), 1, phase) };
}

const seconds = (now: () => number, t0: number) => (now() - t0) / 1000;

function names(ev: Events, m: Matrix, map?: Record<string, string>): string[] | null {
  if (!map && !ev.itemNames) return null;
  const byId = new Map<string, string>();
  if (ev.itemNames) ev.itemIds.forEach((id, i) => byId.set(id, ev.itemNames![i]!));
  return m.items.map((id) => map?.[id] ?? byId.get(id) ?? '');
}

export async function runRecommend(
  table: Table,
  roles: RoleMap,
  opts: RecommendOptions,
  ctx: JobContext,
): Promise<RecommendResult> {
  const now = opts.now ?? (() => performance.now());
  const hasRating = table.columns.some((c) => roles[c.name] === 'rating');
  const mode: FeedbackMode = opts.mode ?? (hasRating ? 'explicit' : 'implicit');
  const k = opts.k ?? 10;
  const cols = resolveColumns(table, roles, mode, opts.itemNameColumn);
  const strength: Strength =
    mode === 'explicit' ? 'binary' : (opts.strength ?? (cols.quantity ? 'log-quantity' : 'binary'));
  ctx.progress(0, 1, 'reading interactions');
  const ev = readEvents(table, cols, mode);
  let trainEv = ev;
  let testEv = ev;
  let trainRows: Int32Array;
  let testRows: Int32Array;
  if (opts.testTable) {
    const have = new Set(opts.testTable.columns.map((c) => c.name));
    const missing = [cols.user, cols.item, cols.rating, cols.quantity].filter(
      (c): c is string => c !== undefined && !have.has(c),
    );
    if (missing.length)
      throw new JobError(
        'test-columns',
        `The test data lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `\`${c}\``).join(', ')} of the training data: test and training files need the same column names.`,
      );
    testEv = readEvents(
      opts.testTable,
      {
        user: cols.user,
        item: cols.item,
        rating: cols.rating,
        quantity: cols.quantity,
        time: have.has(cols.time ?? '') ? cols.time : undefined,
      },
      mode,
    );
    trainRows = Int32Array.from({ length: ev.user.length }, (_, r) => r);
    testRows = Int32Array.from({ length: testEv.user.length }, (_, r) => r);
  } else {
    ({ train: trainRows, test: testRows } = splitEvents(
      ev,
      opts.split ?? { kind: 'random', testFraction: 0.2, seed: 42 },
    ));
    trainEv = testEv = ev;
  }
  const train = toMatrix(trainEv, aggregate(trainEv, trainRows, mode, strength));
  const test = mapPairs(testEv, aggregate(testEv, testRows, mode, strength), train);
  if (test.user.length === 0)
    throw new JobError(
      'empty-test',
      'The test split is empty: every customer has too few interactions (or timestamps) to hold any out. Use the random split or add data.',
    );
  const warnings: string[] = [];
  const models: ModelScore[] = [];
  let coldUser = 0;
  let coldItem = 0;
  for (let t = 0; t < test.user.length; t++) {
    if (test.user[t]! < 0) coldUser++;
    else if (test.item[t]! < 0) coldItem++;
  }
  const itemNames = names(trainEv, train, opts.itemNames);
  let grid: GridResult[] | null = null;
  let explicitTraining: RecommendResult['explicitTraining'] = null;
  const fitted = new Map<string, ServableModel>();
  let evaluated = test.user.length;

  if (mode === 'explicit') {
    let t0 = now();
    const mu = globalMean(train);
    const gm = evaluateRatings(test, () => mu);
    models.push({
      name: 'global-mean',
      label: 'Global mean',
      baseline: true,
      ...gm,
      trainSeconds: seconds(now, t0),
      best: false,
    });
    t0 = now();
    const biases = fitBiases(train);
    const tb = seconds(now, t0);
    fitted.set('biases', biases);
    models.push({
      name: 'biases',
      label: 'Biases only (ALS)',
      baseline: true,
      ...evaluateRatings(test, (u, i) => predictBiases(biases, u, i)),
      trainSeconds: tb,
      best: false,
    });
    ctx.progress(0.05, 1, 'neighbourhood baselines');
    for (const [name, label, fn, work] of [
      ['user-knn', 'User-kNN (Pearson, baseline-centred)', predictUserKnn, itemPairWork(train)],
      ['item-knn', 'Item-kNN (cosine)', predictItemKnn, pairWork(train)],
    ] as const) {
      if (work > (opts.knnWorkLimit ?? KNN_WORK_LIMIT)) {
        warnings.push(skipped(label, work));
        continue;
      }
      t0 = now();
      const pred = await fn(train, biases, test, sub(ctx, 0.05, 0.2));
      const s = seconds(now, t0);
      // kNN "training" is the similarity work done while predicting; it needs the biases too
      models.push({
        name,
        label,
        baseline: true,
        rmse: rmse(test.value, pred),
        mae: mae(test.value, pred),
        trainSeconds: s + tb,
        best: false,
      });
    }
    t0 = now();
    const fit = await fitExplicitMF(train, opts.explicit ?? {}, sub(ctx, 0.2, 0.75));
    const tm = seconds(now, t0);
    fitted.set('mf', fit.model);
    explicitTraining = { bestEpoch: fit.bestEpoch, validRmse: fit.validRmse, schedule: fit.schedule };
    models.push({
      name: 'mf',
      label: `Matrix factorisation (${fit.model.factors} factors, SGD)`,
      baseline: false,
      ...evaluateRatings(test, (u, i) => predictMF(fit.model, u, i)),
      trainSeconds: tm,
      best: false,
    });
    let best = models[0]!;
    for (const m of models) if (m.rmse! < best.rmse!) best = m;
    best.best = true;
    const mf = models.find((m) => m.name === 'mf')!;
    for (const b of models.filter((m) => m.baseline)) {
      if (mf.rmse! >= b.rmse!)
        warnings.push(
          `Matrix factorisation does not beat the ${b.label.toLowerCase()} baseline (RMSE ${mf.rmse!.toFixed(4)} vs ${b.rmse!.toFixed(4)}): its recommendations add little over it.`,
        );
    }
  } else {
    const rt = sampleUsers(rankingTest(test, train), opts.maxEvalUsers);
    evaluated = rt.users.length;
    if (rt.sampledFrom)
      warnings.push(
        `Ranking metrics are averaged over a random sample of ${rt.users.length} of the ${rt.sampledFrom} customers with test items (scoring every item for every customer would take too long here).`,
      );
    if (evaluated === 0)
      throw new JobError(
        'no-test-users',
        'No customer in the test split has a new item to find (all test items were already in their history).',
      );
    const hist = (u: number) => train.indices.subarray(train.indptr[u]!, train.indptr[u + 1]!);
    const histV = (u: number) => train.values.subarray(train.indptr[u]!, train.indptr[u + 1]!);
    const score = (
      name: string,
      label: string,
      baseline: boolean,
      scorer: (u: number, out: Float64Array) => void,
      s: number,
    ) => {
      const r = evaluateRanking(scorer, train, rt, k);
      models.push({
        name,
        label,
        baseline,
        precisionAtK: r.precisionAtK,
        recallAtK: r.recallAtK,
        ndcgAtK: r.ndcgAtK,
        coverage: r.coverage,
        popularityBias: r.popularityBias,
        trainSeconds: s,
        best: false,
      });
    };
    let t0 = now();
    const pop = fitPopularity(train);
    score('popular', 'Most popular', true, (_u, out) => out.set(pop.counts), seconds(now, t0));
    fitted.set('popular', pop);
    ctx.progress(0.02, 1, 'item similarities');
    const knnK = opts.knnNeighbours ?? 100;
    const knnLabel = `Item-kNN (cosine, ${knnK} neighbours)`;
    const work = pairWork(train);
    if (work > (opts.knnWorkLimit ?? KNN_WORK_LIMIT)) warnings.push(skipped(knnLabel, work));
    else {
      t0 = now();
      const knn = await fitItemKnn(train, knnK, sub(ctx, 0.02, 0.12), strength === 'binary');
      fitted.set('item-knn', knn);
      score(
        'item-knn',
        knnLabel,
        true,
        (u, out) => knnScores(knn, hist(u), strength === 'binary' ? null : histV(u), out),
        seconds(now, t0),
      );
    }
    const tuned = await tuneImplicitMF(
      train,
      opts.grid ?? DEFAULT_IMPLICIT_GRID,
      opts.implicit ?? {},
      sub(ctx, 0.12, 0.8),
      { k, now },
    );
    grid = tuned.grid;
    fitted.set('ials', tuned.model);
    const g = grid.find((x) => x.chosen)!;
    score(
      'ials',
      `Weighted MF / iALS (${g.factors} factors, reg ${g.reg}, α ${g.alpha}${g.regExponent ? `, ν ${g.regExponent}` : ''})`,
      false,
      implicitScorer(tuned.model),
      tuned.fitSeconds,
    );
    let best = models[0]!;
    for (const m of models) if (m.ndcgAtK! > best.ndcgAtK!) best = m;
    best.best = true;
    const popNdcg = models[0]!.ndcgAtK!;
    for (const m of models.slice(1)) {
      if (m.ndcgAtK! <= popNdcg)
        warnings.push(
          `${m.label} does not beat most-popular on NDCG@${k} (${m.ndcgAtK!.toFixed(4)} vs ${popNdcg.toFixed(4)}): recommend the best sellers instead, or add more history.`,
        );
    }
  }
  const bestName = models.find((m) => m.best)!.name;
  // serve the best model that can rank for a user (the global mean and user-kNN only predict held-out pairs);
  // explicit item-kNN serves the exact evaluated predictor, fitted below on the serving history only when chosen
  const servable = mode !== 'explicit' || fitted.has(bestName) || bestName === 'item-knn' ? bestName : 'mf';
  if (servable !== bestName)
    warnings.push(
      `Recommendations come from ${models.find((m) => m.name === servable)!.label}: the ${models.find((m) => m.best)!.label} baseline only predicts held-out ratings, it does not rank a catalogue.`,
    );
  let served = fitted.get(servable);
  let history = train;
  let servingNames = itemNames;
  const refit = (opts.refitForServing ?? true) && !opts.testTable;
  if (refit) {
    ctx.progress(0.8, 1, 'refitting the chosen model on all interactions');
    const allRows = Int32Array.from({ length: ev.user.length }, (_, r) => r);
    history = toMatrix(ev, aggregate(ev, allRows, mode, strength));
    servingNames = names(ev, history, opts.itemNames);
  }
  const quiet: JobContext = { ...sub(ctx, 0.8, 1), epoch() {} };
  if (mode === 'explicit' && servable === 'item-knn') {
    // the same predictor the comparison scored (k 40, cosine, baseline-centred) on the serving history and its biases
    served = await fitExplicitKnn(history, refit ? fitBiases(history) : (fitted.get('biases') as BiasModel), quiet);
  } else if (refit && served) {
    if (served.kind === 'explicit-mf')
      served = await trainExplicitMF(history, served.params, explicitTraining!.schedule, quiet);
    else if (served.kind === 'implicit-mf') served = await fitImplicitMF(history, served.params, quiet, false);
    else if (served.kind === 'item-knn') served = await fitItemKnn(history, served.k, quiet, strength === 'binary');
    else if (served.kind === 'popular') served = fitPopularity(history);
    else served = fitBiases(history);
  }
  if (!served) throw new Error(`no servable model for ${servable}`);
  ctx.progress(1, 1, 'done');
  return {
    schemaVersion: 1,
    mode,
    k,
    strength,
    columns: cols,
    split: {
      kind: opts.testTable ? 'table' : (opts.split?.kind ?? 'random'),
      trainInteractions: train.indices.length,
      testInteractions: test.user.length,
      users: train.users.length,
      items: train.items.length,
      evaluated,
      coldUserTests: coldUser,
      coldItemTests: coldItem,
      droppedRows: ev.dropped,
      returnRows: ev.returns,
    },
    models,
    best: bestName,
    served: servable,
    warnings,
    grid,
    explicitTraining,
    bundle: {
      schemaVersion: 1,
      mode,
      strength,
      model: served,
      history,
      itemNames: servingNames,
      verb: cols.rating ? 'rated' : cols.quantity ? 'bought' : 'chose',
    },
  };
}
