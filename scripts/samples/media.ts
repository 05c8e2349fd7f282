// Article/ad impression log sample (one row per impression, clicked 0/1) with planted truth: main effects on the
// click log-odds per factor level, and two planted pairwise interactions (format × time_slot, device × position).
import type { SampleSet } from '../gen-samples.ts';
import { pick, type Factor } from '../sample-lib.ts';
import { normal, rng } from '../../src/core/random.ts';

/** The sample workspace of these files (loaded on request, not on first visit). */
export const WORKSPACE = 'media';

const FACTORS: Factor[] = [
  {
    name: 'format',
    levels: ['image', 'video', 'carousel', 'text'],
    freq: [0.35, 0.2, 0.25, 0.2],
    effect: [0.25, 0.6, 0, -0.4],
  },
  {
    name: 'time_slot',
    levels: ['morning', 'afternoon', 'evening', 'night'],
    freq: [0.25, 0.3, 0.3, 0.15],
    effect: [0.1, -0.15, 0.4, -0.45],
  },
  { name: 'device', levels: ['mobile', 'desktop', 'tablet'], freq: [0.55, 0.35, 0.1], effect: [0.25, 0, -0.35] },
  {
    name: 'position',
    levels: ['1', '2', '3', '4', '5'],
    freq: [0.24, 0.22, 0.2, 0.18, 0.16],
    effect: [0.8, 0.4, 0, -0.35, -0.7],
  },
];

const SECTIONS = {
  names: ['news', 'sport', 'business', 'tech', 'culture', 'lifestyle'],
  effect: [0.2, 0.45, -0.25, 0.05, -0.5, 0],
};

/** Planted interactions as raw contrasts (double-centred below with the level frequencies, so main effects stay). */
const PAIRS: { a: string; b: string; cells: [string, string, number][] }[] = [
  {
    a: 'format',
    b: 'time_slot',
    cells: [
      ['video', 'morning', -1.0],
      ['video', 'evening', 1.0],
      ['text', 'morning', 0.7],
      ['text', 'evening', -0.5],
    ],
  },
  {
    a: 'device',
    b: 'position',
    cells: [
      ['mobile', '1', 0.9],
      ['mobile', '5', -0.6],
      ['desktop', '1', -0.6],
      ['desktop', '5', 0.5],
    ],
  },
];

const ROWS = 45_000;
const USERS = 6000;
const ARTICLES = 150;
const BASE_CTR = 0.07;

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const factor = (name: string) => FACTORS.find((f) => f.name === name)!;

/** The planted contrast of one pair, double-centred under the level frequencies: rows a levels, columns b levels. */
function centred(pair: (typeof PAIRS)[number]): number[][] {
  const A = factor(pair.a),
    B = factor(pair.b);
  const m = A.levels.map((la) => B.levels.map((lb) => pair.cells.find((c) => c[0] === la && c[1] === lb)?.[2] ?? 0));
  const row = m.map((r) => r.reduce((s, v, j) => s + v * B.freq[j]!, 0));
  const col = B.levels.map((_, j) => m.reduce((s, r, i) => s + r[j]! * A.freq[i]!, 0));
  const grand = row.reduce((s, v, i) => s + v * A.freq[i]!, 0);
  return m.map((r, i) => r.map((v, j) => v - row[i]! - col[j]! + grand));
}

const ADJ = ['Quiet', 'Bold', 'Hidden', 'Rising', 'Global', 'Local', 'Secret', 'Modern', 'Ancient', 'Bright'];
const NOUN = ['markets', 'cities', 'teams', 'gadgets', 'kitchens', 'voices', 'journeys', 'startups', 'festivals'];

interface Article {
  id: string;
  title: string;
  section: number;
  effect: number;
}

function articles(rand: () => number, gauss: () => number): Article[] {
  return Array.from({ length: ARTICLES }, (_, i) => ({
    id: `a${String(i + 1).padStart(3, '0')}`,
    title: `${ADJ[Math.floor(rand() * ADJ.length)]} ${NOUN[Math.floor(rand() * NOUN.length)]} ${i + 1}`,
    section: Math.floor(rand() * SECTIONS.names.length),
    effect: 0.25 * gauss(),
  }));
}

/** The log, header first; each row's click drawn from its planted probability. */
function impressions(arts: Article[], rand: () => number): string[] {
  const inter = PAIRS.map((p) => ({
    ia: FACTORS.indexOf(factor(p.a)),
    ib: FACTORS.indexOf(factor(p.b)),
    m: centred(p),
  }));
  // Article popularity ∝ 1/rank^0.5: every article still gets ~100 or more impressions.
  const pop = arts.map((_, i) => 1 / Math.sqrt(i + 1));
  const tot = pop.reduce((a, b) => a + b, 0);
  const popFreq = pop.map((p) => p / tot);
  const lines = ['impression_id,user_id,article_id,section,format,time_slot,device,position,clicked'];
  for (let r = 0; r < ROWS; r++) {
    const art = arts[pick(popFreq, rand())]!;
    const lv = FACTORS.map((f) => pick(f.freq, rand()));
    let z = logit(BASE_CTR) + SECTIONS.effect[art.section]! + art.effect;
    FACTORS.forEach((f, i) => (z += f.effect[lv[i]!]!));
    for (const p of inter) z += p.m[lv[p.ia]!]![lv[p.ib]!]!;
    const clicked = rand() < sigmoid(z) ? 1 : 0;
    const user = `u${String(1 + Math.floor(rand() * USERS)).padStart(4, '0')}`;
    const cells = FACTORS.map((f, i) => f.levels[lv[i]!]!);
    lines.push([`i${r + 1}`, user, art.id, SECTIONS.names[art.section]!, ...cells, clicked].join(','));
  }
  return lines;
}

/** Frequency-weighted sd of a factor's log-odds effects: its importance under the planted model. */
function spread(effect: number[], freq: number[]): number {
  const m = effect.reduce((a, e, i) => a + e * freq[i]!, 0);
  return Math.sqrt(effect.reduce((a, e, i) => a + freq[i]! * (e - m) ** 2, 0));
}

function truth(arts: Article[]) {
  return {
    rows: ROWS,
    outcome: 'clicked',
    baseCtr: BASE_CTR,
    factors: FACTORS.map((f) => ({
      name: f.name,
      effects: Object.fromEntries(f.levels.map((l, i) => [l, f.effect[i]!])),
      /** Levels from the highest planted effect to the lowest. */
      order: f.levels.slice().sort((a, b) => f.effect[f.levels.indexOf(b)]! - f.effect[f.levels.indexOf(a)]!),
      spread: spread(f.effect, f.freq),
    })),
    sections: Object.fromEntries(SECTIONS.names.map((s, i) => [s, SECTIONS.effect[i]!])),
    interactions: PAIRS.map((p) => {
      const m = centred(p);
      const A = factor(p.a),
        B = factor(p.b);
      const strength = Math.sqrt(
        m.reduce((s, r, i) => s + r.reduce((t, v, j) => t + A.freq[i]! * B.freq[j]! * v * v, 0), 0),
      );
      const effects = Object.fromEntries(
        A.levels.map((la, i) => [la, Object.fromEntries(B.levels.map((lb, j) => [lb, m[i]![j]!]))]),
      );
      return { a: p.a, b: p.b, strength, effects };
    }),
    noEffect: ['user_id'],
    articleEffects: Object.fromEntries(arts.map((a) => [a.id, a.effect])),
  };
}

export function generate(seed: number): SampleSet {
  const rand = rng(seed);
  const arts = articles(rand, normal(rng(seed + 1)));
  const lines = impressions(arts, rand);
  const catalogue = ['article_id,title,section', ...arts.map((a) => `${a.id},${a.title},${SECTIONS.names[a.section]}`)];
  return {
    files: [
      {
        name: 'media-impressions.csv',
        csv: lines.join('\n') + '\n',
        description: `Article/ad impression log: ${ROWS.toLocaleString('en')} impressions (user, article, section, format, time slot, device, position) with a 0/1 click. Planted CTR drivers and two planted interactions (video ads work in the evening, mobile readers click the top slot).`,
      },
      {
        name: 'media-articles.csv',
        csv: catalogue.join('\n') + '\n',
        description: `Article catalogue of the media sample: ${ARTICLES} articles with title and section.`,
      },
    ],
    truth: truth(arts),
  };
}
