// `locallift propensity <file> --target <column>`: auto-chosen logistic, GBDT or MLP propensity model, test metrics as
// JSON, optional scores CSV.
import { writeFileSync } from 'node:fs';
import { loadCsvFile } from '../load-file.ts';
import { initNodeBackend } from '../tf-node.ts';
import { silentContext } from '../../core/jobs.ts';
import { modelToJson } from '../../core/propensity/scoring-model.ts';
import { runPropensity, type PropensityResult } from '../../core/propensity/run.ts';
import { propensityOptions, propensityScoresCsv, type PropensitySpec } from '../../core/propensity/job.ts';
import { count, fraction, num, oneOf, parseCommand } from '../args.ts';
import { sayEn, wordAll } from '../say.ts';
import { msg } from '../../core/msg.ts';
import type { PropensityRules } from '../../core/propensity/rules.ts';

const HELP = `usage: locallift propensity <file.csv> --target <column> [options]
  --target <column>      the yes/no outcome to predict (default: the column with role "target")
  --positive <value>     which target value is positive (default: Yes/1/true…, else the rarer value)
  --model <m>            auto (default: best on validation) | logistic | gbdt | blend | mlp
  --test-split <file>    labelled test file; default: a stratified 20 % split of <file> (--test-fraction, --seed)
  --epochs <N>           MLP epochs (default auto) --threshold <p>  classification threshold (default 0.5)
  --class-weights <w>    auto | balanced | none     --expand <e>     auto | none | log | bins (logistic extra terms)
  --scores <file.csv>    write id,probability,decile,split,reasons for every row
  --model-out <file>     write the model (weights + feature pipeline) as JSON
  --role <col=role>      override an inferred role (repeatable)   --json (output is always JSON)`;

/** Each rule with its English sentence ("tenure ≤ 6 AND … → likely (precision 62 %, …)"), as the JSON always had. */
function rulesWithText(rules: PropensityRules | null) {
  if (!rules) return null;
  const pct = (v: number) => `${Math.round(v * 100)} %`;
  return {
    ...rules,
    rules: rules.rules.map((r) => {
      const conditions = r.conditions.map((c) => sayEn(c));
      const who = conditions.length ? conditions.join(' AND ') : sayEn(msg('prop_rule_everyone'));
      const text = sayEn(
        msg('prop_rule_text', { conditions: who, precision: pct(r.precision), coverage: pct(r.coverage) }),
      );
      return { text, ...r, conditions };
    }),
  };
}

/**
 * Printed JSON: `{ model, test: { auc, logLoss, accuracy, … }, trainSeconds }` plus drivers and settings; notes,
 * trust reasons and rules as English sentences (core returns message keys).
 */
export function summarise(file: string, res: PropensityResult): Record<string, unknown> {
  return wordAll(summary(file, res));
}

function summary(file: string, res: PropensityResult): Record<string, unknown> {
  const t = res.test;
  return {
    file,
    model: res.model.kind,
    choice: res.choice,
    target: res.target,
    positive: res.positive,
    test: {
      auc: t.auc,
      logLoss: t.logLoss,
      accuracy: t.accuracy,
      precision: t.precision,
      recall: t.recall,
      threshold: t.threshold,
      n: t.n,
      positives: t.positives,
      confusion: { tp: t.confusion.tp, fp: t.confusion.fp, tn: t.confusion.tn, fn: t.confusion.fn },
      gain: t.gain.map((g) => ({ decile: g.bin, cumulativeGain: g.cumulativeGain, cumulativeLift: g.cumulativeLift })),
    },
    trainSeconds: res.trainSeconds,
    counts: res.counts,
    trustNote: res.trustNote,
    trust: res.trust,
    classWeights: res.classWeights,
    chosenC: res.chosenC,
    expand: res.expand,
    epochs: res.history,
    coefficients:
      res.coefficients?.slice(0, 15).map((c) => ({ feature: c.feature, standardized: c.standardized })) ?? null,
    importance: res.importance,
    drivers: res.drivers,
    rules: rulesWithText(res.rules),
    leaks: res.leaks,
    features: res.model.featureNames,
    notes: res.notes,
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      target: { type: 'string' },
      positive: { type: 'string' },
      model: { type: 'string' },
      'test-split': { type: 'string' },
      'test-fraction': { type: 'string' },
      seed: { type: 'string' },
      epochs: { type: 'string' },
      threshold: { type: 'string' },
      'class-weights': { type: 'string' },
      expand: { type: 'string' },
      scores: { type: 'string' },
      'model-out': { type: 'string' },
    },
    HELP,
  );
  if (parsed.exit !== null) return parsed.exit;
  const { values, file, roles } = parsed;
  const model = oneOf(values.model, ['auto', 'logistic', 'gbdt', 'blend', 'mlp'] as const, 'model');
  const classWeights = oneOf(values['class-weights'], ['auto', 'balanced', 'none'] as const, 'class-weights');
  const expand = oneOf(values.expand, ['auto', 'none', 'log', 'bins'] as const, 'expand');
  const seed = num(values.seed, 'seed'),
    epochs = count(values.epochs, 'epochs'),
    threshold = fraction(values.threshold, 'threshold');
  const testFraction = fraction(values['test-fraction'], 'test-fraction');
  await initNodeBackend();
  const data = await loadCsvFile(file, { roles });
  const testTable = values['test-split'] ? (await loadCsvFile(values['test-split'], { roles })).table : undefined;
  const spec: PropensitySpec = {
    kind: 'propensity',
    datasetId: file,
    target: values.target ?? '',
    model: model ?? 'auto',
    seed: seed ?? 0,
    ...(values.positive ? { positive: values.positive } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(testFraction !== undefined ? { testFraction } : {}),
    ...(classWeights ? { classWeights } : {}),
    ...(expand ? { expand } : {}),
  };
  const res = await runPropensity(data.table, data.roles, propensityOptions(spec, testTable), silentContext());
  if (values.scores) {
    const out = await propensityScoresCsv(res.scores, res.model, data.table, testTable, silentContext());
    writeFileSync(values.scores, out.csv);
  }
  if (values['model-out']) writeFileSync(values['model-out'], JSON.stringify(modelToJson(res.model)));
  console.log(JSON.stringify(summarise(file, res), null, 2));
  return 0;
}
