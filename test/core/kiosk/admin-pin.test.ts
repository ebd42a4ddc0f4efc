// The kiosk's admin escape (src/core/kiosk/admin-pin.ts): scrypt hashes from policy, the rate
// limit, and hostile or broken hash texts (never "any PIN works").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSetting } from '../../../src/core/config/keys';
import { AdminPinGate, hashAdminPin, parseAdminPinHash } from '../../../src/core/kiosk/admin-pin';

describe('admin PIN', () => {
  it('accepts the right PIN, refuses a wrong one, and locks out after three wrong in a row', async () => {
    const hash = await hashAdminPin('4711');
    assert.match(hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    let now = 1_000;
    const gate = new AdminPinGate(
      hash,
      { freeAttempts: 3, firstLockoutMs: 30_000, maxLockoutMs: 900_000 },
      () => now,
    );
    assert.equal(gate.available, true);
    assert.deepEqual(await gate.check('4711'), { result: 'ok' });
    assert.deepEqual(await gate.check('0000'), { result: 'wrong', attemptsLeft: 2 });
    assert.deepEqual(await gate.check('1111'), { result: 'wrong', attemptsLeft: 1 });
    assert.deepEqual(await gate.check('2222'), { result: 'locked', retryInMs: 30_000 });
    // While locked even the right PIN is not checked.
    now += 29_999;
    assert.deepEqual(await gate.check('4711'), { result: 'locked', retryInMs: 1 });
    now += 1;
    // The next lockout doubles.
    for (const pin of ['a', 'b']) assert.equal((await gate.check(pin)).result, 'wrong');
    assert.deepEqual(await gate.check('c'), { result: 'locked', retryInMs: 60_000 });
    now += 60_000;
    assert.deepEqual(await gate.check('4711'), { result: 'ok' });
  });

  it('takes attempts one at a time: parallel guesses cannot get around the lockout', async () => {
    const gate = new AdminPinGate(await hashAdminPin('4711'));
    const answers = await Promise.all(
      ['1', '2', '3', '4', '5', '6', '4711'].map((p) => gate.check(p)),
    );
    assert.equal(answers.filter((a) => a.result !== 'locked').length, 1, JSON.stringify(answers));
    assert.notDeepEqual(answers.at(-1), { result: 'ok' });
  });

  it('drops a byte-order mark from a piped PIN and counts characters, not UTF-16 units', async () => {
    const gate = new AdminPinGate(await hashAdminPin('\uFEFF1234'));
    assert.deepEqual(await gate.check('1234'), { result: 'ok' });
    await assert.rejects(hashAdminPin('😀😀'), RangeError);
  });

  it('treats the same PIN in another Unicode normalisation as the same PIN', async () => {
    const gate = new AdminPinGate(await hashAdminPin('caf\u00e9'));
    assert.deepEqual(await gate.check('cafe\u0301'), { result: 'ok' });
  });

  it('refuses hashes that are malformed or would cost minutes or gigabytes: no escape at all', async () => {
    const good = await hashAdminPin('4711');
    const [, , , , salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain-pin',
      'scrypt$32768$8$1$' + salt,
      `bcrypt$32768$8$1$${salt}$${key}`,
      `scrypt$1000$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$2097152$8$1$${salt}$${key}`, // N = 2^21: over the bound
      `scrypt$32768$64$1$${salt}$${key}`,
      `scrypt$32768$8$99$${salt}$${key}`,
      `scrypt$32768$8$1$${salt}$!!`,
      `scrypt$32768$8$1$QQ==$${key}`, // salt too short
    ]) {
      assert.equal(parseAdminPinHash(bad), null, bad);
      const gate = new AdminPinGate(bad);
      assert.equal(gate.available, false);
      assert.equal((await gate.check('4711')).result, 'locked');
    }
    assert.equal(new AdminPinGate(null).available, false);
  });

  it('a hash kiosk-pin-hash makes passes the policy check, and the policy check refuses what the gate cannot use', async () => {
    const hash = await hashAdminPin('4711');
    const checked = validateSetting('adminPinHash', hash);
    assert.equal(checked.ok, true);
    assert.deepEqual(
      await new AdminPinGate(checked.ok ? (checked.value as string) : null).check('4711'),
      { result: 'ok' },
    );
    for (const bad of ['$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA', 'plain-pin'])
      assert.equal(validateSetting('adminPinHash', bad).ok, false, bad);
  });

  it('refuses to hash a PIN shorter than 4 characters', async () => {
    await assert.rejects(hashAdminPin('123'), RangeError);
  });
});
