// The network-wait retry schedule (src/core/kiosk/backoff.ts).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../../../src/core/kiosk/backoff';
import { runs } from '../../helpers/property-runs';

it('stays within [initial/2, max] for any attempt and any jitter draw', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.double({ min: 0, max: 0.9999999, noNaN: true }),
      (n, r) => {
        const d = backoffDelayMs(n, DEFAULT_BACKOFF, () => r);
        return Number.isInteger(d) && d >= 1_000 && d <= 60_000;
      },
    ),
    runs(200),
  );
});

it('spreads by ±20 % and refuses a non-positive attempt', () => {
  assert.equal(
    backoffDelayMs(2, DEFAULT_BACKOFF, () => 0),
    3_200,
  );
  assert.equal(
    backoffDelayMs(2, DEFAULT_BACKOFF, () => 0.9999999),
    4_800,
  );
  assert.throws(() => backoffDelayMs(0), RangeError);
  assert.throws(() => backoffDelayMs(1.5), RangeError);
});
