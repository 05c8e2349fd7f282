// E-commerce transactions sample with planted truth: 4 customer segments well apart in RFM space and 4 item
// co-purchase groups. Includes cancellation invoices (`C…`, negative quantities) the RFM step must drop.
import type { SampleSet } from '../gen-samples.ts';
import { rng } from '../../src/core/random.ts';

interface SegmentSpec {
  name: string;
  customers: number;
  /** Days before the snapshot of the last purchase: uniform range. */
  recency: [number, number];
  orders: [number, number];
  /** Days before the snapshot of the first purchase (at least the recency). */
  firstSeen: [number, number];
  lines: [number, number];
  quantity: [number, number];
}

/**
 * Far apart after log1p + z-scoring: frequency/monetary split champions and regulars from the rest, recency splits new
 * from lapsed.
 */
const SEGMENTS: SegmentSpec[] = [
  {
    name: 'Champions',
    customers: 150,
    recency: [1, 8],
    orders: [18, 30],
    firstSeen: [250, 360],
    lines: [4, 7],
    quantity: [3, 8],
  },
  {
    name: 'Loyal regulars',
    customers: 300,
    recency: [20, 50],
    orders: [6, 9],
    firstSeen: [200, 330],
    lines: [2, 4],
    quantity: [1, 3],
  },
  {
    name: 'New customers',
    customers: 300,
    recency: [1, 25],
    orders: [1, 2],
    firstSeen: [1, 40],
    lines: [1, 2],
    quantity: [1, 2],
  },
  {
    name: 'Lapsed one-timers',
    customers: 450,
    recency: [200, 340],
    orders: [1, 2],
    firstSeen: [200, 360],
    lines: [1, 2],
    quantity: [1, 2],
  },
];

const GROUPS: { name: string; items: string[]; price: [number, number] }[] = [
  {
    name: 'kitchen',
    items: [
      'MUG',
      'TEAPOT',
      'COASTER',
      'APRON',
      'TEA TOWEL',
      'CAKE TIN',
      'JAM JAR',
      'EGG CUP',
      'BREAD BIN',
      'SPOON SET',
    ],
    price: [2, 15],
  },
  {
    name: 'garden',
    items: [
      'PLANT POT',
      'WATERING CAN',
      'BIRD FEEDER',
      'SEED KIT',
      'GLOVES',
      'TROWEL',
      'LANTERN',
      'WIND CHIME',
      'HOSE REEL',
      'GNOME',
    ],
    price: [3, 25],
  },
  {
    name: 'stationery',
    items: [
      'NOTEBOOK',
      'PEN SET',
      'WASHI TAPE',
      'STICKERS',
      'ENVELOPES',
      'DIARY',
      'PENCIL CASE',
      'BOOKMARK',
      'CARD PACK',
      'STAMP KIT',
    ],
    price: [1, 10],
  },
  {
    name: 'toys',
    items: [
      'SPINNING TOP',
      'YO-YO',
      'PUZZLE',
      'KITE',
      'MARBLES',
      'DOMINOES',
      'SKIPPING ROPE',
      'JIGSAW',
      'RAG DOLL',
      'TOY CAR',
    ],
    price: [2, 20],
  },
];

const COUNTRIES = [
  'United Kingdom',
  'United Kingdom',
  'United Kingdom',
  'United Kingdom',
  'Germany',
  'France',
  'Ireland',
  'Netherlands',
];
const SNAPSHOT = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const CUSTOMER_BASE = 10_000;

function fmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

interface Line {
  invoice: string;
  customer: string;
  item: string;
  quantity: number;
  price: number;
  t: number;
  country: string;
}

/** The generator's running state: the seeded draws, the price list and the lines and invoices written so far. */
interface Shop {
  rand: () => number;
  int: (lo: number, hi: number) => number;
  prices: Map<string, number>;
  lines: Line[];
  invoiceNo: number;
  cancellations: number;
  cancelledLines: number;
}

function openShop(seed: number): Shop {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const prices = new Map<string, number>();
  GROUPS.forEach((g) =>
    g.items.forEach((it) => prices.set(it, Math.round((g.price[0] + rand() * (g.price[1] - g.price[0])) * 100) / 100)),
  );
  return { rand, int, prices, lines: [], invoiceNo: 100_000, cancellations: 0, cancelledLines: 0 };
}

/** Every segment's customers with ids, interleaved so the file is not sorted by segment. */
function shuffledCustomers({ rand, int }: Shop): { id: string; seg: number }[] {
  const customers: { id: string; seg: number }[] = [];
  SEGMENTS.forEach((s, si) => {
    for (let i = 0; i < s.customers; i++)
      customers.push({ id: String(CUSTOMER_BASE + customers.length * 3 + int(1, 2)), seg: si });
  });
  // Interleave customers so the file is not sorted by segment.
  for (let i = customers.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [customers[i], customers[j]] = [customers[j]!, customers[i]!];
  }
  return customers;
}

/** One customer's order times of segment s, ascending. */
function orderTimes({ rand, int }: Shop, s: SegmentSpec): number[] {
  const recency = int(s.recency[0], s.recency[1]);
  const first = Math.max(recency, int(s.firstSeen[0], s.firstSeen[1]));
  const orders = int(s.orders[0], s.orders[1]);
  // Order days: the first and last are fixed, the rest spread between them (distinct invoices, possibly same day).
  const lastT = SNAPSHOT - recency * DAY - int(1, 10) * 3_600_000;
  const firstT = orders > 1 ? SNAPSHOT - first * DAY - int(1, 10) * 3_600_000 : lastT;
  const times = Array.from({ length: orders }, (_, o) =>
    o === 0 ? firstT : o === orders - 1 ? lastT : firstT + rand() * (lastT - firstT),
  );
  times.sort((a, b) => a - b);
  return times;
}

/** One invoice at time t0 (lines mostly from the customer's favourite group), maybe with a cancellation. */
function placeOrder(shop: Shop, s: SegmentSpec, customer: string, group: number, country: string, t0: number): void {
  const { rand, int } = shop;
  const t = Math.round(t0 / 60_000) * 60_000;
  const invoice = String(shop.invoiceNo++);
  const nLines = int(s.lines[0], s.lines[1]);
  const orderLines: Line[] = [];
  for (let l = 0; l < nLines; l++) {
    // 85 % of lines from the customer's favourite group: the planted co-purchase structure.
    const g = rand() < 0.85 ? GROUPS[group]! : GROUPS[int(0, GROUPS.length - 1)]!;
    const item = g.items[int(0, g.items.length - 1)]!;
    orderLines.push({
      invoice,
      customer,
      item,
      quantity: int(s.quantity[0], s.quantity[1]),
      price: shop.prices.get(item)!,
      t,
      country,
    });
  }
  shop.lines.push(...orderLines);
  // ~3 % of orders get a cancellation invoice for one of their lines, a day later.
  if (rand() < 0.03 && t + DAY < SNAPSHOT - DAY) {
    const l = orderLines[0]!;
    shop.lines.push({ ...l, invoice: `C${shop.invoiceNo++}`, quantity: -l.quantity, t: t + DAY });
    shop.cancellations++;
    shop.cancelledLines++;
  }
}

function transactionsCsv(lines: Line[]): string {
  const header = 'invoice,customer_id,item,quantity,price,timestamp,country';
  return (
    [
      header,
      ...lines.map(
        (l) => `${l.invoice},${l.customer},${l.item},${l.quantity},${l.price.toFixed(2)},${fmt(l.t)},${l.country}`,
      ),
    ].join('\n') + '\n'
  );
}

export function generate(seed: number): SampleSet {
  const shop = openShop(seed);
  const { int, lines } = shop;
  const segmentOf: Record<string, string> = {};
  const customers = shuffledCustomers(shop);
  for (const c of customers) {
    const s = SEGMENTS[c.seg]!;
    segmentOf[c.id] = s.name;
    const group = int(0, GROUPS.length - 1);
    const country = COUNTRIES[int(0, COUNTRIES.length - 1)]!;
    for (const t0 of orderTimes(shop, s)) placeOrder(shop, s, c.id, group, country, t0);
  }
  lines.sort((a, b) => a.t - b.t || a.invoice.localeCompare(b.invoice));
  const csv = transactionsCsv(lines);
  const { invoiceNo, cancellations, cancelledLines } = shop;
  const itemGroups: Record<string, string> = {};
  GROUPS.forEach((g) =>
    g.items.forEach((it) => {
      itemGroups[it] = g.name;
    }),
  );
  return {
    files: [
      {
        name: 'ecommerce-transactions.csv',
        csv,
        description: `Online shop transactions: ${lines.length} lines, ${customers.length} customers, ${invoiceNo - 100_000} invoices (${cancellations} cancellations starting with C). Columns: invoice, customer_id, item, quantity, price, timestamp, country.`,
      },
    ],
    truth: {
      description:
        "Planted RFM segments per customer (recency/orders/first-seen ranges per segment) and item co-purchase groups (85 % of a customer's lines come from one group). Snapshot for recency = last timestamp + 1 day.",
      segments: SEGMENTS,
      segmentOf,
      itemGroups,
      cancellationInvoices: cancellations,
      cancelledLines,
      lines: lines.length,
    },
  };
}
