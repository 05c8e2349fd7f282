// CSV export: quoting, and spreadsheet-formula neutralisation of text that came from the data.
import { describe, expect, it } from 'vitest';
import { slug, toCsv } from '../../../src/ui/export.ts';

describe('toCsv', () => {
  it('quotes delimiters, quotes and newlines, and leaves numbers alone', () => {
    const csv = toCsv(
      ['name', 'note', 'value'],
      [
        ['a,b', 'say "hi"', 1.5],
        ['line\nbreak', null, -2],
        ['x', undefined, Number.NaN],
      ],
    );
    expect(csv).toBe('name,note,value\r\n"a,b","say ""hi""",1.5\r\n"line\nbreak",,-2\r\nx,,\r\n');
  });

  it('neutralises cells that a spreadsheet would run as formulas, but not negative numbers as text', () => {
    const csv = toCsv(['v'], [['=HYPERLINK("http://x")'], ['+cmd'], ['@SUM(A1)'], ['-12.5'], ['-x']]);
    expect(csv.split('\r\n').slice(1, 6)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      "'+cmd",
      "'@SUM(A1)",
      '-12.5',
      "'-x",
    ]);
  });
});

describe('slug', () => {
  it('makes a safe file name from user text', () => {
    expect(slug('Recent high spenders <script>!')).toBe('recent-high-spenders-script');
    expect(slug('!!!')).toBe('export');
  });
});
