// `locallift ads <file>`: outcome model, grouped importances with intervals, response curves and (with --budget)
// allocation, as JSON; an impression log (a 0/1 outcome per row) gets the CTR models instead.
import { loadCsvFile } from '../load-file.ts';
import { wordAll } from '../say.ts';
import { initNodeBackend } from '../tf-node.ts';
import { withCategorical } from '../../core/ads/run.ts';
import { isCtrJobResult, runAdsJob, type AdsSpec } from '../../core/ads/job.ts';
import { ctrSummary } from '../../core/ads/ctr-job.ts';
import { JobError, silentContext } from '../../core/jobs.ts';
import type { AdsResult, CurveKind, Family, ModelKind } from '../../core/ads/types.ts';
import { count, list, num, parseFlags, parseRoles, positive } from '../args.ts';

const HELP = `usage: locallift ads <file.csv> [options]
  --outcome <column>     what to predict: a column, CTR, or a rate numerator/denominator (default: proposed from roles);
                         a 0/1 column with one row per impression gets the CTR models (logistic, FM, trees)
  --spend <cols>         spend columns, comma-separated (≥ 2 = one channel per column)
  --budget <N>           total budget per period to allocate across channels
  --floor <ch=N>         minimum spend of a channel (repeatable); --cap <ch=N> maximum; --lock <ch> keep as is
  --inputs <cols>        model inputs (default: dimensions + spend + impressions)
  --categorical <cols>   numeric columns to treat as categories (e.g. an interest code)
  --role <col=role>      override an inferred role (repeatable)
  --family <f>           linear | poisson | binomial      --model <m>  glm | mlp
  --curve <c>            hill | negexp | auto             --adstock    fit geometric carry-over (dated logs)
  --repeats <N>          permutation repeats (default 30) --bootstrap <N> curve bootstrap draws (default 100)
  --date <col>           date column of the marketing-mix model (default: the timestamp role; needs spend columns)
  --controls <cols>      event / control columns of the marketing-mix model, comma-separated
  --seed <N>  --currency <symbol>  --json (output is always JSON)`;

function pairs(vals: string[] | undefined, flag: string): Record<string, number> | undefined {
  if (!vals?.length) return undefined;
  const out: Record<string, number> = {};
  for (const v of vals) {
    const i = v.lastIndexOf('=');
    const n = Number(v.slice(i + 1));
    if (i <= 0 || !Number.isFinite(n)) throw new JobError('usage', `--${flag} expects channel=amount, got \`${v}\``);
    out[v.slice(0, i)] = n;
  }
  return out;
}

/** The JSON the command prints: summaries only (no weights, no what-if rows). */
export function summarise(file: string, rows: number, res: AdsResult): Record<string, unknown> {
  return {
    file,
    rows,
    analysis: 'aggregate',
    outcome: res.outcome,
    quality: res.quality,
    trust: res.trust ?? null,
    importance: res.importance.map((i) => ({ factor: i.factor, mean: i.mean, low: i.low, high: i.high })),
    importanceMethod: `drop in test ${res.quality.family === 'linear' ? 'R²' : 'deviance explained'} over ${res.importance[0]?.repeats ?? 0} permutations (each on a bootstrap resample of the test rows); low/high = 2.5/97.5 % percentiles`,
    collinearity: res.collinearity,
    effects: res.effects.map((e) => ({
      factor: e.factor,
      best: e.best,
      worst: e.worst,
      summary: e.summary,
      levels: e.levels,
    })),
    responseCurves: res.response
      ? {
          layout: res.response.layout,
          outcome: res.response.outcome,
          baseline: res.response.baseline,
          r2: res.response.r2,
          period: res.response.periodLabel,
          curves: res.response.curves.map((c) => ({
            channel: c.channel,
            kind: c.params.kind,
            beta: c.params.beta,
            k: c.params.k,
            n: c.params.n,
            adstock: c.adstock,
            betaInterval: [c.paramLow.beta, c.paramHigh.beta],
            kInterval: [c.paramLow.k, c.paramHigh.k],
            nInterval: [c.paramLow.n, c.paramHigh.n],
            currentSpend: c.currentSpend,
            currentOutcome: c.currentOutcome,
            marginalReturn: c.marginalReturn,
          })),
        }
      : null,
    allocation: res.allocation,
    mmm: res.mmm ? mmmSummary(res.mmm) : null,
    notes: res.notes,
    seconds: res.seconds,
  };
}

/** The marketing-mix model without its bootstrap draws and chart grids. */
function mmmSummary(m: NonNullable<AdsResult['mmm']>): Record<string, unknown> {
  const { response, ...rest } = m;
  return {
    ...rest,
    curves: response.curves.map((c) => ({ channel: c.channel, ...c.params, currentSpend: c.currentSpend })),
    baseline: response.baseline,
  };
}

function flags(args: string[]) {
  return parseFlags({
    args,
    allowPositionals: true,
    options: {
      outcome: { type: 'string' },
      spend: { type: 'string' },
      budget: { type: 'string' },
      floor: { type: 'string', multiple: true },
      cap: { type: 'string', multiple: true },
      lock: { type: 'string', multiple: true },
      inputs: { type: 'string' },
      categorical: { type: 'string' },
      role: { type: 'string', multiple: true },
      family: { type: 'string' },
      model: { type: 'string' },
      curve: { type: 'string' },
      adstock: { type: 'boolean' },
      repeats: { type: 'string' },
      bootstrap: { type: 'string' },
      seed: { type: 'string' },
      currency: { type: 'string' },
      date: { type: 'string' },
      controls: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Flags = ReturnType<typeof flags>['values'];

interface Choices {
  family: Family | undefined;
  model: ModelKind | undefined;
  curve: CurveKind | 'auto' | undefined;
}

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new JobError('usage', `--${flag} must be one of ${allowed.join(', ')} (got \`${v}\`)`);
  return v as T;
}

/** The enumerated flags, checked before anything is loaded. */
function checkChoices(values: Flags): Choices {
  return {
    family: oneOf<Family>(values.family, ['linear', 'poisson', 'binomial'], 'family'),
    model: oneOf<ModelKind>(values.model, ['glm', 'mlp'], 'model'),
    curve: oneOf<CurveKind | 'auto'>(values.curve, ['hill', 'negexp', 'auto'], 'curve'),
  };
}

/** The file as a table, with inferred roles overridden by --role, --categorical and --spend. */
async function loadWithRoles(file: string, values: Flags) {
  await initNodeBackend();
  const ingest = await loadCsvFile(file);
  const roles = { ...ingest.roles, ...parseRoles(values.role) };
  const categorical = list(values.categorical) ?? [];
  for (const c of categorical) if (roles[c] !== 'channel') roles[c] = 'categorical';
  const table = withCategorical(ingest.table, categorical);
  const spend = list(values.spend);
  for (const s of spend ?? []) roles[s] = 'spend';
  if (values.date) roles[values.date] = 'timestamp';
  return { table, roles, spend };
}

/** The job spec the flags describe (numbers are checked here, after the file has loaded). */
function buildSpec(file: string, values: Flags, choices: Choices, spend: string[] | undefined): AdsSpec {
  const { family, model, curve } = choices;
  const budget = positive(values.budget, 'budget');
  const repeats = count(values.repeats, 'repeats');
  const bootstrap = count(values.bootstrap, 'bootstrap', 0);
  const seed = num(values.seed, 'seed');
  const floors = pairs(values.floor, 'floor');
  const caps = pairs(values.cap, 'cap');
  return {
    kind: 'ads',
    datasetId: file,
    ...(values.outcome ? { outcome: values.outcome } : {}),
    ...(list(values.inputs) ? { inputs: list(values.inputs)! } : {}),
    ...(spend ? { spend } : {}),
    ...(family ? { family } : {}),
    ...(model ? { model } : {}),
    ...(curve ? { curve } : {}),
    ...(values.adstock ? { adstock: true } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(repeats !== undefined ? { repeats: Math.max(2, Math.round(repeats)) } : {}),
    ...(bootstrap !== undefined ? { bootstrap: Math.max(0, Math.round(bootstrap)) } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.currency ? { currency: values.currency } : {}),
    ...(values.date ? { date: values.date } : {}),
    ...(list(values.controls) ? { controls: list(values.controls)! } : {}),
    constraints: {
      ...(floors ? { floors } : {}),
      ...(caps ? { caps } : {}),
      ...(values.lock?.length ? { locked: values.lock } : {}),
    },
  };
}

function printJson(summary: Record<string, unknown>): void {
  // Core says reasons and notes as messages (Msg): the CLI's JSON carries them as English sentences.
  console.log(
    JSON.stringify(wordAll(summary), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2),
  );
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = flags(args);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new JobError('usage', `missing the input file\n${HELP}`);
  // Flags are checked in this order (choices, then the file, then numbers) so the first error reported stays the same.
  const choices = checkChoices(values);
  const { table, roles, spend } = await loadWithRoles(file, values);
  const spec = buildSpec(file, values, choices, spend);
  const { result } = await runAdsJob(spec, table, roles, silentContext());
  printJson(
    isCtrJobResult(result)
      ? { file, rows: table.rowCount, ...ctrSummary(result.ctr) }
      : summarise(file, table.rowCount, result),
  );
  return 0;
}
