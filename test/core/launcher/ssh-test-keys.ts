// Fresh SSH public keys for known_hosts tests (not a test file itself): real ed25519 keys
// from node:crypto in OpenSSH's wire format, so paramiko and our parser accept them.
import { generateKeyPairSync } from 'node:crypto';

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** `ssh-ed25519 <base64 blob>` of a new key, as in a known_hosts line after the host field. */
export function sshEd25519Key(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')}`;
}
