// Linked audiences: one segment's members seen through the other results on the same customers — what the
// recommender would show them (aggregated over members), how likely they are to convert (propensity) and what they
// are worth (CLV) — and the member list as an audience file for an ad platform. Pure: the worker finds the sources.
import { toCsv, type Cell } from '../data/csv-write.ts';
import { msg, type Msg } from '../msg.ts';
import { permutation, rng } from '../random.ts';
import type { Recommendation } from '../recommend/serve.ts';

export interface SegmentSource {
  customers: string[];
  labels: ArrayLike<number>;
  /** `nameMsg`: the automatic name as a message (absent once the user named the segment). */
  cards: { id: number; name: string; nameMsg?: Msg }[];
}

/** Per-customer values of another result, keyed by customer id. */
export interface ScoreSource {
  datasetId: string;
  name: string;
  ids: string[];
  values: ArrayLike<number>;
}

export interface RecommendSource {
  datasetId: string;
  name: string;
  /** A customer's top-n list, or null when the recommender does not know them. */
  forUser(id: string, n: number): Recommendation[] | null;
}

export interface AudienceSources {
  segments: SegmentSource;
  recommend?: RecommendSource | null;
  propensity?: ScoreSource | null;
  clv?: ScoreSource | null;
  pAlive?: ScoreSource | null;
}

export interface AudienceItem {
  item: string;
  name: string;
  /** Members with the item in their own top-n. */
  members: number;
  /** Share of the members the recommender knows. */
  reach: number;
  /** Mean rank among those members (1 = first). */
  meanRank: number;
}

export interface ScoreProfile {
  datasetId: string;
  name: string;
  /** Members found in the source. */
  covered: number;
  mean: number;
  /** The same mean over every customer of the source, for comparison. */
  overall: number;
  total: number;
}

export interface AudienceResult {
  segment: number;
  name: string;
  nameMsg?: Msg;
  members: number;
  recommend: { datasetId: string; name: string; covered: number; sampled: number; items: AudienceItem[] } | null;
  propensity: ScoreProfile | null;
  clv: ScoreProfile | null;
  pAlive: ScoreProfile | null;
  /** Msg (aud_note_*); plain strings in results stored by older versions. */
  notes: (Msg | string)[];
}

/** Most members whose lists are aggregated (a seeded sample beyond it: the ranking is stable long before). */
export const MAX_LISTED_MEMBERS = 5000;

export function segmentMembers(s: SegmentSource, segment: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.customers.length; i++) if (s.labels[i] === segment) out.push(s.customers[i]!);
  return out;
}

function lookup(src: ScoreSource): Map<string, number> {
  const m = new Map<string, number>();
  src.ids.forEach((id, i) => {
    const v = src.values[i]!;
    if (Number.isFinite(v) && !m.has(id)) m.set(id, v);
  });
  return m;
}

export function scoreProfile(src: ScoreSource | null | undefined, members: string[]): ScoreProfile | null {
  if (!src) return null;
  const m = lookup(src);
  let covered = 0,
    total = 0;
  for (const id of members) {
    const v = m.get(id);
    if (v === undefined) continue;
    covered++;
    total += v;
  }
  if (!covered) return null;
  let all = 0;
  for (const v of m.values()) all += v;
  return { datasetId: src.datasetId, name: src.name, covered, mean: total / covered, overall: all / m.size, total };
}

/** Items ranked by how many members have them in their own top-n (ties: better mean rank). */
export function aggregateRecommendations(src: RecommendSource, members: string[], n = 10, seed = 0) {
  const order = members.length > MAX_LISTED_MEMBERS ? permutation(members.length, rng(seed)) : null;
  const pick = order ? Array.from(order.subarray(0, MAX_LISTED_MEMBERS), (i) => members[i]!) : members;
  const byItem = new Map<string, { name: string; members: number; rankSum: number }>();
  let covered = 0;
  for (const id of pick) {
    const list = src.forUser(id, n);
    if (!list) continue;
    covered++;
    for (const r of list) {
      const e = byItem.get(r.item) ?? { name: r.name, members: 0, rankSum: 0 };
      e.members++;
      e.rankSum += r.rank;
      byItem.set(r.item, e);
    }
  }
  const items: AudienceItem[] = [...byItem.entries()]
    .map(([item, e]) => ({
      item,
      name: e.name,
      members: e.members,
      reach: e.members / Math.max(1, covered),
      meanRank: e.rankSum / e.members,
    }))
    .sort((a, b) => b.members - a.members || a.meanRank - b.meanRank || (a.item < b.item ? -1 : 1))
    .slice(0, n);
  return { datasetId: src.datasetId, name: src.name, covered, sampled: pick.length, items };
}

export function segmentAudience(src: AudienceSources, segment: number, n = 10): AudienceResult {
  const card = src.segments.cards.find((c) => c.id === segment);
  if (!card) throw new RangeError(`no segment ${segment}`);
  const members = segmentMembers(src.segments, segment);
  const notes: Msg[] = [];
  const recommend = src.recommend && members.length ? aggregateRecommendations(src.recommend, members, n) : null;
  if (recommend && recommend.sampled < members.length)
    notes.push(msg('aud_note_sampled', { members: recommend.sampled }));
  if (recommend && !recommend.covered) notes.push(msg('aud_note_unknown', { dataset: recommend.name }));
  return {
    segment,
    name: card.name,
    ...(card.nameMsg ? { nameMsg: card.nameMsg } : {}),
    members: members.length,
    recommend: recommend?.covered ? recommend : null,
    propensity: scoreProfile(src.propensity, members),
    clv: scoreProfile(src.clv, members),
    pAlive: scoreProfile(src.pAlive, members),
    notes,
  };
}

/** Customer id, segment and the linked scores, one row per member (every segment when `segment` is null). */
export function audienceCsv(src: AudienceSources, segment: number | null): { csv: string; rows: number } {
  const header = ['customer_id', 'segment'];
  const sources = [
    ['propensity', src.propensity],
    ['clv', src.clv],
    ['p_alive', src.pAlive],
  ] as const;
  const maps = sources.filter(([, s]) => s).map(([label, s]) => [label, lookup(s!)] as const);
  header.push(...maps.map(([label]) => label));
  const names = new Map(src.segments.cards.map((c) => [c.id, c.name]));
  const rows: Cell[][] = [];
  const { customers, labels } = src.segments;
  for (let i = 0; i < customers.length; i++) {
    if (segment !== null && labels[i] !== segment) continue;
    const id = customers[i]!;
    rows.push([id, names.get(labels[i]!) ?? String(labels[i]), ...maps.map(([, m]) => m.get(id) ?? null)]);
  }
  return { csv: toCsv(header, rows), rows: rows.length };
}
