// Segment cards: size/share, profile in original units, the 3 most distinguishing features, and a plain-language name.
// Names and texts are Msg (seg_* keys) for the UI; `name`/`text` keep the English for the CLI, reports and exports.
import { msg, type Msg, type MsgParam } from '../msg.ts';
import { featureTerm, formatNumber, roundForText, ruleValue, type TreeFeature } from '../rules/tree.ts';

export interface CardFeature {
  feature: string;
  label: string;
  /** Segment mean in original units (indicator features: share of the segment with that level). */
  value: number;
  overall: number;
  /** Standardised difference from the population (in the model's feature space). */
  z: number;
  text: string;
  /** `text` as a message (seg_card_value / seg_card_share). */
  textMsg?: Msg;
  /** The feature as said: our word's message (seg_feat_*) or the column name. */
  term?: MsgParam;
}

export interface SegmentCard {
  id: number;
  /** English name (CLI, reports, exports), or the user's own name. */
  name: string;
  /** The automatic name as a message; absent once the user names the segment (then `name` is theirs). */
  nameMsg?: Msg;
  size: number;
  share: number;
  /** Smaller than the minimum size: flagged, and left out of aggregate exports. */
  small: boolean;
  profile: CardFeature[];
  distinguishing: CardFeature[];
}

/** Display metadata for RFM features; other columns keep their own names. */
export const FEATURE_META: Record<
  string,
  { label: string; unit?: string; integer?: boolean; kind?: 'recency' | 'frequency' | 'monetary' }
> = {
  recency_days: { label: 'recency', unit: 'days', integer: true, kind: 'recency' },
  frequency: { label: 'orders', integer: true, kind: 'frequency' },
  monetary: { label: 'spend', kind: 'monetary' },
  tenure_days: { label: 'tenure', unit: 'days', integer: true },
  avg_order_value: { label: 'avg order' },
  interpurchase_days: { label: 'days between orders', unit: 'days' },
};

/** The RFM features' labels as messages (explicit keys: the key check sees each one). */
const FEATURE_LABELS: Record<string, string> = {
  recency_days: 'seg_feat_recency',
  frequency: 'seg_feat_orders',
  monetary: 'seg_feat_spend',
  tenure_days: 'seg_feat_tenure',
  avg_order_value: 'seg_feat_avg_order',
  interpurchase_days: 'seg_feat_days_between',
};

export function treeFeature(name: string, isInteger: boolean, currency = ''): TreeFeature {
  const meta = FEATURE_META[name];
  const unit = meta?.kind === 'monetary' || name === 'avg_order_value' ? currency || undefined : meta?.unit;
  const key = FEATURE_LABELS[name];
  const f: TreeFeature = { name, label: meta?.label ?? name, integer: meta?.integer ?? isInteger };
  if (key) f.labelMsg = msg(key);
  if (unit !== undefined) f.unit = unit;
  return f;
}

/** valueText as a message parameter: the number stays a number (the UI formats it in the reader's locale). */
function valueTerm(f: TreeFeature, v: number, indicator: boolean): MsgParam {
  if (indicator) return `${Math.round(v * 100)} %`;
  if (!Number.isFinite(v)) return '–';
  return f.integer && Math.abs(v) < 100
    ? ruleValue(Math.round(v * 10) / 10, f.unit)
    : ruleValue(roundForText(v), f.unit);
}

function valueText(f: TreeFeature, v: number, indicator: boolean): string {
  if (indicator) return `${Math.round(v * 100)} %`;
  const num = f.integer && Math.abs(v) < 100 ? v.toFixed(1).replace(/\.0$/, '') : formatNumber(v);
  if (f.unit && /^[£$€]$/.test(f.unit)) return `${f.unit}${num}`;
  return f.unit ? `${num} ${f.unit}` : num;
}

function phrase(f: CardFeature, indicator: boolean): string {
  if (indicator) {
    const [col, level] = f.feature.split('=');
    return f.z > 0 ? `mostly ${col} ${level}` : `rarely ${col} ${level}`;
  }
  return `${f.z > 0 ? 'high' : 'low'} ${f.label}`;
}

function phraseMsg(f: CardFeature, indicator: boolean): Msg {
  if (indicator) {
    const at = f.feature.indexOf('=');
    const params = { column: f.feature.slice(0, at), level: f.feature.slice(at + 1) };
    return msg(f.z > 0 ? 'seg_trait_mostly' : 'seg_trait_rarely', params);
  }
  return msg(f.z > 0 ? 'seg_trait_high' : 'seg_trait_low', { feature: f.term ?? f.label });
}

/** The RFM names as messages (explicit keys: the key check sees each one). */
const NAME_KEYS: Record<string, string> = {
  'Recent high spenders': 'seg_name_recent_high',
  'New low spenders': 'seg_name_new_low',
  'Recent regulars': 'seg_name_recent_regulars',
  'Lapsed big spenders': 'seg_name_lapsed_big',
  'Lapsed one-timers': 'seg_name_lapsed_one_timers',
  'Lapsed low spenders': 'seg_name_lapsed_low',
  'Fading regulars': 'seg_name_fading_regulars',
  'Loyal high spenders': 'seg_name_loyal_high',
  'Occasional low spenders': 'seg_name_occasional_low',
  'Regular customers': 'seg_name_regular',
  'New one-timers': 'seg_name_new_one_timers',
  'Occasional one-timers': 'seg_name_occasional_one_timers',
};

function rfmNameMsg(name: string): Msg | undefined {
  const key = NAME_KEYS[name];
  return key ? msg(key) : undefined;
}

function rfmName(z: Record<string, number>, meanOrders: number | undefined): { name: string; value: number } | null {
  const zr = z.recency,
    zf = z.frequency,
    zm = z.monetary;
  if (zr === undefined || (zf === undefined && zm === undefined)) return null;
  const value = zf !== undefined && zm !== undefined ? (zf + zm) / 2 : (zf ?? zm)!;
  const recent = zr < -0.4,
    lapsed = zr > 0.4,
    high = value > 0.5,
    low = value < -0.4;
  let name: string;
  if (recent) name = high ? 'Recent high spenders' : low ? 'New low spenders' : 'Recent regulars';
  else if (lapsed)
    name = high
      ? 'Lapsed big spenders'
      : low
        ? meanOrders !== undefined && meanOrders < 1.6
          ? 'Lapsed one-timers'
          : 'Lapsed low spenders'
        : 'Fading regulars';
  else name = high ? 'Loyal high spenders' : low ? 'Occasional low spenders' : 'Regular customers';
  return { name, value };
}

/** When two segments earn the same RFM name, the lower-value one steps down a tier. */
const DEMOTE: Record<string, string> = {
  'Recent high spenders': 'Recent regulars',
  'Recent regulars': 'New low spenders',
  'New low spenders': 'New one-timers',
  'Loyal high spenders': 'Regular customers',
  'Regular customers': 'Occasional low spenders',
  'Occasional low spenders': 'Occasional one-timers',
  'Lapsed big spenders': 'Fading regulars',
  'Fading regulars': 'Lapsed low spenders',
  'Lapsed low spenders': 'Lapsed one-timers',
};

export interface CardInput {
  /** Feature names (pipeline output order) and whether each is a 0/1 indicator. */
  names: string[];
  indicator: boolean[];
  treeFeatures: TreeFeature[];
  /** Model-space matrix (n × d) the clustering ran on. */
  model: Float32Array;
  /** Same rows and columns in original units. */
  original: Float32Array;
  n: number;
  labels: Int32Array;
  k: number;
  minSize: number;
}

export function segmentCards(input: CardInput): SegmentCard[] {
  const { names, n, k, labels, model, original } = input;
  const d = names.length;
  const sizes = new Array<number>(k).fill(0);
  const sumModel = new Float64Array(k * d),
    sumOrig = new Float64Array(k * d);
  const popMean = new Float64Array(d),
    popOrig = new Float64Array(d),
    popSq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const s = labels[i]!;
    sizes[s]!++;
    for (let j = 0; j < d; j++) {
      const m = model[i * d + j]!,
        o = original[i * d + j]!;
      sumModel[s * d + j]! += m;
      sumOrig[s * d + j]! += o;
      popMean[j]! += m;
      popSq[j]! += m * m;
      popOrig[j]! += o;
    }
  }
  const popSd = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    popMean[j] = popMean[j]! / n;
    popOrig[j] = popOrig[j]! / n;
    popSd[j] = Math.sqrt(Math.max(0, popSq[j]! / n - popMean[j]! ** 2));
  }
  const cards: SegmentCard[] = [];
  for (let s = 0; s < k; s++) {
    const profile: CardFeature[] = names.map((name, j) => {
      const tf = input.treeFeatures[j]!;
      const value = sizes[s] ? sumOrig[s * d + j]! / sizes[s]! : NaN;
      const z = sizes[s] && popSd[j]! > 0 ? (sumModel[s * d + j]! / sizes[s]! - popMean[j]!) / popSd[j]! : 0;
      const ind = input.indicator[j]!;
      const term = featureTerm(tf);
      return {
        feature: name,
        label: tf.label,
        value,
        overall: popOrig[j]!,
        z,
        text: `${tf.label}${ind ? '' : ' '}${ind ? ': ' : ''}${valueText(tf, value, ind)} (all: ${valueText(tf, popOrig[j]!, ind)})`,
        textMsg: msg(ind ? 'seg_card_share' : 'seg_card_value', {
          feature: term,
          value: valueTerm(tf, value, ind),
          overall: valueTerm(tf, popOrig[j]!, ind),
        }),
        term,
      };
    });
    const distinguishing = profile
      .slice()
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .slice(0, 3);
    cards.push({
      id: s,
      name: '',
      size: sizes[s]!,
      share: n ? sizes[s]! / n : 0,
      small: sizes[s]! < input.minSize,
      profile,
      distinguishing,
    });
  }
  nameSegments(cards, input);
  return cards;
}

/** Names from RFM semantics when R/F/M are present, else from the top distinguishing features; made unique. */
function nameSegments(cards: SegmentCard[], input: CardInput): void {
  const indicatorOf = new Map(input.names.map((n, j) => [n, input.indicator[j]!]));
  const values = new Map<SegmentCard, number>();
  for (const card of cards) {
    const z: Record<string, number> = {};
    for (const f of card.profile) {
      const kind = FEATURE_META[f.feature]?.kind;
      if (kind) z[kind] = f.z;
    }
    const orders = card.profile.find((f) => f.feature === 'frequency')?.value;
    const rfm = rfmName(z, orders);
    if (rfm) {
      setName(card, rfm.name, rfmNameMsg(rfm.name));
      values.set(card, rfm.value);
      continue;
    }
    const top = card.distinguishing.filter((f) => Math.abs(f.z) >= 0.25).slice(0, 2);
    const text = top.length
      ? top.map((f) => phrase(f, indicatorOf.get(f.feature) ?? false)).join(', ')
      : 'typical customers';
    const traits = top.map((f) => phraseMsg(f, indicatorOf.get(f.feature) ?? false));
    const named = traits.length
      ? traits.slice(1).reduce((a, b) => msg('seg_name_traits', { a, b }), traits[0]!)
      : msg('seg_name_typical');
    setName(card, text.charAt(0).toUpperCase() + text.slice(1), named);
  }
  for (let pass = 0; pass < 3; pass++) {
    const used = new Set(cards.map((c) => c.name));
    for (const name of used) {
      const same = cards
        .filter((c) => c.name === name && values.has(c))
        .sort((a, b) => values.get(b)! - values.get(a)!);
      for (const c of same.slice(1)) {
        const next = DEMOTE[name];
        if (next && !cards.some((o) => o.name === next)) setName(c, next, rfmNameMsg(next));
      }
    }
  }
  const seen = new Map<string, number>();
  for (const card of cards) seen.set(card.name, (seen.get(card.name) ?? 0) + 1);
  for (const [name, count] of seen) {
    if (count < 2) continue;
    const same = cards.filter((c) => c.name === name);
    same.forEach((c, i) => {
      const extra = c.distinguishing.find((f) => !c.name.toLowerCase().includes(f.label.toLowerCase()));
      const ind = extra ? (indicatorOf.get(extra.feature) ?? false) : false;
      const base = c.nameMsg ?? name;
      if (extra)
        setName(
          c,
          `${name} (${phrase(extra, ind)})`,
          msg('seg_name_with', { name: base, trait: phraseMsg(extra, ind) }),
        );
      else setName(c, `${name} ${i + 1}`, msg('seg_name_numbered', { name: base, n: i + 1 }));
    });
  }
  // Still duplicated after disambiguation: number them.
  const again = new Map<string, number>();
  for (const c of cards) {
    const m = (again.get(c.name) ?? 0) + 1;
    again.set(c.name, m);
    if (m > 1) setName(c, `${c.name} ${m}`, msg('seg_name_numbered', { name: c.nameMsg ?? c.name, n: m }));
  }
}

/** The English name and its message move together, so the UI's name is always the one the logic chose. */
function setName(card: SegmentCard, name: string, nameMsg: Msg | undefined): void {
  card.name = name;
  if (nameMsg) card.nameMsg = nameMsg;
  else delete card.nameMsg;
}
