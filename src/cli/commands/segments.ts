// `locallift segment <file>`: RFM / customer-table k-means segments; JSON summary to stdout, customer → segment CSV
// with --out.
import { writeFileSync } from 'node:fs';
import { loadCsvFile } from '../load-file.ts';
import { initNodeBackend } from '../tf-node.ts';
import { JobError, silentContext } from '../../core/jobs.ts';
import { runSegmentation, type SegmentResult } from '../../core/segments/run.ts';
import { segmentOptions, type SegmentSpec } from '../../core/segments/job.ts';
import { count, int, parseCommand } from '../args.ts';
import { toCsv } from '../../core/data/csv-write.ts';
import { wordAll } from '../say.ts';

const HELP = `usage: locallift segment <file.csv> [options]
  --k <N>                number of segments (default: evaluate k = 2…10 and use the recommendation)
  --seed <N>             random seed (default 0)          --restarts <N>  k-means restarts (default 10)
  --out <file.csv>       write customer_id,segment,segment_name for every customer
  --features <cols>      feature columns (default: recency, frequency, monetary for transactions)
  --invoice <column>     order/invoice column (default: inferred from InvoiceNo/order names)
  --customers <file.csv> customer table to join on the customer id ("fusion"); --customers-id <column>
  --log <auto|all|none>  log1p of skewed features (default auto)   --min-size <N>  flag segments smaller than N (default 10)
  --role <col=role>      override an inferred role (repeatable)   --currency <symbol>`;

/** Printed JSON: the summary a script needs (no per-customer rows, no map points). */
export function summarise(file: string, res: SegmentResult): Record<string, unknown> {
  return {
    file,
    mode: res.mode,
    k: res.k,
    inertia: res.inertia,
    sizes: res.sizes,
    iterations: res.iterations,
    features: res.featureNames,
    kChoice: res.kChoice && {
      recommended: res.kChoice.recommended,
      reason: res.kChoice.reason,
      points: res.kChoice.points,
    },
    cards: res.cards.map((c) => ({
      id: c.id,
      name: c.name,
      size: c.size,
      share: c.share,
      small: c.small,
      profile: Object.fromEntries(c.profile.map((f) => [f.feature, f.value])),
      distinguishing: c.distinguishing.map((f) => ({ feature: f.feature, z: f.z, text: f.text })),
    })),
    rules: res.rules.map((r) => ({ segment: r.segment, text: r.text, purity: r.purity, support: r.support })),
    ruleAccuracy: res.ruleAccuracy,
    map: { explained: res.map.explained, points: res.map.sample.length },
    rfm: res.rfm,
    fusion: res.fusion,
    notes: wordAll(res.notes),
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      k: { type: 'string' },
      seed: { type: 'string' },
      restarts: { type: 'string' },
      out: { type: 'string' },
      features: { type: 'string' },
      invoice: { type: 'string' },
      customers: { type: 'string' },
      'customers-id': { type: 'string' },
      log: { type: 'string' },
      'min-size': { type: 'string' },
      currency: { type: 'string' },
    },
    HELP,
  );
  if (parsed.exit !== null) return parsed.exit;
  const { values, file, roles } = parsed;
  if (values.log && !['auto', 'all', 'none'].includes(values.log))
    throw new JobError('usage', `--log expects auto, all or none; got \`${values.log}\``);
  await initNodeBackend();
  const data = await loadCsvFile(file, { roles });
  let customerTable: { table: typeof data.table; idColumn: string } | undefined;
  if (values.customers) {
    const extra = await loadCsvFile(values.customers);
    const idColumn = values['customers-id'] ?? Object.keys(extra.roles).find((n) => extra.roles[n] === 'customer_id');
    if (!idColumn)
      throw new JobError('usage', `No customer id column found in ${values.customers}: pass --customers-id <column>.`);
    customerTable = { table: extra.table, idColumn };
  }
  const k = count(values.k, 'k', 2),
    seed = int(values.seed, 'seed'),
    restarts = count(values.restarts, 'restarts'),
    minSize = count(values['min-size'], 'min-size', 0);
  const spec: SegmentSpec = {
    kind: 'segment',
    datasetId: file,
    k: k ?? null,
    seed: seed ?? 0,
    minSize: minSize ?? 10,
    ...(restarts !== undefined ? { restarts } : {}),
    ...(values.features ? { features: values.features.split(',').map((s) => s.trim()) } : {}),
    ...(values.invoice ? { invoiceColumn: values.invoice } : {}),
    ...(values.log ? { log: values.log as 'auto' | 'all' | 'none' } : {}),
    ...(values.currency ? { currency: values.currency } : {}),
  };
  const res = await runSegmentation(data.table, data.roles, segmentOptions(spec, customerTable), silentContext());
  if (values.out) {
    const rows = res.customers.map((c, i) => {
      const s = res.labels[i]!;
      return [c, s + 1, res.cards[s]!.name];
    });
    writeFileSync(values.out, toCsv(['customer_id', 'segment', 'segment_name'], rows));
  }
  console.log(JSON.stringify({ ...summarise(file, res), ...(values.out ? { out: values.out } : {}) }, null, 2));
  return 0;
}
