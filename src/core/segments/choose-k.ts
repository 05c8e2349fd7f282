// Choosing k: inertia elbow + silhouette on a seeded sample for k = 2…10, and one recommendation.
import { fmt } from '../format.ts';
import type { JobContext } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import { permutation, rng } from '../random.ts';
import { kmeansResident, type ResidentMatrix } from './kmeans.ts';

export interface KChoicePoint {
  k: number;
  inertia: number;
  silhouette: number;
}

export interface KChoice {
  points: KChoicePoint[];
  elbowK: number;
  silhouetteK: number;
  recommended: number;
  reason: string;
  /** `reason` as a message (seg_k_*), for the UI. */
  reasonMsg?: Msg;
}

/** Mean silhouette of a labelled sample (plain JS: O(m² d) on m ≤ ~2,000 rows). */
export function silhouette(
  data: Float32Array,
  d: number,
  rows: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
): number {
  const m = rows.length;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < m; i++) sizes[labels[rows[i]!]!]!++;
  const sums = new Float64Array(k);
  let total = 0,
    counted = 0;
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    const ri = rows[i]!;
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const rj = rows[j]!;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[ri * d + t]! - data[rj * d + t]!;
        s += diff * diff;
      }
      sums[labels[rj]!]! += Math.sqrt(s);
    }
    const own = labels[ri]!;
    if (sizes[own]! < 2) {
      counted++;
      continue;
    } // silhouette 0 for singletons, as scikit-learn does
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (b === Infinity) {
      counted++;
      continue;
    }
    total += (b - a) / Math.max(a, b);
    counted++;
  }
  return counted ? total / counted : 0;
}

/** Elbow by the largest distance below the chord from the first to the last point of the normalised inertia curve. */
export function elbow(points: { k: number; inertia: number }[]): number {
  if (points.length < 3) return points[0]?.k ?? 2;
  const first = points[0]!,
    last = points[points.length - 1]!;
  const span = first.inertia - last.inertia || 1;
  let bestK = first.k,
    bestGap = -Infinity;
  for (const p of points) {
    const x = (p.k - first.k) / (last.k - first.k);
    const y = (p.inertia - last.inertia) / span;
    const gap = 1 - x - y;
    if (gap > bestGap) {
      bestGap = gap;
      bestK = p.k;
    }
  }
  return bestK;
}

export interface ChooseKOptions {
  kMin?: number;
  kMax?: number;
  seed?: number;
  restarts?: number;
  sampleSize?: number;
}

export async function chooseK(m: ResidentMatrix, options: ChooseKOptions, ctx: JobContext): Promise<KChoice> {
  const kMin = Math.max(2, options.kMin ?? 2);
  const kMax = Math.min(options.kMax ?? 10, m.n - 1);
  const seed = options.seed ?? 0;
  const sample = permutation(m.n, rng(seed ^ 0x5eed)).slice(0, Math.min(m.n, options.sampleSize ?? 2000));
  const points: KChoicePoint[] = [];
  for (let k = kMin; k <= kMax; k++) {
    ctx.checkCancelled();
    ctx.progress(k - kMin, kMax - kMin + 1, `trying k = ${k}`);
    const res = await kmeansResident(
      m,
      { k, seed: seed + k, restarts: options.restarts ?? 3 },
      { ...ctx, progress() {} },
    );
    points.push({ k, inertia: res.inertia, silhouette: silhouette(m.data, m.d, sample, res.labels, k) });
    await ctx.yield();
  }
  if (!points.length)
    return {
      points,
      elbowK: kMin,
      silhouetteK: kMin,
      recommended: kMin,
      reason: 'too few rows to compare k',
      reasonMsg: msg('seg_k_few'),
    };
  const elbowK = elbow(points);
  const bestSil = points.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  const elbowSil = points.find((p) => p.k === elbowK)!.silhouette;
  // The elbow gives marketers more, finer segments; keep it unless its clusters are clearly less separated.
  const useElbow = elbowSil >= 0.9 * bestSil.silhouette;
  return {
    points,
    elbowK,
    silhouetteK: bestSil.k,
    recommended: useElbow ? elbowK : bestSil.k,
    reason: useElbow
      ? `k = ${elbowK} is the elbow of the inertia curve and its silhouette (${fmt(elbowSil, 2)}) is within 10 % of the best (${fmt(bestSil.silhouette, 2)} at k = ${bestSil.k}).`
      : `k = ${bestSil.k} has the best silhouette (${fmt(bestSil.silhouette, 2)}); the elbow k = ${elbowK} separates clusters less well (${fmt(elbowSil, 2)}).`,
    reasonMsg: useElbow
      ? msg('seg_k_elbow', { k: elbowK, silhouette: r2(elbowSil), best: r2(bestSil.silhouette), bestK: bestSil.k })
      : msg('seg_k_silhouette', {
          k: bestSil.k,
          silhouette: r2(bestSil.silhouette),
          elbowK,
          elbowSilhouette: r2(elbowSil),
        }),
  };
}

/** Two decimals, kept a number so the UI formats it in the reader's locale. */
function r2(v: number): number {
  return Math.round(v * 100) / 100;
}
