// The one-page report as plain data (what it says, before it becomes HTML) and the tally of groups left out (k).
import type { Words } from './words.ts';

export type ReportFeature = 'segments' | 'propensity' | 'recommendations' | 'ads';

export interface ChartSeries {
  label: string;
  data: (number | null)[];
  /** Mixed charts: this series drawn as bars or a line (default: the chart's type). */
  type?: 'bar' | 'line';
  dashed?: boolean;
}

/** A chart the UI draws (Chart.js, off screen) from aggregates that already passed suppression. */
export interface ChartSpec {
  id: string;
  title: string;
  type: 'bar' | 'line';
  labels: string[];
  series: ChartSeries[];
  xTitle?: string;
  yTitle?: string;
  /** Bars along the x axis (long category names read better). */
  horizontal?: boolean;
  /** Values are shares 0…1 (axis 0–1). */
  share?: boolean;
}

export interface TableBlock {
  kind: 'table';
  caption: string;
  head: string[];
  rows: string[][];
  /** Per column: right-aligned figures. */
  numeric: boolean[];
  /** Printed with rows as columns (a decile table is 10 narrow columns, not 10 lines). */
  transpose?: boolean;
}

export type Block =
  | { kind: 'facts'; items: [string, string][] }
  | TableBlock
  | { kind: 'para'; text: string }
  | { kind: 'list'; items: string[] };

export interface ReportModel {
  feature: ReportFeature;
  title: string;
  /** BCP 47 tag of the words used. */
  lang: string;
  /** The words the page is written in (renderReport words its headings with them too). */
  words: Words;
  /** What was analysed: dataset, rows, columns used, date, model. */
  analysed: [string, string][];
  main: Block[];
  charts: ChartSpec[];
  next: string[];
  caveats: string[];
  suppression: { k: number; total: number; by: { what: string; count: number }[] };
}

/** What every builder gets: the stored result and the dataset it came from, plus the minimum group size k. */
export interface ReportSource<R> {
  dataset: { name: string; rows: number; columns: number };
  result: R;
  /** When the result was stored (ms since epoch). */
  createdAt: number;
  /** When the report is written (ms since epoch). */
  generatedAt: number;
  /** Groups (segments, levels, audiences, cells) with fewer than k customers or rows are left out. */
  k: number;
  /** Every word of the report in the reader's language (words.ts makeWords; the app builds it from messages/). */
  words: Words;
}

/** Counts the groups each builder leaves out, by kind, and remembers their names so no text can leak them. */
export class Suppression {
  readonly k: number;
  readonly #by = new Map<string, number>();
  readonly #names = new Set<string>();

  constructor(k: number) {
    this.k = Math.max(1, Math.round(Number.isFinite(k) ? k : 10));
  }

  /** The groups of at least k, in order; the others are counted under `what` and their names remembered. */
  keep<T>(what: string, groups: readonly T[], size: (g: T) => number, name?: (g: T) => string): T[] {
    const kept: T[] = [];
    for (const g of groups) {
      const n = size(g);
      if (Number.isFinite(n) && n >= this.k) kept.push(g);
      else {
        this.#by.set(what, (this.#by.get(what) ?? 0) + 1);
        const label = name?.(g);
        if (label) this.#names.add(label);
      }
    }
    return kept;
  }

  /** False when a text names a suppressed group (such a note is withheld rather than printed). */
  clean(text: string): boolean {
    for (const n of this.#names) if (mentions(text, n)) return false;
    return true;
  }

  summary(): ReportModel['suppression'] {
    const by = [...this.#by].map(([what, count]) => ({ what, count }));
    return { k: this.k, total: by.reduce((s, b) => s + b.count, 0), by };
  }
}

const WORD = /[\p{L}\p{N}]/u;

/** Whether `text` holds `name` as a whole word (so a level "A" does not withhold every sentence with an "A" in it). */
function mentions(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1] ?? ' ',
      after = text[i + name.length] ?? ' ';
    const startOk = !WORD.test(before) || !WORD.test(name[0]!);
    const endOk = !WORD.test(after) || !WORD.test(name.at(-1)!);
    if (startOk && endOk) return true;
  }
  return false;
}
