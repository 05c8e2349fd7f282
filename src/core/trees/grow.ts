// One regression tree on gradients/hessians, grown leaf-wise (best gain first) over the bin matrix.
import type { BinMapper } from './binning.ts';
import { buildHistogram, buildRootHistogram, newHistogram, subtractHistogram, type HistLayout } from './histogram.ts';
import { findBestSplit, type SplitInfo, type SplitParams } from './split.ts';
import type { Tree } from './types.ts';

export interface GrowParams extends SplitParams {
  maxLeafNodes: number;
  maxDepth: number;
  learningRate: number;
}

/** Buffers shared by every tree of one fit: allocated once, so growing a tree allocates only its nodes. */
export interface GrowState {
  mapper: BinMapper;
  layout: HistLayout;
  bins: Uint8Array;
  n: number;
  /** Row indices; each node owns rows[start … end), partitioned in place (stable, via tmp). */
  rows: Int32Array;
  tmp: Int32Array;
  og: Float64Array;
  oh: Float64Array;
  pool: Float64Array[];
  freeSlots: number[];
  lut: Uint8Array;
}

interface GrowNode {
  depth: number;
  start: number;
  end: number;
  G: number;
  H: number;
  slot: number;
  split: SplitInfo | null;
  left: number;
  right: number;
}

export function growState(mapper: BinMapper, layout: HistLayout, bins: Uint8Array, n: number): GrowState {
  return {
    mapper,
    layout,
    bins,
    n,
    rows: new Int32Array(n),
    tmp: new Int32Array(n),
    og: new Float64Array(n),
    oh: new Float64Array(n),
    pool: [],
    freeSlots: [],
    lut: new Uint8Array(256),
  };
}

/**
 * A free histogram buffer. Only split candidates hold one (≤ max_leaf_nodes at once, usually far fewer), so the pool
 * grows to the peak once and is reused by every later tree.
 */
function takeSlot(s: GrowState): number {
  if (s.freeSlots.length > 0) return s.freeSlots.pop()!;
  s.pool.push(newHistogram(s.layout));
  return s.pool.length - 1;
}

const release = (s: GrowState, node: GrowNode): void => {
  if (node.slot >= 0) s.freeSlots.push(node.slot);
  node.slot = -1;
};

function splittable(node: GrowNode, p: GrowParams): boolean {
  return node.depth < p.maxDepth && node.end - node.start >= 2 * p.minSamplesLeaf && node.H >= 2 * p.minHessianToSplit;
}

function evaluate(s: GrowState, node: GrowNode, p: GrowParams, candidates: GrowNode[]): void {
  const hist = s.pool[node.slot]!;
  const m = s.mapper;
  node.split = findBestSplit(hist, s.layout, m.nBins, m.categorical, node.G, node.H, node.end - node.start, p);
  if (node.split) candidates.push(node);
  else release(s, node);
}

/** Partitions the node's rows: left child first, each side keeping row order. Returns the boundary. */
function partition(s: GrowState, node: GrowNode, split: SplitInfo): number {
  const f = split.feature;
  const nb = s.mapper.nBins[f]!;
  const lut = s.lut;
  lut.fill(0);
  if (split.leftBins) for (let b = 0; b < nb; b++) lut[b] = split.leftBins[b]!;
  else for (let b = 0; b <= split.bin; b++) lut[b] = 1;
  lut[nb] = split.missingLeft ? 1 : 0;
  const { rows, tmp, bins } = s;
  const col = f * s.n;
  let l = node.start;
  let t = 0;
  for (let k = node.start; k < node.end; k++) {
    const r = rows[k]!;
    if (lut[bins[col + r]!] === 1) rows[l++] = r;
    else tmp[t++] = r;
  }
  rows.set(tmp.subarray(0, t), l);
  if (l - node.start !== split.cL) throw new Error('internal: partition disagrees with the histogram counts');
  return l;
}

/** Grows one tree on (g, h); adds its leaf values to `raw` for the training rows. */
export function growTree(
  s: GrowState,
  g: Float64Array,
  h: Float64Array,
  w: Float64Array | null,
  raw: Float64Array,
  p: GrowParams,
): Tree {
  const n = s.n;
  for (let i = 0; i < n; i++) s.rows[i] = i;
  let G = 0;
  let H = 0;
  for (let i = 0; i < n; i++) {
    G += g[i]!;
    H += h[i]!;
  }
  const root: GrowNode = { depth: 0, start: 0, end: n, G, H, slot: -1, split: null, left: -1, right: -1 };
  const nodes = [root];
  const candidates: GrowNode[] = [];
  if (splittable(root, p)) {
    root.slot = takeSlot(s);
    buildRootHistogram(s.pool[root.slot]!, s.layout, s.bins, n, s.rows, g, h);
    evaluate(s, root, p, candidates);
  }
  let leaves = 1;
  while (candidates.length > 0 && leaves < p.maxLeafNodes) {
    let bi = 0;
    for (let i = 1; i < candidates.length; i++) if (candidates[i]!.split!.gain > candidates[bi]!.split!.gain) bi = i;
    const node = candidates.splice(bi, 1)[0]!;
    splitNode(s, node, nodes, g, h, p, candidates, ++leaves >= p.maxLeafNodes);
  }
  for (const c of candidates) {
    c.split = null;
    release(s, c);
  }
  return finishTree(s, nodes, w, raw, p);
}

function splitNode(
  s: GrowState,
  node: GrowNode,
  nodes: GrowNode[],
  g: Float64Array,
  h: Float64Array,
  p: GrowParams,
  candidates: GrowNode[],
  full: boolean,
): void {
  const sp = node.split!;
  const mid = partition(s, node, sp);
  const depth = node.depth + 1;
  const L: GrowNode = {
    depth,
    start: node.start,
    end: mid,
    G: sp.gL,
    H: sp.hL,
    slot: -1,
    split: null,
    left: -1,
    right: -1,
  };
  const R: GrowNode = { ...L, start: mid, end: node.end, G: node.G - sp.gL, H: node.H - sp.hL };
  node.left = nodes.length;
  node.right = nodes.length + 1;
  nodes.push(L, R);
  const okL = !full && splittable(L, p);
  const okR = !full && splittable(R, p);
  if (!okL && !okR) {
    release(s, node);
    return;
  }
  // Build the smaller child's histogram; the parent's minus it is the larger child's, in the parent's buffer.
  const [small, large] = L.end - L.start <= R.end - R.start ? [L, R] : [R, L];
  small.slot = takeSlot(s);
  const sh = s.pool[small.slot]!;
  buildHistogram(sh, s.layout, s.bins, s.n, s.rows, small.start, small.end, g, h, s.og, s.oh);
  large.slot = node.slot;
  node.slot = -1;
  subtractHistogram(s.pool[large.slot]!, sh);
  for (const [c, ok] of [
    [L, okL],
    [R, okR],
  ] as const) {
    if (ok) evaluate(s, c, p, candidates);
    else release(s, c);
  }
}

/** Leaf values, covers, raw-score update and the node arrays (categorical left sets as bitsets over raw codes). */
function finishTree(s: GrowState, nodes: GrowNode[], w: Float64Array | null, raw: Float64Array, p: GrowParams): Tree {
  const k = nodes.length;
  const t: Tree = {
    nodeCount: k,
    feature: new Int32Array(k).fill(-1),
    thresholdBin: new Int32Array(k).fill(-1),
    threshold: new Float64Array(k),
    missingLeft: new Uint8Array(k),
    left: new Int32Array(k).fill(-1),
    right: new Int32Array(k).fill(-1),
    value: new Float64Array(k),
    cover: new Float64Array(k),
    hessian: new Float64Array(k),
    gain: new Float64Array(k),
    catStart: new Int32Array(k).fill(-1),
    catWords: new Int32Array(k),
    catBits: new Uint32Array(0),
    maxDepth: 0,
  };
  const bits: number[] = [];
  // Children always have larger ids than their parent, so a reverse pass sees children first.
  for (let i = k - 1; i >= 0; i--) {
    const nd = nodes[i]!;
    t.value[i] = (-p.learningRate * nd.G) / (nd.H + p.l2 + 1e-15);
    t.hessian[i] = nd.H;
    if (nd.depth > t.maxDepth) t.maxDepth = nd.depth;
    if (nd.left < 0) {
      const v = t.value[i]!;
      let cover = 0;
      for (let q = nd.start; q < nd.end; q++) {
        const r = s.rows[q]!;
        raw[r]! += v;
        cover += w ? w[r]! : 1;
      }
      t.cover[i] = cover;
      continue;
    }
    const sp = nd.split!;
    t.cover[i] = t.cover[nd.left]! + t.cover[nd.right]!;
    t.feature[i] = sp.feature;
    t.left[i] = nd.left;
    t.right[i] = nd.right;
    t.gain[i] = sp.gain;
    t.missingLeft[i] = sp.missingLeft ? 1 : 0;
    if (sp.leftBins) {
      t.catStart[i] = bits.length;
      t.catWords[i] = appendBitset(bits, sp.leftBins, s.mapper.binCodes[sp.feature]!);
    } else {
      const th = s.mapper.thresholds[sp.feature]!;
      t.thresholdBin[i] = sp.bin;
      t.threshold[i] = sp.bin < th.length ? th[sp.bin]! : Infinity;
    }
  }
  t.catBits = Uint32Array.from(bits);
  return t;
}

function appendBitset(bits: number[], leftBins: Uint8Array, binCodes: number[][]): number {
  let maxCode = -1;
  for (let b = 0; b < binCodes.length; b++)
    if (leftBins[b]) for (const c of binCodes[b]!) maxCode = Math.max(maxCode, c);
  const words = (maxCode >> 5) + 1;
  const start = bits.length;
  for (let i = 0; i < words; i++) bits.push(0);
  for (let b = 0; b < binCodes.length; b++)
    if (leftBins[b]) for (const c of binCodes[b]!) bits[start + (c >> 5)]! |= 1 << (c & 31);
  for (let i = start; i < bits.length; i++) bits[i] = bits[i]! >>> 0;
  return words;
}
