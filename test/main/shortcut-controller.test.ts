// The controller's side of "Create desktop shortcut" (LauncherController.createShortcut): the
// label and id come from main's own list of the broker signed in to, never from the renderer;
// nothing in kiosk mode, before sign-in, or for a profile the broker no longer offers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePolicy } from '../../src/core/config/managed';
import type { BrokerSessionLike } from '../../src/main/controller';
import type { ShortcutTarget } from '../../src/main/shortcuts';
import type { BrokerProfile } from '../../src/shared/model';
import { makeController } from '../helpers/controller';

const URL_ = 'http://127.0.0.1:18080/plain/';
const profile = (id: string, label: string): BrokerProfile => ({
  id,
  name: label,
  label,
  folder: '',
  command: 'XFCE',
  kind: 'desktop',
  hosts: ['srv'],
  sshPort: 22,
  user: '',
  rootless: false,
  published: false,
  icon: null,
  status: null,
  raw: {},
});

const session = (): BrokerSessionLike => ({
  url: { display: URL_, scheme: 'http' },
  user: 'alice',
  authenticate: () => Promise.resolve(),
  listProfiles: () => Promise.resolve([profile('xfce', 'XFCE from the broker')]),
  selectSession: () => Promise.reject(new Error('not in this test')),
  logout: () => Promise.resolve(),
  close: () => Promise.resolve(),
});

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

void test('createShortcut: main names the profile; kiosk, not signed in and gone profiles refused', async () => {
  const written: ShortcutTarget[] = [];
  const writeShortcut = (t: ShortcutTarget) => {
    written.push(t);
    return Promise.resolve({ file: `/home/alice/Desktop/${t.profileId}.desktop` });
  };
  const { controller } = makeController({ createSession: session, writeShortcut });
  await assert.rejects(controller.createShortcut('xfce'), code('broker.not-signed-in'));
  await controller.signIn({ url: URL_, user: 'alice', password: 'pw' });
  assert.deepEqual(await controller.createShortcut('xfce'), {
    file: '/home/alice/Desktop/xfce.desktop',
  });
  assert.deepEqual(written, [
    { brokerUrl: URL_, profileId: 'xfce', label: 'XFCE from the broker' },
  ]);
  await assert.rejects(controller.createShortcut('not-offered'), code('profile.gone'));

  const kiosk = makeController({
    createSession: session,
    writeShortcut,
    policy: resolvePolicy({}, null, { kiosk: true }),
  }).controller;
  await kiosk.signIn({ url: URL_, user: 'alice', password: 'pw' });
  await assert.rejects(kiosk.createShortcut('xfce'), code('shortcut.unavailable'));
  const none = makeController({ createSession: session }).controller;
  await none.signIn({ url: URL_, user: 'alice', password: 'pw' });
  await assert.rejects(none.createShortcut('xfce'), code('shortcut.unavailable'));
  assert.equal(written.length, 1);
});
