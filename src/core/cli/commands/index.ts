// Every CLI command. Add one: create its file next to this one and list it here.
import type { CliCommand } from '../types';
import { checkCommand } from './check';
import { configCommand } from './config';
import { diagnoseCommand } from './diagnose';
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
  // health check and diagnostics (docs/health-check.md, docs/diagnostics.md)
  checkCommand,
  diagnoseCommand,
];
