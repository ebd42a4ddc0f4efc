// The health check's rescue commands and its CLI rendering (docs/health-check.md): exact
// commands with the check's options carried over to the commands that take them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatHealthReport,
  healthExitCode,
  healthJson,
} from '../../../src/core/cli/commands/check';
import { rescueCommands, shellQuote } from '../../../src/core/health/rescue';
import { parseSessionInfoLine } from '../../../src/core/broker/session-info';
import type { HealthReport } from '../../../src/shared/health';

const info = parseSessionInfoLine(
  '4242|ann-50-1764440000_stDxterm_dp24|50|srv|S|2026-11-29T10:00:00|0123456789abcdef0123456789abcdef|127.0.0.1|30001|30002|2026-11-29T11:00:00|ann|34|30003',
)!;
const values = {
  'broker-url': 'https://broker.example/plain/',
  'broker-password-file': '/home/ann/pw file',
  client: 'pyhoca-cli',
  'ssh-key': '/home/ann/.ssh/id_ed25519',
  'no-autoresume': false,
  json: true,
};
const report: HealthReport = {
  profileId: 'desk',
  broker: 'https://broker.example/plain/',
  server: { host: 'srv', port: 22 },
  client: 'pyhoca-cli',
  lines: [
    { id: 'broker', status: 'pass', summary: 'ok' },
    {
      id: 'host-key',
      status: 'fail',
      summary: 'unknown key',
      next: 'add it',
      subject: '/home/ann/.ssh/known_hosts',
      error: {
        kind: 'host-key',
        code: 'host-key.unknown',
        params: { host: 'srv', keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' },
        message: 'unknown key',
        details: {},
      },
    },
  ],
  sessions: [{ info, resumedByLaunch: true }],
  ok: false,
  checkedAt: '2026-11-29T12:00:00.000Z',
  ms: 1234,
};

describe('rescue commands', () => {
  it('resume / terminate / new carry only the options each command takes', () => {
    const c = rescueCommands('desk', report.sessions[0]!, values);
    assert.deepEqual(c.resume, [
      'x2go-launcher',
      'launch',
      'desk',
      '--broker-url',
      'https://broker.example/plain/',
      '--broker-password-file',
      '/home/ann/pw file',
      '--client',
      'pyhoca-cli',
      '--ssh-key',
      '/home/ann/.ssh/id_ed25519',
    ]);
    // terminate takes no --client
    assert.deepEqual(c.terminate, [
      'x2go-launcher',
      'terminate',
      'desk',
      info.name,
      '--broker-url',
      'https://broker.example/plain/',
      '--broker-password-file',
      '/home/ann/pw file',
      '--ssh-key',
      '/home/ann/.ssh/id_ed25519',
    ]);
    assert.deepEqual(c.new.slice(0, 4), ['x2go-launcher', 'launch', 'desk', '--no-autoresume']);
    assert.equal(rescueCommands('desk', { info, resumedByLaunch: false }, values).resume, null);
  });

  it('quotes for a POSIX shell', () => {
    assert.equal(shellQuote('/home/ann/pw file'), "'/home/ann/pw file'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote('plain-arg_1.2'), 'plain-arg_1.2');
  });

  it('the text report: FAIL line with next step, the session with its three commands', () => {
    const text = formatHealthReport(report, values);
    assert.match(text, /^ {2}FAIL {2}host-key +unknown key$/m);
    assert.match(text, /next: add it/);
    assert.match(text, /^ {2}resume: {4}x2go-launcher launch desk --broker-url/m);
    assert.match(
      text,
      /terminate: x2go-launcher terminate desk ann-50-1764440000_stDxterm_dp24 .*'\/home\/ann\/pw file'/,
    );
    assert.match(text, /1 check\(s\) failed/);
    assert.equal(healthExitCode(report), 4);
    const json = healthJson(report, values) as {
      exitCode: number;
      sessions: { actions: { terminate: string[] } }[];
    };
    assert.equal(json.exitCode, 4);
    assert.equal(json.sessions[0]!.actions.terminate[1], 'terminate');
  });
});
