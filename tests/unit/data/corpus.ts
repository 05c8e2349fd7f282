// The "what is this file?" corpus: every shared file, and variants of them made here the way strangers change files
// (header removed, delimiter changed, rows shuffled with an unnamed 1…n index first, columns renamed, Chinese
// headers), each with the shape, the key roles and the suggested job it must get.
import { readFileSync } from 'node:fs';
import { rng } from '../../../src/core/random.ts';
import { dataset } from '../../datasets.ts';

export interface CorpusCase {
  name: string;
  /** A shared file (read through the file source) … */
  file?: string;
  /** … or the text of a variant. */
  text?: () => string;
  shape: string;
  job?: string;
  target?: string;
  /** Key roles that must come out: column → role. */
  roles: Record<string, string>;
}

const lines = (file: string): string[] =>
  readFileSync(dataset(file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');

/** Rows shuffled (seeded), each led by its original 1-based row number under an empty header cell. */
function shuffledWithIndex(file: string, sep: string): string {
  const [head, ...rows] = lines(file);
  const r = rng(7);
  const keyed = rows.map((row, i) => [r(), i, row] as const).sort((a, b) => a[0] - b[0]);
  return [sep + head!, ...keyed.map(([, i, row]) => `${i + 1}${sep}${row}`)].join('\n');
}

const resplit = (file: string, from: string, to: string, header = true): string =>
  lines(file)
    .slice(header ? 0 : 1)
    .map((l) => l.split(from).join(to))
    .join('\n');

function renamed(file: string, names: string[], sep = ','): string {
  const [, ...rows] = lines(file);
  return [names.join(sep), ...rows].join('\n');
}

const TELCO = 'telco-customer-churn/telco-test.csv';
const SHOPPERS = 'online-shoppers-uci/online_shoppers-test.csv';
const PERSONALITY = 'customer-personality-kag/marketing_campaign-test.csv';
const RATINGS = 'movielens-latest-small/ratings-test.csv';
const RETAIL = 'online-retail/online-retail-2010-12.csv';

const telco = { customerID: 'customer_id', Churn: 'target' };
const ratings = { userId: 'customer_id', movieId: 'item_id', rating: 'rating', timestamp: 'timestamp' };
const anonRatings = { column_1: 'customer_id', column_2: 'item_id', column_3: 'rating', column_4: 'timestamp' };
const retail = { CustomerID: 'customer_id', StockCode: 'item_id', InvoiceDate: 'timestamp', UnitPrice: 'price' };
const customers = (target: string) => ({ shape: 'customers-outcome', job: 'propensity', target });

export const SHARED: CorpusCase[] = [
  ...['Telco-Customer-Churn.csv', 'telco-train.csv', 'telco-test.csv'].map((f) => ({
    name: f,
    file: `telco-customer-churn/${f}`,
    ...customers('Churn'),
    roles: telco,
  })),
  ...['online_shoppers_intention.csv', 'online_shoppers-train.csv', 'online_shoppers-test.csv'].map((f) => ({
    name: f,
    file: `online-shoppers-uci/${f}`,
    ...customers('Revenue'),
    roles: { Revenue: 'target' },
  })),
  ...['marketing_campaign.csv', 'marketing_campaign-train.csv', 'marketing_campaign-test.csv'].map((f) => ({
    name: f,
    file: `customer-personality-kag/${f}`,
    ...customers('Response'),
    roles: { Response: 'target', Dt_Customer: 'timestamp', ID: 'ignore' },
  })),
  ...['advertising.csv', 'advertising_click-train.csv', 'advertising_click-test.csv'].map((f) => ({
    name: f,
    file: `advertising-click-kag/${f}`,
    ...customers('Clicked on Ad'),
    roles: { 'Clicked on Ad': 'target', Timestamp: 'timestamp' },
  })),
  ...['online-retail-2010-12.csv', 'online-retail.csv'].map((f) => ({
    name: f,
    file: `online-retail/${f}`,
    shape: 'transactions',
    job: 'segment',
    roles: retail,
  })),
  ...['ratings.csv', 'ratings-train.csv', 'ratings-test.csv'].map((f) => ({
    name: f,
    file: `movielens-latest-small/${f}`,
    shape: 'ratings',
    job: 'recommend',
    roles: ratings,
  })),
  { name: 'movies.csv', file: 'movielens-latest-small/movies.csv', shape: 'catalogue', roles: { movieId: 'item_id' } },
  {
    name: 'KAG_conversion_data.csv',
    file: 'facebook-ad-campaign-kag/KAG_conversion_data.csv',
    shape: 'campaign',
    job: 'ads',
    roles: { Impressions: 'impressions', Clicks: 'clicks', Spent: 'spend' },
  },
  {
    name: 'Advertising.csv',
    file: 'advertising-islr/Advertising.csv',
    shape: 'campaign',
    job: 'ads',
    roles: { column_1: 'ignore', TV: 'spend', Radio: 'spend', Newspaper: 'spend' },
  },
  {
    name: 'mmm_example.csv',
    file: 'pymc-marketing-mmm/mmm_example.csv',
    shape: 'spend-sales',
    job: 'ads',
    target: 'y',
    roles: { date_week: 'timestamp' },
  },
  {
    name: 'CDNOW_sample.txt',
    file: 'cdnow-lifetimes/CDNOW_sample.txt',
    shape: 'transactions',
    job: 'segment',
    roles: { column_1: 'customer_id', column_3: 'timestamp', column_5: 'amount' },
  },
  ...['cdnow_customers_summary.csv', 'cdnow_customers_summary_with_transactions.csv'].map((f) => ({
    name: f,
    file: `cdnow-lifetimes/${f}`,
    shape: 'customers',
    job: 'clv',
    roles: { ID: 'customer_id' },
  })),
];

export const VARIANTS: CorpusCase[] = [
  ...[',', '\t', ' '].map((sep) => ({
    name: `ratings-test, no header, ${JSON.stringify(sep)}-separated`,
    text: () => resplit(RATINGS, ',', sep, false),
    shape: 'ratings',
    job: 'recommend',
    roles: anonRatings,
  })),
  {
    name: 'ratings-test shuffled, index first',
    text: () => shuffledWithIndex(RATINGS, ','),
    shape: 'ratings',
    job: 'recommend',
    roles: { column_1: 'ignore', ...ratings },
  },
  {
    name: 'ratings-test renamed member,product,stars,ts',
    text: () => renamed(RATINGS, ['member', 'product', 'stars', 'ts']),
    shape: 'ratings',
    job: 'recommend',
    roles: { member: 'customer_id', product: 'item_id', stars: 'rating', ts: 'timestamp' },
  },
  {
    name: 'ratings-test, Chinese headers',
    text: () => renamed(RATINGS, ['用户ID', '电影ID', '评分', '时间']),
    shape: 'ratings',
    job: 'recommend',
    roles: { 用户ID: 'customer_id', 电影ID: 'item_id', 评分: 'rating', 时间: 'timestamp' },
  },
  {
    name: 'telco-test, no header',
    text: () => resplit(TELCO, ',', ',', false),
    ...customers('column_21'),
    roles: { column_1: 'customer_id', column_21: 'target' },
  },
  ...[';', '\t'].map((sep) => ({
    name: `telco-test, ${JSON.stringify(sep)}-separated`,
    text: () => resplit(TELCO, ',', sep),
    ...customers('Churn'),
    roles: telco,
  })),
  {
    name: 'telco-test shuffled, index first',
    text: () => shuffledWithIndex(TELCO, ','),
    ...customers('Churn'),
    roles: { column_1: 'ignore', ...telco },
  },
  {
    name: 'telco-test renamed (client_no, left_company)',
    text: () => {
      const names = lines(TELCO)[0]!.split(',');
      names[0] = 'client_no';
      names[names.length - 1] = 'left_company';
      return renamed(TELCO, names);
    },
    ...customers('left_company'),
    roles: { client_no: 'customer_id', left_company: 'target' },
  },
  {
    name: 'telco-test, Chinese headers',
    text: () => {
      const names = lines(TELCO)[0]!.split(',');
      names[0] = '客户编号';
      names[names.length - 1] = '是否流失';
      return renamed(TELCO, names);
    },
    ...customers('是否流失'),
    roles: { 客户编号: 'customer_id', 是否流失: 'target' },
  },
  {
    name: 'online_shoppers-test shuffled, index first, ";"',
    text: () => shuffledWithIndex(SHOPPERS, ',').split(',').join(';'),
    ...customers('Revenue'),
    roles: { column_1: 'ignore', Revenue: 'target' },
  },
  {
    name: 'marketing_campaign-test shuffled, index first (tab)',
    text: () => shuffledWithIndex(PERSONALITY, '\t'),
    ...customers('Response'),
    roles: { column_1: 'ignore', Response: 'target' },
  },
  {
    name: 'marketing_campaign-test as ";"',
    text: () => resplit(PERSONALITY, '\t', ';'),
    ...customers('Response'),
    roles: { Response: 'target' },
  },
  {
    name: 'online-retail-2010-12, Chinese headers',
    text: () => renamed(RETAIL, ['订单号', '商品编码', '描述', '数量', '日期', '单价', '客户ID', '国家']),
    shape: 'transactions',
    job: 'segment',
    roles: { 客户ID: 'customer_id', 商品编码: 'item_id', 日期: 'timestamp', 数量: 'quantity', 单价: 'price' },
  },
  {
    name: 'online-retail-2010-12 renamed (order, sku, qty, buyer_id, purchased_at)',
    text: () =>
      renamed(RETAIL, ['order', 'sku', 'description', 'qty', 'purchased_at', 'unit_price', 'buyer_id', 'country']),
    shape: 'transactions',
    job: 'segment',
    roles: { buyer_id: 'customer_id', sku: 'item_id', purchased_at: 'timestamp', qty: 'quantity' },
  },
];
