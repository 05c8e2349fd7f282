// Person names are pseudonymised like e-mails (header evidence in English and Chinese plus name-like values), and
// every CSV export neutralises cells a spreadsheet would run as a formula unless the cell is a plain number.
import { describe, expect, it } from 'vitest';
import { detectPii } from '../../../src/core/data/pii.ts';
import { csvCell } from '../../../src/core/data/csv-write.ts';
import { toCsv } from '../../../src/ui/export.ts';
import { col, fromText } from './helpers.ts';

const CN_NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '欧阳娜娜', '赵磊', '黄婷', '周杰'];
const EN_NAMES = ['Ann Smith', 'Bob Jones', 'Maria Garcia', 'James Brown', 'Sophie Martin', 'Hans Müller'];

function table(header: string, names: string[]): string {
  const lines = [`客户编号,${header},消费金额`];
  names.forEach((n, i) => lines.push(`C${100 + i},${n},${(i + 1) * 12.5}`));
  return lines.join('\n') + '\n';
}

describe('person-name columns are pseudonymised', () => {
  for (const header of ['Name', '客户姓名', '姓名', 'name', 'Full Name', 'customerName', '联系人', '会员姓名']) {
    it(`\`${header}\` of Chinese names: flagged as names, values hashed, nothing in clear text`, async () => {
      const r = await fromText(table(header, CN_NAMES));
      expect(col(r, header)).toMatchObject({ pii: 'name', pseudonymised: true });
      const text = JSON.stringify({
        columns: r.columns,
        dict: r.table.columns.map((c) => (c.kind === 'categorical' ? c.dictionary : [])),
      });
      for (const n of CN_NAMES) expect(text).not.toContain(n);
    });
  }

  it('`Name` / `Customer Name` of Western names: flagged and hashed', async () => {
    for (const header of ['Name', 'Customer Name']) {
      const r = await fromText(table(header, EN_NAMES));
      expect(col(r, header)).toMatchObject({ pii: 'name', pseudonymised: true });
    }
  });

  it('a bare `Name` of products, cities or Chinese product names is not a person', () => {
    expect(detectPii('Name', ['Red Mug', 'Blue Vase', 'Paper Lantern', 'Glass Jar', 'Oak Table'])).toBeNull();
    expect(detectPii('name', ['北京', '上海', '广州', '深圳', '苹果手机', '小米电视'])).toBeNull();
    expect(detectPii('Name', ['Toy Story (1995)', 'Heat (1995)', 'Casino (1995)'])).toBeNull();
    // Headers that say nothing of people keep their values whatever they look like.
    expect(detectPii('城市', CN_NAMES)).toBeNull();
    expect(detectPii('Product', EN_NAMES)).toBeNull();
  });
});

describe('CSV exports neutralise formulas', () => {
  const cases: [string | number, string][] = [
    ['-1', '-1'],
    ['+2.5', '+2.5'],
    ['-3e-4', '-3e-4'],
    ['-.5', '-.5'],
    [-7, '-7'],
    ['-cmd|', "'-cmd|"],
    ["-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"],
    ['-2-3', "'-2-3"],
    ['+1 555 0100', "'+1 555 0100"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['1-2', '1-2'],
    ['客户 =1', '客户 =1'],
  ];
  for (const [input, out] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(out)}`, () => expect(csvCell(input)).toBe(out));
  }

  it('the UI download path (toCsv) neutralises headers and cells from the data', () => {
    const csv = toCsv(
      ['=evil()', 'v'],
      [
        ['-cmd|', -1],
        ['@SUM(1)', '-1'],
      ],
    );
    expect(csv).toBe("'=evil(),v\r\n'-cmd|,-1\r\n'@SUM(1),-1\r\n");
  });
});
