// The kiosk's admin escape: a PIN whose hash (never the PIN) is in machine policy
// (`adminPinHash`), checked with a rate limit so a passer-by cannot try them all.
//
// The hash is scrypt from node:crypto — a memory-hard KDF in the standard library, so no
// dependency; the format names its parameters so they can be raised later without breaking
// existing policies:  scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const PREFIX = 'scrypt';
/** Parameters for new hashes: N = 2^15 (≈ 32 MiB, ≈ 0.1 s here), r = 8, p = 1, 32-byte key. */
const NEW_HASH = { N: 1 << 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
/** Upper bounds on what a policy may ask for, so a hostile or mistyped policy cannot make a
 * check take minutes or gigabytes: scrypt needs 128·N·r bytes, kept at ≤ 256 MiB. */
const MIN_N = 1 << 14; // below this a hash is too cheap to guess against
const MAX_N = 1 << 20;
const MAX_R = 16;
const MAX_P = 4;
/** Bound on scrypt's work per check, 128·N·r·p bytes hashed (≈ memory × passes). */
const MAX_WORK_BYTES = 256 * 1024 * 1024;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/**
 * Parse a policy's PIN hash. Returns null for anything that is not a well-formed
 * `scrypt$N$r$p$salt$hash` with bounded parameters (the caller reports the bad policy value and
 * treats the escape as unavailable — never as "any PIN works").
 */
export function parseAdminPinHash(text: string): ParsedHash | null {
  const parts = text.trim().split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^[0-9]{1,8}$/.test(s) ? Number(s) : NaN));
  if (N === undefined || r === undefined || p === undefined) return null;
  // N must be a power of two greater than 1 (scrypt's own rule).
  if (!(N > 1 && N <= MAX_N && (N & (N - 1)) === 0)) return null;
  if (!(r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) return null;
  if (N < MIN_N || 128 * N * r * p > MAX_WORK_BYTES) return null;
  // scrypt's own rule (RFC 7914): N < 2^(128·r/8); OpenSSL refuses anything else
  if (Math.log2(N) >= 16 * r) return null;
  const salt = decodeBase64(parts[4] ?? '');
  const hash = decodeBase64(parts[5] ?? '');
  if (!salt || salt.length < 8 || !hash || hash.length < 16 || hash.length > 64) return null;
  return { N, r, p, salt, hash };
}

function decodeBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  return Buffer.from(text, 'base64');
}

/** The PIN as hashed: a leading byte-order mark (a file or pipe's, never typed) dropped, NFC. */
export function canonicalPin(pin: string): string {
  return pin.replace(/^\uFEFF/, '').normalize('NFC');
}

function derive(pin: string, salt: Buffer, N: number, r: number, p: number, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) => {
    // maxmem: scrypt needs 128·r·(N + p + 2) bytes; Node's default (32 MiB) is too small for
    // N = 2^15, so give it that plus headroom.
    const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
    scrypt(pin, salt, keyLength, { N, r, p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Hash a PIN for policy (`x2go-launcher kiosk-pin-hash`, docs/policy.md): a fresh random salt,
 * the parameters of NEW_HASH. Returns the `scrypt$…` text.
 * @throws RangeError when the PIN is shorter than 4 characters.
 */
export async function hashAdminPin(pin: string): Promise<string> {
  if ([...canonicalPin(pin)].length < 4)
    throw new RangeError('an admin PIN needs at least 4 characters');
  const salt = randomBytes(NEW_HASH.saltLength);
  const key = await derive(
    canonicalPin(pin),
    salt,
    NEW_HASH.N,
    NEW_HASH.r,
    NEW_HASH.p,
    NEW_HASH.keyLength,
  );
  return [
    PREFIX,
    NEW_HASH.N,
    NEW_HASH.r,
    NEW_HASH.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** The answer to one PIN attempt. `retryInMs` is set when attempts are locked out. */
export type PinCheck =
  | { result: 'ok' }
  | { result: 'wrong'; attemptsLeft: number }
  | { result: 'locked'; retryInMs: number };

/** Rate-limit policy: `freeAttempts` wrong PINs, then a lockout that doubles each time. */
export interface PinLimits {
  freeAttempts: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
}

export const DEFAULT_PIN_LIMITS: Readonly<PinLimits> = Object.freeze({
  freeAttempts: 3,
  firstLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
});

/**
 * Checks PINs against one policy hash, with the lockout state kept in memory (a restart of the
 * kiosk app is itself slow and visible; the lockout is about a passer-by at the keyboard).
 * `now` is injectable for tests (milliseconds); by default a monotonic clock, so a wall clock
 * corrected by NTP (thin clients without a battery) neither extends nor ends a lockout.
 */
export class AdminPinGate {
  private wrongInRow = 0;
  private lockouts = 0;
  private lockedUntil = 0;
  /** A check is hashing: attempts are taken one at a time, or parallel ones would all be
   * hashed before the first wrong one counted (a way around the lockout). */
  private busy = false;
  private readonly parsed: ParsedHash | null;

  constructor(
    hashText: string | null,
    private readonly limits: PinLimits = DEFAULT_PIN_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.parsed = hashText ? parseAdminPinHash(hashText) : null;
  }

  /** False when policy has no (valid) PIN hash: the kiosk then offers no escape at all. */
  get available(): boolean {
    return this.parsed !== null;
  }

  /**
   * Check one attempt. A locked gate answers `locked` without hashing (no timing oracle); so
   * does an attempt made while another is still being checked (retry in a second).
   */
  async check(pin: string): Promise<PinCheck> {
    const waitMs = this.lockedUntil - this.now();
    if (waitMs > 0) return { result: 'locked', retryInMs: waitMs };
    if (!this.parsed) return { result: 'locked', retryInMs: Number.POSITIVE_INFINITY };
    if (this.busy) return { result: 'locked', retryInMs: 1_000 };
    const { N, r, p, salt, hash } = this.parsed;
    this.busy = true;
    let key: Buffer;
    try {
      key = await derive(canonicalPin(pin), salt, N, r, p, hash.length);
    } catch {
      // parameters the hash function refuses after all: no escape, as for a malformed hash
      return { result: 'locked', retryInMs: Number.POSITIVE_INFINITY };
    } finally {
      this.busy = false;
    }
    if (timingSafeEqual(key, hash)) {
      this.wrongInRow = 0;
      this.lockouts = 0;
      return { result: 'ok' };
    }
    this.wrongInRow += 1;
    if (this.wrongInRow < this.limits.freeAttempts) {
      return { result: 'wrong', attemptsLeft: this.limits.freeAttempts - this.wrongInRow };
    }
    const lockMs = Math.min(
      this.limits.maxLockoutMs,
      this.limits.firstLockoutMs * 2 ** Math.min(this.lockouts, 20),
    );
    this.lockouts += 1;
    this.wrongInRow = 0;
    this.lockedUntil = this.now() + lockMs;
    return { result: 'locked', retryInMs: lockMs };
  }
}
