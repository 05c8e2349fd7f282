// The baselines the ingest bench times against LocalLift's ingest: bare, dynamicTyping, streamed and typed papaparse.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { fileSource } from '../src/cli/load-file.ts';

/** CPU seconds of this process (all threads): steadier than wall time when the machine is shared. */
export const cpuSecs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export function runPapa(
  path: string,
  config: Papa.ParseConfig = {},
): { secs: number; cpu: number; parseSecs: number; rows: number } {
  const t = performance.now();
  const c = cpuSecs();
  const text = readFileSync(path, 'utf8');
  const t1 = performance.now();
  const res = Papa.parse<unknown>(text, config);
  const t2 = performance.now();
  return { secs: (t2 - t) / 1000, cpu: cpuSecs() - c, parseSecs: (t2 - t1) / 1000, rows: res.data.length };
}

/**
 * The strictest baseline: the same 256 kB reads, UTF-8 decoding and chunked papaparse as the ingest, rows
 * discarded.
 */
export async function runPapaStream(path: string): Promise<{ secs: number; cpu: number; rows: number }> {
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

/**
 * The typed baseline, i.e. what a developer would write without LocalLift: readFileSync + Papa.parse to row arrays,
 * then per column `Number(cell)` (all non-empty cells numeric → Float64Array, '' = NaN), else `Date.parse(cell)`
 * (→ Float64Array of epoch ms), else strings dictionary-coded into an Int32Array (-1 = empty). The same columnar
 * output as the ingest's Table; it skips what the ingest adds on top (roles, PII check, summaries, quality report).
 */
export function runPapaTyped(path: string): { secs: number; cpu: number; rows: number; types: string } {
  const t = performance.now();
  const c = cpuSecs();
  const text = readFileSync(path, 'utf8');
  const data = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  const header = data[0] ?? [];
  const n = data.length - 1;
  const columns: (Float64Array | Int32Array)[] = [];
  const types: string[] = [];
  for (let j = 0; j < header.length; j++) {
    const cell = (r: number): string => data[r + 1]![j] ?? '';
    let numeric = true;
    for (let r = 0; r < n && numeric; r++) {
      const s = cell(r);
      if (s !== '' && Number.isNaN(Number(s))) numeric = false;
    }
    let date = !numeric;
    for (let r = 0; r < n && date; r++) {
      const s = cell(r);
      if (s !== '' && Number.isNaN(Date.parse(s))) date = false;
    }
    if (numeric || date) {
      const v = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        const s = cell(r);
        v[r] = s === '' ? NaN : numeric ? Number(s) : Date.parse(s);
      }
      columns.push(v);
      types.push(numeric ? 'number' : 'date');
    } else {
      const dict = new Map<string, number>();
      const codes = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const s = cell(r);
        if (s === '') {
          codes[r] = -1;
          continue;
        }
        let code = dict.get(s);
        if (code === undefined) {
          code = dict.size;
          dict.set(s, code);
        }
        codes[r] = code;
      }
      columns.push(codes);
      types.push(`text(${dict.size})`);
    }
  }
  const secs = (performance.now() - t) / 1000;
  return {
    secs,
    cpu: cpuSecs() - c,
    rows: columns[0]?.length ?? 0,
    types: header.map((h, j) => `${h}:${types[j]}`).join(' '),
  };
}
