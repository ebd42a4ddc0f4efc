// The app's local-resource question (controller.localConsent): asked once, before selectsession,
// only for what the admin's policy leaves open; "Always for this broker" and "Don't allow" are
// remembered per broker, "Allow once" is not; the answers reach the launcher; a direct RDP
// profile without an admin client fails before the broker is asked. Real PromptHub, settings
// and policy parsing; the broker session and the client are scripted at their seams.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrokerProfile } from '../../src/shared/model';
import { parseManagedConfig, resolvePolicy } from '../../src/core/config/managed';
import { LauncherError } from '../../src/core/errors';
import type { BrokerSessionLike, LaunchRequest } from '../../src/main/controller';
import type { PromptResponse } from '../../src/shared/api';
import { validatePromptResponse } from '../../src/shared/validate';
import { makeController, memorySettings, memoryVault } from '../helpers/controller';

const URL_ = 'http://127.0.0.1:18080/plain/';

const profile = (id: string, raw: Record<string, string>): BrokerProfile => ({
  id, name: id, label: id, folder: '', command: raw.command ?? 'XFCE', kind: 'desktop',
  hosts: ['srv'], sshPort: 22, user: 'u', rootless: false, published: false, icon: null,
  status: null, raw: { host: 'srv', ...raw },
}); // prettier-ignore

const PROFILES = [
  profile('wants', { print: '1', export: '/srv/x:1;/home/u:0;' }),
  profile('quiet', {}),
  profile('rdp', { command: 'RDP', directrdp: '1', rdpclient: '/bin/sh' }),
];

function setup(managed: unknown = null, answer: PromptResponse | null = null) {
  const calls: string[] = [];
  const launches: LaunchRequest[] = [];
  const session: BrokerSessionLike = {
    url: { display: URL_, scheme: 'http' },
    user: 'u',
    authenticate: () => Promise.resolve(),
    listProfiles: () => Promise.resolve(PROFILES),
    selectSession: (id) => {
      calls.push(`select ${id}`);
      return Promise.resolve({ profileId: id, server: 'srv', port: 22, user: 'u', privateKey: null, pubkeyAccepted: false, sessionInfo: [], receivedAt: 0 }); // prettier-ignore
    },
    logout: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const settings = memorySettings();
  const config = managed ? parseManagedConfig(JSON.stringify(managed)) : null;
  const { controller, events } = makeController({
    settings,
    passwords: memoryVault({ allowedByPolicy: false }).passwords,
    policy: resolvePolicy({}, config, {}),
    createSession: () => session,
    launcher: {
      detect: () => Promise.resolve({ available: true, name: 'x2goclient' }),
      start: (request) => {
        launches.push(request);
        return Promise.resolve({ client: 'x2goclient', exited: new Promise(() => {}) });
      },
    },
    answer: () => answer,
    promptTimeoutMs: 200,
    version: 't',
  });
  const questions = () =>
    events.filter((e) => e.type === 'prompt' && e.prompt.kind === 'local-resources');
  return { controller, events, calls, launches, settings, questions };
}

void test('asked once before selectsession; "Always for this broker" remembered and handed to the launcher', async () => {
  const s = setup(null, { kind: 'local-resources', decision: 'always' });
  await s.controller.signIn({ url: URL_, user: 'u', password: 'p' });
  await s.controller.selectAndLaunch('wants', { resume: 'new' });
  const [q] = s.questions();
  assert.ok(q?.type === 'prompt' && q.prompt.kind === 'local-resources');
  assert.equal(q.prompt.broker, URL_);
  assert.deepEqual(q.prompt.resources, [
    { name: 'folders', items: ['/srv/x', '/home/u'] },
    { name: 'printing', items: [] },
  ]);
  assert.deepEqual(s.launches[0]?.localResources?.answers, { folders: true, printing: true });
  assert.deepEqual(s.settings.resourceAnswers(URL_), { folders: true, printing: true });
  await s.controller.selectAndLaunch('wants', { resume: 'new' });
  assert.equal(s.questions().length, 1, 'not asked again for this broker');
  assert.deepEqual(s.settings.resourceAnswers('https://other.example/plain/'), {});
  await s.controller.selectAndLaunch('quiet', { resume: 'new' });
  assert.equal(s.questions().length, 1, 'a profile that asks for nothing: no question');
});

void test('"Don\'t allow" is remembered as no; "Allow once" is not remembered', async () => {
  const deny = setup(null, { kind: 'local-resources', decision: 'deny' });
  await deny.controller.signIn({ url: URL_, user: 'u', password: 'p' });
  await deny.controller.selectAndLaunch('wants', { resume: 'new' });
  assert.deepEqual(deny.launches[0]?.localResources?.answers, { folders: false, printing: false });
  assert.deepEqual(deny.settings.resourceAnswers(URL_), { folders: false, printing: false });
  const once = setup(null, { kind: 'local-resources', decision: 'once' });
  await once.controller.signIn({ url: URL_, user: 'u', password: 'p' });
  await once.controller.selectAndLaunch('wants', { resume: 'new' });
  await once.controller.selectAndLaunch('wants', { resume: 'new' });
  assert.equal(once.questions().length, 2, 'asked again');
  assert.deepEqual(once.settings.resourceAnswers(URL_), {});
  assert.equal(once.launches[0]?.localResources?.answers.printing, true);
});

void test('the admin decides: allow/deny are not asked; a closed question starts nothing', async () => {
  const admin = setup({ localResources: { printing: 'allow', folders: 'deny' } });
  await admin.controller.signIn({ url: URL_, user: 'u', password: 'p' });
  await admin.controller.selectAndLaunch('wants', { resume: 'new' });
  assert.equal(admin.questions().length, 0);
  assert.equal(admin.launches[0]?.localResources?.policy.modes.printing, 'allow');
  // the dialog closed (Esc) answers cancel
  const unanswered = setup(null, { kind: 'cancel' });
  await unanswered.controller.signIn({ url: URL_, user: 'u', password: 'p' });
  await assert.rejects(
    unanswered.controller.selectAndLaunch('wants', { resume: 'new' }),
    (e: unknown) => e instanceof LauncherError && e.kind === 'cancelled',
  );
  assert.deepEqual(unanswered.calls, [], 'the broker was not asked for a server');
});

void test('direct RDP without an admin-named client: failed before selectsession, with the reason', async () => {
  const s = setup();
  await s.controller.signIn({ url: URL_, user: 'u', password: 'p' });
  await assert.rejects(
    s.controller.selectAndLaunch('rdp', { resume: 'new' }),
    (e: unknown) => e instanceof LauncherError && e.kind === 'client' && /no local RDP client/.test(e.message),
  ); // prettier-ignore
  assert.deepEqual(s.calls, []);
  assert.ok(s.events.some((e) => e.type === 'launch' && e.state === 'failed'));
});

void test('the IPC validator takes exactly the three decisions', () => {
  for (const decision of ['once', 'always', 'deny'])
    assert.ok(validatePromptResponse({ kind: 'local-resources', decision }).ok);
  assert.ok(!validatePromptResponse({ kind: 'local-resources', decision: 'all' }).ok);
  assert.ok(!validatePromptResponse({ kind: 'local-resources', decision: 'once', extra: 1 }).ok);
  assert.ok(!validatePromptResponse({ kind: 'local-resources' }).ok);
});
