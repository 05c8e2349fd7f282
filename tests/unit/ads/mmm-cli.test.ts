// `locallift ads --date … --controls …` end to end: the JSON carries the marketing-mix model, and the budget plan
// is made on its logistic carry-over curves.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dataset } from '../../datasets.ts';

const FILE = dataset('pymc-marketing-mmm/mmm_example.csv');

function cli(...args: string[]) {
  const r = spawnSync('node', ['bin/locallift.mjs', 'ads', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface MmmCurve {
  channel: string;
  kind: string;
  beta: number;
  k: number;
}

describe.skipIf(!existsSync(FILE))('locallift ads with a marketing-mix model', () => {
  it('adds "mmm" (per-channel decay, saturation, share, ROAS with intervals) and allocates on its curves', () => {
    const args = ['--outcome', 'y', '--spend', 'x1,x2', '--date', 'date_week', '--controls', 'event_1,event_2'];
    const r = cli(FILE, ...args, '--budget', '0.5', '--bootstrap', '20', '--repeats', '5', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const m = j.mmm;
    expect(m.channels.map((c: { channel: string }) => c.channel)).toEqual(['x1', 'x2']);
    for (const c of m.channels) {
      for (const k of ['decay', 'saturation', 'share', 'roas']) {
        expect(c[`${k}Low`]).toBeLessThanOrEqual(c[k]);
        expect(c[`${k}High`]).toBeGreaterThanOrEqual(c[k]);
      }
    }
    expect(m.channels[0].decay).toBeGreaterThan(m.channels[1].decay);
    expect(m.channels[0].shareLow).toBeLessThanOrEqual(0.291);
    expect(m.channels[0].shareHigh).toBeGreaterThanOrEqual(0.291);
    expect(m.r2).toBeGreaterThan(0.9);
    expect(m.fitSeconds).toBeLessThan(5);
    expect(m.terms.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['event_1', 'event_2']));
    // The allocation is evaluated on the MMM's steady-state curves: baseline + Σ β·tanh(x / 2k).
    const a = j.allocation;
    expect(a.proposed[0] + a.proposed[1]).toBeCloseTo(0.5, 9);
    const curves: MmmCurve[] = m.curves;
    expect(curves.map((c) => c.kind)).toEqual(['logistic', 'logistic']);
    const value = curves.reduce((s, c, i) => s + c.beta * Math.tanh(a.proposed[i] / (2 * c.k)), m.baseline);
    expect(a.proposedOutcome).toBeCloseTo(value, 6);
    expect(j.notes.join(' ')).toMatch(/Marketing-mix model \(179 periods/);
  });

  it('says why there is no model when a date is given but no spend', () => {
    const r = cli(FILE, '--outcome', 'y', '--date', 'date_week', '--bootstrap', '5', '--repeats', '2', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.mmm).toBeNull();
    expect(j.notes.join(' ')).toMatch(/No marketing-mix model: it needs spend columns/);
  });
});
