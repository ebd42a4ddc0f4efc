import type { OptionGroup } from '../types';
import { groupOptions } from './table';

export const outputOptions: OptionGroup = {
  title: 'Output',
  options: groupOptions('output'),
};
