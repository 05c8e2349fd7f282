// Workspace refusals read in the reader's language: sayError words err_workspace_* with their details, and a detail
// that is itself a message (the reason a file is damaged, what is newer) is worded too; the English stays for logs.
import { afterEach, describe, expect, it } from 'vitest';
import { corrupt, newer, notWorkspace } from '../../../src/core/workspace/format.ts';
import { msg } from '../../../src/core/msg.ts';
import { sayError } from '../../../src/ui/say.ts';
import { baseLocale, overwriteGetLocale } from '../../../src/paraglide/runtime.js';

afterEach(() => overwriteGetLocale(() => baseLocale));

describe('workspace refusals in Chinese', () => {
  it('a damaged file names the failing part and says nothing changed', () => {
    const e = corrupt(
      'records/runs/000001.json fails its checksum',
      msg('ws_why_checksum', { path: 'records/x.json' }),
    );
    expect(e.message).toMatch(/^This workspace file is damaged \(records\/runs\/000001\.json fails its checksum\)/);
    expect(sayError(e.toData())).toMatch(/^This workspace file is damaged \(records\/x\.json fails its checksum\)/);
    overwriteGetLocale(() => 'zh-CN');
    const zh = sayError(e.toData());
    expect(zh).toContain('records/x.json 未通过校验和检查');
    expect(zh).toContain('未做任何更改');
    expect(zh.replace('records/x.json', '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('a newer file says which version, and a foreign file why it is not a workspace', () => {
    overwriteGetLocale(() => 'zh-CN');
    const e = newer('database version', 9, 8);
    expect(sayError(e.toData())).toContain('数据库版本 9');
    expect(sayError(newer('datasets record version', 3, 2).toData())).toContain('datasets 记录版本 3');
    expect(sayError(notWorkspace('it is not a zip archive', msg('ws_why_not_zip')).toData())).toContain(
      '它不是 zip 压缩包',
    );
    // A detail without a message stays as core wrote it (rare manifest-structure problems).
    expect(sayError(corrupt('the manifest has no entry list').toData())).toContain('the manifest has no entry list');
  });
});
