// `locallift clv <file>`: BG/NBD + Gamma-Gamma customer lifetime value from a transaction log or a
// frequency/recency/T summary; parameters with 95 % intervals, top customers, holdout check, as JSON.
import { loadCsvFile } from '../load-file.ts';
import { silentContext } from '../../core/jobs.ts';
import { runClv } from '../../core/clv/run.ts';
import { clvOptions, topCustomers, type ClvResult, type ClvSpec } from '../../core/clv/job.ts';
import { count, num, oneOf, parseCommand, positive } from '../args.ts';
import { wordAll } from '../say.ts';

const HELP = `usage: locallift clv <file> [options]
  <file>                 transactions (customer id, date, amount; a headerless space-aligned log works too)
                         or a summary with frequency, recency, T (+ monetary_value) columns
  --period <p>           week (default) | day: the time unit of recency, T, horizon and holdout
  --horizon <N>          periods ahead for expected purchases (default 52 weeks / 365 days)
  --holdout <N>          hold out the last N periods: fit on the rest, compare predicted vs actual purchases
  --months <N>           months of lifetime value (default 12)   --discount <x>  monthly discount rate (default 0.01)
  --penalty <x>          L2 penalty on the parameters (lifetimes' penalizer_coef; default 0)
  --customer <col> --date <col> --amount <col>   columns to use (default: from the inferred roles)
  --role <col=role>      override an inferred role (repeatable)
  --top <N>              customers listed, highest CLV first (default 10)   --all  list every customer
  --json                 (output is always JSON)`;

/** Printed JSON: `{ model: { r, alpha, a, b, p?, q?, v?, intervals }, customers: { count, top | rows }, holdout? }`. */
export function summarise(file: string, res: ClvResult, top: number): Record<string, unknown> {
  const rows = topCustomers(res.customers, top);
  return {
    file,
    input: res.input,
    columns: res.columns,
    period: res.period,
    horizon: res.horizon,
    months: res.months,
    discount: res.discount,
    penalty: res.penalty,
    model: res.model,
    customers: { count: res.customers.ids.length, ...(top === Infinity ? { rows } : { top: rows }) },
    ...(res.holdout ? { holdout: res.holdout } : {}),
    summary: res.summary,
    notes: wordAll(res.notes),
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      period: { type: 'string' },
      horizon: { type: 'string' },
      holdout: { type: 'string' },
      months: { type: 'string' },
      discount: { type: 'string' },
      penalty: { type: 'string' },
      customer: { type: 'string' },
      date: { type: 'string' },
      amount: { type: 'string' },
      top: { type: 'string' },
      all: { type: 'boolean' },
    },
    HELP,
  );
  if (parsed.exit !== null) return parsed.exit;
  const { values, file, roles } = parsed;
  const period = oneOf(values.period, ['week', 'day'] as const, 'period') ?? 'week';
  const horizon = positive(values.horizon, 'horizon') ?? (period === 'week' ? 52 : 365);
  const holdout = positive(values.holdout, 'holdout');
  const months = count(values.months, 'months');
  const discount = num(values.discount, 'discount');
  const penalty = num(values.penalty, 'penalty');
  const top = values.all ? Infinity : (count(values.top, 'top') ?? 10);
  const spec: ClvSpec = {
    kind: 'clv',
    datasetId: file,
    period,
    horizon,
    ...(holdout !== undefined ? { holdout } : {}),
    ...(months !== undefined ? { months } : {}),
    ...(discount !== undefined ? { discount } : {}),
    ...(penalty !== undefined ? { penalty } : {}),
    ...(values.customer ? { customer: values.customer } : {}),
    ...(values.date ? { date: values.date } : {}),
    ...(values.amount ? { amount: values.amount } : {}),
  };
  const data = await loadCsvFile(file, { roles });
  const res = await runClv(data.table, data.roles, clvOptions(spec), silentContext());
  console.log(JSON.stringify(summarise(file, res, top), null, 2));
  return 0;
}
