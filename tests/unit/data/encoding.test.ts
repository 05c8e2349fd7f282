// Encodings through the whole ingest: a Chinese customer table written as Excel on Chinese Windows writes it (GBK),
// as Big5, Shift_JIS, UTF-16 with and without BOM; a Western Windows-1252 file must not pass for GBK; overrides.
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { detectEncoding, normaliseEncoding, scoreCjk } from '../../../src/core/data/encoding-detect.ts';
import { encode1252, encodeLegacy, encodeUtf16 } from './encode-helper.ts';
import { fromBytes, jobError } from './helpers.ts';

const CITIES = ['北京', '上海', '广州', '深圳', '成都', '杭州', '武汉'];
const LEVELS = ['普通', '银卡', '金卡'];

/** A customer table with Chinese headers and values; `tw` writes Traditional characters (what Big5 holds). */
function customers(rows = 60, tw = false): string {
  const head = tw
    ? ['客戶編號', '城市', '會員等級', '消費金額', '是否流失']
    : ['客户编号', '城市', '会员等级', '消费金额', '是否流失'];
  const cities = tw ? ['臺北', '高雄', '臺中', '臺南', '新竹', '桃園', '基隆'] : CITIES;
  const levels = tw ? ['普通', '銀卡', '金卡'] : LEVELS;
  const lines = [head.join(',')];
  for (let i = 0; i < rows; i++) {
    const amount = ((i * 37.13) % 900) + 20;
    lines.push(
      [`C${String(10001 + i)}`, cities[i % 7], levels[(i * 5) % 3], amount.toFixed(2), i % 4 === 0 ? '是' : '否'].join(
        ',',
      ),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Every header and cell of the table as text, for exact comparison with the source. */
function cells(r: IngestResult): string[][] {
  const out = [r.table.columns.map((c) => c.name)];
  for (let i = 0; i < r.table.rowCount; i++) out.push(r.table.columns.map((c) => cellText(c, i)));
  return out;
}

const ingest = (bytes: Uint8Array, encoding?: string, chunk?: number) =>
  fromBytes(bytes, encoding ? { encoding } : {}, chunk);

describe('a Chinese customer table in every encoding', () => {
  const text = customers();
  let reference: IngestResult;

  it('UTF-8 (the control): valid UTF-8 is chosen, roles from the Chinese headers', async () => {
    reference = await ingest(new TextEncoder().encode(text));
    expect(reference.format.encoding).toBe('utf-8');
    expect(reference.format.encodingReason).toMatch(/valid UTF-8/);
    expect(reference.roles).toMatchObject({ 客户编号: 'customer_id', 消费金额: 'amount', 是否流失: 'target' });
    expect(cellText(getColumn(reference.table, '城市'), 1)).toBe('上海');
  });

  const cases: [string, () => Uint8Array, string, RegExp, string[]][] = [
    [
      'GBK (Excel on Chinese Windows)',
      () => encodeLegacy(text, 'gbk'),
      'gb18030',
      /not valid UTF-8; GB18030.*100 %/,
      ['enc_not_utf8', 'enc_cjk_fit'],
    ],
    ['UTF-16 LE with BOM', () => encodeUtf16(text, 'le', true), 'utf-16le', /byte-order mark/, ['enc_bom']],
    ['UTF-16 BE with BOM', () => encodeUtf16(text, 'be', true), 'utf-16be', /byte-order mark/, ['enc_bom']],
    ['UTF-16 LE without BOM', () => encodeUtf16(text, 'le', false), 'utf-16le', /odd bytes are 0/, ['enc_utf16_le']],
    ['UTF-16 BE without BOM', () => encodeUtf16(text, 'be', false), 'utf-16be', /even bytes are 0/, ['enc_utf16_be']],
  ];
  for (const [label, bytes, encoding, reason, why] of cases) {
    it(`${label}: decoded exactly, encoding named with its reason, same roles`, async () => {
      for (const chunk of [1 << 20, 7]) {
        const r = await ingest(bytes(), undefined, chunk);
        expect(r.format.encoding).toBe(encoding);
        expect(r.format.encodingReason).toMatch(reason);
        // The same reason as message parts the UI words in either language.
        expect(r.format.encodingWhy!.map((w) => w.key)).toEqual(why);
        expect(cells(r)).toEqual(cells(reference));
        expect(r.roles).toEqual(reference.roles);
        expect(r.columns.map((c) => c.type)).toEqual(reference.columns.map((c) => c.type));
      }
    });
  }

  it('Big5 (Traditional Chinese): decoded exactly, and the roles are those of the same table in UTF-8', async () => {
    const tw = customers(60, true);
    const r = await ingest(encodeLegacy(tw, 'big5'), undefined, 5);
    const ref = await ingest(new TextEncoder().encode(tw));
    expect(r.format.encoding).toBe('big5');
    expect(r.format.encodingReason).toMatch(/not valid UTF-8; Big5 decodes every byte/);
    expect(cells(r)).toEqual(cells(ref));
    expect(r.roles).toEqual(ref.roles);
    expect(r.table.columns.map((c) => c.name)).toEqual(['客戶編號', '城市', '會員等級', '消費金額', '是否流失']);
  });

  it('Shift_JIS (Japanese, kana and kanji): decoded exactly, roles as in UTF-8', async () => {
    const jp =
      '顧客番号,都市,会員ランク,購入金額,解約\r\n' +
      Array.from(
        { length: 40 },
        (_, i) =>
          `K${1000 + i},${['東京', '大阪', '名古屋', '横浜'][i % 4]},${['ゴールド', 'シルバー', 'ブロンズ'][i % 3]},${100 + i * 13},${i % 3 ? 'いいえ' : 'はい'}`,
      ).join('\r\n') +
      '\r\n';
    const r = await ingest(encodeLegacy(jp, 'shift_jis'));
    const ref = await ingest(new TextEncoder().encode(jp));
    expect(r.format.encoding).toBe('shift_jis');
    expect(r.format.encodingReason).toMatch(
      /Shift_JIS decodes every byte and \d+ % of the non-ASCII characters are kana/,
    );
    expect(cells(r)).toEqual(cells(ref));
    expect(r.roles).toEqual(ref.roles);
  });

  it('ASCII for the first megabyte, GBK after it: detected again where UTF-8 fails', async () => {
    const ascii = 'C0,Beijing,basic,1.00,no\r\n'.repeat(45_000);
    const tail = customers(5).split('\r\n').slice(1).join('\r\n');
    const late = encodeLegacy('id,city,level,amount,churn\r\n' + ascii + tail, 'gbk');
    expect(late.length).toBeGreaterThan(1 << 20);
    const r = await ingest(late);
    expect(r.format.encoding).toBe('gb18030');
    expect(r.format.encodingReason).toMatch(/^the first [\d,]+ bytes are UTF-8, then not: not valid UTF-8; GB18030/);
    expect(cellText(getColumn(r.table, 'city'), r.table.rowCount - 1)).toBe('成都');
  });
});

describe('Western files are not taken for CJK', () => {
  // Accents only inside words: every é/ü/ß is followed by an ASCII letter, so the bytes are valid GBK pairs too.
  const western =
    'Sociétés,Straße,Prénom,Größe,Stadt\r\n' +
    Array.from(
      { length: 50 },
      (_, i) =>
        `${['Générale', 'Crédit', 'Sécurités'][i % 3]},${['Hauptstraße', 'Gartenstraße'][i % 2]},${['Hélène', 'Jérôme', 'Frédéric', 'Anaïs'][i % 4]},${['Müller', 'Größer', 'Küche'][i % 3]},${['Zürich', 'Düsseldorf', 'Genève', 'Köln'][i % 4]}`,
    ).join('\r\n') +
    '\r\n';

  it('a Windows-1252 French/German file is read as Windows-1252, exactly', async () => {
    const bytes = encode1252(western);
    const r = await ingest(bytes);
    expect(r.format.encoding).toBe('windows-1252');
    expect(r.format.encodingReason).toMatch(/no CJK encoding fits \(GB18030 \(GBK\): only \d+ % common characters\)/);
    expect(cells(r)).toEqual(cells(await ingest(new TextEncoder().encode(western))));
  });

  it('the classic failure is real: GBK decodes such bytes, but few of its characters are common hanzi', () => {
    const inWords = encode1252('Müller Größer Küche Zürich Düsseldorf Hélène Jérôme Générale Sécurités Hauptstraße ');
    const gbk = scoreCjk(inWords).find((s) => s.encoding === 'gb18030')!;
    expect(gbk.bad).toBe(0); // a decoder-validity test alone would pick GBK here
    expect(gbk.share).toBeLessThan(0.3);
    expect(detectEncoding(inWords).encoding).toBe('windows-1252');
  });

  it('a UTF-8 file with a stray Windows-1252 byte keeps its UTF-8 characters', async () => {
    const utf8 = new TextEncoder().encode(western.replace('Zürich', 'Zurich'));
    const stray = new Uint8Array([...utf8.subarray(0, utf8.length - 2), 0xe9, 0x0d, 0x0a]); // "…Köln" → "…Köl\xe9"
    const r = await ingest(stray);
    expect(r.format.encoding).toBe('mixed (utf-8 + windows-1252)');
    expect(r.format.encodingReason).toMatch(/of the non-ASCII bytes form UTF-8 characters/);
    expect(cellText(getColumn(r.table, 'Sociétés'), 0)).toBe('Générale');
  });
});

describe('the user overrides the encoding', () => {
  const gbk = encodeLegacy(customers(20), 'gbk');

  it('names and aliases normalise; unknown names are refused with the list', async () => {
    expect(normaliseEncoding('GBK')).toBe('gb18030');
    expect(normaliseEncoding('Shift-JIS')).toBe('shift_jis');
    expect(normaliseEncoding('UTF16')).toBe('utf-16');
    expect(normaliseEncoding('ebcdic')).toBeNull();
    const e = await jobError(ingest(gbk, 'ebcdic'));
    expect(e.code).toBe('unknown-encoding');
    expect(e.message).toMatch(/gb18030.*big5.*shift_jis/);
  });

  it('a forced encoding is used as chosen, and says how many bytes did not decode', async () => {
    const asGbk = await ingest(gbk, 'gbk');
    expect(asGbk.format).toMatchObject({ encoding: 'gb18030', encodingReason: 'read as GB18030 (GBK), as you chose' });
    const as1252 = await ingest(gbk, 'windows-1252');
    expect(as1252.format.encoding).toBe('windows-1252');
    expect(as1252.table.columns[0]!.name).not.toBe('客户编号');
    const asUtf8 = await ingest(gbk, 'utf-8');
    expect(asUtf8.format.encodingReason).toMatch(/as you chose; [\d,]+ bytes did not decode and show as �/);
    const u16 = await ingest(encodeUtf16(customers(20), 'be', false), 'utf-16');
    expect(u16.format.encoding).toBe('utf-16be');
    expect(u16.table.columns[0]!.name).toBe('客户编号');
  });
});

describe('locallift inspect --encoding', () => {
  async function inspect(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    try {
      return { code: await main(['inspect', ...args]), out: out.join('\n'), err: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }
  const file = join(mkdtempSync(join(tmpdir(), 'enc-')), 'kunden.csv');
  writeFileSync(file, encodeLegacy(customers(30), 'gbk'));

  it('detects GBK and says why; --encoding forces one; an unknown one is a usage error (exit 2, JSON)', async () => {
    const auto = await inspect(['--no-pii', file]);
    expect(auto.code).toBe(0);
    const json = JSON.parse(auto.out);
    expect(json.format.encoding).toBe('gb18030');
    expect(json.format.encodingReason).toMatch(/GB18030 \(GBK\) decodes every byte/);
    expect(json.columns.map((c: { name: string }) => c.name)).toContain('消费金额');
    const forced = JSON.parse((await inspect(['--encoding', 'big5', '--no-pii', file])).out);
    expect(forced.format).toMatchObject({ encoding: 'big5', encodingReason: expect.stringMatching(/as you chose/) });
    const bad = await inspect(['--encoding', 'klingon', file]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err).error).toMatchObject({ code: 'usage', message: expect.stringMatching(/--encoding/) });
  });
});
