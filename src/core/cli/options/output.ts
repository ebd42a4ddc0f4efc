import type { OptionGroup } from '../types';

export const outputOptions: OptionGroup = {
  title: 'Output',
  options: {
    json: { type: 'boolean', help: 'machine-readable JSON on stdout' },
    help: { type: 'boolean', short: 'h', help: 'show this help' },
    version: { type: 'boolean', help: 'show the version' },
  },
};
