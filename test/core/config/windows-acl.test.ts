// The Windows ACL rule for the managed-settings file (issue 8 point 7), on icacls output in
// the format Windows prints it: `<path> <first ACE>`, further ACEs aligned under the first,
// a blank line, then the summary. The samples follow the outputs of real systems: a file
// created by an administrator below %ProgramData% (inherited SYSTEM/Administrators full,
// Users read), System32's mmc.exe (TrustedInstaller), and the ACLs an ordinary user leaves.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadManagedConfig } from '../../../src/core/config/managed';
import {
  aclWriteViolation,
  parseIcaclsOutput,
  windowsAclProblem,
} from '../../../src/core/config/windows-acl';

const PATH = 'C:\\ProgramData\\X2Go Launcher\\config.json';
const icacls = (path: string, aces: string[]): string =>
  `${path} ${aces[0]}\r\n${aces
    .slice(1)
    .map((a) => `${' '.repeat(path.length + 1)}${a}\r\n`)
    .join('')}\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n`;

const ADMIN_MADE = icacls(PATH, [
  'NT AUTHORITY\\SYSTEM:(I)(F)',
  'BUILTIN\\Administrators:(I)(F)',
  'BUILTIN\\Users:(I)(RX)',
]);
const MMC = icacls('C:\\WINDOWS\\system32\\mmc.exe', [
  'NT SERVICE\\TrustedInstaller:(F)',
  'BUILTIN\\Administrators:(RX)',
  'NT AUTHORITY\\SYSTEM:(RX)',
  'BUILTIN\\Users:(RX)',
  'APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES:(RX)',
  'APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES:(RX)',
]);

describe('parseIcaclsOutput', () => {
  it('reads principals, inheritance and rights', () => {
    assert.deepEqual(parseIcaclsOutput(ADMIN_MADE, PATH), [
      { principal: 'NT AUTHORITY\\SYSTEM', deny: false, inheritOnly: false, rights: ['F'] },
      { principal: 'BUILTIN\\Administrators', deny: false, inheritOnly: false, rights: ['F'] },
      { principal: 'BUILTIN\\Users', deny: false, inheritOnly: false, rights: ['RX'] },
    ]);
    assert.equal(parseIcaclsOutput(MMC, 'C:\\WINDOWS\\system32\\mmc.exe')!.length, 6);
  });
  it('specific rights, DENY, inherit-only and unresolved SIDs', () => {
    const out = icacls(PATH, [
      'Everyone:(DENY)(W)',
      'CREATOR OWNER:(OI)(CI)(IO)(F)',
      'BUILTIN\\Users:(I)(CI)(WD,AD,WEA,WA)',
      '*S-1-5-21-1004336348-1177238915-682003330-1001:(R,W,D)',
    ]);
    assert.deepEqual(parseIcaclsOutput(out, PATH), [
      { principal: 'Everyone', deny: true, inheritOnly: false, rights: ['W'] },
      { principal: 'CREATOR OWNER', deny: false, inheritOnly: true, rights: ['F'] },
      {
        principal: 'BUILTIN\\Users',
        deny: false,
        inheritOnly: false,
        rights: ['WD', 'AD', 'WEA', 'WA'],
      },
      {
        principal: 'S-1-5-21-1004336348-1177238915-682003330-1001',
        deny: false,
        inheritOnly: false,
        rights: ['R', 'W', 'D'],
      },
    ]);
  });
  it('anything else is unreadable (null)', () => {
    assert.equal(parseIcaclsOutput('', PATH), null);
    assert.equal(
      parseIcaclsOutput('C:\\other.json: The system cannot find the file specified.\r\n', PATH),
      null,
    );
    assert.equal(parseIcaclsOutput(`${PATH} garbage\r\n`, PATH), null);
  });
});

describe('aclWriteViolation', () => {
  const check = (aces: string[]) => aclWriteViolation(parseIcaclsOutput(icacls(PATH, aces), PATH)!);
  it('admin-made and system files are trusted', () => {
    assert.equal(aclWriteViolation(parseIcaclsOutput(ADMIN_MADE, PATH)!), null);
    assert.equal(
      aclWriteViolation(parseIcaclsOutput(MMC, 'C:\\WINDOWS\\system32\\mmc.exe')!),
      null,
    );
    assert.equal(
      check(['S-1-5-18:(F)', 'VORDEFINIERT\\Administratoren:(F)', 'Everyone:(DENY)(W)']),
      null,
    );
    assert.equal(check(['BUILTIN\\Administrators:(F)', 'CREATOR OWNER:(OI)(CI)(IO)(F)']), null);
  });
  it('any ordinary user or group with a write-type right is refused, with the reason', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['NT AUTHORITY\\SYSTEM:(F)', 'DESKTOP-7\\alice:(I)(F)'],
        /DESKTOP-7\\alice may change it \(F\)/,
      ],
      [['BUILTIN\\Administrators:(F)', 'BUILTIN\\Users:(I)(M)'], /BUILTIN\\Users .*\(M\)/],
      [
        ['BUILTIN\\Administrators:(F)', 'NT AUTHORITY\\Authenticated Users:(I)(M)'],
        /Authenticated Users/,
      ],
      [['BUILTIN\\Administrators:(F)', 'Everyone:(W)'], /Everyone/],
      [['BUILTIN\\Administrators:(F)', 'BUILTIN\\Users:(I)(CI)(WD,AD,WEA,WA)'], /WD,AD,WEA,WA/],
      [['BUILTIN\\Administrators:(F)', 'BUILTIN\\Users:(WDAC)'], /WDAC/],
      [['BUILTIN\\Administrators:(F)', 'BUILTIN\\Users:(WO)'], /WO/],
      [['BUILTIN\\Administrators:(F)', 'BUILTIN\\Users:(RX,D)'], /\(D\)/],
      [['BUILTIN\\Administrators:(F)', 'S-1-5-21-1-2-3-1001:(GA)'], /S-1-5-21-1-2-3-1001/],
    ];
    for (const [aces, reason] of cases)
      assert.match(check(aces) ?? 'trusted', reason, aces.join(' '));
  });
});

describe('windowsAclProblem and loadManagedConfig (icacls replaced by its recorded output)', () => {
  it('icacls failures and odd output fail closed', async () => {
    assert.match(
      (await windowsAclProblem(PATH, () => Promise.reject(new Error('spawn ENOENT'))))!,
      /cannot be read \(icacls: spawn ENOENT\)/,
    );
    assert.match((await windowsAclProblem(PATH, () => Promise.resolve('x')))!, /unexpected/);
    assert.equal(await windowsAclProblem(PATH, () => Promise.resolve(ADMIN_MADE)), null);
  });
  it('a managed file whose ACL lets users write is ignored with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'managed-acl-'));
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ kiosk: true }), { mode: 0o644 });
    const userWritable = icacls(file, ['NT AUTHORITY\\SYSTEM:(F)', 'DESKTOP-7\\alice:(F)']);
    const bad = await loadManagedConfig(file, null, (p) =>
      windowsAclProblem(p, () => Promise.resolve(userWritable)),
    );
    assert.equal(bad.config, null);
    assert.match(bad.warnings[0]!, /ignored: DESKTOP-7\\alice may change it/);
    const fine = icacls(file, ['NT AUTHORITY\\SYSTEM:(F)', 'BUILTIN\\Users:(RX)']);
    const ok = await loadManagedConfig(file, null, (p) =>
      windowsAclProblem(p, () => Promise.resolve(fine)),
    );
    assert.equal(ok.config?.values.kiosk, true);
  });
});
