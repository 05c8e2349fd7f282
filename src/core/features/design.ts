// Customer-table feature pipeline: impute, log1p, standardise, one-hot (rare levels pooled), drop constant/duplicate
// columns. Fitted once into plain data (means, stds, levels …) and re-applied identically when scoring.
import { msg, type Msg } from '../msg.ts';
import { JobError } from '../jobs.ts';
import type { Column, Table } from '../data/table.ts';
import {
  MISSING,
  OTHER,
  categoricalWidth,
  dictionarySlots,
  encodeNumber,
  fitCategoricalEncoder,
  fitNumericEncoder,
  indicatorNames,
  levelIndex,
  levelSlot,
  type CategoricalEncoder,
  type NumericEncoder,
} from './encode.ts';
import { binNames, expansionSteps, writeBins } from './expand.ts';
import type { FeatureStep, NumericStep, OneHotStep } from './steps.ts';
import { pruneFeatures } from './prune.ts';

export type { BinsStep, FeatureStep, NumericStep, OneHotStep } from './steps.ts';

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
  /** What the design did to the data, for the reader (worded by the UI; strings in pipelines stored earlier). */
  notes: (Msg | string)[];
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

function fitNumeric(col: Column & { kind: 'numeric' }, opts: Required<PipelineOptions>): NumericStep {
  const fit = fitNumericEncoder(col.values, {
    impute: 'median',
    log1p: { mode: opts.log, binary: false },
    scale: opts.standardize ? 'population' : 'none',
  });
  const { impute, log1p, mean, sd } = fit.encoder;
  return { kind: 'numeric', column: col.name, impute: impute!, imputed: fit.missing, log1p, mean, std: sd };
}

function fitOneHot(col: Column & { kind: 'categorical' }, opts: Required<PipelineOptions>): OneHotStep {
  const minCount = Math.max(opts.minLevelCount, opts.minLevelShare * col.codes.length);
  const fit = fitCategoricalEncoder(col.codes, col.dictionary, { kind: 'pool', minCount, maxLevels: opts.maxLevels });
  const { levels, other: hasOther, missing: missingLevel } = fit.encoder;
  return { kind: 'onehot', column: col.name, levels, pooled: fit.pooled, hasOther, missingLevel, imputed: fit.missing };
}

function numericEncoder(step: NumericStep): NumericEncoder {
  return { impute: step.impute, log1p: step.log1p, mean: step.mean, sd: step.std };
}

function oneHotEncoder(step: OneHotStep): CategoricalEncoder {
  return { levels: step.levels, reference: -1, other: step.hasOther, missing: step.missingLevel };
}

function featureNames(step: FeatureStep): FeatureInfo[] {
  if (step.kind === 'numeric')
    return [{ name: step.name ?? step.column, column: step.column, kind: 'numeric', enabled: true }];
  const names = step.kind === 'bins' ? binNames(step) : indicatorNames(step.column, oneHotEncoder(step));
  return names.map((name) => ({ name, column: step.column, kind: 'indicator', enabled: true }));
}

function numericCells(step: FeatureStep, col: Column): Float64Array {
  if (col.kind === 'numeric') return col.values;
  const message = `Column \`${step.column}\` must be numeric (it was numeric when the model was fitted).`;
  throw new JobError('column-type', message, { column: step.column });
}

/** Writes one step's features for every row into `out` (row-major, `width` columns) starting at column `offset`. */
function writeStep(step: FeatureStep, table: Table, out: Float32Array, width: number, offset: number): void {
  const col = table.columns.find((c) => c.name === step.column);
  if (!col) {
    const message = `The model needs column \`${step.column}\`, which this file does not have.`;
    throw new JobError('missing-column', message, { column: step.column });
  }
  const n = table.rowCount;
  if (step.kind === 'numeric') {
    const values = numericCells(step, col);
    const enc = numericEncoder(step);
    for (let r = 0; r < n; r++) out[r * width + offset] = encodeNumber(enc, values[r]!);
    return;
  }
  if (step.kind === 'bins') {
    writeBins(step, numericCells(step, col), n, out, width, offset);
    return;
  }
  const enc = oneHotEncoder(step);
  // Levels are matched by text: map this table's dictionary codes to indicators once.
  const slots = col.kind === 'categorical' ? dictionarySlots(enc, col.dictionary) : null;
  const index = levelIndex(enc);
  for (let r = 0; r < n; r++) {
    let s: number;
    if (col.kind === 'categorical') {
      const c = col.codes[r]!;
      s = c < 0 ? levelSlot(enc, -1) : slots![c]!;
    } else {
      const v = col.values[r]!;
      s = levelSlot(enc, Number.isNaN(v) ? -1 : index(String(v)));
    }
    if (s >= 0) out[r * width + offset + s] = 1;
  }
}

function stepWidth(step: FeatureStep): number {
  if (step.kind === 'bins') return step.edges.length + 1;
  return step.kind === 'numeric' ? 1 : categoricalWidth(oneHotEncoder(step));
}

/** All features (enabled or not) as a row-major matrix. */
function rawMatrix(p: FeaturePipeline, table: Table): { data: Float32Array; width: number } {
  const width = p.steps.reduce((w, s) => w + stepWidth(s), 0);
  const data = new Float32Array(table.rowCount * width);
  let offset = 0;
  for (const s of p.steps) {
    writeStep(s, table, data, width, offset);
    offset += stepWidth(s);
  }
  return { data, width };
}

/**
 * Fit the pipeline on `columns` of `table`. Categorical/text columns are one-hot encoded, numeric ones standardised.
 * Constant features and near-duplicates (|r| above the threshold) are dropped and listed in `dropped`.
 */
export function fitPipeline(table: Table, columns: string[], options: PipelineOptions = {}): FeaturePipeline {
  const opts: Required<PipelineOptions> = {
    log: options.log ?? 'auto',
    standardize: options.standardize ?? true,
    minLevelCount: options.minLevelCount ?? 10,
    minLevelShare: options.minLevelShare ?? 0.005,
    maxLevels: options.maxLevels ?? 30,
    duplicateCorrelation: options.duplicateCorrelation ?? 0.995,
    disabled: options.disabled ?? [],
    expand: options.expand ?? 'none',
    bins: options.bins ?? 5,
  };
  if (!columns.length)
    throw new JobError(
      'no-features',
      'No feature columns are selected: tick at least one numeric or categorical column.',
    );
  const steps: FeatureStep[] = [];
  const notes: (Msg | string)[] = [];
  for (const name of columns) {
    const col = table.columns.find((c) => c.name === name);
    if (!col) throw new JobError('missing-column', `Column \`${name}\` is not in the table.`, { column: name });
    if (col.kind === 'numeric' && col.type === 'date') {
      notes.push(msg('feat_note_date_skipped', { column: name }));
      continue;
    }
    const step = col.kind === 'numeric' ? fitNumeric(col, opts) : fitOneHot(col, opts);
    if (step.imputed) {
      notes.push(
        step.kind === 'numeric'
          ? msg('feat_note_imputed_median', {
              column: name,
              count: step.imputed,
              median: String(+step.impute.toPrecision(6)),
            })
          : msg('feat_note_imputed_level', { column: name, count: step.imputed, level: MISSING }),
      );
    }
    if (step.kind === 'onehot' && step.pooled.length)
      notes.push(msg('feat_note_pooled', { column: name, count: step.pooled.length, level: OTHER }));
    if (step.kind === 'numeric' && step.log1p) notes.push(msg('feat_note_log1p', { column: name }));
    steps.push(step);
    if (step.kind === 'numeric' && opts.expand !== 'none' && col.kind === 'numeric') {
      steps.push(...expansionSteps(col.values, step, opts.expand, opts.bins));
    }
  }
  const pipeline: FeaturePipeline = { version: 1, steps, features: steps.flatMap(featureNames), dropped: [], notes };
  // Constant and near-duplicate detection on the encoded matrix.
  const { data, width } = rawMatrix(pipeline, table);
  const names = pipeline.features.map((f) => f.name);
  const { keep, dropped, note } = pruneFeatures(data, table.rowCount, width, names, opts.duplicateCorrelation);
  pipeline.dropped.push(...dropped);
  if (note) notes.push(note);
  const disabled = new Set(opts.disabled);
  pipeline.features.forEach((f, j) => {
    f.enabled = keep[j]! && !disabled.has(f.name) && !disabled.has(f.column);
  });
  if (!pipeline.features.some((f) => f.enabled))
    throw new JobError(
      'no-features',
      'Every feature is constant, duplicated or unticked: nothing is left to learn from.',
    );
  return pipeline;
}

/** Re-enable/disable features by name without refitting (the user's ticks). */
export function setEnabled(p: FeaturePipeline, disabled: string[]): FeaturePipeline {
  const off = new Set(disabled);
  const droppedNames = new Set(p.dropped.map((d) => d.name));
  return {
    ...p,
    features: p.features.map((f) => ({
      ...f,
      enabled: !droppedNames.has(f.name) && !off.has(f.name) && !off.has(f.column),
    })),
  };
}

export interface FeatureMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
  names: string[];
}

/** Apply a fitted pipeline: the enabled features of every row, row-major float32. */
export function applyPipeline(p: FeaturePipeline, table: Table): FeatureMatrix {
  const { data, width } = rawMatrix(p, table);
  const cols = p.features.map((f, j) => (f.enabled ? j : -1)).filter((j) => j >= 0);
  if (cols.length === width) return { data, rows: table.rowCount, cols: width, names: p.features.map((f) => f.name) };
  const out = new Float32Array(table.rowCount * cols.length);
  for (let r = 0; r < table.rowCount; r++)
    for (let c = 0; c < cols.length; c++) out[r * cols.length + c] = data[r * width + cols[c]!]!;
  return { data: out, rows: table.rowCount, cols: cols.length, names: cols.map((j) => p.features[j]!.name) };
}

/** Columns usable as features by default: everything except ids, text, dates, targets and ignored columns. */
export function defaultFeatureColumns(table: Table, roles: Record<string, string>, exclude: string[] = []): string[] {
  const skipRoles = new Set(['customer_id', 'item_id', 'text', 'ignore', 'target', 'timestamp']);
  return table.columns
    .filter((c) => !exclude.includes(c.name) && !skipRoles.has(roles[c.name] ?? ''))
    .filter(
      (c) =>
        !(c.kind === 'categorical' && (c.type === 'id' || c.type === 'text')) &&
        !(c.kind === 'numeric' && c.type === 'date'),
    )
    .map((c) => c.name);
}
