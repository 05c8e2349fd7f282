// Seeded BG/NBD + Gamma-Gamma customers with known parameters (the generative story of Fader, Hardie & Lee):
// λ ~ Gamma(r, rate α), p ~ Beta(a, b); repeat purchases at Poisson(λ) times, each followed by dropout with
// probability p; spend per transaction ~ Gamma(p_s, rate ν), ν ~ Gamma(q, rate v).
import { normal, rng } from '../../../src/core/random.ts';

/** Marsaglia–Tsang Gamma(shape, 1); shape < 1 through the U^(1/shape) boost. */
export function gammaSampler(rand: () => number): (shape: number) => number {
  const gauss = normal(rand);
  const sample = (shape: number): number => {
    if (shape < 1) return sample(shape + 1) * Math.pow(rand(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = gauss();
      const v = Math.pow(1 + c * z, 3);
      if (v <= 0) continue;
      const u = rand();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return sample;
}

export interface Planted {
  r: number;
  alpha: number;
  a: number;
  b: number;
  p: number;
  q: number;
  v: number;
}

export interface SimCustomer {
  /** Purchase times (periods since the first purchase at 0) up to T + extra, first purchase included. */
  times: number[];
  spends: number[];
  T: number;
  /** Still active at T (had not dropped out after a purchase before T). */
  aliveAtT: boolean;
}

/** `n` customers observed for T ∈ [tMin, tMax] periods after their first purchase, simulated `extra` beyond T. */
export function simulate(
  truth: Planted,
  n: number,
  seed: number,
  tMin: number,
  tMax: number,
  extra = 0,
): SimCustomer[] {
  const rand = rng(seed);
  const gamma = gammaSampler(rand);
  const out: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const T = tMin + (tMax - tMin) * rand();
    const lambda = gamma(truth.r) / truth.alpha;
    const ga = gamma(truth.a);
    const drop = ga / (ga + gamma(truth.b));
    const nu = gamma(truth.q) / truth.v;
    const times = [0];
    let aliveAtT = true;
    let t = -Math.log(1 - rand()) / lambda;
    while (t < T + extra) {
      times.push(t);
      if (rand() < drop) {
        if (t < T) aliveAtT = false;
        break;
      }
      t += -Math.log(1 - rand()) / lambda;
    }
    out.push({ times, spends: times.map(() => gamma(truth.p) / nu), T, aliveAtT });
  }
  return out;
}
