// The CLI on the one option table (src/core/command-line): no broker needed — every option
// parses up to the broker step, app-only and unsupported x2goclient switches are usage
// errors naming them, the help lists the table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLI_COMMANDS, OPTIONS } from '../../../src/core/command-line/options';
import { COMMANDS } from '../../../src/core/cli/commands/index';
import { commandOptions } from '../../../src/core/cli/options/table';
import { helpText } from '../../../src/core/cli/main';
import { runCli } from '../../helpers/run-cli';

describe('x2go-launcher: options from the shared table', () => {
  const usage: [string[], RegExp][] = [
    [
      ['list', '--kiosk'],
      /^x2go-launcher: --kiosk is an option of the desktop app, not the CLI\.$/m,
    ],
    [['list', '--thinclient'], /--thinclient is an option of the desktop app, not the CLI\./],
    [['launch', 'p', '--session=Staff/KDE'], /--session is an option of the desktop app/],
    [
      ['list', '--geometry=800x600'],
      /--geometry is an x2goclient switch X2Go Launcher does not support\./,
    ],
    [['list', '--json=yes'], /Option '--json' does not take an argument\./],
    [['list', '--broker-url'], /Option '--broker-url <value>' argument missing\./],
    [
      ['list', '--broker-url', '--broker-noauth'],
      /Option '--broker-url <value>' argument missing\./,
    ],
    [
      ['list', '--broker-url=http://h/plain/', '--client=x2goclient'],
      /--client is an option of "launch", not "list"/,
    ],
  ];
  for (const [args, re] of usage)
    it(`${args.join(' ')} → exit 2`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, re);
      assert.equal(r.stdout, '');
    });

  it('a repeated one-value option: the last counts, as before (parseArgs) and in x2goclient', async () => {
    const r = await runCli([
      'list',
      '--broker-url=ftp://first/',
      '--broker-url',
      'gopher://second/',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /gopher/);
    assert.doesNotMatch(r.stderr, /ftp/);
  });

  it('--help lists every CLI option of the table and no app-only one', () => {
    const text = helpText();
    for (const o of OPTIONS) {
      const shown = new RegExp(`^ {2}(?:-\\w, )?--${o.name}\\b`, 'm').test(text);
      assert.equal(shown, o.cli !== false, o.name);
    }
  });

  it("every command's own options come from the table (one declared only in a command file would be an unknown option)", () => {
    for (const c of COMMANDS) {
      if (!c.options) continue;
      assert.ok((CLI_COMMANDS as readonly string[]).includes(c.name), c.name);
      assert.deepEqual(c.options, commandOptions(c.name as (typeof CLI_COMMANDS)[number]), c.name);
    }
  });
});
