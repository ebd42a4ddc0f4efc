// Process entry of the bundled CLI (scripts/build.mjs → out/cli/main.cjs, loaded by
// ./loader.ts): run main() on this process's argv and streams, and leave with its exit code.
import { COMMANDS } from './commands/index';
import { main } from './main';

const argv = process.argv.slice(2);

void main(argv).then((code) => {
  process.exitCode = code;
});

/** The command this run names, for the loader's code cache (loader.ts); undefined for none. */
export function commandName(): string | undefined {
  return argv.find((a) => COMMANDS.some((c) => c.name === a));
}
