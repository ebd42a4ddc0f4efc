import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appHelpText } from '../../src/core/command-line/help';
import { optionNamed } from '../../src/core/command-line/options';
import { parseAppArgs } from '../../src/main/args';

void test('GUI command line: both --x=v and --x v, flags, Chromium switches ignored', () => {
  const a = parseAppArgs([
    '.',
    '--broker-url=https://broker.example/plain/',
    '--lock-broker-url',
    '--kiosk',
    '--profile-dir',
    '/tmp/p',
    '--auth-id=/etc/x2go/authid',
    '--broker-noauth',
    '--session',
    'Staff/KDE',
    '--no-sandbox',
    '--enable-logging',
  ]);
  assert.equal(a.brokerUrl, 'https://broker.example/plain/');
  assert.equal(a.lockBrokerUrl, true);
  assert.equal(a.kiosk, true);
  assert.equal(a.profileDir, '/tmp/p');
  assert.equal(a.authIdFile, '/etc/x2go/authid');
  assert.equal(a.noAuth, true);
  assert.equal(a.sshAgent, false);
  assert.equal(a.session, 'Staff/KDE');
  assert.deepEqual(a.notes, ['ignored --no-sandbox', 'ignored --enable-logging']);
});

void test('GUI command line: missing or empty values are notes, not crashes', () => {
  const a = parseAppArgs(['--broker-url', '--kiosk', '--profile-dir=', '--session']);
  assert.equal(a.brokerUrl, undefined);
  assert.equal(a.kiosk, true);
  assert.equal(a.profileDir, undefined);
  assert.deepEqual(a.notes, [
    '--broker-url needs a value',
    '--profile-dir has an empty or invalid value',
    '--session needs a value',
  ]);
  assert.deepEqual(parseAppArgs([]).notes, []);
});

void test("GUI command line: x2goclient's kiosk and broker switches, both value forms", () => {
  const a = parseAppArgs([
    '--broker-url',
    'ssh://alice@broker.example:2222/usr/bin/x2gobroker-ssh',
    '--broker-name=Staff broker',
    '--broker-cacertfile=/etc/ssl/ca1.pem',
    '--broker-cacertfile',
    '/etc/ssl/ca2.pem',
    '--broker-ssh-key=/k1',
    '--broker-ssh-key',
    '/k2',
    '--broker-autologin',
    '--broker-autologoff',
    '--broker-logoutbt',
    '--sessionid=profile-7',
    '--no-autoresume',
    '--close-disconnect',
    '--thinclient',
    '--no-menu',
    '--haltbt',
    '--add-to-known-hosts',
  ]);
  assert.equal(a.brokerUrl, 'ssh://alice@broker.example:2222/usr/bin/x2gobroker-ssh');
  assert.equal(a.brokerName, 'Staff broker');
  assert.deepEqual(a.caCertFiles, ['/etc/ssl/ca1.pem', '/etc/ssl/ca2.pem']);
  assert.equal(a.sshKeyFile, '/k2', 'the last key, as x2goclient');
  assert.equal(a.sshAgent, true);
  assert.equal(a.autoLogoff, true);
  assert.equal(a.logoutButton, true);
  assert.equal(a.session, 'profile-7', '--sessionid is --session by id');
  assert.equal(a.noAutoresume, true);
  assert.equal(a.closeDisconnect, true);
  assert.equal(a.thinclient, true);
  assert.equal(a.maximize, true, '--thinclient implies --maximize, as in x2goclient');
  assert.equal(a.noMenu, true);
  assert.equal(a.haltButton, true);
  assert.equal(a.addToKnownHosts, true);
  assert.equal(a.help, false);
  assert.equal(a.version, false);
  assert.deepEqual(a.notes, ['--broker-ssh-key given more than once; the app uses the last']);
  assert.deepEqual(a.warnings, []);

  const d = parseAppArgs([]);
  for (const flag of [
    'autoLogoff',
    'logoutButton',
    'noAutoresume',
    'closeDisconnect',
    'thinclient',
    'maximize',
    'noMenu',
    'haltButton',
    'addToKnownHosts',
    'help',
    'version',
  ] as const)
    assert.equal(d[flag], false, flag);
  assert.deepEqual(d.caCertFiles, []);
  assert.equal(parseAppArgs(['--maximize']).maximize, true);
  assert.equal(parseAppArgs(['--session=Staff/KDE', '--sessionid=p1']).session, 'Staff/KDE');
});

void test('GUI command line: unsupported x2goclient switches, CLI options and flags with values are warnings naming them', () => {
  const a = parseAppArgs([
    '--geometry=fullscreen',
    '--tray-icon',
    '--json',
    '--kiosk=false',
    '--broker-url=https://a/plain/',
    '--broker-url=https://b/plain/',
    '--ozone-platform=wayland',
    '--help',
  ]);
  assert.deepEqual(a.warnings, [
    '--geometry is an x2goclient switch X2Go Launcher does not support. It is ignored.',
    '--tray-icon is an x2goclient switch X2Go Launcher does not support. It is ignored.',
    '--json is an option of the x2go-launcher CLI, not the desktop app. It is ignored.',
    "Option '--kiosk' does not take an argument. It is ignored.",
  ]);
  assert.equal(a.kiosk, false, '--kiosk=false does not turn the kiosk on');
  assert.equal(a.brokerUrl, 'https://b/plain/');
  assert.equal(a.help, true);
  assert.deepEqual(a.notes, [
    '--broker-url given more than once; the last value counts',
    'ignored --ozone-platform',
  ]);
  assert.equal(parseAppArgs(['-h']).help, true);
  assert.equal(parseAppArgs(['--version']).version, true);
  // values are trimmed; NUL or over-long values are refused, never cut
  const v = parseAppArgs([
    ' --x',
    '--session=  Staff/KDE  ',
    `--auth-id=${'a'.repeat(4097)}`,
    '--broker-name=a\0b',
  ]);
  assert.equal(v.session, 'Staff/KDE');
  assert.equal(v.authIdFile, undefined);
  assert.equal(v.brokerName, undefined);
  assert.deepEqual(v.notes, [
    '--auth-id has an empty or invalid value',
    '--broker-name has an empty or invalid value',
  ]);
});

// fleet-config (issue 11): the switches the app now obeys, and where each effect is proven
void test("GUI command line: x2goclient's fleet switches are active (no [not active yet]); each value and effect", () => {
  const fleet = [
    'no-menu',
    'maximize',
    'close-disconnect',
    'broker-logoutbt',
    'add-to-known-hosts',
    'broker-name',
  ];
  for (const name of fleet) {
    const option = optionNamed(name);
    assert.ok(option?.app, name);
    assert.equal(option.pending, undefined, `${name} is no longer pending`);
    assert.ok(option.x2goclient?.startsWith(`--${name}`), `${name} keeps x2goclient's name`);
  }
  const help = appHelpText();
  for (const name of fleet) {
    const line = help.split('\n').find((l) => l.trimStart().startsWith(`--${name}`));
    assert.ok(line, name);
    assert.doesNotMatch(line, /not active yet/, name);
  }
  const a = parseAppArgs([
    '--no-menu',
    '--maximize',
    '--close-disconnect',
    '--broker-logoutbt',
    '--add-to-known-hosts',
    '--broker-name',
    'Lab Süd',
  ]);
  assert.deepEqual(
    [a.noMenu, a.maximize, a.closeDisconnect, a.logoutButton, a.addToKnownHosts, a.brokerName],
    [true, true, true, true, true, 'Lab Süd'],
  );
  assert.deepEqual([a.notes, a.warnings], [[], []]);
  // x2goclient's value form, and a blank name is a note, not a display name
  assert.equal(parseAppArgs(['--broker-name=Lab']).brokerName, 'Lab');
  const blank = parseAppArgs(['--broker-name=  ']);
  assert.equal(blank.brokerName, undefined);
  assert.deepEqual(blank.notes, ['--broker-name has an empty or invalid value']);
  // what each switch does is proven elsewhere: test/main/window-switches.test.ts (--no-menu,
  // --maximize in the built main bundle), test/main/fleet-switches.test.ts (--close-disconnect
  // through the controller, --add-to-known-hosts vs policy, --broker-name/--broker-logoutbt in
  // the startup state), test/main/host-key-policy.int.test.ts (real SSH broker) and
  // test/renderer/about-config.int.test.ts (broker name and Sign out in Chromium)
});
