// Grouped permutation importance on the test split (batched into a few tensor ops per factor) and collinearity
// warnings.
import { fmt } from '../format.ts';
import type { JobContext } from '../jobs.ts';
import { permutation, rng } from '../random.ts';
import { invLink, mainScore, scoreRows, type Target } from './family.ts';
import { predictEtaTensor } from './predict.ts';
import type { CollinearityWarning, FittedModel, Importance } from './types.ts';

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Floats per prediction batch: keeps the stacked permuted copies to ~16 MB. */
const MAX_BATCH = 4_000_000;

/**
 * For each input (all its one-hot columns together), permute its values across the test rows `repeats` times and
 * record the drop of the test score (R² for linear, deviance explained otherwise). Each repeat also draws a
 * bootstrap resample of the test rows (score with and without the permutation on the same resample), so the
 * interval — the 2.5 %–97.5 % percentiles of the drops — covers both shuffle noise and which rows happened to be
 * in the test split. A factor the model does not need then gets an interval around 0 instead of a spuriously
 * tight one on one side (and a ±1.96·sd/√n interval of the *mean* would shrink to nothing with more repeats).
 */
export async function permutationImportance(
  model: FittedModel,
  xTest: Float32Array,
  t: Target,
  testIdx: Int32Array,
  repeats: number,
  seed: number,
  ctx: JobContext,
): Promise<Importance[]> {
  const { design, weights } = model;
  const p = design.width;
  const n = testIdx.length;
  const family = weights.family;
  const offsets = t.offset ? Float64Array.from(testIdx, (r) => t.offset![r]!) : null;
  const baseMu = await meansOf(model, xTest, p, offsets, null);
  const rand = rng(seed);
  const boots: Int32Array[] = Array.from({ length: repeats }, () =>
    Int32Array.from({ length: n }, () => Math.floor(rand() * n)),
  );
  const bootIdx = boots.map((b) => Int32Array.from(b, (k) => testIdx[k]!));
  const baseScores = boots.map((b, r) =>
    mainScore(
      family,
      scoreRows(
        family,
        t,
        bootIdx[r]!,
        Float64Array.from(b, (k) => baseMu[k]!),
      ),
    ),
  );
  const out: Importance[] = [];
  const perChunk = Math.max(1, Math.floor(MAX_BATCH / Math.max(1, n * p)));
  for (let gi = 0; gi < design.groups.length; gi++) {
    ctx.checkCancelled();
    const cols = design.groups[gi]!;
    const drops: number[] = [];
    for (let r0 = 0; r0 < repeats; r0 += perChunk) {
      const reps = Math.min(perChunk, repeats - r0);
      const big = new Float32Array(reps * n * p);
      const rowOffsets = offsets ? new Float64Array(reps * n) : null;
      for (let r = 0; r < reps; r++) {
        const boot = boots[r0 + r]!;
        const perm = permutation(n, rand);
        for (let k = 0; k < n; k++) {
          const dst = (r * n + k) * p;
          big.set(xTest.subarray(boot[k]! * p, boot[k]! * p + p), dst);
          const src = boot[perm[k]!]! * p;
          for (const c of cols) big[dst + c] = xTest[src + c]!;
          if (rowOffsets) rowOffsets[r * n + k] = offsets![boot[k]!]!;
        }
      }
      const mu = await meansOf(model, big, p, null, rowOffsets);
      for (let r = 0; r < reps; r++) {
        drops.push(baseScores[r0 + r]! - mainScore(family, scoreRows(family, t, bootIdx[r0 + r]!, mu, r * n)));
      }
    }
    const sorted = drops.slice().sort((a, b) => a - b);
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const sd = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, drops.length - 1));
    out.push({
      factor: design.inputs[gi]!.name,
      mean,
      low: quantile(sorted, 0.025),
      high: quantile(sorted, 0.975),
      sd,
      repeats,
    });
    ctx.progress(gi + 1, design.groups.length, 'importance');
    await ctx.yield();
  }
  return out.sort((a, b) => b.mean - a.mean);
}

/** Mean predictions; offsets per row either aligned (`rowOffsets`) or the test offsets (`offsets`). */
async function meansOf(
  model: FittedModel,
  x: Float32Array,
  p: number,
  offsets: Float64Array | null,
  rowOffsets: Float64Array | null,
): Promise<Float64Array> {
  const eta = await predictEtaTensor(model.weights, x, p);
  const mu = new Float64Array(eta.length);
  const o = rowOffsets ?? offsets;
  for (let i = 0; i < eta.length; i++) mu[i] = invLink(model.weights.family, eta[i]! + (o ? o[i]! : 0));
  return mu;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    sa += x;
    sb += y;
  }
  if (n < 3) return NaN;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) ** 2;
    sbb += (y - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Pairs of numeric inputs with |r| ≥ threshold, each with a sentence a marketer can read. */
export function collinearity(names: string[], columns: ArrayLike<number>[], threshold = 0.9): CollinearityWarning[] {
  const out: CollinearityWarning[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const r = pearson(columns[i]!, columns[j]!);
      if (!(Math.abs(r) >= threshold)) continue;
      const a = names[i]!;
      const b = names[j]!;
      out.push({
        a,
        b,
        r,
        message:
          `\`${a}\` and \`${b}\` move together (r = ${fmt(r, 3)}): the model cannot tell their effects apart, ` +
          `so their separate importances are unreliable — one can take credit for the other. Read them as one combined driver.`,
      });
    }
  }
  return out.sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
}
