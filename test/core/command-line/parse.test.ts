// The one option table and parser of both command lines: every switch in both value forms,
// repeated, unknown, missing values, options of the other command line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  OPTIONS,
  X2GOCLIENT_UNSUPPORTED,
  acceptedOn,
  type CommandLine,
  type OptionDef,
} from '../../../src/core/command-line/options';
import { parseCommandLine } from '../../../src/core/command-line/parse';

const LINES: CommandLine[] = ['app', 'cli'];
/** A value per option that is valid for any of them (no leading dash). */
const valueFor = (o: OptionDef): string => `v-${o.name}/x=y`;
const expected = (o: OptionDef, v: string) =>
  o.kind === 'flag' ? true : o.kind === 'values' ? [v] : v;

describe('the option table', () => {
  it('names are unique, lower-case x2goclient style, and none is also "unsupported"', () => {
    const names = OPTIONS.map((o) => o.name);
    assert.equal(new Set(names).size, names.length);
    for (const n of names) assert.match(n, /^[a-z][a-z0-9-]*$/);
    for (const n of X2GOCLIENT_UNSUPPORTED) assert.ok(!names.includes(n), n);
    assert.equal(new Set(X2GOCLIENT_UNSUPPORTED).size, X2GOCLIENT_UNSUPPORTED.length);
  });

  it('each option is accepted somewhere; values have a placeholder; CLI groups only for every-command options', () => {
    for (const o of OPTIONS) {
      assert.ok(o.app || o.cli !== false, o.name);
      assert.equal(o.kind !== 'flag', Boolean(o.valueName), o.name);
      assert.equal(o.cli === 'all', Boolean(o.cliGroup), o.name);
      if (o.x2goclient) assert.ok(o.x2goclient.startsWith(`--${o.name}`), o.name);
    }
  });

  it("the app takes issue 11's x2goclient switches and ours", () => {
    for (const name of [
      'broker-url',
      'broker-name',
      'auth-id',
      'broker-noauth',
      'broker-autologin',
      'broker-ssh-key',
      'broker-cacertfile',
      'broker-autologoff',
      'broker-logoutbt',
      'session',
      'no-autoresume',
      'close-disconnect',
      'thinclient',
      'maximize',
      'no-menu',
      'haltbt',
      'add-to-known-hosts',
    ]) {
      const o = OPTIONS.find((x) => x.name === name);
      assert.ok(o?.app, name);
      assert.ok(o.x2goclient, `${name} has its x2goclient equivalent`);
    }
    for (const name of ['kiosk', 'lock-broker-url', 'profile-dir'])
      assert.ok(OPTIONS.find((x) => x.name === name)?.app, name);
  });
});

describe('parseCommandLine: every switch', () => {
  for (const line of LINES)
    for (const o of OPTIONS.filter((x) => acceptedOn(x, line))) {
      it(`${line}: --${o.name} in both forms`, () => {
        const v = valueFor(o);
        const forms =
          o.kind === 'flag' ? [[`--${o.name}`]] : [[`--${o.name}=${v}`], [`--${o.name}`, v]];
        if (o.short) forms.push(o.kind === 'flag' ? [`-${o.short}`] : [`-${o.short}`, v]);
        for (const argv of forms) {
          const r = parseCommandLine(argv, line);
          assert.deepEqual(r.issues, [], argv.join(' '));
          assert.deepEqual(r.positionals, []);
          assert.deepEqual({ ...r.values }, { [o.name]: expected(o, v) }, argv.join(' '));
        }
      });
      if (o.kind !== 'flag')
        it(`${line}: --${o.name} repeated, and missing its value`, () => {
          const r = parseCommandLine([`--${o.name}=a`, `--${o.name}`, 'b'], line);
          if (o.kind === 'values') {
            assert.deepEqual(r.values[o.name], ['a', 'b']);
            assert.deepEqual(r.issues, []);
          } else {
            assert.equal(r.values[o.name], 'b', 'the last value counts, as in x2goclient');
            assert.deepEqual(
              r.issues.map((i) => [i.kind, i.option]),
              [['repeated', `--${o.name}`]],
            );
          }
          for (const argv of [[`--${o.name}`], [`--${o.name}`, '--broker-noauth']]) {
            const m = parseCommandLine(argv, line);
            assert.equal(m.values[o.name], undefined);
            assert.deepEqual(
              m.issues.map((i) => [i.kind, i.option]),
              [['missing-value', `--${o.name}`]],
              argv.join(' '),
            );
            // the switch after a missing value is read as a switch, not swallowed as the value
            if (argv.length === 2) assert.equal(m.values['broker-noauth'], true);
          }
        });
      else
        it(`${line}: --${o.name}=VALUE is refused (the flag stays off)`, () => {
          const r = parseCommandLine([`--${o.name}=false`], line);
          assert.equal(r.values[o.name], undefined);
          assert.deepEqual(
            r.issues.map((i) => [i.kind, i.message]),
            [['unexpected-value', `Option '--${o.name}' does not take an argument.`]],
          );
        });
    }
});

describe('parseCommandLine: what is not ours', () => {
  it('options of the other command line are named, their values left out', () => {
    const app = parseCommandLine(['--json', '--broker-password-file=/f', '--kiosk'], 'app');
    assert.deepEqual({ ...app.values }, { kiosk: true });
    assert.deepEqual(
      app.issues.map((i) => [i.kind, i.message]),
      [
        [
          'other-command-line',
          '--json is an option of the x2go-launcher CLI, not the desktop app.',
        ],
        [
          'other-command-line',
          '--broker-password-file is an option of the x2go-launcher CLI, not the desktop app.',
        ],
      ],
    );
    const cli = parseCommandLine(['list', '--thinclient', '--session=S'], 'cli');
    assert.deepEqual({ ...cli.values }, {});
    assert.deepEqual(cli.positionals, ['list']);
    assert.deepEqual(
      cli.issues.map((i) => i.message),
      [
        '--thinclient is an option of the desktop app, not the CLI.',
        '--session is an option of the desktop app, not the CLI.',
      ],
    );
  });

  it("x2goclient switches we do not support are named as such, Chromium's as unknown", () => {
    for (const line of LINES) {
      const r = parseCommandLine(
        ['--geometry=800x600', '--no-sandbox', '--user=alice', '-x', '--tray-icon'],
        line,
      );
      assert.deepEqual(
        r.issues.map((i) => [i.kind, i.option]),
        [
          ['x2goclient-unsupported', '--geometry'],
          ['unknown', '--no-sandbox'],
          ['x2goclient-unsupported', '--user'],
          ['unknown', '-x'],
          ['x2goclient-unsupported', '--tray-icon'],
        ],
      );
      assert.equal(
        r.issues[0]!.message,
        '--geometry is an x2goclient switch X2Go Launcher does not support.',
      );
      assert.equal(r.issues[1]!.message, "Unknown option '--no-sandbox'.");
    }
  });

  it('positionals, and everything after -- is one', () => {
    const r = parseCommandLine(['launch', 'p1', '--', '--kiosk', '-h'], 'cli');
    assert.deepEqual(r.positionals, ['launch', 'p1', '--kiosk', '-h']);
    assert.deepEqual(r.issues, []);
  });

  it('a value option value may start with "-" only in the = form (x2goclient\'s)', () => {
    const r = parseCommandLine(['--session=-odd', '--broker-name', '-x'], 'app');
    assert.equal(r.values.session, '-odd');
    assert.equal(r.values['broker-name'], undefined);
    assert.deepEqual(
      r.issues.map((i) => [i.kind, i.option]),
      [
        ['missing-value', '--broker-name'],
        ['unknown', '-x'],
      ],
    );
  });

  it('ParseOptions.value normalises or refuses values', () => {
    const r = parseCommandLine(['--session= a ', '--broker-url='], 'app', {
      value: (v) => v.trim() || null,
    });
    assert.equal(r.values.session, 'a');
    assert.deepEqual(
      r.issues.map((i) => [i.kind, i.message]),
      [['invalid-value', '--broker-url has an empty or invalid value.']],
    );
  });

  it('an empty command line parses to nothing', () => {
    for (const line of LINES)
      assert.deepEqual(parseCommandLine([], line), { values: {}, positionals: [], issues: [] });
  });
});
