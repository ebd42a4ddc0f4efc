// What "Copy diagnostics" must mask by value (docs/diagnostics.md): the secrets main holds for
// the signed-in user — the broker password typed at sign-in (or loaded from the keychain), the
// passwords of a broker password change, the login key a broker pushed. Kept in memory only,
// for masking only (never read back for anything else, never written), and forgotten at
// sign-out, so the next user's bundle cannot even be compared against them.

/** A memory-only set of secret values the diagnostics bundle masks in every form (mask.ts). */
export class DiagnosticSecrets {
  private readonly values = new Set<string>();

  /** Remember `value` for masking (empty and absent values are ignored). */
  add(value: string | null | undefined): void {
    if (value) this.values.add(value);
  }

  /**
   * Remember a private key (PEM text) for masking: the whole text and each of its base64
   * body lines, so a client that prints one line of it is masked too.
   */
  addKey(pem: string | null | undefined): void {
    if (!pem) return;
    this.add(pem);
    for (const line of pem.split(/\r?\n/)) {
      const body = line.trim();
      if (body.length >= 16 && !body.startsWith('-----')) this.add(body);
    }
  }

  /** The values to mask, for core/diagnostics/bundle.ts's `secrets`. */
  list(): string[] {
    return [...this.values];
  }

  /** Forget every value (sign-out, quit). */
  clear(): void {
    this.values.clear();
  }

  get size(): number {
    return this.values.size;
  }
}
