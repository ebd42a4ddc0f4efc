// Every option group of the CLI, in the order their apply() runs and help lists them.
// Add a group: create its file next to this one and list it here.
import type { OptionGroup } from '../types';
import { brokerOptions } from './broker';
import { outputOptions } from './output';
import { sshOptions } from './ssh';

export const OPTION_GROUPS: OptionGroup[] = [brokerOptions, sshOptions, outputOptions];
