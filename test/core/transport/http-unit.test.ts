// Request encoding and error-page handling of the HTTP transport (no network).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeForm, stripHtml } from '../../../src/core/transport/http';

describe('encodeForm', () => {
  it('E1 UTF-8 password percent-encoded', () => {
    assert.equal(
      encodeForm({ task: 'listsessions', user: 'jacques', password: 'thérèse' }),
      'task=listsessions&user=jacques&password=th%C3%A9r%C3%A8se',
    );
  });
  it('E2/P16 every value percent-encoded, spaces as %20', () => {
    assert.equal(
      encodeForm({ task: 'selectsession', sid: "p1 x+y&z%!'()*" }),
      'task=selectsession&sid=p1%20x%2By%26z%25%21%27%28%29%2A',
    );
    assert.equal(
      encodeForm({ task: 'selectsession', sid: 'weird id with spaces & amp' }),
      'task=selectsession&sid=weird%20id%20with%20spaces%20%26%20amp',
    );
  });
  it('E3 password blanks kept; empty authid omitted; auth task is empty', () => {
    assert.equal(
      encodeForm({ task: 'auth', user: 'u', password: ' p ', authid: '' }),
      'task=&user=u&password=%20p%20',
    );
  });
  it('field order as x2goclient: task, sid, user, password, authid, login', () => {
    assert.equal(
      encodeForm({
        login: 'l',
        authid: 'c',
        password: 'p',
        user: 'u',
        sid: 's',
        task: 'selectsession',
      }),
      'task=selectsession&sid=s&user=u&password=p&authid=c&login=l',
    );
  });
});

describe('stripHtml', () => {
  it("Tornado's error page → its text", () => {
    assert.equal(
      stripHtml(
        '<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>',
      ),
      '500: Internal Server Error',
    );
  });
});

describe('stripHtml on hostile pages (linear scan; timings in bench/hostile-inputs.ts)', () => {
  it('1.2 MB of <body><body>… gives its (empty) text instead of backtracking', () => {
    assert.equal(stripHtml('<body>'.repeat(200_000)), '');
    assert.equal(stripHtml(`<html><body>${'<body>'.repeat(200_000)}Oops</body>`), 'Oops');
  });
  it('unclosed tags, scripts and styles', () => {
    assert.equal(stripHtml('<'.repeat(500_000)).length, 301); // 300 chars + …
    assert.equal(stripHtml(`a <b ${'<'.repeat(100_000)}`).slice(0, 4), 'a <b');
    assert.equal(stripHtml(`x${'<script>'.repeat(100_000)}`), 'x');
    assert.equal(stripHtml('<body>a<script>alert(1)</script>b<style>p{}</style>c</body>'), 'a b c');
    assert.equal(stripHtml('<BODY class="x">Error &amp;lt; &lt;b&gt;</BODY>'), 'Error &lt; <b>');
  });
  it('control characters in the page are escaped, the text is capped', () => {
    assert.equal(stripHtml('<body>a\u001b[2Jb</body>'), 'a\\x1b[2Jb');
    assert.equal(stripHtml(`<body>${'word '.repeat(10_000)}</body>`).length, 301);
  });
});
