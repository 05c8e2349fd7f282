// Implicit feedback: online-retail (customer × StockCode, quantity as strength) on a time-ordered split must beat
// most-popular; the comparison warns whenever a model does not; ALS engines agree with the exact solve.
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/ratings.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { fitImplicitMF, IMPLICIT_MF_DEFAULTS, implicitLoss } from '../../../src/core/recommend/ials.ts';
import { halfStepCG, halfStepEigen } from '../../../src/core/recommend/ials-solve.ts';
import { fromTriples } from '../../../src/core/recommend/interactions.ts';
import { runRecommend, type RecommendResult } from '../../../src/core/recommend/run.ts';
import { recommendForBasket, recommendForUser, similarItems } from '../../../src/core/recommend/serve.ts';
import { normal, rng } from '../../../src/core/random.ts';
import { load, RETAIL_DEC } from './fixtures.ts';
import { sayEn } from '../../../src/cli/say.ts';

describe('online retail, December 2010, time-ordered split', () => {
  let r: RecommendResult;
  beforeAll(async () => {
    const ing = await load(RETAIL_DEC);
    r = await runRecommend(
      ing.table,
      ing.roles,
      {
        mode: 'implicit',
        split: { kind: 'time', testFraction: 0.2 },
        grid: [
          { factors: 64, reg: 15, alpha: 2, regExponent: 0.25 },
          { factors: 32, reg: 5, alpha: 2, regExponent: 0.25 },
        ],
      },
      silentContext(),
    );
  });

  it('weighted MF beats most-popular on NDCG@10', () => {
    expect(r.columns).toMatchObject({
      user: 'CustomerID',
      item: 'StockCode',
      quantity: 'Quantity',
      time: 'InvoiceDate',
      itemName: 'Description',
    });
    expect(r.strength).toBe('log-quantity');
    expect(r.split).toMatchObject({ kind: 'time', users: 885, droppedRows: 15_631 });
    expect(r.split.returnRows).toBeGreaterThan(600);
    const pop = r.models.find((m) => m.name === 'popular')!;
    const ials = r.models.find((m) => m.name === 'ials')!;
    expect(ials.ndcgAtK!).toBeGreaterThan(pop.ndcgAtK!);
    expect(ials.precisionAtK!).toBeGreaterThan(pop.precisionAtK!);
  });

  it('names items by Description and explains with bought items', () => {
    const b = r.bundle;
    const user = b.history.users[0]!;
    const recs = recommendForUser(b, user, 5);
    expect(sayEn(recs[0]!.reason)).toMatch(/^because you bought “[A-Z0-9 ]+/);
    expect(recs[0]!.name).not.toBe(recs[0]!.item);
    const sim = similarItems(b, '22632', 3); // HAND WARMER RED POLKA DOT
    expect(sim[0]!.name).toMatch(/.+/);
    const basket = recommendForBasket(
      b,
      [
        { item: '22632', value: 12 },
        { item: '22633', value: 6 },
      ],
      5,
    );
    expect(basket.recommendations.map((x) => x.item)).not.toContain('22632');
  });
});

describe('comparison warnings', () => {
  it('warns for exactly the models that do not beat most-popular', async () => {
    // planted ratings used as implicit: which titles a customer rated carries popularity, not taste
    const s = generate(3, { users: 200, items: 150, perUser: 30 });
    const ing = await ingestCsv(textSource(s.files[0]!.csv), silentContext(), { pii: { disabled: true } });
    const r = await runRecommend(
      ing.table,
      ing.roles,
      { mode: 'implicit', grid: [{ factors: 16, reg: 5, alpha: 2, regExponent: 0 }], refitForServing: false },
      silentContext(),
    );
    const pop = r.models.find((m) => m.name === 'popular')!.ndcgAtK!;
    const losers = r.models.filter((m) => m.name !== 'popular' && m.ndcgAtK! <= pop);
    expect(losers.length).toBeGreaterThan(0);
    expect(r.warnings).toHaveLength(losers.length);
    for (const m of losers)
      expect(
        r.warnings.map(sayEn).some((w) => w.startsWith(sayEn(m.label)) && w.includes('does not beat most-popular')),
      ).toBe(true);
    expect(r.models.filter((m) => m.best)).toHaveLength(1);
  });
});

describe('limits for large data', () => {
  it('skips a neighbourhood baseline over the work limit and samples evaluated customers, saying so', async () => {
    const s = generate(8, { users: 120, items: 100, perUser: 25 });
    const ing = await ingestCsv(textSource(s.files[0]!.csv), silentContext(), { pii: { disabled: true } });
    const r = await runRecommend(
      ing.table,
      ing.roles,
      {
        mode: 'implicit',
        grid: [{ factors: 8, reg: 5, alpha: 2, regExponent: 0 }],
        refitForServing: false,
        knnWorkLimit: 1000,
        maxEvalUsers: 50,
      },
      silentContext(),
    );
    expect(r.models.map((m) => m.name)).toEqual(['popular', 'ials']);
    expect(
      r.warnings.map(sayEn).some((w) => /^Item-kNN .* skipped: it would need ~[\d.e+]+ similarity updates/.test(w)),
    ).toBe(true);
    expect(r.split.evaluated).toBe(50);
    expect(r.warnings.map(sayEn).some((w) => /random sample of 50 of the 1\d\d customers/.test(w))).toBe(true);
    const ex = await runRecommend(
      ing.table,
      ing.roles,
      { knnWorkLimit: 1000, refitForServing: false },
      silentContext(),
    );
    expect(ex.models.map((m) => m.name)).toEqual(['global-mean', 'biases', 'mf']);
  });
});

describe('implicit ALS engines', () => {
  const rand = rng(9);
  const gauss = normal(rand);
  const nu = 60;
  const ni = 40;
  const u: number[] = [];
  const i: number[] = [];
  const v: number[] = [];
  for (let a = 0; a < nu; a++)
    for (let b = 0; b < ni; b++)
      if (rand() < 0.2) {
        u.push(a);
        i.push(b);
        v.push(1 + Math.abs(gauss()));
      }
  const m = fromTriples(
    Array.from({ length: nu }, (_, k) => `u${k}`),
    Array.from({ length: ni }, (_, k) => `i${k}`),
    Int32Array.from(u),
    Int32Array.from(i),
    Float32Array.from(v),
  );
  const f = 8;
  const Y = Float32Array.from({ length: ni * f }, () => gauss() * 0.3);
  const p = { ...IMPLICIT_MF_DEFAULTS, factors: f, reg: 2, alpha: 3, regExponent: 0.5 };

  it('one half-step: plain CG and eigenbasis CG reach the exact Cholesky solution (scores also after a basis change)', () => {
    const exact = new Float32Array(nu * f);
    halfStepCG(exact, Y, m, { ...p, cgSteps: 0 });
    for (const engine of [halfStepCG, halfStepEigen]) {
      const X = new Float32Array(nu * f); // cold start: CG must converge from zero
      for (let rep = 0; rep < 3; rep++) engine(X, Y, m, { ...p, cgSteps: f + 2 });
      let err = 0;
      for (let k = 0; k < X.length; k++) err = Math.max(err, Math.abs(X[k]! - exact[k]!));
      expect(err).toBeLessThan(1e-4);
    }
    // changing basis (Y ← Y V, X kept in V) leaves every score x·y as the exact solve's
    const X = new Float32Array(nu * f);
    const Yb = Y.slice();
    for (let rep = 0; rep < 3; rep++) halfStepEigen(X, Yb, m, { ...p, cgSteps: f + 2 }, undefined, true);
    expect(Yb).not.toEqual(Y);
    let err = 0;
    for (let a = 0; a < nu; a++) {
      for (let b = 0; b < ni; b++) {
        let s1 = 0;
        let s2 = 0;
        for (let k = 0; k < f; k++) {
          s1 += exact[a * f + k]! * Y[b * f + k]!;
          s2 += X[a * f + k]! * Yb[b * f + k]!;
        }
        err = Math.max(err, Math.abs(s1 - s2));
      }
    }
    expect(err).toBeLessThan(1e-4);
  });

  it('a full fit with CG lands on the same loss as exact ALS; same seed → same factors', async () => {
    const base = { factors: f, reg: 2, alpha: 3, iterations: 12, seed: 1 };
    const le = implicitLoss(await fitImplicitMF(m, { ...base, cgSteps: 0 }, silentContext()), m);
    const cg = await fitImplicitMF(m, { ...base, cgSteps: 3 }, silentContext());
    const lc = implicitLoss(cg, m);
    expect(Math.abs(lc - le) / le).toBeLessThan(2e-3);
    const again = await fitImplicitMF(m, { ...base, cgSteps: 3 }, silentContext());
    expect(again.itemFactors).toEqual(cg.itemFactors);
    const other = await fitImplicitMF(m, { ...base, cgSteps: 3, seed: 2 }, silentContext());
    expect(other.itemFactors).not.toEqual(cg.itemFactors);
  });
});
