// Hyper-parameter selection for implicit MF on a validation split cut from train (never the test set):
// every grid point is fitted on validation-train, ranked by validation NDCG@k, and the winner is refitted on all of
// train.
import type { JobContext } from '../jobs.ts';
import { evaluateRanking, rankingTestFromMatrix, sampleUsers } from './evaluate.ts';
import { fitImplicitMF, scoreFromFactor, type ImplicitMFModel, type ImplicitMFParams } from './ials.ts';
import type { Matrix } from './interactions.ts';
import { holdOutPerUser } from './split.ts';

export interface GridPoint {
  factors: number;
  reg: number;
  alpha: number;
  /** ν of the frequency-scaled λ (0 = plain iALS); see ials-solve.ts rowReg. */
  regExponent: number;
}

export interface GridResult extends GridPoint {
  validNdcg: number;
  validRecall: number;
  seconds: number;
  chosen: boolean;
}

/**
 * Default grid. Strong regularisation (tens) is where weighted MF does well on rating-style data
 * (ANCHORS: reg 30, α 4 on MovieLens), with α scaled along with reg; ν = 0.25 (mildly frequency-scaled λ) won on
 * the MovieLens validation split (0.220 vs 0.215 NDCG@10 at reg 30, α 4). A weak-reg point covers small data.
 */
export const DEFAULT_IMPLICIT_GRID: GridPoint[] = [
  { factors: 64, reg: 1, alpha: 1, regExponent: 0 },
  { factors: 64, reg: 15, alpha: 2, regExponent: 0 },
  { factors: 64, reg: 30, alpha: 4, regExponent: 0 },
  { factors: 64, reg: 60, alpha: 8, regExponent: 0 },
  { factors: 64, reg: 15, alpha: 2, regExponent: 0.25 },
  { factors: 64, reg: 30, alpha: 4, regExponent: 0.25 },
  { factors: 64, reg: 60, alpha: 8, regExponent: 0.25 },
];

export function implicitScorer(m: ImplicitMFModel) {
  const f = m.factors;
  return (u: number, out: Float64Array) => scoreFromFactor(m, m.userFactors.subarray(u * f, u * f + f), out);
}

export interface TunedImplicit {
  model: ImplicitMFModel;
  grid: GridResult[];
  /** Seconds of the final refit on all train interactions (the model's training time). */
  fitSeconds: number;
}

/** Grid search on a per-user 20 % validation hold-out (seeded), then the winner refitted on the whole train matrix. */
export async function tuneImplicitMF(
  train: Matrix,
  grid: GridPoint[],
  base: Partial<ImplicitMFParams>,
  ctx: JobContext,
  opts: { k?: number; validFraction?: number; seed?: number; now?: () => number } = {},
): Promise<TunedImplicit> {
  const k = opts.k ?? 10;
  const now = opts.now ?? (() => performance.now());
  const { train: vTrain, valid } = holdOutPerUser(train, opts.validFraction ?? 0.2, opts.seed ?? 0);
  const vTest = sampleUsers(rankingTestFromMatrix(valid));
  const results: GridResult[] = [];
  // quiet inner context: per-iteration epochs of grid fits would flood the loss chart
  const inner: JobContext = { ...ctx, epoch() {}, progress() {} };
  for (let g = 0; g < grid.length; g++) {
    const point = grid[g]!;
    ctx.progress(g, grid.length + 1, `choosing factors/reg/α on validation (${g + 1}/${grid.length})`);
    const t0 = now();
    const m = await fitImplicitMF(vTrain, { ...base, ...point }, inner, false);
    const seconds = (now() - t0) / 1000;
    const ev = evaluateRanking(implicitScorer(m), vTrain, vTest, k);
    results.push({ ...point, validNdcg: ev.ndcgAtK, validRecall: ev.recallAtK, seconds, chosen: false });
    // the setting travels with its score so a live chart can label the point
    ctx.epoch(g + 1, {
      val_ndcg: ev.ndcgAtK,
      factors: point.factors,
      reg: point.reg,
      alpha: point.alpha,
      reg_exponent: point.regExponent,
    });
    ctx.log(
      `validation: factors ${point.factors}, reg ${point.reg}, α ${point.alpha}, ν ${point.regExponent} → NDCG@${k} ${ev.ndcgAtK.toFixed(4)}`,
    );
  }
  let best = 0;
  for (let g = 1; g < results.length; g++) if (results[g]!.validNdcg > results[best]!.validNdcg) best = g;
  results[best]!.chosen = true;
  const t0 = now();
  // the final fit's per-iteration loss continues the epoch axis after the grid points (fit_epoch: its own iteration)
  const final: JobContext = {
    ...ctx,
    progress() {},
    epoch: (e, logs) => ctx.epoch(grid.length + e, { ...logs, fit_epoch: e }),
  };
  const model = await fitImplicitMF(train, { ...base, ...grid[best]! }, final, true);
  const fitSeconds = (now() - t0) / 1000;
  ctx.progress(grid.length + 1, grid.length + 1, 'implicit matrix factorisation');
  return { model, grid: results, fitSeconds };
}
