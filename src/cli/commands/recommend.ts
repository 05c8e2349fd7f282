// `locallift recommend <file>`: trains every recommender + baselines on a held-out split and prints the comparison as
// JSON; --out writes top-N for every user (user, rank, item, name, score, reason) as CSV.
import { writeFileSync } from 'node:fs';
import { loadCsvFile } from '../load-file.ts';
import { eventContext, JobError, silentContext } from '../../core/jobs.ts';
import { catalogueNames } from '../../core/recommend/catalogue.ts';
import { runRecommend, type RecommendResult } from '../../core/recommend/run.ts';
import { QUICK_GRID, recommendOptions, type RecommendSpec } from '../../core/recommend/job.ts';
import { recommendAll } from '../../core/recommend/serve.ts';
import type { Strength } from '../../core/recommend/interactions.ts';
import type { GridPoint } from '../../core/recommend/tune.ts';
import { count, fraction, int, parseCommand } from '../args.ts';
import { toCsv } from '../../core/data/csv-write.ts';
import { sayEn, wordAll } from '../say.ts';

const HELP = `usage: locallift recommend <file.csv> [options]
  --mode explicit|implicit   ratings vs purchases/clicks (default: explicit when a rating column exists)
  --test <file.csv>          a user-supplied test file with the same columns (instead of --split)
  --split random|time|leave-last-out   (default random)   --test-fraction 0.2   --seed 42
  --k 10                     cut-off of P/R/NDCG@k and length of the exported lists
  --strength binary|count|log-quantity   implicit strength (default log-quantity with a quantity column)
  --grid default|small|"reg:alpha[:nu],…"   iALS hyper-parameter grid searched on validation (64 factors)
  --items <file.csv>         item catalogue: titles joined on the item id (its item id column, else the first)
  --role <col=role>          override an inferred role (repeatable)
  --out <recs.csv>           write top-k for every user          --no-refit   serve the split-trained model
  --verbose                  progress/epoch events on stderr     --json (output is always JSON)
Prints { mode, models: [{ name, rmse, mae | precisionAtK, recallAtK, ndcgAtK, coverage, popularityBias, trainSeconds }], best, … }.`;

function parseGrid(v: string | undefined): GridPoint[] | undefined {
  if (v === undefined || v === 'default') return undefined;
  if (v === 'small' || v === 'quick') return QUICK_GRID;
  return v.split(',').map((p) => {
    const [reg, alpha, nu] = p.split(':').map(Number);
    if (!Number.isFinite(reg) || !Number.isFinite(alpha))
      throw new JobError('usage', `--grid expects reg:alpha[:nu] points, got \`${p}\``);
    return { factors: 64, reg: reg!, alpha: alpha!, regExponent: Number.isFinite(nu) ? nu! : 0 };
  });
}

/** `--items file`: the same catalogue join as the app's "Show titles from …" (item id role, else the first column). */
async function itemNames(path: string): Promise<Record<string, string>> {
  const { table, roles } = await loadCsvFile(path, { pii: { disabled: true } });
  return catalogueNames(table, roles, path).names;
}

/**
 * The printed JSON (no weights): the comparison and how it was made; model labels, warnings, notes and the trust
 * verdict as English sentences (core gives message keys).
 */
export function summarise(file: string, res: RecommendResult): Record<string, unknown> {
  return wordAll(summary(file, res));
}

function summary(file: string, res: RecommendResult): Record<string, unknown> {
  const models = res.models.map((m) =>
    res.mode === 'explicit'
      ? { name: m.name, label: m.label, rmse: m.rmse, mae: m.mae, trainSeconds: m.trainSeconds, baseline: m.baseline }
      : {
          name: m.name,
          label: m.label,
          precisionAtK: m.precisionAtK,
          recallAtK: m.recallAtK,
          ndcgAtK: m.ndcgAtK,
          coverage: m.coverage,
          popularityBias: m.popularityBias,
          trainSeconds: m.trainSeconds,
          baseline: m.baseline,
        },
  );
  return {
    file,
    mode: res.mode,
    k: res.k,
    models,
    best: res.best,
    served: res.served,
    signal: res.signal ?? null,
    warnings: res.warnings,
    notes: res.notes ?? [],
    split: res.split,
    columns: res.columns,
    strength: res.mode === 'implicit' ? res.strength : undefined,
    grid: res.grid,
    explicitTraining: res.explicitTraining
      ? { bestEpoch: res.explicitTraining.bestEpoch, validRmse: res.explicitTraining.validRmse }
      : undefined,
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      mode: { type: 'string' },
      test: { type: 'string' },
      split: { type: 'string' },
      'test-fraction': { type: 'string' },
      seed: { type: 'string' },
      k: { type: 'string' },
      strength: { type: 'string' },
      grid: { type: 'string' },
      items: { type: 'string' },
      out: { type: 'string' },
      'no-refit': { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
    HELP,
  );
  if (parsed.exit !== null) return parsed.exit;
  const { values, file, roles } = parsed;
  const mode = values.mode;
  if (mode !== undefined && mode !== 'explicit' && mode !== 'implicit')
    throw new JobError('usage', '--mode must be explicit or implicit');
  const strength = values.strength as Strength | undefined;
  if (strength !== undefined && !['binary', 'count', 'log-quantity'].includes(strength))
    throw new JobError('usage', '--strength must be binary, count or log-quantity');
  const kind = values.split ?? 'random';
  if (kind !== 'random' && kind !== 'time' && kind !== 'leave-last-out') {
    throw new JobError('usage', '--split must be random, time or leave-last-out');
  }
  const testFraction = fraction(values['test-fraction'], 'test-fraction');
  const seed = int(values.seed, 'seed');
  const k = count(values.k, 'k') ?? 10;
  const ctx = values.verbose
    ? eventContext(
        (e) => console.error(e.type === 'log' ? e.message : JSON.stringify(e)),
        () => false,
        500,
      )
    : silentContext();
  const data = await loadCsvFile(file, { roles, pii: { disabled: true } });
  const test = values.test ? await loadCsvFile(values.test, { roles, pii: { disabled: true } }) : undefined;
  const grid = parseGrid(values.grid);
  const spec: RecommendSpec = {
    kind: 'recommend',
    datasetId: file,
    split: kind,
    ...(mode ? { mode } : {}),
    ...(testFraction !== undefined ? { testFraction } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(strength ? { strength } : {}),
    ...(grid ? { grid } : {}),
    k,
    ...(values['no-refit'] ? { noRefit: true } : {}),
  };
  const names = values.items ? await itemNames(values.items) : undefined;
  const opts = recommendOptions(spec, test?.table, names);
  const res = await runRecommend(data.table, { ...data.roles, ...roles }, opts, ctx);
  const out = summarise(file, res);
  if (values.out) {
    const rows = recommendAll(res.bundle, res.k);
    writeFileSync(
      values.out,
      toCsv(
        ['user', 'rank', 'item', 'name', 'score', 'reason'],
        rows.map((r) => [r.user, r.rank, r.item, r.name, +r.score.toFixed(6), sayEn(r.reason)]),
      ),
    );
    out.out = { file: values.out, rows: rows.length, model: res.served };
  }
  console.log(JSON.stringify(out, null, 2));
  return 0;
}
