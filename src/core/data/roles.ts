// Role inference: what a column means for marketing ML, from its name (English and Chinese) and its values.
import type { ColumnType, Role } from './table.ts';
import { patternRoles, type ValueEvidence } from './value-roles.ts';

export interface RoleEvidence extends ValueEvidence {
  name: string;
  type: ColumnType;
  rows: number;
  missing: number;
  distinct: number;
  min?: number;
  max?: number;
  /** Integer column holding 1..n (or 0..n-1) in order: an exported row index. */
  isRowIndex?: boolean;
}

export interface RoleGuess {
  role: Role;
  confidence: number;
}

type Kinds = 'num' | 'id' | 'date' | 'bool' | 'cat';
interface Rule {
  role: Role;
  re: RegExp;
  confidence: number;
  kinds: Kinds[];
}

// Order matters: the first matching rule wins (so `Total_Conversion` is conversions, not an amount).
const RULES: Rule[] = [
  {
    role: 'customer_id',
    re: /^(?:customer|cust|client|user|member|buyer|shopper|account|visitor|person|contact|subscriber|household|learner|student|patient|player|reader|viewer|guest|passenger|donor)[\s_.-]?(?:id|no|nr|number|key|code|ref)?$/i,
    confidence: 0.95,
    kinds: ['id', 'num', 'cat'],
  },
  {
    role: 'customer_id',
    re: /(?:用户|客户|会员|顾客|买家|消费者)(?:id|编号|号|代码)?$/i,
    confidence: 0.95,
    kinds: ['id', 'num', 'cat'],
  },
  {
    role: 'item_id',
    re: /^(?:item|product|prod|sku|stock|article|movie|film|book|song|track|asin|offer|content|variant|goods|listing|course|lesson|module|video|episode|show|recipe|hotel|room|game|app|post)[\s_.-]?(?:id|no|nr|number|key|code|ref)?$/i,
    confidence: 0.9,
    kinds: ['id', 'num', 'cat'],
  },
  {
    role: 'item_id',
    re: /^(?:商品|产品|物品|货品|电影|书籍|歌曲|sku)(?:id|编号|号|代码|编码)?$|货号/i,
    confidence: 0.9,
    kinds: ['id', 'num', 'cat'],
  },
  {
    role: 'timestamp',
    re: /date|time|stamp|^ts$|_ts$|created|updated|^when|时间|日期|时刻/i,
    confidence: 0.95,
    kinds: ['date'],
  },
  {
    // Words that name an outcome.
    role: 'target',
    re: /churn|target|label|^y$|outcome|converted|responded|response|purchased|subscribed|attrition|retained|流失|标签/i,
    confidence: 0.9,
    kinds: ['bool'],
  },
  {
    // Words that often name an outcome but also a yes/no feature (`accepted_last_offer`, `is_member`, `default`):
    // they lose to a column of the first kind.
    role: 'target',
    re: /^is[_\s-]?|^has[_\s-]|flag|default|accepted|enrolled|clicked|redeemed|bought|是否/i,
    confidence: 0.85,
    kinds: ['bool'],
  },
  { role: 'impressions', re: /impression|^impr|^views?$|reach|曝光|展示|展现/i, confidence: 0.9, kinds: ['num'] },
  { role: 'clicks', re: /click|点击/i, confidence: 0.9, kinds: ['num'] },
  { role: 'conversions', re: /conversion|^conv|signups?|leads|installs|转化|成交/i, confidence: 0.9, kinds: ['num'] },
  {
    role: 'spend',
    re: /spend|spent|^cost$|^kosten$|^co[uû]ts?$|^costes?$|ad[\s_-]?cost|budget|media[\s_-]?cost|^cpm$|花费|消耗|投放|预算|广告费/i,
    confidence: 0.9,
    kinds: ['num'],
  },
  {
    role: 'spend',
    re: /^(?:tv|radio|newspaper|print|search|social|display|facebook|google|youtube|email|ooh|outdoor|billboard|digital|online|video)(?:[\s_-]?(?:spend|ads?|budget))?$/i,
    confidence: 0.75,
    kinds: ['num'],
  },
  { role: 'rating', re: /rating|stars?$|score|评分|打分|星级/i, confidence: 0.9, kinds: ['num'] },
  {
    role: 'price',
    re: /price|unit[\s_-]?cost|^rate$|preis|prix|precio|prezzo|单价|价格|售价|定价/i,
    confidence: 0.9,
    kinds: ['num'],
  },
  {
    role: 'quantity',
    re: /^(?:quantity|qty|units?|pieces|pcs|count|volume|num[\s_-]?items|items|menge|anzahl|quantit[eé]|cantidad|quantit[aà])$|数量|件数|销量/i,
    confidence: 0.9,
    kinds: ['num'],
  },
  {
    role: 'amount',
    re: /amount|revenue|sales|total|umsatz|betrag|montant|importe|ventas|value|income|gmv|turnover|charges?$|paid|payment[\s_-]?value|monetary|金额|销售额|收入|总价|营业额|消费/i,
    confidence: 0.8,
    kinds: ['num'],
  },
  {
    role: 'channel',
    re: /channel|medium|utm|^source$|traffic[\s_-]?source|platform|渠道|来源|平台/i,
    confidence: 0.85,
    kinds: ['cat', 'id'],
  },
];

function kindOf(type: ColumnType): Kinds {
  switch (type) {
    case 'integer':
    case 'decimal':
      return 'num';
    case 'date':
      return 'date';
    case 'boolean':
      return 'bool';
    case 'id':
      return 'id';
    default:
      return 'cat';
  }
}

const MONEY: ReadonlySet<Role> = new Set<Role>(['spend', 'amount', 'price']);
/** Names of bounded scores and ranks (`Spending Score (1-100)`, `credit_rank`): features, never money. */
const SCORE_NAME = /score|rating|index|rank|grade|level|percentile|分数|评分|等级|指数/i;
/** A bound written into the name (`Spending (1-100)`, `budget_0_10`, `cost out of 10`): a bounded score. */
const BOUNDED_NAME =
  /(?:^|[^\d.])[01]\s*(?:[-–~_]|to)\s*(?:5|7|10|100)(?!\d)|\bout\s+of\s+(?:5|10|100)\b|\/\s*(?:5|10|100)\b/i;
/** Durations (`time_spent_on_page`, `session_minutes`, `total_hours`): never money either. */
const DURATION_NAME = /time|duration|minutes?|seconds?|hours?|mins\b|secs\b|时长|时间/i;

/**
 * Whether a name-matched id rule is contradicted by the values: two or three values are never ids (a `contact`
 * column of cellular/telephone), nor, for customers, a dozen values over hundreds of rows.
 */
function tooFewForId(e: RoleEvidence, role: Role): boolean {
  if (e.distinct <= 3 && e.rows - e.missing >= 30) return true;
  return role === 'customer_id' && e.distinct <= 12 && e.rows >= 500;
}

/** Best role for one column, with a 0..1 confidence. */
export function guessRole(e: RoleEvidence): RoleGuess {
  const kind = kindOf(e.type);
  const name = e.name.trim();
  for (const rule of RULES) {
    if (!rule.kinds.includes(kind) || !rule.re.test(name)) continue;
    if (MONEY.has(rule.role) && (SCORE_NAME.test(name) || DURATION_NAME.test(name) || BOUNDED_NAME.test(name)))
      continue;
    if ((rule.role === 'customer_id' || rule.role === 'item_id') && tooFewForId(e, rule.role)) continue;
    // A 0/1 `clicked` / `converted` per row is an outcome; a plural (`clicks`, `conversions`) stays a count.
    const flag = e.distinct === 2 && e.min === 0 && e.max === 1 && !/s$/i.test(name);
    if ((rule.role === 'clicks' || rule.role === 'conversions') && flag) return { role: 'target', confidence: 0.85 };
    let confidence = rule.confidence;
    if (rule.role === 'rating' && e.min !== undefined && e.max !== undefined) {
      confidence = e.min >= 0 && e.max <= 10 && e.distinct <= 21 ? 0.95 : 0.6;
    }
    if (
      (rule.role === 'quantity' ||
        rule.role === 'impressions' ||
        rule.role === 'clicks' ||
        rule.role === 'conversions') &&
      e.type === 'decimal'
    ) {
      confidence -= 0.15;
    }
    if (rule.role === 'customer_id' || rule.role === 'item_id') {
      // An id repeated across rows (a transaction log) or unique per row (a customer table) both fit; a constant does
      // not.
      if (e.distinct <= 1) confidence = 0.3;
    }
    return { role: rule.role, confidence };
  }
  // An exported row index (pandas' unnamed first column, `1…n` in order) is never a feature.
  if (e.isRowIndex) return { role: 'ignore', confidence: 0.9 };
  return fallbackRole(e, kind);
}

function fallbackRole(e: RoleEvidence, kind: Kinds): RoleGuess {
  if (e.rows - e.missing === 0) return { role: 'ignore', confidence: 0.8 };
  switch (kind) {
    case 'date':
      return { role: 'timestamp', confidence: 0.7 };
    case 'num':
      return { role: 'numeric', confidence: 0.6 };
    case 'bool':
      return { role: 'categorical', confidence: 0.6 };
    case 'id': {
      // Ids carry no signal by themselves; a low-cardinality id (campaign 1178/936/916) works as a category.
      const nonMissing = e.rows - e.missing;
      if (e.distinct <= 50 && e.distinct < nonMissing / 5) return { role: 'categorical', confidence: 0.5 };
      return { role: 'ignore', confidence: 0.6 };
    }
    default:
      return e.type === 'text' ? { role: 'text', confidence: 0.7 } : { role: 'categorical', confidence: 0.7 };
  }
}

/**
 * Roles that depend on the other columns: a rating is a recommender rating only next to a customer and an item id
 * (else a numeric feature, like a 1–5 credit rating in a customer table); and in a customer table with no outcome
 * named as one, the last two-valued column (yes/no, true/false, 0/1, two labels) is the likeliest outcome, at low
 * confidence.
 */
export function contextRoles(guesses: RoleGuess[], evidence: RoleEvidence[]): RoleGuess[] {
  // Unnamed columns (a header-less file) first get their roles from value patterns.
  const out = patternRoles(guesses, evidence);
  const has = (role: Role) => out.some((g) => g.role === role);
  // A bare `ID` / `Id` / `key` holding one value per row, with no customer column named as such and no dates: the key
  // of a table of customers. With a date column the rows may be events (orders, visits) and a bare unique ID is the
  // event's own id.
  if (!has('customer_id') && !has('timestamp')) {
    const i = evidence.findIndex(
      (e, k) =>
        /^(?:id|key|#|no|nr|编号|序号)$/i.test(e.name.trim()) &&
        (e.type === 'id' || e.type === 'integer') &&
        e.missing === 0 &&
        e.distinct === e.rows &&
        e.rows >= 20 &&
        out[k]!.role === 'ignore',
    );
    if (i >= 0) out[i] = { role: 'customer_id', confidence: 0.6 };
  }
  if (!(has('customer_id') && has('item_id')))
    out.forEach((g, i) => {
      if (g.role === 'rating') out[i] = { role: 'numeric', confidence: 0.6 };
    });
  // Only in a table of customers (or rows of outcomes): a campaign log's or an interaction log's two-valued columns
  // (gender, device) are dimensions, not the outcome.
  // A dated series (one row per date) is not a table of customers either.
  const series = out.some((g, i) => g.role === 'timestamp' && evidence[i]!.distinct === evidence[i]!.rows);
  // Nor is a purchase log: a customer key that repeats, with dates and money (its `returned` or `channel` flags).
  const c = out.findIndex((g) => g.role === 'customer_id');
  const repeats = c >= 0 && evidence[c]!.distinct < 0.9 * (evidence[c]!.rows - evidence[c]!.missing);
  const purchases = repeats && has('timestamp') && (['amount', 'price', 'quantity'] as Role[]).some(has);
  const log =
    (['spend', 'impressions', 'clicks', 'conversions'] as Role[]).some(has) || has('item_id') || series || purchases;
  if (!has('target') && !log) {
    for (let i = out.length - 1; i >= 0; i--) {
      const e = evidence[i]!;
      const twoValued = e.distinct === 2 && (e.type === 'boolean' || e.type === 'categorical' || e.type === 'integer');
      if (twoValued && (out[i]!.role === 'categorical' || out[i]!.role === 'numeric')) {
        out[i] = { role: 'target', confidence: 0.5 };
        break;
      }
    }
  }
  return out;
}

/**
 * One column per single-valued role (customer/item id, timestamp, target): the most confident keeps it. On a tie the
 * first column keeps an id or timestamp role (keys and dates usually lead a table) and the LAST keeps the target
 * (outcomes usually end it: `accepted_last_offer … responded`, `…, churned`).
 */
export function resolveRoleConflicts(guesses: RoleGuess[], evidence: RoleEvidence[]): RoleGuess[] {
  const single: Role[] = ['customer_id', 'item_id', 'timestamp', 'target'];
  const out = guesses.map((g) => ({ ...g }));
  for (const role of single) {
    const idx = out.map((g, i) => (g.role === role ? i : -1)).filter((i) => i >= 0);
    if (idx.length < 2) continue;
    const order = role === 'target' ? -1 : 1;
    idx.sort((a, b) => out[b]!.confidence - out[a]!.confidence || order * (a - b));
    for (const i of idx.slice(1)) out[i] = fallbackRole(evidence[i]!, kindOf(evidence[i]!.type));
  }
  return out;
}
