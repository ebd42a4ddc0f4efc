// Writes docs/command-line.md from the option table (src/core/command-line/options.ts):
//   node --import tsx scripts/command-line-doc.ts          (write)
//   node --import tsx scripts/command-line-doc.ts --check  (exit 1 when the file differs)
// test/core/command-line/doc.test.ts runs the check, so a table change without the doc fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandLineMarkdown } from '../src/core/command-line/help';

export const DOC_PATH = fileURLToPath(new URL('../docs/command-line.md', import.meta.url));

function main(): number {
  const text = commandLineMarkdown();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(DOC_PATH, 'utf8');
    } catch {
      /* missing: differs */
    }
    if (current === text) return 0;
    process.stderr.write(
      'docs/command-line.md is out of step with src/core/command-line/options.ts;\n' +
        'run: node --import tsx scripts/command-line-doc.ts\n',
    );
    return 1;
  }
  writeFileSync(DOC_PATH, text);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
