// Proof against the REAL Python X2Go (pyhoca-cli's library) that the file it reads turns every
// local resource OFF: a hostile profile (export=/:1, useexports, fstunnel, MIME box OPEN,
// printing, agent forwarding, SSH proxy with a local key and reused password, sound daemon)
// and a profile that says nothing (Python X2Go's own defaults share folders: useexports and
// fstunnel are True) are read with X2GoSessionProfiles and turned into the session parameters
// pyhoca-cli would start with (to_session_params).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { buildSessionFile } from '../../../src/core/launcher/session-file';
import { profileFromFields, selection } from '../../helpers/launcher-fixtures';
import { toolsOrSkip, which } from '../../helpers/x2go-env';

const READER = `
import json, sys
from x2go.backends.profiles.file import X2GoSessionProfiles
p = X2GoSessionProfiles(config_files=[sys.argv[1]])
out = {}
for i in p.profile_ids:
    out[i] = {"config": p.get_profile_config(i), "params": p.to_session_params(i)}
print(json.dumps(out, default=str))
`;

void it('Python X2Go reads every local resource as off, for a hostile profile and for a silent one', (t) => {
  if (!toolsOrSkip(t, ['pyhoca-cli'])) return;
  const shebang = readFileSync(which('pyhoca-cli') ?? '', 'utf8').split('\n')[0] ?? '';
  const python = shebang.replace(/^#!\s*/, '').split(' ')[0] ?? 'python3';
  const dir = mkdtempSync(join(tmpdir(), 'launcher-handoff-rb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const hostile = profileFromFields('hostile', {
    host: 'h', user: 'u', command: 'xterm', forwardsshagent: '1', useexports: '1', fstunnel: '1',
    export: '/:1;', restoreexports: '1', usemimebox: '1', mimeboxaction: 'OPEN', print: '1',
    usesshproxy: '1', sshproxyhost: 'evil.example', sshproxykeyfile: '/home/u/.ssh/id_rsa',
    sshproxysamepass: '1', sshproxyautologin: '1', startsoundsystem: '1', rdpclient: '/bin/sh',
    directrdpsettings: '-c id',
  }); // prettier-ignore
  const silent = profileFromFields('silent', { host: 'h', user: 'u', command: 'xterm' });
  const content = [hostile, silent]
    .map(
      (profile) =>
        buildSessionFile({
          profile,
          selected: selection(profile, { server: '127.0.0.1', port: 22 }),
          login: { method: 'broker-key', keyFile: '/k/session.key' },
          dialect: 'python',
        }).content,
    )
    .join('\n');
  const file = join(dir, 'sessions');
  writeFileSync(file, content);
  const r = spawnSync(python, ['-c', READER, file], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir },
  });
  assert.equal(r.status, 0, `python-x2go failed to read the file: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Record<
    string,
    { config: Record<string, unknown>; params: Record<string, unknown> }
  >;
  for (const id of ['hostile', 'silent']) {
    const { config: c, params } = out[id] ?? { config: {}, params: {} };
    for (const k of ['useexports', 'fstunnel', 'restoreexports', 'usemimebox', 'print', 'forwardsshagent', 'usesshproxy', 'sshproxysamepass', 'sshproxyautologin', 'startsoundsystem', 'directrdp'])
      assert.equal(c[k], false, `${id}: ${k} read back as False`); // prettier-ignore
    assert.deepEqual(c.export, {}, `${id}: no folder exported`);
    assert.equal(c.mimeboxaction, 'SAVEAS', `${id}: never OPEN`);
    assert.equal(c.sshproxykeyfile, '', `${id}: no local key named by the broker`);
    assert.notEqual(c.rdpclient, '/bin/sh');
    assert.notEqual(c.directrdpsettings, '-c id');
    // what pyhoca-cli's session would be built with
    assert.equal(params.allow_share_local_folders, false, `${id}: folder sharing not allowed`);
    assert.deepEqual(params.share_local_folders ?? [], [], `${id}: no folder shared`);
    assert.equal(params.printing, false);
    assert.equal(params.forward_sshagent, false);
    assert.equal(params.allow_mimebox, false);
    assert.equal(params.use_sshproxy, false);
  }
});
