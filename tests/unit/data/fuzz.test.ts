// Seeded random CSVs (quotes, doubled quotes, delimiters and line breaks inside fields, multi-byte text, CRLF)
// streamed in tiny chunks must give exactly the cells papaparse reads from the whole string.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { rng } from '../../../src/core/random.ts';
import { cellText } from '../../../src/core/data/table.ts';
import { isMissingToken } from '../../../src/core/data/values.ts';
import { fromBytes } from './helpers.ts';

const PIECES = ['a', 'Zoë', '北京', '😀', ' ', ',', ';', '"', '\n', '\r\n', 'x y', '12', '3.5', 'é', '|'];

function randomCsv(rand: () => number, cols: number, rows: number, eol: string): string {
  const lines: string[] = [Array.from({ length: cols }, (_, c) => `col${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) {
      let v = '';
      const len = Math.floor(rand() * 5);
      for (let k = 0; k < len; k++) v += PIECES[Math.floor(rand() * PIECES.length)]!;
      // Keep every row non-blank (a blank line is skipped, by design).
      if (c === 0) v = `r${r}${v}`;
      cells.push(/[",\r\n]/.test(v) || rand() < 0.2 ? `"${v.replace(/"/g, '""')}"` : v);
    }
    lines.push(cells.join(','));
  }
  return lines.join(eol) + (rand() < 0.5 ? eol : '');
}

describe('streaming parser vs papaparse on the whole string', () => {
  it('agrees on 40 random files at chunk sizes 1 … 4096 bytes', async () => {
    const rand = rng(20240611);
    for (let f = 0; f < 40; f++) {
      const cols = 1 + Math.floor(rand() * 5);
      const eol = rand() < 0.5 ? '\n' : '\r\n';
      const text = randomCsv(rand, cols, 5 + Math.floor(rand() * 60), eol);
      const ref = Papa.parse<string[]>(text, { delimiter: ',', newline: eol as '\n' | '\r\n', skipEmptyLines: false })
        .data.filter((row) => !(row.length === 1 && row[0] === ''))
        .slice(1);
      const bytes = new TextEncoder().encode(text);
      const chunk = [1, 3, 17, 4096][f % 4]!;
      const types = Object.fromEntries(Array.from({ length: cols }, (_, c) => [`col${c}`, 'text' as const]));
      const r = await fromBytes(bytes, { types, delimiter: ',', hasHeader: true, chunkChars: 64 }, chunk);
      expect(r.table.rowCount, `file ${f}`).toBe(ref.length);
      for (let c = 0; c < cols; c++) {
        const col = r.table.columns[c]!;
        for (let row = 0; row < ref.length; row++) {
          const raw = (ref[row]![c] ?? '').trim();
          const want = isMissingToken(raw) ? '' : raw;
          expect(cellText(col, row), `file ${f} row ${row} col ${c}`).toBe(want);
        }
      }
    }
  });
});
