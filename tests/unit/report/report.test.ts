// One-page reports from planted stored results: no script, data text escaped, groups under k left out (and counted),
// figures formatted, charts as PNG data URLs only, and the file name.
import { describe, expect, it } from 'vitest';
import { buildReport, reportFileName, reportHtml, type ReportInput } from '../../../src/core/report/index.ts';
import { CSP } from '../../../src/core/report/html.ts';
import { Suppression } from '../../../src/core/report/model.ts';
import { num } from '../../../src/core/report/format.ts';
import { propensityResult, SECRET, segmentResult, source } from './fixtures.ts';
import { adsResult, ctrResult, recommendResult } from './fixtures-ads.ts';

const inputs: Record<string, () => ReportInput> = {
  segments: () => ({ feature: 'segments', source: source(segmentResult()) }),
  propensity: () => ({ feature: 'propensity', source: source(propensityResult()) }),
  recommendations: () => ({ feature: 'recommendations', source: source(recommendResult()) }),
  ads: () => ({ feature: 'ads', source: source(adsResult()) }),
  'ads (impressions)': () => ({ feature: 'ads', source: source({ analysis: ctrResult(), plan: null }) }),
};

/** Text a person reads: the page without its tags. */
const text = (html: string) => html.replace(/<[^>]*>/g, ' ');

describe.each(Object.keys(inputs))('%s report', (name) => {
  const input = inputs[name]!();
  const html = reportHtml(input);
  const model = buildReport(input);

  it('is one self-contained page: no script, a CSP that forbids scripts, every section', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(?!data:)/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    for (const h of ['What was analysed', 'Main numbers', 'Charts', 'What to do next', 'Caveats', 'Privacy'])
      expect(html).toContain(`<h2>${h}`);
    expect(html).toContain('@media print');
    expect(html).toMatch(/break-inside:avoid/);
  });

  it('escapes text from data', () => {
    expect(html).toContain('shop &quot;&lt;b&gt;2026&lt;/b&gt;&quot;');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;VIP&quot;');
    expect(html).not.toContain('<b>2026');
  });

  it('leaves out every group under k, names none of them, and says how many and why', () => {
    expect(html).not.toContain(SECRET);
    const s = model.suppression;
    expect(s.k).toBe(10);
    expect(s.total).toBeGreaterThan(0);
    expect(text(html)).toContain(`Groups left out because they have fewer than 10 customers or rows: ${s.total} (`);
  });

  it('formats every figure (no NaN, Infinity or undefined)', () => {
    expect(text(html)).not.toMatch(/NaN|Infinity|undefined|null|\[object/);
    expect(model.analysed.map((a) => a[0])).toEqual(
      expect.arrayContaining(['Dataset', 'Rows', 'Columns used', 'Analysed on', 'Model']),
    );
    expect(text(html)).toContain('12,345');
  });

  it('says what to do next and draws at least one chart from kept groups only', () => {
    expect(model.next.length).toBeGreaterThan(0);
    expect(model.charts.length).toBeGreaterThan(0);
    for (const c of model.charts) expect(c.labels.join('|')).not.toContain(SECRET);
  });
});

describe('suppression counts', () => {
  it('segments: the segment of 4 and the rules of 4 and 6 customers', () => {
    const m = buildReport(inputs.segments!());
    expect(m.suppression.by).toEqual([
      { what: 'segments', count: 1 },
      { what: 'rules', count: 1 },
    ]);
    // The note that names the small segment is withheld, and said to be.
    expect(m.caveats.join(' ')).toContain('Notes not printed because they name a group left out for privacy: 1.');
    expect(m.caveats.join(' ')).toContain('Spend was log-transformed.');
    // With k = 3 the small segment is shown.
    const low = buildReport({ feature: 'segments', source: source(segmentResult(), 3) });
    expect(low.suppression.total).toBe(0);
    expect(reportHtml({ feature: 'segments', source: source(segmentResult(), 3) })).toContain(SECRET);
  });

  it('propensity: a calibration bin, a rule and two segments; leak and figures reported', () => {
    const input = inputs.propensity!();
    const m = buildReport(input);
    expect(m.suppression.by).toEqual([
      { what: 'calibration bins', count: 1 },
      { what: 'rules', count: 1 },
      { what: 'segments in the segment × score table', count: 2 },
    ]);
    const html = reportHtml(input);
    expect(html).not.toContain('Hidden Few');
    expect(html).not.toContain('cust-0001');
    expect(html).toContain('0.820 vs 0.5 for random ordering');
    expect(html).toContain('×4.00 (holds 40.0 % of all positives)');
    expect(m.next[0]).toMatch(/^First exclude cancel_date/);
    expect(m.caveats.join(' ')).toContain('Likely leak: cancel_date (AUC 0.970)');
  });

  it('propensity without signal: no drivers or rules as findings, and it says why', () => {
    const r = propensityResult();
    r.test.auc = 0.52;
    const m = buildReport({ feature: 'propensity', source: source(r) });
    expect(m.caveats[0]).toMatch(/^No usable signal: .*AUC 0\.520 ≤ 0\.55/);
    expect(m.charts.map((c) => c.id)).not.toContain('propensity-drivers');
    expect(m.next).toContain('Do not target on this score: collect more history or other columns, then train again.');
  });

  it('recommendations: the item bought by 3 customers; iALS vs popularity', () => {
    const m = buildReport(inputs.recommendations!());
    expect(m.suppression.by).toEqual([{ what: 'items', count: 1 }]);
    expect(m.next[0]).toContain('iALS');
    expect(m.next[0]).toContain('100.0 %');
    expect(m.caveats.join(' ')).not.toContain(SECRET);
  });

  it('ads: the level of 2 rows; untrusted MMM and an interval through zero are caveats', () => {
    const m = buildReport(inputs.ads!());
    expect(m.suppression.by).toEqual([{ what: 'levels', count: 1 }]);
    const c = m.caveats.join(' ');
    expect(c).toContain('marketing-mix fit is not trusted (baseline below 0)');
    expect(c).toContain('The importance range of device includes zero');
    expect(m.next.join(' ')).toContain('For region, favour North over South.');
  });

  it('ads on impressions: the level of 5 impressions; no signal hides the findings', () => {
    expect(buildReport(inputs['ads (impressions)']!()).suppression.by).toEqual([{ what: 'levels', count: 1 }]);
    const weak = buildReport({ feature: 'ads', source: source({ analysis: ctrResult(0.52), plan: null }) });
    expect(weak.caveats[0]).toMatch(/little better than chance/);
    expect(weak.charts).toHaveLength(0);
    expect(weak.next).toHaveLength(0);
  });

  it('the trust guards the results carry decide what is a finding', () => {
    const p = propensityResult();
    p.trust = { usable: false, reason: 'The test rows hold only one outcome.' };
    expect(buildReport({ feature: 'propensity', source: source(p) }).caveats[0]).toBe(
      'The test rows hold only one outcome.',
    );
    const a = adsResult();
    a.analysis.trust = {
      usable: false,
      reason: 'No better than the mean (R² -0.1).',
      curves: { usable: false, reason: 'Curves no better than the mean.' },
    };
    const ads = buildReport({ feature: 'ads', source: source(a) });
    expect(ads.caveats.slice(0, 2)).toEqual(['No better than the mean (R² -0.1).', 'Curves no better than the mean.']);
    expect(ads.charts.map((c) => c.id)).toEqual(['ads-mmm-share']);
    expect(ads.main.some((b) => b.kind === 'table' && b.caption.startsWith('Budget plan'))).toBe(false);
    const r = recommendResult();
    r.signal = {
      usable: false,
      model: 'ials',
      modelLabel: 'iALS',
      baseline: 'popular',
      baselineLabel: 'Most popular',
      metric: 'NDCG@10',
      value: 0.2,
      baselineValue: 0.1,
      gain: 0.1,
      se: 0.08,
      units: 100,
      reason: 'iALS is not clearly better than Most popular.',
    };
    const rec = buildReport({ feature: 'recommendations', source: source(r) });
    expect(rec.caveats[0]).toBe('iALS is not clearly better than Most popular.');
    expect(rec.next[0]).toMatch(/^Personal recommendations do not beat the bestseller list/);
  });

  it('prints the decile table with deciles as columns, and no negative zero', () => {
    const html = reportHtml(inputs.propensity!());
    expect(html).toContain('<tr><td>Cumulative lift</td><td class="n">4.00</td>');
    expect(num(-0.00001, 3)).toBe('0.000');
    expect(num(-0.5, 1)).toBe('-0.5');
  });

  it('a core message that reached the report unworded reads as its key and figures, never [object Object]', () => {
    const r = propensityResult();
    r.notes = [{ key: 'prop_note_weights', params: { ratio: 4 } } as unknown as string];
    const html = reportHtml({ feature: 'propensity', source: source(r) });
    expect(html).toContain('prop_note_weights (ratio 4)');
    expect(html).not.toContain('[object Object]');
  });

  it('keeps a group of exactly k and counts NaN sizes as too small', () => {
    const s = new Suppression(10);
    expect(s.keep('g', [10, 9, NaN, 11], (x) => x)).toEqual([10, 11]);
    expect(s.summary()).toEqual({ k: 10, total: 2, by: [{ what: 'g', count: 2 }] });
  });

  it('withholds a text naming a suppressed group as a whole word only', () => {
    const s = new Suppression(10);
    s.keep(
      'levels',
      ['A', 'Bee'],
      () => 1,
      (x) => x,
    );
    expect(s.clean('Level A is rare')).toBe(false);
    expect(s.clean('All good: Alpha and Beetle')).toBe(true);
    expect(s.clean('(Bee)')).toBe(false);
  });
});

describe('charts and file name', () => {
  it('embeds a PNG data URL and drops anything else', () => {
    const input = inputs.segments!();
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(reportHtml(input, { 'segment-sizes': png })).toContain(`<img src="${png}"`);
    const evil = reportHtml(input, { 'segment-sizes': 'data:image/png;base64,AA"><script>x</script>' });
    expect(evil).not.toMatch(/<script|<img/);
    // Without an image the chart is the table behind it.
    expect(evil).toContain('<h3>Customers per segment</h3>');
  });

  it('names the file <feature>-report-<dataset>-YYYYMMDD.html', () => {
    const at = new Date(2026, 11, 8, 12).getTime();
    expect(reportFileName('segments', 'ecommerce-transactions', at)).toBe(
      'segments-report-ecommerce-transactions-20261208.html',
    );
    expect(reportFileName('ads', '广告 数据 "Q4"/<x>', at)).toBe('ads-report-广告-数据-q4-x-20261208.html');
    expect(reportFileName('propensity', '***', at)).toBe('propensity-report-dataset-20261208.html');
  });
});
