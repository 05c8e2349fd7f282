// `locallift inspect <file>`: schema, roles, quality report and format of a CSV as JSON.
import { eventContext, JobError, silentContext } from '../../core/jobs.ts';
import { ENCODING_CHOICES, normaliseEncoding } from '../../core/data/encoding-detect.ts';
import { loadCsvFile } from '../load-file.ts';
import { parseFlags, parseRoles } from '../args.ts';

const HELP = `usage: locallift inspect <file.csv> [--delimiter ,|;|tab|pipe] [--no-header] [--role column=role …]
                         [--encoding auto|utf-8|gb18030|big5|shift_jis|utf-16|windows-1252]
                         [--pii-key secret] [--no-pii] [--keep-pii column …] [--verbose]
Prints { rows, columns: [{ name, type, role, roleConfidence, missing, distinct, min, max, mean, top, pii, … }], quality: [ … ], format: { …, encoding, encodingReason } }.
--encoding reads the file in that encoding (also gbk, sjis, cp1252 …); by default it is detected and the reason given.
PII columns are pseudonymised with HMAC-SHA-256 (key from --pii-key or $LOCALLIFT_PII_KEY; a random key otherwise).`;

const DELIMS: Record<string, string> = { ',': ',', ';': ';', tab: '\t', '\\t': '\t', '\t': '\t', pipe: '|', '|': '|' };

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags({
    args,
    allowPositionals: true,
    options: {
      delimiter: { type: 'string' },
      'no-header': { type: 'boolean' },
      encoding: { type: 'string' },
      role: { type: 'string', multiple: true },
      'pii-key': { type: 'string' },
      'no-pii': { type: 'boolean' },
      'keep-pii': { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new JobError(
      'usage',
      `${positionals.length ? 'one input file expected' : 'missing the input file'}\n${HELP}`,
    );
  const roles = parseRoles(values.role);
  let delimiter: string | undefined;
  if (values.delimiter !== undefined) {
    delimiter = DELIMS[values.delimiter];
    if (!delimiter) throw new JobError('usage', `--delimiter must be , ; tab or pipe; got \`${values.delimiter}\``);
  }
  if (values.encoding !== undefined && !normaliseEncoding(values.encoding)) {
    throw new JobError(
      'usage',
      `--encoding expects one of ${ENCODING_CHOICES.join(', ')} (or an alias such as gbk, sjis, cp1252); got \`${values.encoding}\``,
    );
  }
  const key = values['pii-key'] ?? process.env.LOCALLIFT_PII_KEY;
  const ctx = values.verbose
    ? eventContext(
        (e) => console.error(e.type === 'log' ? e.message : JSON.stringify(e)),
        () => false,
        500,
      )
    : silentContext();
  const result = await loadCsvFile(
    positionals[0]!,
    {
      ...(delimiter ? { delimiter } : {}),
      ...(values['no-header'] ? { hasHeader: false } : {}),
      ...(values.encoding !== undefined ? { encoding: values.encoding } : {}),
      roles,
      pii: { ...(key ? { key } : {}), optOut: values['keep-pii'] ?? [], disabled: values['no-pii'] === true },
    },
    ctx,
  );
  const out = {
    rows: result.table.rowCount,
    columns: result.columns,
    quality: result.quality,
    format: result.format,
  };
  console.log(JSON.stringify(out, null, 2));
  return 0;
}
