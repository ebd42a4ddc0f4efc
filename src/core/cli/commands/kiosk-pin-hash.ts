// `kiosk-pin-hash`: the hash of a kiosk admin PIN, for the policy key adminPinHash
// (docs/kiosk.md §Admin escape). The PIN is read from the terminal (asked twice, no echo) or
// from stdin's first line — never from the command line, where `ps` would show it.
import { canonicalPin, hashAdminPin } from '../../kiosk/admin-pin';
import { LauncherError } from '../../errors';
import { printJson } from '../format';
import { passwordFromStdin, promptPassword } from '../secrets';
import type { CliCommand } from '../types';

export const kioskPinHashCommand: CliCommand = {
  name: 'kiosk-pin-hash',
  synopsis: 'kiosk-pin-hash',
  summary: 'hash a kiosk admin PIN (read from the terminal or stdin) for policy',
  args: { min: 0, max: 0 },
  async run(ctx) {
    let pin: string;
    if (ctx.io.stdin.isTTY) {
      pin = await promptPassword('Kiosk admin PIN: ', ctx.io);
      if ((await promptPassword('Again: ', ctx.io)) !== pin)
        throw new LauncherError('kiosk.pin-mismatch', {}, 'The two PINs differ.');
    } else pin = await passwordFromStdin(ctx.io);
    if ([...canonicalPin(pin)].length < 4)
      throw new LauncherError(
        'kiosk.pin-too-short',
        { min: 4 },
        'An admin PIN needs at least 4 characters.',
      );
    const hash = await hashAdminPin(pin);
    if (ctx.json) printJson(ctx.io, { adminPinHash: hash });
    else ctx.io.stdout.write(`${hash}\n`);
    return 0;
  },
};
