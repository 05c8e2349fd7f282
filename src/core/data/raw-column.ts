// Streaming stage of a column: every cell is dictionary-encoded as its raw string, so typing can be decided
// once per distinct value at the end (fast, and exact even when row 300,000 breaks the pattern of the first 5,000).
// The dictionary is an open-addressing table over a cheap sampled string hash: a JS Map re-hashes every fresh
// substring in full and cost ~3× more per cell on the online-retail benchmark.

function hashString(s: string): number {
  const len = s.length;
  let h = Math.imul(len, 0x9e3779b1);
  if (len <= 24) {
    for (let i = 0; i < len; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  } else {
    // Long values (descriptions): head, tail and middle characters separate them well; equality is checked anyway.
    for (let i = 0; i < 8; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let i = len - 12; i < len; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    const m = len >> 1;
    h = Math.imul(h ^ s.charCodeAt(m), 0x01000193);
    h = Math.imul(h ^ s.charCodeAt(m + 1), 0x01000193);
    h = Math.imul(h ^ s.charCodeAt(len >> 2), 0x01000193);
  }
  return h ^ (h >>> 15);
}

export class RawColumn {
  codes: Int32Array;
  length = 0;
  readonly dict: string[] = [];
  private hashes = new Int32Array(256);
  private slots = new Int32Array(1024); // code + 1; 0 = empty
  private mask = 1023;
  private last = '\u0000';
  private lastCode = -1;

  constructor(capacity = 1 << 16) {
    this.codes = new Int32Array(capacity);
  }

  push(s: string): void {
    let code: number;
    // Runs of equal values are common (dates, invoice numbers, countries): skip hashing for them.
    if (s === this.last) code = this.lastCode;
    else {
      const h = hashString(s);
      const mask = this.mask;
      const slots = this.slots;
      let i = h & mask;
      for (;;) {
        const slot = slots[i]!;
        if (slot === 0) {
          code = this.add(s, h, i);
          break;
        }
        if (this.hashes[slot - 1] === h && this.dict[slot - 1] === s) {
          code = slot - 1;
          break;
        }
        i = (i + 1) & mask;
      }
      this.last = s;
      this.lastCode = code;
    }
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length++] = code;
  }

  private add(s: string, h: number, i: number): number {
    const code = this.dict.length;
    // Copy: a parser substring is a slice that would keep its whole 1 MB chunk of text alive.
    this.dict.push(s.length > 12 ? (' ' + s).slice(1) : s);
    if (code >= this.hashes.length) {
      const x = new Int32Array(this.hashes.length * 2);
      x.set(this.hashes);
      this.hashes = x;
    }
    this.hashes[code] = h;
    this.slots[i] = code + 1;
    if (this.dict.length * 2 > this.slots.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const size = this.slots.length * 4;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let c = 0; c < this.dict.length; c++) {
      let i = this.hashes[c]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = c + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private grow(): void {
    const next = new Int32Array(this.codes.length * 2);
    next.set(this.codes);
    this.codes = next;
  }

  /** Pre-sizes the codes array (from an estimate of the row count) to avoid repeated doubling. */
  reserve(rows: number): void {
    if (rows > this.codes.length) {
      const next = new Int32Array(rows);
      next.set(this.codes.subarray(0, this.length));
      this.codes = next;
    }
  }

  /** Releases the hash table (not needed after streaming) and trims the codes to the row count. */
  seal(): void {
    this.slots = new Int32Array(0);
    this.hashes = new Int32Array(0);
    this.mask = 0;
    // A view, not a copy: copying would double the peak; the reserve estimate keeps the slack small.
    if (this.codes.length !== this.length) this.codes = this.codes.subarray(0, this.length);
  }

  /** Row count per dictionary entry. */
  counts(): Int32Array {
    const counts = new Int32Array(this.dict.length);
    const codes = this.codes;
    for (let i = 0; i < this.length; i++) counts[codes[i]!]!++;
    return counts;
  }

  /** First row (0-based) whose code satisfies `bad[code]`, or -1. */
  firstRowWhere(bad: Uint8Array): number {
    const codes = this.codes;
    for (let i = 0; i < this.length; i++) if (bad[codes[i]!]) return i;
    return -1;
  }
}
