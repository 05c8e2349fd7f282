// The encodings a person can pick ("Read as" on a dataset, "Encoding" in the import options), with their labels.
export const ENCODING_OPTIONS = [
  ['auto', 'auto (detect)'],
  ['utf-8', 'UTF-8'],
  ['gb18030', 'GB18030 / GBK'],
  ['big5', 'Big5'],
  ['shift_jis', 'Shift_JIS'],
  ['utf-16', 'UTF-16'],
  ['windows-1252', 'Windows-1252'],
] as const;
