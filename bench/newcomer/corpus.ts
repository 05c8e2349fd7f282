// The newcomer bench's corpus: every data file in the shared datasets, plus variants of some of them written to a temp
// folder at bench time (header removed, `;` and tab delimiters, rows shuffled behind an unnamed 1..n index column,
// neutral column names, Chinese headers), each copied under a unique dataset name so no sample shadows it.
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import Papa from 'papaparse';
import { rng, shuffle } from '../../src/core/random.ts';
import { DATASETS } from '../../tests/datasets.ts';

export interface CorpusFile {
  /** What the table shows: the shared path, or the variant and its source. */
  label: string;
  /** The file dropped on the app (a copy named so its dataset name is unique). */
  path: string;
  /** The dataset name the app gives it (the file name without its extension). */
  name: string;
  /** A variant's source file (its shared path) and what was changed. */
  source?: string;
  what?: string;
  /** A variant's name for each source column (header removed: column_1…; renamed; translated). */
  columns?: Record<string, string>;
}

/** Every file under the shared datasets folder except the notes (.md), sorted. */
export function sharedFiles(root = DATASETS): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/\.md$/i.test(e)) out.push(p);
    }
  };
  walk(root);
  return out;
}

type Rows = string[][];

function read(file: string): { header: string[]; rows: Rows; delimiter: string } {
  const parsed = Papa.parse<string[]>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header = [], ...rows] = parsed.data;
  return { header, rows, delimiter: parsed.meta.delimiter };
}

const write = (file: string, header: string[] | null, rows: Rows, delimiter = ','): void =>
  writeFileSync(file, Papa.unparse(header ? [header, ...rows] : rows, { delimiter, newline: '\n' }) + '\n');

/** English header words → Chinese, for the Chinese-header variants (unknown headers stay as they are). */
const ZH: Record<string, string> = {
  invoiceno: '发票号',
  stockcode: '商品编码',
  description: '商品描述',
  quantity: '数量',
  invoicedate: '发票日期',
  unitprice: '单价',
  customerid: '客户编号',
  country: '国家',
  userid: '用户编号',
  movieid: '电影编号',
  rating: '评分',
  timestamp: '时间戳',
};

interface Variant {
  name: string;
  source: string;
  what: string;
  /** The file's extension (default csv): the app reads any, by content. */
  ext?: string;
  /** How the app names the source's column i in the variant (default: as in the source). */
  header?: (h: string, i: number) => string;
  make(src: { header: string[]; rows: Rows }, out: string): void;
}

const VARIANTS: Variant[] = [
  {
    name: 'ratings-no-header',
    source: 'movielens-latest-small/ratings-test.csv',
    what: 'header removed',
    header: (_, i) => `column_${i + 1}`,
    make: (s, out) => write(out, null, s.rows),
  },
  {
    name: 'telco-semicolon',
    source: 'telco-customer-churn/telco-train.csv',
    what: 'delimiter ;',
    make: (s, out) => write(out, s.header, s.rows, ';'),
  },
  {
    name: 'shoppers-tab',
    source: 'online-shoppers-uci/online_shoppers-train.csv',
    what: 'delimiter tab',
    ext: 'tsv',
    make: (s, out) => write(out, s.header, s.rows, '\t'),
  },
  {
    name: 'telco-shuffled-index',
    source: 'telco-customer-churn/telco-train.csv',
    what: 'rows shuffled, unnamed leading 1..n index',
    make: (s, out) => write(out, ['', ...s.header], indexedShuffle(s.rows, 3)),
  },
  {
    name: 'campaign-shuffled-index',
    source: 'facebook-ad-campaign-kag/KAG_conversion_data.csv',
    what: 'rows shuffled, unnamed leading 1..n index',
    make: (s, out) => write(out, ['', ...s.header], indexedShuffle(s.rows, 5)),
  },
  {
    name: 'advertising-renamed',
    source: 'advertising-click-kag/advertising_click-train.csv',
    what: 'columns renamed col_1…col_n',
    header: (_, i) => `col_${i + 1}`,
    make: (s, out) =>
      write(
        out,
        s.header.map((_, i) => `col_${i + 1}`),
        s.rows,
      ),
  },
  {
    name: 'retail-chinese',
    source: 'online-retail/online-retail-2010-12.csv',
    what: 'Chinese headers',
    header: (h) => zh(h),
    make: (s, out) => write(out, s.header.map(zh), s.rows),
  },
  {
    name: 'ratings-chinese',
    source: 'movielens-latest-small/ratings-test.csv',
    what: 'Chinese headers',
    header: (h) => zh(h),
    make: (s, out) => write(out, s.header.map(zh), s.rows),
  },
  {
    name: 'telco-with-emails',
    source: 'telco-customer-churn/telco-test.csv',
    what: 'an e-mail column added (the PII review asks before import)',
    make: (s, out) =>
      write(
        out,
        [...s.header, 'email'],
        s.rows.map((r, i) => [...r, `customer${i + 1}@example.com`]),
      ),
  },
  {
    name: 'shoppers-dot-data',
    source: 'online-shoppers-uci/online_shoppers-test.csv',
    what: 'a .data file (UCI style: no header, the same cells)',
    header: (_, i) => `column_${i + 1}`,
    ext: 'data',
    make: (s, out) => write(out, null, s.rows),
  },
];

function zh(h: string): string {
  return ZH[h.toLowerCase().replace(/[^a-z]/g, '')] ?? h;
}

/** Rows in a seeded random order, each behind its original 1-based row number (a pandas/R index written out). */
function indexedShuffle(rows: Rows, seed: number): Rows {
  const order = shuffle(
    rows.map((r, i) => [String(i + 1), ...r]),
    rng(seed),
  );
  return order;
}

export const VARIANT_NAMES = VARIANTS.map((v) => v.name);

/**
 * The corpus in `dir`: a copy of every shared file (dataset name `nc-<file name>`) and every variant whose source is
 * there (`nc-v-<variant>`). `only` keeps the files whose label or name contains one of its words.
 */
export function buildCorpus(dir: string, only: string[] = []): { files: CorpusFile[]; missing: string[] } {
  const keep = (f: CorpusFile) => only.length === 0 || only.some((w) => f.label.includes(w) || f.name.includes(w));
  const files: CorpusFile[] = [];
  for (const src of sharedFiles()) {
    const file = basename(src);
    const copy = join(dir, `nc-${file}`);
    const entry = { label: relative(DATASETS, src), path: copy, name: `nc-${file.replace(/\.[^.]*$/, '')}` };
    if (!keep(entry)) continue;
    copyFileSync(src, copy);
    files.push(entry);
  }
  const missing: string[] = [];
  for (const v of VARIANTS) {
    const src = join(DATASETS, v.source);
    const entry: CorpusFile = {
      label: `v:${v.name}`,
      path: join(dir, `nc-v-${v.name}.${v.ext ?? 'csv'}`),
      name: `nc-v-${v.name}`,
      source: v.source,
      what: v.what,
    };
    if (!keep(entry)) continue;
    try {
      const table = read(src);
      v.make(table, entry.path);
      entry.columns = Object.fromEntries(table.header.map((h, i) => [h, v.header?.(h, i) ?? h]));
      files.push(entry);
    } catch (e) {
      missing.push(`${v.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { files, missing };
}
