// Writes docs/command-line.md from the option table (src/core/command-line/options.ts):
//   node --import tsx scripts/command-line-doc.ts          (write)
//   node --import tsx scripts/command-line-doc.ts --check  (exit 1 when the file differs)
//   … --file=PATH                                         (another file: tests)
// test/core/command-line/doc.test.ts runs the check, so a table change without the doc fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandLineMarkdown } from '../src/core/command-line/help';

const DOC_PATH = fileURLToPath(new URL('../docs/command-line.md', import.meta.url));

function main(): number {
  const text = commandLineMarkdown();
  const file =
    process.argv.find((a) => a.startsWith('--file='))?.slice('--file='.length) || DOC_PATH;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      /* missing: differs */
    }
    if (current === text) return 0;
    process.stderr.write(
      `${file} is out of step with src/core/command-line/options.ts;\n` +
        'run: node --import tsx scripts/command-line-doc.ts\n',
    );
    return 1;
  }
  writeFileSync(file, text);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
