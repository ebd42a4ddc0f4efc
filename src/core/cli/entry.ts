// Process entry of the bundled CLI (scripts/build.mjs → out/cli/x2go-launcher.cjs): run
// main() on this process's argv and streams, and leave with its exit code.
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
