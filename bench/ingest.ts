// `npm run bench -- ingest [file] [--runs N]`: LocalLift's streaming ingest vs a bare Papa.parse of the same file,
// in the same process (interleaved runs, medians), plus peak memory of the ingest. Prints figures; never fails on time.
import { readFileSync, statSync, existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Papa from 'papaparse';
import { silentContext, type JobContext } from '../src/core/jobs.ts';
import { ingestCsv } from '../src/core/data/ingest.ts';
import { fileSource } from '../src/cli/load-file.ts';
import { dataset } from '../tests/datasets.ts';

const DEFAULT_FILE = dataset('online-retail/online-retail.csv');
const WARMUP_FILE = dataset('online-retail/online-retail-2010-12.csv');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

interface MemPeak { rss: number; heap: number; external: number }

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

/** CPU seconds of this process (all threads): steadier than wall time when the machine is shared. */
const cpuSecs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

async function runIngest(path: string, peak?: MemPeak): Promise<{ secs: number; cpu: number; rows: number; cols: number }> {
  const t = performance.now();
  const c = cpuSecs();
  const r = await ingestCsv(fileSource(path), peak ? sampler(peak) : silentContext(), { pii: { disabled: true } });
  const secs = (performance.now() - t) / 1000;
  const cpu = cpuSecs() - c;
  if (peak) sampler(peak).progress(0, 0, '');
  return { secs, cpu, rows: r.table.rowCount, cols: r.table.columns.length };
}

function runPapa(path: string, config: Papa.ParseConfig = {}): { secs: number; cpu: number; parseSecs: number; rows: number } {
  const t = performance.now();
  const c = cpuSecs();
  const text = readFileSync(path, 'utf8');
  const t1 = performance.now();
  const res = Papa.parse<unknown>(text, config);
  const t2 = performance.now();
  return { secs: (t2 - t) / 1000, cpu: cpuSecs() - c, parseSecs: (t2 - t1) / 1000, rows: res.data.length };
}

/** The strictest baseline: the same 256 kB reads, UTF-8 decoding and chunked papaparse as the ingest, rows discarded. */
async function runPapaStream(path: string): Promise<{ secs: number; cpu: number; rows: number }> {
  const t = performance.now();
  const c = cpuSecs();
  const parser = new Papa.Parser({ delimiter: ',', newline: '\n' });
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let rows = 0;
  for await (const chunk of fileSource(path).open()) {
    pending += decoder.decode(chunk, { stream: true });
    if (pending.length < 1 << 20) continue;
    const res = parser.parse(pending, 0, true) as { data: string[][]; meta: { cursor: number } };
    rows += res.data.length;
    pending = pending.substring(res.meta.cursor);
  }
  pending += decoder.decode();
  rows += (parser.parse(pending, 0, false) as { data: string[][] }).data.length;
  return { secs: (performance.now() - t) / 1000, cpu: cpuSecs() - c, rows };
}

export async function main(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const file = args.find((a, i) => !a.startsWith('-') && (runsAt < 0 || i !== runsAt + 1)) ?? DEFAULT_FILE;
  if (!existsSync(file)) { console.log(`file not found: ${file}`); return; }
  const bytes = statSync(file).size;
  console.log(`file: ${file} (${mb(bytes)} MB), ${runs} interleaved runs each`);

  // Memory first, in a clean heap: the Papa baseline keeps ~0.5 GB of row arrays alive while it runs.
  gc();
  const before = process.memoryUsage();
  const peak: MemPeak = { rss: before.rss, heap: before.heapUsed, external: before.arrayBuffers };
  const first = await runIngest(file, peak);
  console.log(`ingest (cold, first run): ${first.secs.toFixed(2)} s, ${first.rows.toLocaleString('en-US')} rows × ${first.cols} columns`);
  console.log(`peak memory during ingest: rss ${mb(peak.rss)} MB (start ${mb(before.rss)} MB, +${mb(peak.rss - before.rss)} MB); ` +
    `heapUsed ${mb(peak.heap)} MB (+${mb(peak.heap - before.heapUsed)} MB); arrayBuffers ${mb(peak.external)} MB`);
  const growth = peak.rss - before.rss;
  console.log(`peak rss growth / file size: ${(growth / bytes).toFixed(2)}× (target ≤ 3×); peak rss / file size: ${(peak.rss / bytes).toFixed(2)}×`);

  if (existsSync(WARMUP_FILE) && file !== WARMUP_FILE) { await runIngest(WARMUP_FILE); runPapa(WARMUP_FILE); }
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const papa: number[] = [];
  const papaCpu: number[] = [];
  const papaParseOnly: number[] = [];
  const stream: number[] = [];
  const streamCpu: number[] = [];
  let papaRows = 0;
  for (let k = 0; k < runs; k++) {
    gc();
    const o = await runIngest(file);
    ours.push(o.secs);
    oursCpu.push(o.cpu);
    gc();
    const p = runPapa(file);
    papa.push(p.secs);
    papaCpu.push(p.cpu);
    gc();
    const st = await runPapaStream(file);
    stream.push(st.secs);
    streamCpu.push(st.cpu);
    papaParseOnly.push(p.parseSecs);
    papaRows = p.rows;
  }
  gc();
  const typed = runPapa(file, { header: true, dynamicTyping: true, skipEmptyLines: true });
  const o = median(ours);
  const p = median(papa);
  const po = median(papaParseOnly);
  console.log(`LocalLift ingest (stream → decode → papaparse → typed columns → roles → summaries → quality): median ${o.toFixed(2)} s, ${(bytes / 1048576 / o).toFixed(1)} MB/s, ${Math.round(first.rows / o).toLocaleString('en-US')} rows/s  [runs: ${ours.map((x) => x.toFixed(2)).join(' ')}]`);
  console.log(`bare Papa.parse (readFileSync utf8 + Papa.parse(text), no options; ${papaRows.toLocaleString('en-US')} row arrays): median ${p.toFixed(2)} s (parse alone ${po.toFixed(2)} s)  [runs: ${papa.map((x) => x.toFixed(2)).join(' ')}]`);
  console.log(`streamed Papa.Parser over the same reads (decode + parse, no typing): median ${median(stream).toFixed(2)} s  [runs: ${stream.map((x) => x.toFixed(2)).join(' ')}]`);
  console.log(`Papa.parse with header + dynamicTyping (one run): ${typed.secs.toFixed(2)} s`);
  console.log(`ratio ingest / bare Papa (read + parse), wall: ${(o / p).toFixed(2)} (target ≤ 1.3); CPU time: ${(median(oursCpu) / median(papaCpu)).toFixed(2)} (${median(oursCpu).toFixed(2)} s vs ${median(papaCpu).toFixed(2)} s); ingest / Papa parse alone: ${(o / po).toFixed(2)}; ingest / Papa typed: ${(o / typed.secs).toFixed(2)}`);
  console.log(`typing + columnar cost over streamed parsing alone: wall ${(o / median(stream)).toFixed(2)}×, CPU ${(median(oursCpu) / median(streamCpu)).toFixed(2)}×`);
}
