// The implicit (purchases / views) comparison: most-popular, item-kNN and tuned weighted MF (iALS), all scored by
// ranking metrics @k over the same (sampled) test customers; the best is marked, non-improvements are warned about.
import { JobError } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import { evaluateRanking, rankingTest, sampleUsers, type RankingTest, type Scorer } from './evaluate.ts';
import { fitItemKnn, fitPopularity, knnScores } from './knn/item-knn.ts';
import { KNN_WORK_LIMIT, pairWork, seconds, skipped, sub, type RecommendRun } from './run-context.ts';
import { DEFAULT_IMPLICIT_GRID, implicitScorer, tuneImplicitMF, type GridResult } from './tune.ts';

export interface ImplicitComparison {
  grid: GridResult[];
  /** Customers the ranking metrics were averaged over. */
  evaluated: number;
}

/** The test customers with a new item to find, sampled down to `maxEvalUsers` (saying so). */
function rankingSample({ test, train, opts, warnings }: RecommendRun): RankingTest {
  const rt = sampleUsers(rankingTest(test, train), opts.maxEvalUsers);
  if (rt.sampledFrom) warnings.push(msg('rec_warn_sampled', { sample: rt.users.length, total: rt.sampledFrom }));
  if (rt.users.length === 0)
    throw new JobError(
      'no-test-users',
      'No customer in the test split has a new item to find (all test items were already in their history).',
    );
  return rt;
}

interface Ranked {
  name: string;
  label: Msg;
  baseline: boolean;
}

function scoreRanking(run: RecommendRun, rt: RankingTest, model: Ranked, scorer: Scorer, s: number): void {
  const r = evaluateRanking(scorer, run.train, rt, run.k);
  run.units.set(model.name, r.perUser);
  run.models.push({
    ...model,
    precisionAtK: r.precisionAtK,
    recallAtK: r.recallAtK,
    ndcgAtK: r.ndcgAtK,
    coverage: r.coverage,
    popularityBias: r.popularityBias,
    trainSeconds: s,
    best: false,
  });
}

/** Most-popular, then item-kNN unless its similarity work is over the limit. */
async function scoreBaselines(run: RecommendRun, rt: RankingTest): Promise<void> {
  const { train, now, fitted, opts, ctx, strength, warnings } = run;
  let t0 = now();
  const pop = fitPopularity(train);
  const popular = { name: 'popular', label: msg('rec_model_popular'), baseline: true };
  scoreRanking(run, rt, popular, (_u, out) => out.set(pop.counts), seconds(now, t0));
  fitted.set('popular', pop);
  ctx.progress(0.02, 1, 'item similarities');
  const knnK = opts.knnNeighbours ?? 100;
  const knnLabel = msg('rec_model_item_knn_k', { k: knnK });
  const work = pairWork(train);
  if (work > (opts.knnWorkLimit ?? KNN_WORK_LIMIT)) {
    warnings.push(skipped(knnLabel, work));
    return;
  }
  const hist = (u: number) => train.indices.subarray(train.indptr[u]!, train.indptr[u + 1]!);
  const histV = (u: number) => train.values.subarray(train.indptr[u]!, train.indptr[u + 1]!);
  t0 = now();
  const knn = await fitItemKnn(train, knnK, sub(ctx, 0.02, 0.12), strength === 'binary');
  fitted.set('item-knn', knn);
  scoreRanking(
    run,
    rt,
    { name: 'item-knn', label: knnLabel, baseline: true },
    (u, out) => knnScores(knn, hist(u), strength === 'binary' ? null : histV(u), out),
    seconds(now, t0),
  );
}

/** iALS with hyper-parameters chosen on a validation split of train; returns the grid. */
async function scoreTunedIals(run: RecommendRun, rt: RankingTest): Promise<GridResult[]> {
  const { train, opts, ctx, k, now } = run;
  const tuned = await tuneImplicitMF(
    train,
    opts.grid ?? DEFAULT_IMPLICIT_GRID,
    opts.implicit ?? {},
    sub(ctx, 0.12, 0.8),
    { k, now },
  );
  run.fitted.set('ials', tuned.model);
  const g = tuned.grid.find((x) => x.chosen)!;
  scoreRanking(
    run,
    rt,
    {
      name: 'ials',
      // settings as written (strings): a locale's grouping or rounding would change what was searched
      label: msg(g.regExponent ? 'rec_model_ials_nu' : 'rec_model_ials', {
        factors: g.factors,
        reg: String(g.reg),
        alpha: String(g.alpha),
        ...(g.regExponent ? { nu: String(g.regExponent) } : {}),
      }),
      baseline: false,
    },
    implicitScorer(tuned.model),
    tuned.fitSeconds,
  );
  return tuned.grid;
}

/** Marks the highest NDCG@k best and warns for every model that does not beat most-popular. */
function markBestByNdcg({ models, warnings, k }: RecommendRun): void {
  let best = models[0]!;
  for (const m of models) if (m.ndcgAtK! > best.ndcgAtK!) best = m;
  best.best = true;
  const popNdcg = models[0]!.ndcgAtK!;
  for (const m of models.slice(1)) {
    if (m.ndcgAtK! <= popNdcg)
      warnings.push(
        msg('rec_warn_not_beat_popular', {
          model: m.label,
          metric: `NDCG@${k}`,
          value: m.ndcgAtK!.toFixed(4),
          popular: popNdcg.toFixed(4),
        }),
      );
  }
}

/** Scores every implicit model into `run.models`. */
export async function compareImplicit(run: RecommendRun): Promise<ImplicitComparison> {
  const rt = rankingSample(run);
  await scoreBaselines(run, rt);
  const grid = await scoreTunedIals(run, rt);
  markBestByNdcg(run);
  return { grid, evaluated: rt.users.length };
}
