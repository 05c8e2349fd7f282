// Customer-table feature pipeline: impute, log1p, standardise, one-hot (rare levels pooled), drop constant/duplicate
// columns. Fitted once into plain data (means, stds, levels …) and re-applied identically when scoring.
import { JobError } from '../jobs.ts';
import type { Column, Table } from '../data/table.ts';

export interface NumericStep {
  kind: 'numeric';
  column: string;
  /** Output feature name when it differs from the column (e.g. `log1p(tenure)` as an extra term). */
  name?: string;
  /** Value written where the cell is missing (median of the fitted data). */
  impute: number;
  /** Cells that were missing when fitting (the recorded imputation). */
  imputed: number;
  log1p: boolean;
  mean: number;
  /** Population std (ddof 0) after the optional log1p; 1 when standardisation is off. */
  std: number;
}

export interface OneHotStep {
  kind: 'onehot';
  column: string;
  /** Levels that get their own indicator, in output order. */
  levels: string[];
  /** Rare levels pooled into one `other` indicator (unseen levels at scoring time go there too). */
  pooled: string[];
  hasOther: boolean;
  /** Missing cells become level "(missing)" when fitting saw any. */
  missingLevel: boolean;
  imputed: number;
}

/** Extra non-linear terms for a numeric column: quantile-bin indicators (learned edges). */
export interface BinsStep {
  kind: 'bins';
  column: string;
  impute: number;
  /** Ascending inner edges; bin b holds edges[b-1] < v ≤ edges[b]. */
  edges: number[];
}

export type FeatureStep = NumericStep | OneHotStep | BinsStep;

export interface FeatureInfo {
  name: string;
  column: string;
  kind: 'numeric' | 'indicator';
  enabled: boolean;
}

export interface FeaturePipeline {
  version: 1;
  steps: FeatureStep[];
  /** Every output feature, in matrix order when all are enabled; the user may untick some. */
  features: FeatureInfo[];
  dropped: { name: string; reason: string }[];
  notes: string[];
}

export interface PipelineOptions {
  /** 'auto' = log1p on non-negative columns with skewness > 1. */
  log?: 'auto' | 'all' | 'none';
  standardize?: boolean;
  /** A level with fewer rows than max(minLevelCount, minLevelShare·n) is pooled into `other`. */
  minLevelCount?: number;
  minLevelShare?: number;
  maxLevels?: number;
  /** |correlation| above which the later of two features is dropped. */
  duplicateCorrelation?: number;
  /** Feature or column names the user unticked. */
  disabled?: string[];
  /** Extra terms for non-binary numeric columns: 'log' adds log1p(x) next to x, 'bins' adds quantile-bin indicators. */
  expand?: 'none' | 'log' | 'bins';
  bins?: number;
}

const OTHER = '(other)';
const MISSING = '(missing)';

function median(values: number[]): number {
  if (!values.length) return 0;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function fitNumeric(col: Column & { kind: 'numeric' }, opts: Required<PipelineOptions>): NumericStep {
  const present: number[] = [];
  for (const v of col.values) if (!Number.isNaN(v)) present.push(v);
  const impute = median(present);
  const imputed = col.values.length - present.length;
  const n = col.values.length;
  let mean = 0, m2 = 0, m3 = 0, min = Infinity;
  for (const v of present) { mean += v; if (v < min) min = v; }
  mean = present.length ? mean / present.length : 0;
  for (const v of present) { const d = v - mean; m2 += d * d; m3 += d * d * d; }
  const skew = m2 > 0 ? (m3 / present.length) / Math.pow(m2 / present.length, 1.5) : 0;
  // 0/1 columns are never log-transformed: skewness there only means "rare", and log1p changes nothing useful.
  const binary = present.every((v) => v === 0 || v === 1);
  const log1p = min >= 0 && !binary && (opts.log === 'all' || (opts.log === 'auto' && skew > 1));
  let s = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    let v = col.values[i]!;
    if (Number.isNaN(v)) v = impute;
    if (log1p) v = Math.log1p(v);
    s += v; ss += v * v;
  }
  const mu = n ? s / n : 0;
  const variance = n ? Math.max(0, ss / n - mu * mu) : 0;
  return { kind: 'numeric', column: col.name, impute, imputed, log1p, mean: opts.standardize ? mu : 0, std: opts.standardize ? Math.sqrt(variance) : 1 };
}

function fitOneHot(col: Column & { kind: 'categorical' }, opts: Required<PipelineOptions>): OneHotStep {
  const counts = new Array<number>(col.dictionary.length).fill(0);
  let missing = 0;
  for (const c of col.codes) { if (c < 0) missing++; else counts[c]!++; }
  const n = col.codes.length;
  const minCount = Math.max(opts.minLevelCount, opts.minLevelShare * n);
  const order = counts.map((c, i) => i).filter((i) => counts[i]! > 0).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const levels: string[] = [], pooled: string[] = [];
  for (const i of order) {
    if (counts[i]! >= minCount && levels.length < opts.maxLevels) levels.push(col.dictionary[i]!);
    else pooled.push(col.dictionary[i]!);
  }
  return { kind: 'onehot', column: col.name, levels, pooled, hasOther: pooled.length > 0, missingLevel: missing > 0, imputed: missing };
}

/** Extra non-linear terms for a numeric column with enough distinct values. */
function expansion(col: Column & { kind: 'numeric' }, step: NumericStep, opts: Required<PipelineOptions>): FeatureStep[] {
  const vals = Array.from(col.values, (v) => (Number.isNaN(v) ? step.impute : v)).sort((a, b) => a - b);
  if (new Set(vals).size < 2 * opts.bins) return [];
  if (opts.expand === 'log') {
    if (vals[0]! < 0 || step.log1p) return [];
    const logs = vals.map(Math.log1p);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const std = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    return [{ ...step, name: `log1p(${step.column})`, log1p: true, mean, std }];
  }
  const edges: number[] = [];
  for (let b = 1; b < opts.bins; b++) {
    const q = vals[Math.min(vals.length - 1, Math.floor((b * vals.length) / opts.bins))]!;
    if (!edges.length || q > edges[edges.length - 1]!) edges.push(q);
  }
  return edges.length ? [{ kind: 'bins', column: step.column, impute: step.impute, edges }] : [];
}

function featureNames(step: FeatureStep): FeatureInfo[] {
  if (step.kind === 'numeric') return [{ name: step.name ?? step.column, column: step.column, kind: 'numeric', enabled: true }];
  if (step.kind === 'bins') {
    const e = step.edges.map((v) => +v.toPrecision(4));
    return Array.from({ length: e.length + 1 }, (_, b) => ({
      name: `${step.column}${b === 0 ? ` ≤ ${e[0]}` : b === e.length ? ` > ${e[b - 1]}` : ` in (${e[b - 1]}, ${e[b]}]`}`,
      column: step.column, kind: 'indicator' as const, enabled: true,
    }));
  }
  const names = [...step.levels, ...(step.hasOther ? [OTHER] : []), ...(step.missingLevel ? [MISSING] : [])];
  return names.map((l) => ({ name: `${step.column}=${l}`, column: step.column, kind: 'indicator' as const, enabled: true }));
}

/** Writes one step's features for every row into `out` (row-major, `width` columns) starting at column `offset`. */
function writeStep(step: FeatureStep, table: Table, out: Float32Array, width: number, offset: number): void {
  const col = table.columns.find((c) => c.name === step.column);
  if (!col) throw new JobError('missing-column', `The model needs column \`${step.column}\`, which this file does not have.`, { column: step.column });
  const n = table.rowCount;
  if (step.kind === 'numeric') {
    if (col.kind !== 'numeric') throw new JobError('column-type', `Column \`${step.column}\` must be numeric (it was numeric when the model was fitted).`, { column: step.column });
    for (let r = 0; r < n; r++) {
      let v = col.values[r]!;
      if (Number.isNaN(v)) v = step.impute;
      if (step.log1p) v = Math.log1p(Math.max(v, 0));
      out[r * width + offset] = step.std > 0 ? (v - step.mean) / step.std : 0;
    }
    return;
  }
  if (step.kind === 'bins') {
    if (col.kind !== 'numeric') throw new JobError('column-type', `Column \`${step.column}\` must be numeric (it was numeric when the model was fitted).`, { column: step.column });
    for (let r = 0; r < n; r++) {
      let v = col.values[r]!;
      if (Number.isNaN(v)) v = step.impute;
      let b = 0;
      while (b < step.edges.length && v > step.edges[b]!) b++;
      out[r * width + offset + b] = 1;
    }
    return;
  }
  const index = new Map<string, number>();
  step.levels.forEach((l, i) => index.set(l, i));
  const other = step.hasOther ? step.levels.length : -1;
  const missing = step.missingLevel ? step.levels.length + (step.hasOther ? 1 : 0) : -1;
  // Map this table's dictionary codes to output slots once.
  const slot = new Int32Array(col.kind === 'categorical' ? col.dictionary.length : 0);
  if (col.kind === 'categorical') col.dictionary.forEach((l, i) => { slot[i] = index.get(l) ?? other; });
  for (let r = 0; r < n; r++) {
    let s: number;
    if (col.kind === 'categorical') { const c = col.codes[r]!; s = c < 0 ? missing : slot[c]!; }
    else { const v = col.values[r]!; s = Number.isNaN(v) ? missing : (index.get(String(v)) ?? other); }
    if (s >= 0) out[r * width + offset + s] = 1;
  }
}

function stepWidth(step: FeatureStep): number {
  if (step.kind === 'bins') return step.edges.length + 1;
  return step.kind === 'numeric' ? 1 : step.levels.length + (step.hasOther ? 1 : 0) + (step.missingLevel ? 1 : 0);
}

/** All features (enabled or not) as a row-major matrix. */
function rawMatrix(p: FeaturePipeline, table: Table): { data: Float32Array; width: number } {
  const width = p.steps.reduce((w, s) => w + stepWidth(s), 0);
  const data = new Float32Array(table.rowCount * width);
  let offset = 0;
  for (const s of p.steps) { writeStep(s, table, data, width, offset); offset += stepWidth(s); }
  return { data, width };
}

/**
 * Fit the pipeline on `columns` of `table`. Categorical/text columns are one-hot encoded, numeric ones standardised.
 * Constant features and near-duplicates (|r| above the threshold) are dropped and listed in `dropped`.
 */
export function fitPipeline(table: Table, columns: string[], options: PipelineOptions = {}): FeaturePipeline {
  const opts: Required<PipelineOptions> = {
    log: options.log ?? 'auto', standardize: options.standardize ?? true,
    minLevelCount: options.minLevelCount ?? 10, minLevelShare: options.minLevelShare ?? 0.005,
    maxLevels: options.maxLevels ?? 30, duplicateCorrelation: options.duplicateCorrelation ?? 0.995,
    disabled: options.disabled ?? [], expand: options.expand ?? 'none', bins: options.bins ?? 5,
  };
  if (!columns.length) throw new JobError('no-features', 'No feature columns are selected: tick at least one numeric or categorical column.');
  const steps: FeatureStep[] = [];
  const notes: string[] = [];
  for (const name of columns) {
    const col = table.columns.find((c) => c.name === name);
    if (!col) throw new JobError('missing-column', `Column \`${name}\` is not in the table.`, { column: name });
    if (col.kind === 'numeric' && col.type === 'date') { notes.push(`\`${name}\` is a date: skipped as a feature.`); continue; }
    const step = col.kind === 'numeric' ? fitNumeric(col, opts) : fitOneHot(col, opts);
    if (step.imputed) {
      notes.push(step.kind === 'numeric'
        ? `\`${name}\`: ${step.imputed} missing values imputed with the median ${+step.impute.toPrecision(6)}.`
        : `\`${name}\`: ${step.imputed} missing values kept as level "${MISSING}".`);
    }
    if (step.kind === 'onehot' && step.pooled.length) notes.push(`\`${name}\`: ${step.pooled.length} rare levels pooled into "${OTHER}".`);
    if (step.kind === 'numeric' && step.log1p) notes.push(`\`${name}\` is skewed: log1p applied before standardising.`);
    steps.push(step);
    if (step.kind === 'numeric' && opts.expand !== 'none' && col.kind === 'numeric') steps.push(...expansion(col, step, opts));
  }
  const pipeline: FeaturePipeline = { version: 1, steps, features: steps.flatMap(featureNames), dropped: [], notes };
  // Constant and near-duplicate detection on the encoded matrix.
  const { data, width } = rawMatrix(pipeline, table);
  const n = table.rowCount;
  const mean = new Float64Array(width), sd = new Float64Array(width);
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) mean[j]! += data[r * width + j]!;
  for (let j = 0; j < width; j++) mean[j] = n ? mean[j]! / n : 0;
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) { const d = data[r * width + j]! - mean[j]!; sd[j]! += d * d; }
  for (let j = 0; j < width; j++) sd[j] = Math.sqrt(n ? sd[j]! / n : 0);
  const keep = new Array<boolean>(width).fill(true);
  for (let j = 0; j < width; j++) if (!(sd[j]! > 1e-12)) { keep[j] = false; pipeline.dropped.push({ name: pipeline.features[j]!.name, reason: 'constant' }); }
  if (width <= 200 && n > 2) {
    const idx = Array.from({ length: width }, (_, j) => j).filter((j) => keep[j]);
    for (let a = 0; a < idx.length; a++) {
      const i = idx[a]!;
      if (!keep[i]) continue;
      for (let b = a + 1; b < idx.length; b++) {
        const j = idx[b]!;
        if (!keep[j]) continue;
        let cov = 0;
        for (let r = 0; r < n; r++) cov += (data[r * width + i]! - mean[i]!) * (data[r * width + j]! - mean[j]!);
        const corr = cov / n / (sd[i]! * sd[j]!);
        if (Math.abs(corr) > opts.duplicateCorrelation) {
          keep[j] = false;
          pipeline.dropped.push({ name: pipeline.features[j]!.name, reason: `duplicates ${pipeline.features[i]!.name} (r = ${corr.toFixed(3)})` });
        }
      }
    }
  } else if (width > 200) notes.push(`${width} features: near-duplicate check skipped (it is quadratic in the feature count).`);
  const disabled = new Set(opts.disabled);
  pipeline.features.forEach((f, j) => { f.enabled = keep[j]! && !disabled.has(f.name) && !disabled.has(f.column); });
  if (!pipeline.features.some((f) => f.enabled)) throw new JobError('no-features', 'Every feature is constant, duplicated or unticked: nothing is left to learn from.');
  return pipeline;
}

/** Re-enable/disable features by name without refitting (the user's ticks). */
export function setEnabled(p: FeaturePipeline, disabled: string[]): FeaturePipeline {
  const off = new Set(disabled);
  const droppedNames = new Set(p.dropped.map((d) => d.name));
  return { ...p, features: p.features.map((f) => ({ ...f, enabled: !droppedNames.has(f.name) && !off.has(f.name) && !off.has(f.column) })) };
}

export interface FeatureMatrix { data: Float32Array; rows: number; cols: number; names: string[] }

/** Apply a fitted pipeline: the enabled features of every row, row-major float32. */
export function applyPipeline(p: FeaturePipeline, table: Table): FeatureMatrix {
  const { data, width } = rawMatrix(p, table);
  const cols = p.features.map((f, j) => (f.enabled ? j : -1)).filter((j) => j >= 0);
  if (cols.length === width) return { data, rows: table.rowCount, cols: width, names: p.features.map((f) => f.name) };
  const out = new Float32Array(table.rowCount * cols.length);
  for (let r = 0; r < table.rowCount; r++) for (let c = 0; c < cols.length; c++) out[r * cols.length + c] = data[r * width + cols[c]!]!;
  return { data: out, rows: table.rowCount, cols: cols.length, names: cols.map((j) => p.features[j]!.name) };
}

/** Columns usable as features by default: everything except ids, text, dates, targets and ignored columns. */
export function defaultFeatureColumns(table: Table, roles: Record<string, string>, exclude: string[] = []): string[] {
  const skipRoles = new Set(['customer_id', 'item_id', 'text', 'ignore', 'target', 'timestamp']);
  return table.columns
    .filter((c) => !exclude.includes(c.name) && !skipRoles.has(roles[c.name] ?? ''))
    .filter((c) => !(c.kind === 'categorical' && (c.type === 'id' || c.type === 'text')) && !(c.kind === 'numeric' && c.type === 'date'))
    .map((c) => c.name);
}
