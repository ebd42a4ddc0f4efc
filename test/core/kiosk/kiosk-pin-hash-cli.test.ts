// `x2go-launcher kiosk-pin-hash` (the real CLI as a child process): the PIN from stdin, never
// echoed; the hash it prints opens the AdminPinGate for that PIN only.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AdminPinGate } from '../../../src/core/kiosk/admin-pin';
import { runCli } from '../../helpers/run-cli';

it('hashes the PIN from stdin; the hash accepts that PIN and no other', async () => {
  const r = await runCli(['kiosk-pin-hash', '--json'], { input: '90210\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /90210/);
  const { adminPinHash } = JSON.parse(r.stdout) as { adminPinHash: string };
  const gate = new AdminPinGate(adminPinHash);
  assert.deepEqual(await gate.check('90210'), { result: 'ok' });
  assert.equal((await gate.check('90211')).result, 'wrong');
});

it('refuses a PIN shorter than 4 characters with a usage error', async () => {
  const r = await runCli(['kiosk-pin-hash'], { input: '12\n' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /at least 4 characters/);
});
