// Writes tests/fixtures/db-v<DB_VERSION>.json: a realistic workspace written by THIS checkout's storage code and
// worker jobs into fake-indexeddb, dumped store by store (schema + every record) in the lossless JSON encoding of
// tests/unit/storage/fixture-codec.ts. tests/unit/storage/upgrade.test.ts restores each db-v*.json as an old
// browser's database and upgrades it with today's code.
//
//   npx tsx scripts/make-db-fixture.ts [--force] [--out <file>]
//
// When DB_VERSION goes up: keep every existing db-vN.json (never regenerate an old one with newer code — it would
// then hold new-shape records under an old version number), and write db-v<old version>.json from the LAST
// RELEASE's checkout (before the bump) with this script. It refuses to overwrite an existing fixture without
// --force. The run is deterministic (fixed clock, seeded ids and key), so a re-run with unchanged code changes only
// the header's `date`; a diff in records means today's code writes different records.
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DbDump } from '../tests/unit/storage/fixture-codec.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---- determinism: fixed clock, seeded ids and random bytes (installed before any app module runs) ----
const T0 = Date.UTC(2026, 0, 15, 9, 30);
let clock = T0;
Date.now = () => (clock += 7);
const perfStart = performance.now();
performance.now = () => clock - T0 + perfStart;
let seed = 0x1234567;
const rand32 = () => {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
  return (seed ^ (seed >>> 13)) >>> 0;
};
const wc = globalThis.crypto;
wc.getRandomValues = (<T extends ArrayBufferView | null>(a: T): T => {
  if (a) {
    const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < b.length; i++) b[i] = rand32() & 0xff;
  }
  return a;
}) as typeof wc.getRandomValues;
wc.randomUUID = () => {
  const h = Array.from({ length: 4 }, () => rand32().toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}` as `${string}-${string}-${string}-${string}-${string}`;
};

const { values: args } = parseArgs({
  options: { force: { type: 'boolean', default: false }, out: { type: 'string' } },
});

const { DB_NAME, DB_VERSION, closeDb, newId } = await import('../src/storage/db.ts');
const { saveDataset } = await import('../src/storage/datasets.ts');
const { putRun } = await import('../src/storage/runs.ts');
const { setSetting } = await import('../src/storage/settings.ts');
const { ingestCsv, textSource } = await import('../src/core/data/ingest.ts');
const { silentContext } = await import('../src/core/jobs.ts');
const { initNodeBackend } = await import('../src/cli/tf-node.ts');
const { handlers } = await import('../workers/jobs/index.ts');
const { recordRun } = await import('../workers/runs.ts');
const { forgetTable } = await import('../workers/tables.ts');
const { dumpDatabase, openRaw } = await import('../tests/unit/storage/fixture-codec.ts');
const { rng, normal } = await import('../src/core/random.ts');

const out = args.out ?? join(root, 'tests', 'fixtures', `db-v${DB_VERSION}.json`);
if (existsSync(out) && !args.force) {
  console.error(
    `${relative(root, out)} exists. An old-schema fixture must stay as the old code wrote it; pass --force only to rewrite the CURRENT version's fixture.`,
  );
  process.exit(2);
}

// ---- the workspace's files (small, seeded) ----
const r = rng(20260115);
const g = normal(r);
const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
const FIRST = ['Ann', 'Bo', 'Chen', 'Dana', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lea'];
const customersCsv = ['customer_id,email,signup_date,age,monthly_spend,plan,region,support_calls,email_opt_in,churned'];
for (let i = 0; i < 60; i++) {
  const first = pick(FIRST);
  const spend = Math.max(5, Math.round((55 + 18 * g()) * 100) / 100);
  const calls = Math.floor(r() * 5);
  const churn = r() < 1 / (1 + Math.exp(-(-2.2 + 1.1 * calls - 0.03 * (spend - 55)))) ? 1 : 0;
  const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 600) * 86_400_000).toISOString().slice(0, 10);
  const age = r() < 0.08 ? '' : String(Math.round(40 + 12 * g())); // a few missing ages: the repair imputes them
  customersCsv.push(
    [
      `C${1000 + i}`,
      `${first.toLowerCase()}.${i}@example.com`,
      day,
      age,
      spend.toFixed(2),
      pick(['basic', 'plus', 'premium']),
      pick(['north', 'south', 'east', 'west']),
      calls,
      r() < 0.5 ? 'yes' : 'no',
      churn,
    ].join(','),
  );
}
const ordersCsv = ['invoice,customer_id,order_date,item,quantity,amount'];
for (let i = 0; i < 100; i++) {
  const c = `C${1000 + Math.floor(r() * 25)}`;
  const t = new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 300 * 24) * 3_600_000)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
  const qty = 1 + Math.floor(r() * 4);
  ordersCsv.push(
    [
      `INV${5000 + Math.floor(i / 2)}`,
      c,
      t,
      pick(['tea', 'mug', 'kettle', 'scarf', 'socks']),
      qty,
      (qty * (3 + r() * 20)).toFixed(2),
    ].join(','),
  );
}

// ---- write it through today's worker jobs (same calls as workers/ml.worker.ts) ----
const backend = await initNodeBackend('wasm');
const ctx = silentContext();
type Handlers = typeof handlers;
async function job<K extends keyof Handlers>(
  spec: Parameters<Handlers[K]>[0] & { kind: K },
): Promise<Awaited<ReturnType<Handlers[K]>>> {
  const handler = handlers[spec.kind] as unknown as (
    s: typeof spec,
    c: typeof ctx,
  ) => Promise<Awaited<ReturnType<Handlers[K]>>>;
  return recordRun(newId('job'), spec, backend.name, () => handler(spec, ctx));
}

await setSetting('backend', backend.name);
await setSetting('samplesAutoLoaded', true);
const file = (text: string) => new Blob([text + '\n'], { type: 'text/csv' });
// The import job creates the workspace PII key (settings.piiKey) and hashes the e-mail column with it.
const customers = (
  await job({ kind: 'import', file: file(customersCsv.join('\n')), name: 'customers', source: 'customers.csv' })
).dataset;
await job({ kind: 'repair', datasetId: customers.id, step: { op: 'impute-median', column: 'age' } });
forgetTable();
// A sample dataset in several chunks: the import path with a small chunk size (65 536-row chunks would need a
// 65 537-row file to get two).
const orders = await ingestCsv(textSource(ordersCsv.join('\n') + '\n'), ctx, { pii: { disabled: true } });
const ordersRec = await saveDataset(
  {
    id: newId('ds'),
    name: 'Sample: orders',
    source: 'orders.csv',
    columns: orders.columns,
    roles: orders.roles,
    quality: orders.quality,
    format: orders.format,
    repairs: [],
    importedAt: Date.now(),
    sample: true,
  },
  orders.table,
  32,
);
await job({ kind: 'segment', datasetId: ordersRec.id, k: 3, seed: 1, minSize: 3 });
await job({ kind: 'propensity', datasetId: customers.id, target: 'churned', model: 'logistic', seed: 1 });
await job({ kind: 'propensity', datasetId: customers.id, target: 'no_such_column', model: 'logistic', seed: 1 }).then(
  () => {
    throw new Error('the failing propensity run unexpectedly succeeded');
  },
  () => undefined, // recorded as a failed run: that is the point
);
// A run left "running" by a closed tab (closed as interrupted on the next start, not by the readers).
await putRun({
  id: newId('job'),
  kind: 'segment',
  datasetId: customers.id,
  datasetName: customers.name,
  spec: { kind: 'segment', datasetId: customers.id, k: null, seed: 2, minSize: 10 },
  startedAt: Date.now(),
  status: 'running',
  backend: backend.name,
});

// ---- dump every store with the raw API ----
await closeDb();
const d = await openRaw(DB_NAME);
const dumped = await dumpDatabase(d);
d.close();
if (dumped.version !== DB_VERSION) throw new Error(`dumped version ${dumped.version} ≠ DB_VERSION ${DB_VERSION}`);

function git(...a: string[]): string {
  try {
    return execFileSync('git', ['--no-optional-locks', ...a], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const sha = git('rev-parse', '--short', 'HEAD') || 'unknown';
const dirty = git('status', '--porcelain', '--', 'src/storage', 'workers', 'src/core/data') !== '';
const dump: DbDump = {
  format: 'locallift-idb-dump/1',
  dbName: dumped.dbName,
  version: dumped.version,
  writtenBy: `${pkg.name}@${pkg.version} ${sha}${dirty ? '+dirty' : ''}`,
  date: new Date().toISOString(), // `new Date()` reads the real clock (only Date.now is fixed)
  notes:
    'Written by scripts/make-db-fixture.ts; restored and upgraded by tests/unit/storage/upgrade.test.ts. Do not edit by hand.',
  stores: dumped.stores,
};

// One record per line: small, and a regenerated fixture diffs record by record.
const { stores, ...header } = dump;
const lines = [
  `{`,
  ...Object.entries(header).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
  ` "stores": [`,
];
stores.forEach((s, si) => {
  const { records, ...schema } = s;
  lines.push(
    `  { ${Object.entries(schema)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ')}, "records": [`,
  );
  records.forEach((rec, i) => lines.push(`   ${JSON.stringify(rec)}${i < records.length - 1 ? ',' : ''}`));
  lines.push(`  ]}${si < stores.length - 1 ? ',' : ''}`);
});
lines.push(' ]', '}', '');
const text = lines.join('\n');
JSON.parse(text); // well-formed
writeFileSync(out, text);
console.log(
  `${relative(root, out)}: ${(text.length / 1024).toFixed(1)} KB, version ${dump.version}, written by ${dump.writtenBy}; ` +
    stores.map((s) => `${s.name} ${s.records.length}`).join(', '),
);
