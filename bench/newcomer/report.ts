// The newcomer bench's table: per file its shape, suggested job, seconds to the card and to the first result, clicks
// and page errors, whether a variant reads as its source, and the goal check (≤ 60 s, ≤ 3 clicks, 0 page errors).
import type { CorpusFile } from './corpus.ts';

export interface Outcome {
  file: CorpusFile;
  size: string;
  shape: string;
  job: string;
  /** Drop → the new dataset's "What is this file?" card on screen. */
  cardSeconds: number | null;
  seconds: number | null;
  clicks: number;
  pageErrors: string[];
  samplesSeconds: number;
  note: string;
}

const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** Meets the goal (≤ 60 s, ≤ 3 clicks, no page error); null for a file with no analysis of its own (a catalogue). */
const goal = (r: Outcome): boolean | null =>
  r.job === '—' && r.shape === 'catalogue'
    ? null
    : r.seconds !== null && r.seconds <= 60 && r.clicks <= 3 && r.pageErrors.length === 0;

/** Same shape and job as the source, with the source's target column under its name in the variant. */
function readsAsSource(r: Outcome, src: Outcome): boolean {
  const job = src.job.replace(/\((.*)\)$/, (all, t: string) => `(${r.file.columns?.[t] ?? t})`);
  return src.shape === r.shape && job === r.job;
}

export function report(rows: Outcome[], started: Date): void {
  console.log(`\nran ${started.toISOString()} → ${new Date().toISOString()}`);
  const head = [
    'file',
    'rows×cols',
    'shape',
    'suggested job',
    's→card',
    's→result',
    'clicks',
    'errors',
    'goal',
    'note',
  ];
  const w = [48, 12, 17, 28, 6, 8, 6, 6, 4, 0];
  const line = (cells: string[]) =>
    console.log(
      cells
        .map((c, i) => (w[i] ? pad(c, w[i]) : c))
        .join(' ')
        .trimEnd(),
    );
  line(head);
  for (const r of rows) {
    // A variant should read as its source did (when the source ran too), its target under the variant's name.
    const src = r.file.source ? rows.find((x) => x.file.label === r.file.source) : undefined;
    const drift = src && !readsAsSource(r, src) ? `source read as ${src.shape} → ${src.job}` : '';
    const g = goal(r);
    const cells = [r.file.label, r.size, r.shape, r.job, fmt(r.cardSeconds), fmt(r.seconds), String(r.clicks)];
    line([
      ...cells,
      String(r.pageErrors.length),
      g === null ? 'n/a' : g ? 'yes' : 'NO',
      [r.note, drift].filter(Boolean).join('; '),
    ]);
    for (const e of r.pageErrors) console.log(`    page error: ${e.slice(0, 200)}`);
  }
  for (const r of rows.filter((x) => x.file.source)) console.log(`${r.file.label} = ${r.file.source}, ${r.file.what}`);
  const samples = rows
    .map((r) => r.samplesSeconds)
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const median = samples[samples.length >> 1];
  if (median !== undefined)
    console.log(
      `page open → first-visit sample import done (before each drop, not counted): median ${median.toFixed(1)} s`,
    );
  const judged = rows.filter((r) => goal(r) !== null);
  const met = judged.filter((r) => goal(r)).length;
  console.log(`goal (≤ 60 s, ≤ 3 clicks, 0 page errors): ${met} of ${judged.length} files with an analysis meet it`);
  const variants = rows.filter((r) => r.file.source && rows.some((x) => x.file.label === r.file.source));
  const same = variants.filter((r) =>
    readsAsSource(
      r,
      rows.find((x) => x.file.label === r.file.source)!,
    ),
  );
  if (variants.length) console.log(`variants read as their source: ${same.length} of ${variants.length}`);
  const na = rows.filter((r) => goal(r) === null).map((r) => r.file.label);
  if (na.length) console.log(`not judged (an item catalogue has no analysis of its own): ${na.join(', ')}`);
}
