// `npm run bench -- ingest [file] [--runs N]`: LocalLift's streaming ingest vs, in the same process (interleaved runs,
// medians), a typed baseline doing the same typing work the plain way, Papa's dynamicTyping, and untyped bare Papa;
// plus peak memory of the ingest. Default file: the shared online-retail.csv. Prints figures; never fails on time.
import { statSync, existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { silentContext, type JobContext } from '../src/core/jobs.ts';
import { ingestCsv } from '../src/core/data/ingest.ts';
import { fileSource } from '../src/cli/load-file.ts';
import { dataset } from '../tests/datasets.ts';
import { benchArgs, BenchUsageError, intOption, type BenchArgs } from './args.ts';
import { cpuSecs, runPapa, runPapaStream, runPapaTyped } from './ingest-baselines.ts';

const DEFAULT_FILE = dataset('online-retail/online-retail.csv');
const WARMUP_FILE = dataset('online-retail/online-retail-2010-12.csv');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b),
    h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
/** Memory in MiB; file sizes and throughput in MB (10⁶ bytes), the unit of the ANCHORS.md figures. */
const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
const mbDec = (bytes: number): string => (bytes / 1e6).toFixed(2);

interface MemPeak {
  rss: number;
  heap: number;
  external: number;
}

function sampler(peak: MemPeak): JobContext {
  const base = silentContext();
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak.rss = m.rss;
    if (m.heapUsed > peak.heap) peak.heap = m.heapUsed;
    if (m.arrayBuffers > peak.external) peak.external = m.arrayBuffers;
  };
  return { ...base, progress: sample, log: () => sample() };
}

async function runIngest(
  path: string,
  peak?: MemPeak,
): Promise<{ secs: number; cpu: number; rows: number; cols: number }> {
  const t = performance.now();
  const c = cpuSecs();
  const r = await ingestCsv(fileSource(path), peak ? sampler(peak) : silentContext(), { pii: { disabled: true } });
  const secs = (performance.now() - t) / 1000;
  const cpu = cpuSecs() - c;
  if (peak) sampler(peak).progress(0, 0, '');
  return { secs, cpu, rows: r.table.rowCount, cols: r.table.columns.length };
}

const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(' ');

/** The CSV to read (`--file` or the one positional, else the shared online-retail file); null = skipped (printed). */
function resolveFile(options: BenchArgs['options'], positionals: string[]): string | null {
  if (positionals.length > 1)
    throw new BenchUsageError(`takes one file, got ${positionals.length}: ${positionals.join(' ')}`);
  const given = typeof options.file === 'string' ? options.file : positionals[0];
  if (given !== undefined && positionals.length && typeof options.file === 'string')
    throw new BenchUsageError('give the file either as an argument or with --file, not both');
  const file = given ?? DEFAULT_FILE;
  if (!existsSync(file)) {
    if (given !== undefined) throw new BenchUsageError(`file not found: ${file}`);
    console.log(
      `file not found: ${file} (the shared online-retail file; set LOCALLIFT_DATASETS or pass a file): skipped`,
    );
    return null;
  }
  return file;
}

type Ingested = Awaited<ReturnType<typeof runIngest>>;

/** The cold first ingest with peak memory sampled, printed against the file size. */
async function measureMemory(file: string, bytes: number): Promise<Ingested> {
  // Memory first, in a clean heap: the Papa baselines keep ~0.5 GB of row arrays alive while they run.
  gc();
  const before = process.memoryUsage();
  const peak: MemPeak = { rss: before.rss, heap: before.heapUsed, external: before.arrayBuffers };
  const first = await runIngest(file, peak);
  console.log(
    `ingest (cold, first run): ${first.secs.toFixed(2)} s, ${first.rows.toLocaleString('en-US')} rows × ${first.cols} columns`,
  );
  console.log(
    `peak memory during ingest: rss ${mb(peak.rss)} MiB (start ${mb(before.rss)} MiB, +${mb(peak.rss - before.rss)} MiB); ` +
      `heapUsed ${mb(peak.heap)} MiB (+${mb(peak.heap - before.heapUsed)} MiB); arrayBuffers ${mb(peak.external)} MiB`,
  );
  const growth = peak.rss - before.rss;
  console.log(
    `peak rss growth / file size: ${(growth / bytes).toFixed(2)}× (goal ≤ 3×, set with this bench in commit 9671ae9; not a measurement); peak rss / file size: ${(peak.rss / bytes).toFixed(2)}×`,
  );
  return first;
}

/** Seconds per run of each contender (wall, and CPU where taken), plus what the baselines report of the file. */
interface Samples {
  ours: number[];
  oursCpu: number[];
  papa: number[];
  papaCpu: number[];
  parseOnly: number[];
  stream: number[];
  streamCpu: number[];
  typed: number[];
  typedCpu: number[];
  dyn: number[];
  dynCpu: number[];
  papaRows: number;
  typedRows: number;
  typedTypes: string;
}

/**
 * `runs` interleaved rounds of every contender (after a warm-up on the small file), each in a freshly collected
 * heap.
 */
async function timeContenders(file: string, runs: number): Promise<Samples> {
  if (existsSync(WARMUP_FILE) && file !== WARMUP_FILE) {
    await runIngest(WARMUP_FILE);
    runPapa(WARMUP_FILE);
    runPapaTyped(WARMUP_FILE);
  }
  const s: Samples = {
    ours: [],
    oursCpu: [],
    papa: [],
    papaCpu: [],
    parseOnly: [],
    stream: [],
    streamCpu: [],
    typed: [],
    typedCpu: [],
    dyn: [],
    dynCpu: [],
    papaRows: 0,
    typedRows: 0,
    typedTypes: '',
  };
  for (let k = 0; k < runs; k++) {
    gc();
    const o = await runIngest(file);
    s.ours.push(o.secs);
    s.oursCpu.push(o.cpu);
    gc();
    const p = runPapa(file);
    s.papa.push(p.secs);
    s.papaCpu.push(p.cpu);
    s.parseOnly.push(p.parseSecs);
    s.papaRows = p.rows;
    gc();
    const st = await runPapaStream(file);
    s.stream.push(st.secs);
    s.streamCpu.push(st.cpu);
    gc();
    const ty = runPapaTyped(file);
    s.typed.push(ty.secs);
    s.typedCpu.push(ty.cpu);
    s.typedRows = ty.rows;
    s.typedTypes = ty.types;
    gc();
    const dy = runPapa(file, { header: true, dynamicTyping: true, skipEmptyLines: true });
    s.dyn.push(dy.secs);
    s.dynCpu.push(dy.cpu);
  }
  return s;
}

/** Median seconds of each contender: o = ours, p = bare Papa, po = its parse alone, ty = typed, dy = dynamicTyping,
 * st = streamed parse; a trailing c = CPU seconds. */
function medians(s: Samples) {
  return {
    o: median(s.ours),
    oc: median(s.oursCpu),
    p: median(s.papa),
    pc: median(s.papaCpu),
    po: median(s.parseOnly),
    ty: median(s.typed),
    tyc: median(s.typedCpu),
    dy: median(s.dyn),
    dyc: median(s.dynCpu),
    st: median(s.stream),
    stc: median(s.streamCpu),
  };
}

/** What the report phases share: the file, its size, the cold run, the samples and their medians. */
interface Report {
  file: string;
  bytes: number;
  first: Ingested;
  s: Samples;
  m: ReturnType<typeof medians>;
}

function printContenders({ bytes, first, s, m }: Report): void {
  const { o, oc, p, pc, po, ty, tyc, dy, dyc, st, stc } = m;
  console.log(
    `LocalLift ingest (stream → decode → papaparse → typed columns → roles → summaries → quality): median ${o.toFixed(2)} s (CPU ${oc.toFixed(2)} s), ${(bytes / 1e6 / o).toFixed(1)} MB/s, ${Math.round(first.rows / o).toLocaleString('en-US')} rows/s  [runs: ${fmt(s.ours)}]`,
  );
  console.log(
    `typed baseline (readFileSync + Papa.parse + Number()/Date.parse per cell into typed columns, strings dictionary-coded; ${s.typedRows.toLocaleString('en-US')} rows): median ${ty.toFixed(2)} s (CPU ${tyc.toFixed(2)} s)  [runs: ${fmt(s.typed)}]`,
  );
  console.log(`    column types it found: ${s.typedTypes}`);
  console.log(
    `Papa.parse with header + dynamicTyping (Papa's own typing, row objects, not columns): median ${dy.toFixed(2)} s (CPU ${dyc.toFixed(2)} s)  [runs: ${fmt(s.dyn)}]`,
  );
  console.log(
    `bare Papa.parse (readFileSync utf8 + Papa.parse(text), no options, NO typing; ${s.papaRows.toLocaleString('en-US')} row arrays of strings): median ${p.toFixed(2)} s (CPU ${pc.toFixed(2)} s; parse alone ${po.toFixed(2)} s)  [runs: ${fmt(s.papa)}]`,
  );
  console.log(
    `streamed Papa.Parser over the ingest's own reads (decode + parse, NO typing, rows discarded): median ${st.toFixed(2)} s (CPU ${stc.toFixed(2)} s)  [runs: ${fmt(s.stream)}]`,
  );
}

function printRatios({ m }: Report): void {
  const { o, oc, p, pc, po, ty, tyc, dy, dyc, st, stc } = m;
  console.log('ratios (ingest / baseline; < 1 = ingest faster):');
  console.log(
    `  same work — ingest / typed baseline: wall ${(o / ty).toFixed(2)}, CPU ${(oc / tyc).toFixed(2)}  (the ingest also infers roles, checks PII, summarises and reports quality)`,
  );
  console.log(`  ingest / Papa dynamicTyping: wall ${(o / dy).toFixed(2)}, CPU ${(oc / dyc).toFixed(2)}`);
  console.log(
    `  not the same work (no typing in the baseline) — ingest / bare Papa: wall ${(o / p).toFixed(2)}, CPU ${(oc / pc).toFixed(2)}; ingest / Papa parse alone: ${(o / po).toFixed(2)}; ` +
      `ingest / streamed parse: wall ${(o / st).toFixed(2)}, CPU ${(oc / stc).toFixed(2)} (= the cost of typing + columns + analysis over parsing)`,
  );
}

/** Only for the default file: the ANCHORS.md figures measured on it elsewhere. */
function printReference({ file, m: { dy } }: Report): void {
  if (file !== DEFAULT_FILE) return;
  console.log(
    `reference (ANCHORS.md "CSV ingest (Node 20, papaparse 5.7.1)", this file on the 2-vCPU reference VM, another machine): ` +
      `Papa.parse header + dynamicTyping 1.85 s (26 MB/s), streaming with a step callback 1.80 s; pandas.read_csv 0.72 s (66 MB/s). ` +
      `Here Papa dynamicTyping took ${dy.toFixed(2)} s, ${(dy / 1.85).toFixed(2)}× the reference: a rough machine factor (timings on a shared machine vary ±20–40 %).`,
  );
}

export async function main(args: string[]): Promise<void> {
  const { options, positionals } = benchArgs(args);
  const runs = intOption(options, 'runs', 5);
  const file = resolveFile(options, positionals);
  if (file === null) return;
  const bytes = statSync(file).size;
  console.log(
    `file: ${file} (${mbDec(bytes)} MB), ${runs} interleaved run${runs === 1 ? '' : 's'} of each contender (medians; CPU = user + system seconds of this process)`,
  );
  const first = await measureMemory(file, bytes);
  const s = await timeContenders(file, runs);
  const report: Report = { file, bytes, first, s, m: medians(s) };
  printContenders(report);
  printRatios(report);
  printReference(report);
}
