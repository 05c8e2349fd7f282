// Column analysis between streaming and typing: each column's profile and type, its role, and whether it holds PII.
import type { ColumnType, RoleMap } from './table.ts';
import type { StreamColumn, StreamResult } from './csv-stream.ts';
import {
  decideType,
  isTimeName,
  K_NUMBER,
  profileColumn,
  type ColumnProfile,
  type TypeDecision,
} from './infer-types.ts';
import { RawColumn } from './raw-column.ts';
import { directType, materialiseDirect } from './direct-column.ts';
import type { Materialised } from './materialise.ts';
import { contextRoles, guessRole, resolveRoleConflicts, type RoleEvidence, type RoleGuess } from './roles.ts';
import { detectPii, isPhoneName, type PiiKind } from './pii.ts';
import { anonymousEpoch, valueEvidence } from './value-roles.ts';

/** The user's overrides by column name (the IngestOptions fields the analysis reads); they win over inference. */
export interface ColumnOverrides {
  roles?: Partial<RoleMap>;
  types?: Record<string, ColumnType>;
}

/** Own property only: a column named `constructor` or `toString` must not pick up Object.prototype members. */
export function own<T>(map: Partial<Record<string, T>> | undefined, key: string): T | undefined {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * An exported row index: integers 1…n (or 0…n−1), each once. In row order anywhere; in any order (the file was
 * shuffled or sorted after export) only as the first column, where R and pandas write it.
 */
function isRowIndex(p: ColumnProfile, codes: Int32Array, rows: number, leading: boolean): boolean {
  if (p.numberRows !== rows || p.distinct !== rows || !p.allIntegerValued || rows < 2) return false;
  let min = Infinity,
    max = -Infinity,
    inOrder = true;
  const offset = p.num[codes[0]!] === 0 ? 0 : 1;
  for (let r = 0; r < rows; r++) {
    if (p.kind[codes[r]!] !== K_NUMBER) return false;
    const v = p.num[codes[r]!]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== r + offset) inOrder = false;
  }
  if (inOrder) return true;
  // distinct === rows, so n distinct integers spanning exactly n values are a permutation of min…max.
  return leading && (min === 0 || min === 1) && max === min + rows - 1;
}

/** What the analysis phases share: the streamed columns and what is decided about them before they are typed. */
export interface Analysis {
  options: ColumnOverrides;
  names: string[];
  /** The streamed columns; each entry is let go (set to undefined) as soon as its typed column exists. */
  raws: StreamColumn[];
  rows: number;
  profiles: (ColumnProfile | null)[];
  decisions: (TypeDecision | null)[];
  types: ColumnType[];
  /** Direct columns, materialised as soon as their type is known. */
  early: Map<number, Materialised>;
}

/** Dictionary columns are typed from their distinct values; direct (high-cardinality numeric) columns are final. */
export function typeColumns(parsed: StreamResult, options: ColumnOverrides): Analysis {
  const { names, columns: raws, rows, sniffed } = parsed;
  const profiles: (ColumnProfile | null)[] = raws.map((raw, i) =>
    raw instanceof RawColumn ? profileColumn(names[i]!, raw, sniffed.delimiter) : null,
  );
  const early = new Map<number, Materialised>();
  const decisions: (TypeDecision | null)[] = profiles.map((p) => (p ? decideType(p) : null));
  const types: ColumnType[] = raws.map((raw, i) => {
    if (raw instanceof RawColumn) return own(options.types, names[i]!) ?? decisions[i]!.type;
    const dt = anonymousEpoch(names[i]!, raw) ?? directType(names[i]!, raw, isTimeName);
    if (dt.unix === 's') for (let r = 0; r < raw.length; r++) raw.values[r] = raw.values[r]! * 1000;
    early.set(i, materialiseDirect(raw, names[i]!, dt.type));
    return dt.type;
  });
  return { options, names, raws, rows, profiles, decisions, types, early };
}

/** What role inference looks at per column: name, type, missing and distinct counts, numeric range. */
export function roleEvidence(an: Analysis): RoleEvidence[] {
  const { names, types, rows } = an;
  return an.raws.map((raw, i) => {
    const p = an.profiles[i];
    if (!p) {
      const m = an.early.get(i)!;
      const vc = m.valueCounts!;
      return {
        name: names[i]!,
        type: types[i]!,
        rows,
        missing: m.missing,
        distinct: vc.values.length,
        min: vc.values[0] ?? NaN,
        max: vc.values[vc.values.length - 1] ?? NaN,
      };
    }
    const e: RoleEvidence = { name: names[i]!, type: types[i]!, rows, missing: p.missingRows, distinct: p.distinct };
    if (types[i] === 'integer' || types[i] === 'decimal') {
      let min = Infinity;
      let max = -Infinity;
      for (let k = 0; k < p.num.length; k++)
        if (p.kind[k] === K_NUMBER) {
          const v = p.num[k]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      e.min = min;
      e.max = max;
      e.isRowIndex = types[i] === 'integer' && isRowIndex(p, (raw as RawColumn).codes, rows, i === 0);
    }
    return Object.assign(e, valueEvidence(p, (raw as RawColumn).codes, types[i]!));
  });
}

/** Roles from names and values (the user's mapping wins); then types follow roles where a role needs it. */
export function decideRoles(an: Analysis, evidence: RoleEvidence[]): RoleGuess[] {
  const { names, types, options } = an;
  let guesses: RoleGuess[] = resolveRoleConflicts(evidence.map(guessRole), evidence);
  guesses = contextRoles(guesses, evidence);
  guesses = guesses.map((g, i) => {
    const forced = own(options.roles, names[i]!);
    return forced ? { role: forced, confidence: 1 } : g;
  });
  // Ids are dictionary codes.
  for (let i = 0; i < types.length; i++) {
    const role = guesses[i]!.role;
    if ((role === 'customer_id' || role === 'item_id') && types[i] !== 'id' && !own(options.types, names[i]!))
      types[i] = 'id';
  }
  return guesses;
}

/** PII: detect on distinct raw values; flagged columns become ids (and are hashed before anything is returned). */
export function detectPiiColumns(an: Analysis): (PiiKind | null)[] {
  const { names, types, profiles } = an;
  const piiKinds: (PiiKind | null)[] = an.raws.map((raw, i) => {
    const t = types[i]!;
    if (!(raw instanceof RawColumn) || t === 'date' || t === 'boolean' || t === 'decimal') return null;
    if (t === 'integer') return isPhoneName(names[i]!) && profiles[i]!.allIntegerValued ? 'phone' : null;
    return detectPii(
      names[i]!,
      raw.dict.filter((_, k) => profiles[i]!.kind[k] !== 0).map((s) => s.trim()),
    );
  });
  piiKinds.forEach((k, i) => {
    if (k) types[i] = 'id';
  });
  return piiKinds;
}
