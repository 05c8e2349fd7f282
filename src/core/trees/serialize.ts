// GbdtModel ↔ JSON: typed arrays as number arrays, the infinite "split on missingness" threshold as null.
import type { GbdtModel, Tree } from './types.ts';

export interface TreeJson {
  nodeCount: number;
  maxDepth: number;
  feature: number[];
  thresholdBin: number[];
  threshold: (number | null)[];
  missingLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  hessian: number[];
  gain: number[];
  catStart: number[];
  catWords: number[];
  catBits: number[];
}

export interface GbdtModelJson extends Omit<GbdtModel, 'trees'> {
  trees: TreeJson[];
}

const arr = (a: ArrayLike<number>): number[] => Array.from(a);

function treeToJson(t: Tree): TreeJson {
  return {
    nodeCount: t.nodeCount,
    maxDepth: t.maxDepth,
    feature: arr(t.feature),
    thresholdBin: arr(t.thresholdBin),
    // JSON has no Infinity; thresholds are otherwise finite (binning clips them to ±1e300).
    threshold: Array.from(t.threshold, (v) => (Number.isFinite(v) ? v : null)),
    missingLeft: arr(t.missingLeft),
    left: arr(t.left),
    right: arr(t.right),
    value: arr(t.value),
    cover: arr(t.cover),
    hessian: arr(t.hessian),
    gain: arr(t.gain),
    catStart: arr(t.catStart),
    catWords: arr(t.catWords),
    catBits: arr(t.catBits),
  };
}

/** A JSON-ready copy of the model (JSON.stringify of it round-trips exactly: doubles print in full precision). */
export function modelToJson(m: GbdtModel): GbdtModelJson {
  return { ...m, categorical: [...m.categorical], featureNames: [...m.featureNames], trees: m.trees.map(treeToJson) };
}

function treeFromJson(j: TreeJson): Tree {
  const k = j.nodeCount;
  const sized = <T extends ArrayLike<number>>(name: string, a: T): T => {
    if (a.length !== k) throw new Error(`stored tree: ${name} has ${a.length} entries for ${k} nodes`);
    return a;
  };
  return {
    nodeCount: k,
    maxDepth: j.maxDepth,
    feature: sized('feature', Int32Array.from(j.feature)),
    thresholdBin: sized('thresholdBin', Int32Array.from(j.thresholdBin)),
    threshold: sized(
      'threshold',
      Float64Array.from(j.threshold, (v) => (v === null ? Infinity : v)),
    ),
    missingLeft: sized('missingLeft', Uint8Array.from(j.missingLeft)),
    left: sized('left', Int32Array.from(j.left)),
    right: sized('right', Int32Array.from(j.right)),
    value: sized('value', Float64Array.from(j.value)),
    cover: sized('cover', Float64Array.from(j.cover)),
    hessian: sized('hessian', Float64Array.from(j.hessian)),
    gain: sized('gain', Float64Array.from(j.gain)),
    catStart: sized('catStart', Int32Array.from(j.catStart)),
    catWords: sized('catWords', Int32Array.from(j.catWords)),
    catBits: Uint32Array.from(j.catBits),
  };
}

export function modelFromJson(j: GbdtModelJson): GbdtModel {
  if (j.kind !== 'gbdt-binary' || j.version !== 1)
    throw new Error(`not a stored GBDT model (kind ${String(j.kind)}, version ${String(j.version)})`);
  return { ...j, categorical: [...j.categorical], featureNames: [...j.featureNames], trees: j.trees.map(treeFromJson) };
}
