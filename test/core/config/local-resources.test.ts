// The admin's local-resource policy (managed settings `localResources`): bad values are
// reported and ignored one by one, never fatal; per-broker entries override the base.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  DEFAULT_LOCAL_RESOURCE_POLICY,
  isShareablePath,
  localResourcePolicy,
  parseLocalResources,
} from '../../../src/core/config/local-resources';
import { parseManagedConfig } from '../../../src/core/config/managed';

void it('a full policy parses; the broker entry overrides the base field by field', () => {
  const { config, warnings } = parseLocalResources({
    printing: 'allow',
    folders: 'ask',
    folderPaths: ['/srv/exchange/', '/home/shared'],
    sshProxyHosts: ['Jump.Example.org'],
    clipboard: 'server',
    sound: false,
    directRdpClient: '/usr/bin/xfreerdp',
    directXdmcpClient: 'Xephyr',
    comment: 'ignored',
    brokers: { 'https://Broker.Example.org/plain/': { printing: 'deny', sound: true } },
  });
  assert.deepEqual(warnings, []);
  const base = localResourcePolicy(config, 'https://other.example/plain/');
  assert.equal(base.modes.printing, 'allow');
  assert.equal(base.modes.agent, 'ask', 'unset modes keep the default');
  assert.deepEqual(base.folderPaths, ['/srv/exchange', '/home/shared']);
  assert.deepEqual(base.sshProxyHosts, ['jump.example.org']);
  assert.equal(base.clipboard, 'server');
  assert.equal(base.sound, false);
  assert.equal(base.directRdpClient, '/usr/bin/xfreerdp');
  assert.equal(base.directXdmcpClient, 'Xephyr');
  // the broker is matched by its display form (host case, user part do not matter)
  const one = localResourcePolicy(config, 'https://alice@broker.example.org/plain/');
  assert.equal(one.modes.printing, 'deny');
  assert.equal(one.sound, true);
  assert.equal(one.clipboard, 'server', 'what the broker entry leaves out comes from the base');
});

void it('bad values are reported and ignored, one by one; the rest stays', () => {
  const { config, warnings } = parseLocalResources({
    printing: 'yes',
    folders: 'allow',
    folderPaths: [
      'relative/dir',
      '/a/../etc',
      '/ok',
      '/x;y',
      42,
      '/with:colon',
      'C:\\Users\\Public',
    ],
    sshProxyHosts: 'jump',
    clipboard: 'everything',
    sound: 'loud',
    directRdpClient: 'xfreerdp --plugin evil',
    directXdmcpClient: '/usr/bin/Xephyr',
    mystery: 1,
    brokers: { 'https://b.example/plain/': { agent: 'sometimes', mimebox: 'allow' } },
  });
  for (const want of [
    /"localResources.printing" must be "ask", "allow" or "deny"/,
    /"relative\/dir" ignored/,
    /"\/a\/..\/etc" ignored/,
    /"\/x;y" ignored/,
    /42 ignored/,
    /"\/with:colon" ignored/,
    /"localResources.sshProxyHosts" must be a list/,
    /"localResources.clipboard" must be/,
    /"localResources.sound" must be true or false/,
    /"localResources.directRdpClient" must be an absolute program path/,
    /unknown key "localResources.mystery"/,
    /agent" must be "ask", "allow" or "deny"/,
  ])
    assert.ok(
      warnings.some((w) => want.test(w)),
      `${want} in ${warnings.join(' | ')}`,
    );
  const p = localResourcePolicy(config, 'https://b.example/plain/');
  assert.equal(p.modes.printing, 'ask', 'a bad value leaves the default');
  assert.equal(p.modes.folders, 'allow');
  assert.deepEqual(p.folderPaths, ['/ok', 'C:\\Users\\Public']);
  assert.equal(p.clipboard, 'both');
  assert.equal(p.sound, true);
  assert.equal(p.directRdpClient, null);
  assert.equal(p.directXdmcpClient, '/usr/bin/Xephyr');
  assert.equal(p.modes.agent, 'ask');
  assert.equal(p.modes.mimebox, 'allow');
});

void it('not an object, or absent: defaults, with a warning where something was wrong', () => {
  assert.deepEqual(localResourcePolicy(null, 'https://x/plain/'), {
    ...DEFAULT_LOCAL_RESOURCE_POLICY,
    modes: { ...DEFAULT_LOCAL_RESOURCE_POLICY.modes },
  });
  for (const bad of [[], 'allow', 7, null]) {
    const r = parseLocalResources(bad);
    assert.deepEqual(r.warnings, ['"localResources" must be an object']);
    assert.equal(localResourcePolicy(r.config, null).modes.printing, 'ask');
  }
});

void it('wired into the managed settings: parsed there, its warnings reported, other keys kept', () => {
  const m = parseManagedConfig(
    JSON.stringify({
      kiosk: true,
      localResources: { printing: 'allow', folders: 'never' },
    }),
  );
  assert.equal(m.values.kiosk, true);
  assert.equal(localResourcePolicy(m.values.localResources, null).modes.printing, 'allow');
  assert.ok(m.warnings.some((w) => /localResources.folders/.test(w)));
});

void it('shareable paths: absolute, no .., nothing the export syntax splits on', () => {
  for (const ok of ['/', '/home/alice/Documents', 'D:\\Data', 'C:/Users/x'])
    assert.ok(isShareablePath(ok), ok);
  for (const bad of [
    '',
    'home',
    '~/x',
    '/a/..',
    '/a/../b',
    '/a;b',
    '/a,b',
    '/a:1',
    '/a"b',
    '/a\nb',
    'C:x',
  ])
    assert.ok(!isShareablePath(bad), bad);
});
