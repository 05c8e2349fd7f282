// The segmentation job: transactions → RFM (or a customer table) → features → k-means → cards, rules and a 2-D map.
import { JobError, type JobContext, silentContext } from '../jobs.ts';
import { columnByRole, type RoleMap, type Table } from '../data/table.ts';
import { applyPipeline, defaultFeatureColumns, fitPipeline, type FeaturePipeline } from '../features/design.ts';
import { computeRfm, fuseCustomers, idKeys, RFM_FEATURES, type RfmCounts } from '../features/rfm.ts';
import { permutation, rng } from '../random.ts';
import { chooseK, type KChoice } from './choose-k.ts';
import { kmeansResident, uploadMatrix } from './kmeans.ts';
import { segmentCards, treeFeature, type SegmentCard } from './cards.ts';
import { fitTree, treeAccuracy, treeRules, type SegmentRule, type TreeFeature } from '../rules/tree.ts';
import { pcaMap, type PcaMap } from './pca.ts';

export interface SegmentOptions {
  /** Number of segments; absent = evaluate k = 2…10 and use the recommendation. */
  k?: number;
  seed?: number;
  restarts?: number;
  /** Source columns to use as features (default: R, F, M for transactions; all usable columns otherwise). */
  features?: string[];
  /** Feature names or columns the user unticked. */
  disabled?: string[];
  log?: 'auto' | 'all' | 'none';
  /** Segments smaller than this are flagged and left out of aggregate exports. */
  minSize?: number;
  invoiceColumn?: string | null;
  /** Optional customer table joined on the customer id ("fusion"). */
  customerTable?: { table: Table; idColumn: string };
  currency?: string;
  mapPoints?: number;
}

export interface SegmentModel {
  pipeline: FeaturePipeline;
  centroids: Float32Array;
  k: number;
  names: string[];
}

export interface SegmentResult {
  mode: 'transactions' | 'customers';
  k: number;
  inertia: number;
  sizes: number[];
  iterations: number;
  kChoice: KChoice | null;
  cards: SegmentCard[];
  rules: SegmentRule[];
  /** Share of customers the rules put in their own segment. */
  ruleAccuracy: number;
  map: PcaMap;
  /** Customer id per row (row number when the table has no id). */
  customers: string[];
  labels: Int32Array;
  featureNames: string[];
  model: SegmentModel;
  rfm: { counts: RfmCounts; snapshot: number; invoiceColumn: string | null; frequencyBasis: 'orders' | 'days' } | null;
  fusion: { matched: number; of: number } | null;
  notes: string[];
}

export function isTransactions(table: Table, roles: RoleMap): boolean {
  const has = (r: string) =>
    Object.entries(roles).some(([name, role]) => role === r && table.columns.some((c) => c.name === name));
  return has('customer_id') && has('timestamp') && (has('amount') || (has('quantity') && has('price')));
}

/** Original-unit copy of a pipeline: same imputation and encoding, no log or scaling. */
function unscaled(p: FeaturePipeline): FeaturePipeline {
  return { ...p, steps: p.steps.map((s) => (s.kind === 'numeric' ? { ...s, log1p: false, mean: 0, std: 1 } : s)) };
}

export async function runSegmentation(
  input: Table,
  roles: RoleMap,
  options: SegmentOptions = {},
  ctx: JobContext = silentContext(),
): Promise<SegmentResult> {
  const seed = options.seed ?? 0;
  const notes: string[] = [];
  let table = input;
  let rfm: SegmentResult['rfm'] = null;
  let fusion: SegmentResult['fusion'] = null;
  let customers: string[];
  let featureColumns: string[];
  const mode = isTransactions(input, roles) ? 'transactions' : 'customers';
  ctx.progress(0, 100, 'preparing features');
  if (mode === 'transactions') {
    const r = await computeRfm(
      input,
      roles,
      { invoiceColumn: options.invoiceColumn },
      { ...ctx, progress: (dn, t, ph) => ctx.progress((5 * dn) / t, 100, ph) },
    );
    rfm = { counts: r.counts, snapshot: r.snapshot, invoiceColumn: r.invoiceColumn, frequencyBasis: r.frequencyBasis };
    table = r.table;
    customers = r.customers;
    featureColumns = [...RFM_FEATURES];
    const c = r.counts;
    notes.push(
      `${c.used.toLocaleString('en-GB')} of ${c.rows.toLocaleString('en-GB')} transaction rows used for ${c.customers.toLocaleString('en-GB')} customers; dropped: ${c.cancellations} cancellation lines (${c.cancelledInvoices} invoices), ${c.negative} negative quantities/amounts, ${c.missingCustomer} without customer id, ${c.missingTimestamp} without date, ${c.missingValue} without amount.`,
    );
    if (r.frequencyBasis === 'days') notes.push('No invoice/order column: frequency counts distinct purchase days.');
    if (options.customerTable) {
      const fused = fuseCustomers(table, 'customer_id', options.customerTable.table, options.customerTable.idColumn);
      table = fused.table;
      fusion = { matched: fused.matched, of: table.rowCount };
      featureColumns.push(
        ...defaultFeatureColumns(options.customerTable.table, { [options.customerTable.idColumn]: 'customer_id' }).map(
          (n) => (r.table.columns.some((c) => c.name === n) ? `customer.${n}` : n),
        ),
      );
      notes.push(`Customer table joined: ${fused.matched} of ${table.rowCount} customers matched.`);
    }
  } else {
    const idCol = columnByRole(input, roles, 'customer_id');
    customers = idCol ? idKeys(idCol) : Array.from({ length: input.rowCount }, (_, i) => String(i + 1));
    featureColumns = defaultFeatureColumns(input, roles);
  }
  if (options.features?.length) featureColumns = options.features;
  const n = table.rowCount;
  const k = options.k;
  if (k !== undefined && (!Number.isInteger(k) || k < 2))
    throw new JobError('bad-option', `k must be a whole number ≥ 2 (got ${k}).`);
  if (n < Math.max(3, k ?? 3))
    throw new JobError('too-few-rows', `Only ${n} customers: segmentation needs at least ${Math.max(3, k ?? 3)}.`);
  const pipeline = fitPipeline(table, featureColumns, { log: options.log ?? 'auto', disabled: options.disabled ?? [] });
  notes.push(...pipeline.notes);
  const fm = applyPipeline(pipeline, table);
  const original = applyPipeline(unscaled(pipeline), table);
  const d = fm.cols;

  const resident = uploadMatrix(fm.data, n, d);
  let kChoice: KChoice | null = null;
  let res;
  try {
    let chosen = k;
    if (chosen === undefined) {
      kChoice = await chooseK(
        resident,
        { seed, kMax: Math.min(10, n - 1) },
        { ...ctx, progress: (dn, t) => ctx.progress(5 + (40 * dn) / t, 100, 'choosing k') },
      );
      chosen = kChoice.recommended;
      notes.push(kChoice.reason);
    }
    res = await kmeansResident(
      resident,
      { k: chosen, seed, restarts: options.restarts ?? 10 },
      { ...ctx, progress: (dn, t) => ctx.progress(45 + (40 * dn) / t, 100, 'k-means') },
    );
  } finally {
    resident.dispose();
  }

  ctx.progress(85, 100, 'describing segments');
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
    n,
    labels: res.labels,
    k: res.k,
    minSize,
  });
  for (const c of cards)
    if (c.small)
      notes.push(
        `Segment "${c.name}" has only ${c.size} customers (minimum ${minSize}): flagged and left out of aggregate exports.`,
      );

  // Rules from a shallow tree on original units, fitted on a sample so it stays fast on large customer bases.
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
  const ruleAccuracy = treeAccuracy(tree, tx, tn, d, tl);

  ctx.progress(92, 100, '2-D map');
  const map = pcaMap(fm.data, n, d, res.centroids, res.k, options.mapPoints ?? 20_000, seed);
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
