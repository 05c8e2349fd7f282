// The ads analysis job: outcome model + grouped permutation importance + level effects + response curves + allocation.
import { adsTrust } from './trust.ts';
import { JobError, type JobContext } from '../jobs.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { getColumn } from '../data/table.ts';
import { permutation, rng } from '../random.ts';
import { allocateBudget } from './allocate.ts';
import { campaignFromRoles, defaultInputs, outcomeColumns, proposeOutcome } from './campaign.ts';
import { encodeRows, rawColumns } from './campaign-design.ts';
import { levelEffects } from './effects.ts';
import { collinearity, permutationImportance } from './importance.ts';
import { fitOutcomeModel, type ModelFitContext, type OutcomeModels } from './outcome-model.ts';
import { fitResponse } from './response.ts';
import { mmmPhase } from './mmm/phase.ts';
import { trustedCurves } from './mmm/trust.ts';
import { stage } from './stage.ts';
import { buildTarget, defaultFamily } from './target.ts';
import type { AdsOptions, AdsResult, OutcomeSpec } from './types.ts';

export { buildTarget, defaultFamily } from './target.ts';

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

/** What the phases of one analysis share: the model phase's inputs plus the roles and all usable rows. */
interface AdsRun extends ModelFitContext {
  roles: RoleMap;
  /** Rows where the outcome is defined (train ∪ test). */
  rows: Int32Array;
}

/** The outcome (given or proposed), its family, and the target on the rows where it is defined. */
function targetOutcome(table: Table, roles: RoleMap, opts: AdsOptions, notes: string[]) {
  const outcome = opts.outcome ?? proposeOutcome(table, roles);
  const family = opts.family ?? defaultFamily(outcome);
  if (family === 'binomial' && outcome.kind !== 'rate')
    throw new JobError(
      'ads-outcome',
      `A logistic (binomial) model needs a rate outcome such as clicks/impressions, not \`${outcome.label}\`.`,
    );
  const { t, rows } = buildTarget(table, outcome, family, notes);
  if (rows.length < 20)
    throw new JobError('ads-outcome', `Only ${rows.length} rows have a usable \`${outcome.label}\`: need at least 20.`);
  return { outcome, family, t, rows };
}

/** The model inputs (given or the defaults), each an existing column that is not part of the outcome. */
function checkedInputs(table: Table, roles: RoleMap, opts: AdsOptions, outcome: OutcomeSpec): string[] {
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
  return inputs;
}

function splitTrainTest(rows: Int32Array, seed: number, testFraction: number) {
  const perm = permutation(rows.length, rng(seed));
  const nTest = Math.max(5, Math.round(rows.length * testFraction));
  const test = Int32Array.from(perm.subarray(0, nTest), (i) => rows[i]!).sort();
  const train = Int32Array.from(perm.subarray(nTest), (i) => rows[i]!).sort();
  return { train, test };
}

function prepareRun(table: Table, roles: RoleMap, opts: AdsOptions, ctx: JobContext): AdsRun {
  const notes: string[] = [];
  const seed = opts.seed ?? 42;
  const { outcome, family, t, rows } = targetOutcome(table, roles, opts, notes);
  const inputs = checkedInputs(table, roles, opts, outcome);
  const { train, test } = splitTrainTest(rows, seed, opts.testFraction ?? 0.25);
  const raw = rawColumns(table, inputs);
  return { table, roles, opts, ctx, seed, notes, outcome, family, t, rows, inputs, raw, train, test };
}

/** Up to `k` of `rows`, drawn with a seeded permutation (all of them when there are no more than `k`). */
function seededSubsample(rows: Int32Array, k: number, seed: number): Int32Array {
  return rows.length > k ? Int32Array.from(permutation(rows.length, rng(seed)).subarray(0, k), (i) => rows[i]!) : rows;
}

async function importancePhase(run: AdsRun, m: OutcomeModels) {
  run.ctx.progress(35, 100, 'importance');
  const importance = await permutationImportance(
    m.model,
    m.xTest,
    run.t,
    run.test,
    run.opts.repeats ?? 30,
    run.seed + 1,
    stage(run.ctx, 35, 65),
  );
  const numericInputs = m.design.inputs.filter((s) => s.kind === 'numeric').map((s) => s.name);
  const collinear = collinearity(
    numericInputs,
    numericInputs.map((name) => {
      const v = run.raw[run.inputs.indexOf(name)]!;
      return Float64Array.from(run.rows, (r) => v[r]!);
    }),
  );
  return { importance, collinear };
}

/** Rows per level of each categorical input (empty for numeric inputs). */
function levelCounts(run: AdsRun): Float64Array[] {
  return run.inputs.map((name) => {
    const c = getColumn(run.table, name);
    if (c.kind !== 'categorical') return new Float64Array(0);
    const k = new Float64Array(c.dictionary.length);
    for (const r of run.rows) {
      const code = c.codes[r]!;
      if (code >= 0) k[code]! += 1;
    }
    return k;
  });
}

function effectsPhase(run: AdsRun, m: OutcomeModels): AdsResult['effects'] {
  const { t } = run;
  run.ctx.progress(65, 100, 'effects');
  // Effects average over up to 2,000 rows (seeded subsample): the partial dependence is stable well before that.
  const refRows = seededSubsample(run.rows, 2000, run.seed + 2);
  const counts = levelCounts(run);
  return levelEffects(
    {
      design: m.design,
      glm: m.glm.weights,
      x: encodeRows(m.design, run.raw, refRows),
      weights: Float64Array.from(refRows, (r) => t.w[r]!),
      offsets: t.offset ? Float64Array.from(refRows, (r) => t.offset![r]!) : null,
      outcome: run.outcome,
    },
    (i, L) => counts[i]![L] ?? 0,
  );
}

/** The column the response curves (and the allocation) are in: the rate's numerator, else the outcome itself. */
function curveOutcome(o: OutcomeSpec): string {
  return o.kind === 'rate' ? o.numerator : o.column;
}

/** Response curves on the spend columns, or null (with a note) when there is no spend or they cannot be fitted. */
async function responsePhase(run: AdsRun): Promise<AdsResult['response']> {
  const { table, opts, notes } = run;
  run.ctx.progress(70, 100, 'response curves');
  const camp = campaignFromRoles(table, run.roles);
  const spend = opts.spend ?? camp.spend;
  if (!spend.length) {
    notes.push('No spend column: mark one as spend (or pass --spend) to get response curves and budget allocation.');
    return null;
  }
  try {
    return await fitResponse(
      table,
      {
        spend,
        outcome: curveOutcome(run.outcome),
        channel: spend.length >= 2 ? null : camp.channel,
        timestamp: camp.timestamp,
        curve: opts.curve ?? 'auto',
        adstock: opts.adstock ?? false,
        bootstrap: opts.bootstrap ?? 100,
        seed: run.seed + 3,
      },
      stage(run.ctx, 70, 90),
    );
  } catch (e) {
    if (!(e instanceof JobError) || e.code === 'cancelled') throw e;
    notes.push(`No response curves: ${e.message}`);
    return null;
  }
}

/** Allocation on the MMM's carry-over curves when a trusted one was fitted, else on the response curves. */
function allocationPhase(run: AdsRun, response: AdsResult['response']): AdsResult['allocation'] {
  const { opts } = run;
  run.ctx.progress(97, 100, 'allocation');
  if (opts.budget === undefined) return null;
  if (!response)
    throw new JobError(
      'ads-allocation',
      'Budget allocation needs response curves, and none could be fitted (see notes): mark a spend column.',
    );
  return allocateBudget(
    {
      channels: response.curves.map((c) => c.channel),
      params: response.curves.map((c) => c.params),
      current: response.curves.map((c) => c.currentSpend),
      baseline: response.baseline,
      draws: response.draws,
      outcomeLabel: curveOutcome(run.outcome),
      currency: opts.currency ?? '',
    },
    { budget: opts.budget, ...opts.constraints },
  );
}

/** Up to 300 raw rows (with weights and offsets) the what-if scenarios re-predict. */
function whatIfRows(run: AdsRun): AdsResult['whatIf'] {
  const { t, raw } = run;
  const wiRows = seededSubsample(run.rows, 300, run.seed + 4);
  return {
    rows: Array.from(wiRows, (r) => raw.map((col) => col[r]!)),
    weights: Array.from(wiRows, (r) => t.w[r]!),
    ...(t.offset ? { offsets: Array.from(wiRows, (r) => t.offset![r]!) } : {}),
  };
}

export async function analyzeAds(table: Table, roles: RoleMap, opts: AdsOptions, ctx: JobContext): Promise<AdsResult> {
  const t0 = performance.now();
  const run = prepareRun(table, roles, opts, ctx);
  const models = await fitOutcomeModel(run);
  const t1 = performance.now();
  const { importance, collinear } = await importancePhase(run, models);
  const t2 = performance.now();
  const effects = effectsPhase(run, models);
  const t3 = performance.now();
  const response = await responsePhase(run);
  const mmm = await mmmPhase(
    table,
    roles,
    opts,
    curveOutcome(run.outcome),
    run.seed + 5,
    run.notes,
    stage(ctx, 90, 97),
  );
  const t4 = performance.now();
  const allocation = allocationPhase(run, trustedCurves(mmm) ?? response);
  const t5 = performance.now();
  const whatIf = whatIfRows(run);
  const trust = adsTrust(models.modelQuality, response, trustedCurves(mmm) !== null);
  if (trust.reason) run.notes.push(`No usable signal: ${trust.reason}`);
  if (trust.curves?.reason) run.notes.push(`No usable signal: ${trust.curves.reason}`);
  ctx.progress(100, 100, 'done');
  return {
    outcome: run.outcome,
    quality: models.modelQuality,
    glmQuality: models.glmQuality,
    model: models.model,
    glm: models.glm,
    importance,
    collinearity: collinear,
    effects,
    response,
    allocation,
    whatIf,
    mmm,
    trust,
    notes: run.notes,
    seconds: {
      fit: (t1 - t0) / 1000,
      importance: (t2 - t1) / 1000,
      effects: (t3 - t2) / 1000,
      response: (t4 - t3) / 1000,
      allocation: (t5 - t4) / 1000,
    },
  };
}
