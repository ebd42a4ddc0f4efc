// Every CLI command. Add one: create its file next to this one and list it here.
import type { CliCommand } from '../types';
import { configCommand } from './config';
import { kioskPinHashCommand } from './kiosk-pin-hash';
import { launchCommand } from './launch';
import { listCommand } from './list';
import { selectCommand } from './select';
import { setpassCommand } from './setpass';
import { terminateCommand } from './terminate';
import { testconCommand } from './testcon';

export const COMMANDS: CliCommand[] = [
  listCommand,
  selectCommand,
  launchCommand,
  testconCommand,
  terminateCommand,
  configCommand,
  kioskPinHashCommand,
  // broker password change (issue 13)
  setpassCommand,
];
