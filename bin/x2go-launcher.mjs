#!/usr/bin/env node
// Headless CLI entry (`npx x2go-launcher …`). Runs the TypeScript core directly through tsx,
// so a fresh clone needs no build step for the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/core/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
