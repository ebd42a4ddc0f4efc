// docs/command-line.md is generated from the option table; this keeps the two in step and
// checks the generated text names every switch of both command lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { appHelpText, commandLineMarkdown } from '../../../src/core/command-line/help';
import { OPTIONS, X2GOCLIENT_UNSUPPORTED } from '../../../src/core/command-line/options';

const repo = join(import.meta.dirname, '..', '..', '..');
const doc = join(repo, 'docs', 'command-line.md');

void test('docs/command-line.md is what the table generates', () => {
  assert.equal(
    readFileSync(doc, 'utf8'),
    commandLineMarkdown(),
    'out of step: run node --import tsx scripts/command-line-doc.ts',
  );
});

void test('the generator script: --check passes on the doc, fails on a stale copy; writes it', () => {
  const script = join(repo, 'scripts', 'command-line-doc.ts');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: repo,
      encoding: 'utf8',
    });
  const ok = run('--check');
  assert.equal(ok.status, 0, ok.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'command-line-doc-'));
  try {
    const copy = join(dir, 'command-line.md');
    writeFileSync(copy, commandLineMarkdown().replace('| `--kiosk` |', '| `--kiosk-mode` |'));
    const stale = run('--check', `--file=${copy}`);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /is out of step with src\/core\/command-line\/options\.ts/);
    assert.equal(run(`--file=${copy}`).status, 0);
    assert.equal(readFileSync(copy, 'utf8'), commandLineMarkdown());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('every switch of both command lines is in the doc with its x2goclient equivalent', () => {
  const text = commandLineMarkdown();
  for (const o of OPTIONS) {
    const row = text
      .split('\n')
      .find((l) => l.startsWith(`| \`${o.short ? `-${o.short}, ` : ''}--${o.name}`));
    assert.ok(row, o.name);
    if (o.x2goclient) assert.ok(row.includes(`\`${o.x2goclient}\``), o.name);
    if (o.setting) assert.ok(row.includes(`\`${o.setting}\``), o.name);
  }
  for (const n of X2GOCLIENT_UNSUPPORTED) assert.ok(text.includes(`\`--${n}\``), n);
});

void test("the app's --help lists every app switch and no CLI-only one", () => {
  const listed = new Set(
    appHelpText()
      .split('\n')
      .map((l) => /^ {2}(?:-\w, )?--([a-z-]+)/.exec(l)?.[1])
      .filter(Boolean),
  );
  assert.ok(listed.size > 20);
  for (const o of OPTIONS) assert.equal(listed.has(o.name), o.app, o.name);
});

void test('scripts/start.mjs drops exactly the app-only switches from its CLI suggestion', async () => {
  // a plain-JS script without type declarations: imported by URL
  const start = pathToFileURL(join(repo, 'scripts', 'start.mjs')).href;
  const { APP_ONLY_SWITCHES } = (await import(start)) as { APP_ONLY_SWITCHES: string[] };
  assert.deepEqual(
    [...APP_ONLY_SWITCHES].sort(),
    OPTIONS.filter((o) => o.app && o.cli === false)
      .map((o) => o.name)
      .sort(),
  );
});
