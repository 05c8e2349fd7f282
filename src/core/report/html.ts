// Report model → one self-contained HTML page: inline CSS, charts as PNG data URLs, no script, a CSP that forbids any.
import { dateTime } from './format.ts';
import type { Block, ChartSpec, ReportModel, TableBlock } from './model.ts';
import { words, withWords } from './words.ts';

/** Text from data or words, safe in element content and in quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only a base64 PNG data URL may become an image source (anything else is dropped, never interpolated). */
const PNG = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

export const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;color:#1b2430;margin:0 auto;max-width:920px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:22px 0 8px;border-bottom:2px solid #2f6fed;padding-bottom:2px}
h3{font-size:14px;margin:12px 0 6px}p{margin:6px 0}.muted{color:#5c6670;font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
th,td{border-bottom:1px solid #dde2e8;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f4f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:6px 0}dt{color:#5c6670}dd{margin:0}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:12px}
figure{margin:0;border:1px solid #dde2e8;border-radius:6px;padding:6px}figure img{width:100%;height:auto;display:block}
figcaption{font-size:12px;color:#5c6670;margin-top:4px}
ul{margin:6px 0;padding-left:20px}li{margin:3px 0}
.caveats li{color:#8a4b00}
@page{size:A4;margin:10mm}
@media print{body{padding:0;max-width:none;font-size:10px}dl{grid-template-columns:max-content 1fr max-content 1fr}h1{font-size:16px}h2{font-size:13px;margin:8px 0 3px;break-after:avoid;page-break-after:avoid}
h3{font-size:11px;margin:6px 0 3px}p,li{margin:2px 0}table{font-size:10px;margin:3px 0 6px}th,td{padding:1px 5px}
table,figure,dl,.keep{break-inside:avoid;page-break-inside:avoid}tr{break-inside:avoid;page-break-inside:avoid}
.charts{grid-template-columns:1fr 1fr 1fr;gap:8px}th{background:#f1f4f8;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/** Rows become columns: the first column's cells head the new columns, each other column becomes a row. */
function transposed(b: TableBlock): TableBlock {
  const head = [b.head[0] ?? '', ...b.rows.map((r) => r[0] ?? '')];
  const rows = b.head.slice(1).map((h, j) => [h, ...b.rows.map((r) => r[j + 1] ?? '')]);
  return { ...b, head, rows, numeric: head.map((_, i) => i > 0), transpose: false };
}

function table(t: TableBlock): string {
  const b = t.transpose ? transposed(t) : t;
  const cls = (i: number) => (b.numeric[i] ? ' class="n"' : '');
  const head = b.head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<div class="keep"><h3>${esc(b.caption)}</h3><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function facts(items: [string, string][]): string {
  return `<dl>${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function list(items: string[], cls = ''): string {
  return `<ul${cls ? ` class="${cls}"` : ''}>${items.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`;
}

function block(b: Block): string {
  if (b.kind === 'facts') return facts(b.items);
  if (b.kind === 'table') return table(b);
  if (b.kind === 'para') return `<p>${esc(b.text)}</p>`;
  return list(b.items);
}

/** The chart's data as a table: its text alternative, and what stands in when no image was drawn (e.g. in Node). */
export function chartTable(c: ChartSpec): TableBlock {
  return {
    kind: 'table',
    caption: c.title,
    head: ['', ...c.series.map((s) => s.label)],
    rows: c.labels.map((l, i) => [
      l,
      ...c.series.map((s) => (s.data[i] == null ? '–' : String(+s.data[i]!.toPrecision(4)))),
    ]),
    numeric: [false, ...c.series.map(() => true)],
  };
}

function alt(c: ChartSpec): string {
  const t = chartTable(c);
  return `${c.title}: ${t.rows.map((r) => `${r[0]} ${r.slice(1).join(' / ')}`).join('; ')}`.slice(0, 900);
}

function charts(specs: ChartSpec[], images: Record<string, string>): string {
  if (!specs.length) return `<p class="muted">${esc(words.noCharts)}</p>`;
  const figs = specs.map((c) => {
    const src = images[c.id];
    if (!src || !PNG.test(src)) return table(chartTable(c));
    return `<figure><img src="${src}" alt="${esc(alt(c))}"><figcaption>${esc(c.title)}</figcaption></figure>`;
  });
  return `<div class="charts">${figs.join('')}</div>`;
}

/** The whole page; `images` maps chart ids to PNG data URLs drawn by the UI (missing ones become tables). */
export function renderReport(m: ReportModel, images: Record<string, string>, generatedAt: number): string {
  return withWords(m.words, () => page(m, images, generatedAt));
}

function page(m: ReportModel, images: Record<string, string>, generatedAt: number): string {
  const dataset = m.analysed[0]?.[1] ?? '';
  const s = m.suppression;
  const privacy = words.privacy(String(s.k), s.total, s.by.map((b) => `${b.what}: ${b.count}`).join(', '));
  const title = words.pageTitle(m.title, dataset);
  return `<!doctype html>
<html lang="${esc(m.lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head><body>
<h1>${esc(title)}</h1><p class="muted">${esc(words.generated(dateTime(generatedAt)))}</p>
<section><h2>${esc(words.heading.analysed)}</h2>${facts(m.analysed)}</section>
<section><h2>${esc(words.heading.main)}</h2>${m.main.map(block).join('\n')}</section>
<section><h2>${esc(words.heading.charts)}</h2>${charts(m.charts, images)}</section>
<section class="keep"><h2>${esc(words.heading.next)}</h2>${list(m.next.length ? m.next : [words.noNext])}</section>
<section class="keep"><h2>${esc(words.heading.caveats)}</h2>${list(m.caveats.length ? m.caveats : [words.noCaveats], 'caveats')}</section>
<section class="keep"><h2>${esc(words.heading.privacy)}</h2><p>${esc(privacy)}</p></section>
</body></html>
`;
}
