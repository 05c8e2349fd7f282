// `locallift ads` end to end: JSON shape with importances/intervals, curves and allocation; clear errors.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { dataset } from '../../datasets.ts';

const ADV = dataset('advertising-islr/Advertising.csv');

function cli(...args: string[]) {
  const r = spawnSync('node', ['bin/locallift.mjs', 'ads', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('locallift ads', () => {
  it('prints quality, importance with intervals, response curves and a constrained allocation', () => {
    const r = cli(
      ADV,
      '--outcome',
      'Sales',
      '--budget',
      '250',
      '--cap',
      'Radio=60',
      '--lock',
      'TV',
      '--bootstrap',
      '20',
      '--currency',
      '$',
      '--json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.quality.r2).toBeGreaterThan(0.85);
    expect(j.importance.map((i: { factor: string }) => i.factor)).toEqual(['TV', 'Radio', 'Newspaper']);
    for (const i of j.importance) expect(Object.keys(i).sort()).toEqual(['factor', 'high', 'low', 'mean']);
    expect(j.responseCurves.curves).toHaveLength(3);
    for (const c of j.responseCurves.curves) {
      expect(c.beta).toBeGreaterThan(0);
      expect(c.k).toBeGreaterThan(0);
    }
    const a = j.allocation;
    expect(a.proposed.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(250, 6);
    expect(a.proposed[0]).toBe(a.current[0]); // TV locked
    expect(a.proposed[1]).toBeLessThanOrEqual(60 + 1e-9);
    expect(a.moves.length).toBeGreaterThan(0);
    expect(a.moves[0].text).toMatch(/\$/);
  });

  it('fails with a clear message when the constraints cannot be met', () => {
    const r = cli(
      ADV,
      '--outcome',
      'Sales',
      '--budget',
      '100',
      '--floor',
      'TV=90',
      '--floor',
      'Radio=30',
      '--bootstrap',
      '5',
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err).error.message).toMatch(/need at least 120.*budget of 100/);
  });

  it('names a missing outcome column', () => {
    const r = cli(ADV, '--outcome', 'Revenue');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err).error.message).toContain('`Revenue` is not in the file');
  });
});
