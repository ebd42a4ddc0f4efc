import assert from 'node:assert/strict';
import { test } from 'node:test';
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
