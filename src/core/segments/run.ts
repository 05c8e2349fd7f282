// The segmentation job: transactions → RFM (or a customer table) → features → k-means → cards, rules and a 2-D map.
import { JobError, type JobContext, silentContext } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { applyPipeline, fitPipeline, type FeatureMatrix, type FeaturePipeline } from '../features/design.ts';
import { permutation, rng } from '../random.ts';
import { chooseK, type KChoice } from './choose-k.ts';
import { kmeansResident, uploadMatrix, type KMeansResult } from './kmeans.ts';
import { segmentCards, treeFeature, type SegmentCard } from './cards.ts';
import { fitTree, treeAccuracy, treeRules, type SegmentRule, type TreeFeature } from '../rules/tree.ts';
import { pcaMap } from './pca.ts';
import { prepareCustomers } from './customer-rows.ts';
import type { SegmentModel, SegmentOptions, SegmentResult } from './types.ts';

export type { SegmentModel, SegmentOptions, SegmentResult } from './types.ts';
export { isTransactions } from './customer-rows.ts';

/** Original-unit copy of a pipeline: same imputation and encoding, no log or scaling. */
function unscaled(p: FeaturePipeline): FeaturePipeline {
  return { ...p, steps: p.steps.map((s) => (s.kind === 'numeric' ? { ...s, log1p: false, mean: 0, std: 1 } : s)) };
}

function checkSegmentable(n: number, k: number | undefined): void {
  if (k !== undefined && (!Number.isInteger(k) || k < 2))
    throw new JobError('bad-segment-k', `k must be a whole number ≥ 2 (got ${k}).`, { k });
  if (k !== undefined && k >= n)
    throw new JobError(
      'too-many-segments',
      `k = ${k} segments need more customers than segments: there are ${n}. Use k between 2 and ${n - 1}.`,
      { k, rows: n, max: n - 1 },
    );
  if (n < Math.max(3, k ?? 3))
    throw new JobError(
      'too-few-to-segment',
      `Only ${n} customers: segmentation needs at least ${Math.max(3, k ?? 3)}.`,
      { customers: n, needed: Math.max(3, k ?? 3) },
    );
}

/** The customers' features: the model matrix (log/scaled) and the same features in original units. */
interface SegmentFeatures {
  table: Table;
  pipeline: FeaturePipeline;
  fm: FeatureMatrix;
  original: FeatureMatrix;
}

/** k-means on the model matrix, with k chosen first (silhouette/elbow) when not given. */
async function clusterCustomers(
  fm: FeatureMatrix,
  options: SegmentOptions,
  seed: number,
  ctx: JobContext,
  notes: (Msg | string)[],
): Promise<{ kChoice: KChoice | null; res: KMeansResult }> {
  const n = fm.rows;
  const resident = uploadMatrix(fm.data, n, fm.cols);
  let kChoice: KChoice | null = null;
  try {
    let chosen = options.k;
    if (chosen === undefined) {
      kChoice = await chooseK(
        resident,
        { seed, kMax: Math.min(10, n - 1) },
        { ...ctx, progress: (dn, t) => ctx.progress(5 + (40 * dn) / t, 100, 'choosing k') },
      );
      chosen = kChoice.recommended;
      notes.push(kChoice.reasonMsg ?? kChoice.reason);
    }
    const res = await kmeansResident(
      resident,
      { k: chosen, seed, restarts: options.restarts ?? 10 },
      { ...ctx, progress: (dn, t) => ctx.progress(45 + (40 * dn) / t, 100, 'k-means') },
    );
    return { kChoice, res };
  } finally {
    resident.dispose();
  }
}

/** Segment cards (names, profiles, small-segment flags) and the tree features the rules are written in. */
function describeSegments(
  features: SegmentFeatures,
  res: KMeansResult,
  options: SegmentOptions,
  notes: (Msg | string)[],
): { cards: SegmentCard[]; treeFeatures: TreeFeature[] } {
  const { table, pipeline, fm, original } = features;
  const indicator = pipeline.features.filter((f) => f.enabled).map((f) => f.kind === 'indicator');
  const integerCol = (name: string) => {
    const col = table.columns.find((c) => c.name === name);
    return !!col && col.kind === 'numeric' && (col.type === 'integer' || col.type === 'boolean');
  };
  const treeFeatures: TreeFeature[] = fm.names.map((name, j) => {
    if (indicator[j]) return { name, label: name.replace('=', ' = '), integer: true, indicator: true };
    return treeFeature(name, integerCol(name), options.currency ?? '');
  });
  const minSize = options.minSize ?? 10;
  const cards = segmentCards({
    names: fm.names,
    indicator,
    treeFeatures,
    model: fm.data,
    original: original.data,
    n: fm.rows,
    labels: res.labels,
    k: res.k,
    minSize,
  });
  for (const c of cards)
    if (c.small) notes.push(msg('seg_note_small', { segment: c.nameMsg ?? c.name, size: c.size, min: minSize }));
  return { cards, treeFeatures };
}

/** Rules from a shallow tree on original units, fitted on a sample so it stays fast on large customer bases. */
function explainWithRules(
  features: SegmentFeatures,
  res: KMeansResult,
  treeFeatures: TreeFeature[],
  cards: SegmentCard[],
  seed: number,
): { rules: SegmentRule[]; ruleAccuracy: number } {
  const { fm, original } = features;
  const n = fm.rows,
    d = fm.cols;
  const treeRows = n <= 20_000 ? null : permutation(n, rng(seed ^ 0x7733)).slice(0, 20_000);
  const tn = treeRows ? treeRows.length : n;
  const tx = treeRows ? new Float32Array(tn * d) : original.data;
  const tl = treeRows ? new Int32Array(tn) : res.labels;
  if (treeRows)
    treeRows.forEach((r, i) => {
      tx.set(original.data.subarray(r * d, r * d + d), i * d);
      tl[i] = res.labels[r]!;
    });
  const tree = fitTree(tx, tn, d, tl, res.k, { maxDepth: 3 });
  const rules = treeRules(
    tree,
    treeFeatures,
    cards.map((c) => c.name),
    res.sizes,
  );
  return { rules, ruleAccuracy: treeAccuracy(tree, tx, tn, d, tl) };
}

export async function runSegmentation(
  input: Table,
  roles: RoleMap,
  options: SegmentOptions = {},
  ctx: JobContext = silentContext(),
): Promise<SegmentResult> {
  const seed = options.seed ?? 0;
  const notes: (Msg | string)[] = [];
  const { mode, table, customers, featureColumns, rfm, fusion } = await prepareCustomers(
    input,
    roles,
    options,
    ctx,
    notes,
  );
  const n = table.rowCount;
  checkSegmentable(n, options.k);
  const pipeline = fitPipeline(table, featureColumns, { log: options.log ?? 'auto', disabled: options.disabled ?? [] });
  notes.push(...pipeline.notes);
  const fm = applyPipeline(pipeline, table);
  const original = applyPipeline(unscaled(pipeline), table);
  const { kChoice, res } = await clusterCustomers(fm, options, seed, ctx, notes);

  ctx.progress(85, 100, 'describing segments');
  const features: SegmentFeatures = { table, pipeline, fm, original };
  const { cards, treeFeatures } = describeSegments(features, res, options, notes);
  const { rules, ruleAccuracy } = explainWithRules(features, res, treeFeatures, cards, seed);

  ctx.progress(92, 100, '2-D map');
  const map = pcaMap(fm.data, n, fm.cols, res.centroids, res.k, options.mapPoints ?? 20_000, seed);
  ctx.progress(100, 100, 'done');
  return {
    mode,
    k: res.k,
    inertia: res.inertia,
    sizes: res.sizes,
    iterations: res.iterations,
    kChoice,
    cards,
    rules,
    ruleAccuracy,
    map,
    customers,
    labels: res.labels,
    featureNames: fm.names,
    model: { pipeline, centroids: res.centroids, k: res.k, names: cards.map((c) => c.name) },
    rfm,
    fusion,
    notes,
  };
}

/** Assign customers of a (per-customer) table to the nearest stored centroid. */
export function assignSegments(model: SegmentModel, table: Table): Int32Array {
  const fm = applyPipeline(model.pipeline, table);
  const d = fm.cols;
  const out = new Int32Array(fm.rows);
  for (let i = 0; i < fm.rows; i++) {
    let best = 0,
      bestD = Infinity;
    for (let j = 0; j < model.k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = fm.data[i * d + t]! - model.centroids[j * d + t]!;
        s += diff * diff;
      }
      if (s < bestD) {
        bestD = s;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}
