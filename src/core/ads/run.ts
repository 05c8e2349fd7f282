// The ads analysis job: outcome model + grouped permutation importance + level effects + response curves + allocation.
import { JobError, type JobContext } from '../jobs.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { getColumn } from '../data/table.ts';
import { permutation, rng } from '../random.ts';
import { allocateBudget } from './allocate.ts';
import { campaignFromRoles, defaultInputs, outcomeColumns, proposeOutcome } from './campaign.ts';
import { encodeRows, fitDesign, rawColumns } from './campaign-design.ts';
import { levelEffects } from './effects.ts';
import { scoreRows, type Target } from './family.ts';
import { fitGlm } from './glm.ts';
import { collinearity, permutationImportance } from './importance.ts';
import { fitMlp } from './mlp.ts';
import { predictMean } from './predict.ts';
import { fitResponse } from './response.ts';
import type { AdsOptions, AdsResult, Family, FittedModel, ModelQuality, OutcomeSpec } from './types.ts';

export function defaultFamily(o: OutcomeSpec): Family {
  return o.kind === 'rate' ? 'binomial' : o.kind === 'count' ? 'poisson' : 'linear';
}

/** Targets for the outcome, and the rows where it is defined. */
export function buildTarget(
  table: Table,
  o: OutcomeSpec,
  family: Family,
  notes: string[],
): { t: Target; rows: Int32Array } {
  const n = table.rowCount;
  const y = new Float64Array(n).fill(NaN);
  const w = new Float64Array(n).fill(1);
  let offset: Float64Array | null = null;
  const num = (name: string) => {
    const c = getColumn(table, name);
    if (c.kind !== 'numeric')
      throw new JobError('ads-outcome', `Outcome column \`${name}\` is ${c.type}, not numeric.`);
    return c.values;
  };
  if (o.kind === 'rate') {
    const a = num(o.numerator);
    const b = num(o.denominator);
    let clipped = 0;
    for (let r = 0; r < n; r++) {
      const s = a[r]!;
      const t = b[r]!;
      if (!(t > 0) || Number.isNaN(s) || s < 0) continue;
      if (s > t) clipped++;
      y[r] = Math.min(1, s / t);
      w[r] = t;
    }
    if (clipped)
      notes.push(
        `${clipped} rows have more \`${o.numerator}\` than \`${o.denominator}\`; their rate was capped at 100 %.`,
      );
  } else {
    const v = num(o.column);
    for (let r = 0; r < n; r++) y[r] = v[r]!;
    if (family === 'poisson') {
      let bad = 0;
      for (let r = 0; r < n; r++)
        if (y[r]! < 0) {
          bad++;
          y[r] = NaN;
        }
      if (bad) notes.push(`${bad} rows have a negative \`${o.column}\`; a count model skips them.`);
    }
    if (o.kind === 'count' && o.offset) {
      const e = num(o.offset);
      offset = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        if (e[r]! > 0) offset[r] = Math.log(e[r]!);
        else y[r] = NaN;
      }
    }
  }
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if (!Number.isNaN(y[r]!)) rows.push(r);
  return { t: { y, w, offset }, rows: Int32Array.from(rows) };
}

function quality(
  model: FittedModel,
  kind: 'glm' | 'mlp',
  x: Float32Array,
  t: Target,
  idx: Int32Array,
  trainRows: number,
): ModelQuality {
  const family = model.weights.family;
  const offs = t.offset ? Float64Array.from(idx, (r) => t.offset![r]!) : undefined;
  const mu = predictMean(model.weights, x, model.design.width, offs);
  const s = scoreRows(family, t, idx, mu);
  return {
    model: kind,
    family,
    trainRows,
    testRows: idx.length,
    r2: s.r2,
    d2: s.d2,
    loss: s.loss,
    lossName: family === 'linear' ? 'mse' : family === 'poisson' ? 'poisson deviance' : 'log loss',
  };
}

/** A copy of the table where the named numeric columns are categories (e.g. an `interest` code). */
export function withCategorical(table: Table, names: string[]): Table {
  if (!names.length) return table;
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((c) => {
      if (!names.includes(c.name) || c.kind !== 'numeric') return c;
      const dictionary: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from(c.values, (v) => {
        if (Number.isNaN(v)) return -1;
        const s = String(v);
        let k = index.get(s);
        if (k === undefined) {
          k = dictionary.length;
          dictionary.push(s);
          index.set(s, k);
        }
        return k;
      });
      return { kind: 'categorical', name: c.name, type: 'categorical', codes, dictionary };
    }),
  };
}

/**
 * Counts without an exposure offset: Poisson (multiplicative effects) or linear (additive), whichever predicts a
 * validation split carved from the training rows better (R² on the counts). The test split stays untouched.
 */
async function chooseCountFamily(
  table: Table,
  inputs: string[],
  raw: ReturnType<typeof rawColumns>,
  t: Target,
  train: Int32Array,
  seed: number,
  notes: string[],
  ctx: JobContext,
): Promise<Family> {
  const perm = permutation(train.length, rng(seed + 5));
  const nVal = Math.max(5, Math.round(train.length * 0.2));
  const val = Int32Array.from(perm.subarray(0, nVal), (i) => train[i]!).sort();
  const fit = Int32Array.from(perm.subarray(nVal), (i) => train[i]!).sort();
  const r2s: Record<string, number> = {};
  for (const fam of ['poisson', 'linear'] as const) {
    const d = fitDesign(table, inputs, fit, fam);
    const w = await fitGlm(fam, encodeRows(d, raw, fit), d.width, t, fit, stage(ctx, 0, 0));
    r2s[fam] = scoreRows(fam, t, val, predictMean(w, encodeRows(d, raw, val), d.width)).r2;
  }
  const pick: Family = (r2s.linear ?? -Infinity) > (r2s.poisson ?? -Infinity) + 0.01 ? 'linear' : 'poisson';
  notes.push(
    `Count outcome: chose a ${pick === 'linear' ? 'linear' : 'Poisson'} model (validation R² ${r2s.linear!.toFixed(3)} linear vs ${r2s.poisson!.toFixed(3)} Poisson).`,
  );
  return pick;
}

/** A view of `ctx` whose progress maps into [from, to] % of the whole job (phases report their own done/total). */
function stage(ctx: JobContext, from: number, to: number): JobContext {
  return {
    progress: (done, total, phase) => ctx.progress(from + ((to - from) * done) / Math.max(1, total), 100, phase),
    epoch: (e, logs) => ctx.epoch(e, logs),
    log: (m) => ctx.log(m),
    checkCancelled: () => ctx.checkCancelled(),
    yield: () => ctx.yield(),
  };
}

export async function analyzeAds(table: Table, roles: RoleMap, opts: AdsOptions, ctx: JobContext): Promise<AdsResult> {
  const notes: string[] = [];
  const seed = opts.seed ?? 42;
  const t0 = performance.now();
  const outcome = opts.outcome ?? proposeOutcome(table, roles);
  let family = opts.family ?? defaultFamily(outcome);
  if (family === 'binomial' && outcome.kind !== 'rate')
    throw new JobError(
      'ads-outcome',
      `A logistic (binomial) model needs a rate outcome such as clicks/impressions, not \`${outcome.label}\`.`,
    );
  const { t, rows } = buildTarget(table, outcome, family, notes);
  if (rows.length < 20)
    throw new JobError('ads-outcome', `Only ${rows.length} rows have a usable \`${outcome.label}\`: need at least 20.`);
  const banned = new Set(outcomeColumns(outcome));
  const inputs = opts.inputs ?? defaultInputs(table, roles, outcome);
  for (const name of inputs) {
    getColumn(table, name);
    if (banned.has(name))
      throw new JobError(
        'ads-input',
        `\`${name}\` is part of the outcome \`${outcome.label}\` and cannot also be an input.`,
      );
  }
  if (!inputs.length)
    throw new JobError(
      'ads-input',
      'No inputs: mark categorical dimensions (channel, age group, format …) or spend/impressions columns, or pass --inputs.',
    );
  const perm = permutation(rows.length, rng(seed));
  const nTest = Math.max(5, Math.round(rows.length * (opts.testFraction ?? 0.25)));
  const test = Int32Array.from(perm.subarray(0, nTest), (i) => rows[i]!).sort();
  const train = Int32Array.from(perm.subarray(nTest), (i) => rows[i]!).sort();
  const raw = rawColumns(table, inputs);
  if (!opts.family && outcome.kind === 'count' && !outcome.offset)
    family = await chooseCountFamily(table, inputs, raw, t, train, seed, notes, ctx);
  const design = fitDesign(table, inputs, train, family);
  const xTrain = encodeRows(design, raw, train);
  const xTest = encodeRows(design, raw, test);
  ctx.progress(0, 100, 'fitting');
  const glmW = await fitGlm(family, xTrain, design.width, t, train, stage(ctx, 0, 10));
  const glm: FittedModel = { design, weights: glmW };
  let model = glm;
  const kind = opts.model ?? 'glm';
  if (kind === 'mlp') {
    const w = await fitMlp(family, xTrain, design.width, t, train, stage(ctx, 10, 35), {
      hidden: opts.mlpHidden ?? 16,
      iterations: opts.mlpIterations ?? 400,
      seed,
    });
    model = { design, weights: w };
  }
  const glmQuality = quality(glm, 'glm', xTest, t, test, train.length);
  const modelQuality = kind === 'mlp' ? quality(model, 'mlp', xTest, t, test, train.length) : glmQuality;
  const t1 = performance.now();
  ctx.progress(35, 100, 'importance');
  const importance = await permutationImportance(
    model,
    xTest,
    t,
    test,
    opts.repeats ?? 30,
    seed + 1,
    stage(ctx, 35, 65),
  );
  const numericInputs = design.inputs.filter((s) => s.kind === 'numeric').map((s) => s.name);
  const collinear = collinearity(
    numericInputs,
    numericInputs.map((name) => {
      const v = raw[inputs.indexOf(name)]!;
      return Float64Array.from(rows, (r) => v[r]!);
    }),
  );
  const t2 = performance.now();
  ctx.progress(65, 100, 'effects');
  // Effects average over up to 2,000 rows (seeded subsample): the partial dependence is stable well before that.
  const refRows =
    rows.length > 2000
      ? Int32Array.from(permutation(rows.length, rng(seed + 2)).subarray(0, 2000), (i) => rows[i]!)
      : rows;
  const counts = inputs.map((name) => {
    const c = getColumn(table, name);
    if (c.kind !== 'categorical') return new Float64Array(0);
    const k = new Float64Array(c.dictionary.length);
    for (const r of rows) {
      const code = c.codes[r]!;
      if (code >= 0) k[code]! += 1;
    }
    return k;
  });
  const effects = levelEffects(
    {
      design,
      glm: glmW,
      x: encodeRows(design, raw, refRows),
      weights: Float64Array.from(refRows, (r) => t.w[r]!),
      offsets: t.offset ? Float64Array.from(refRows, (r) => t.offset![r]!) : null,
      outcome,
    },
    (i, L) => counts[i]![L] ?? 0,
  );
  const t3 = performance.now();
  ctx.progress(70, 100, 'response curves');
  const camp = campaignFromRoles(table, roles);
  const spend = opts.spend ?? camp.spend;
  const curveOutcome = outcome.kind === 'rate' ? outcome.numerator : outcome.column;
  let response: AdsResult['response'] = null;
  if (spend.length) {
    try {
      response = await fitResponse(
        table,
        {
          spend,
          outcome: curveOutcome,
          channel: spend.length >= 2 ? null : camp.channel,
          timestamp: camp.timestamp,
          curve: opts.curve ?? 'auto',
          adstock: opts.adstock ?? false,
          bootstrap: opts.bootstrap ?? 100,
          seed: seed + 3,
        },
        stage(ctx, 70, 97),
      );
    } catch (e) {
      if (!(e instanceof JobError) || e.code === 'cancelled') throw e;
      notes.push(`No response curves: ${e.message}`);
    }
  } else
    notes.push('No spend column: mark one as spend (or pass --spend) to get response curves and budget allocation.');
  const t4 = performance.now();
  ctx.progress(97, 100, 'allocation');
  let allocation: AdsResult['allocation'] = null;
  if (opts.budget !== undefined) {
    if (!response)
      throw new JobError(
        'ads-allocation',
        'Budget allocation needs response curves, and none could be fitted (see notes): mark a spend column.',
      );
    allocation = allocateBudget(
      {
        channels: response.curves.map((c) => c.channel),
        params: response.curves.map((c) => c.params),
        current: response.curves.map((c) => c.currentSpend),
        baseline: response.baseline,
        draws: response.draws,
        outcomeLabel: curveOutcome,
        currency: opts.currency ?? '',
      },
      { budget: opts.budget, ...opts.constraints },
    );
  }
  const t5 = performance.now();
  const wiRows =
    rows.length > 300
      ? Int32Array.from(permutation(rows.length, rng(seed + 4)).subarray(0, 300), (i) => rows[i]!)
      : rows;
  const whatIf = {
    rows: Array.from(wiRows, (r) => raw.map((col) => col[r]!)),
    weights: Array.from(wiRows, (r) => t.w[r]!),
    ...(t.offset ? { offsets: Array.from(wiRows, (r) => t.offset![r]!) } : {}),
  };
  ctx.progress(100, 100, 'done');
  return {
    outcome,
    quality: modelQuality,
    glmQuality,
    model,
    glm,
    importance,
    collinearity: collinear,
    effects,
    response,
    allocation,
    whatIf,
    notes,
    seconds: {
      fit: (t1 - t0) / 1000,
      importance: (t2 - t1) / 1000,
      effects: (t3 - t2) / 1000,
      response: (t4 - t3) / 1000,
      allocation: (t5 - t4) / 1000,
    },
  };
}
