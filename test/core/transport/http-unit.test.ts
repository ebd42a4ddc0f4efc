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
