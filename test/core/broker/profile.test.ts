// RawProfile → BrokerProfile normalisation, icons and SESSION_INFO lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeIcon, MAX_ICON_BYTES, sniffImage } from '../../../src/core/broker/icon';
import type { RawFields } from '../../../src/shared/model';
import {
  MAX_FOLDER_DEPTH,
  normaliseProfile,
  parseBool,
  parseList,
  splitProfileName,
} from '../../../src/core/broker/profile';
import { parseSessionInfoLine } from '../../../src/core/broker/session-info';

const PNG_16 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mPQqzUiCTGMahjVMHw1AAB63t0BySdljwAAAABJRU5ErkJggg==';
const SVG_16 =
  'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxNiIgaGVpZ2h0PSIxNiI+PHJlY3Qgd2lkdGg9IjE2IiBoZWlnaHQ9IjE2IiByeD0iMyIgZmlsbD0iIzE1NjVjMCIvPjwvc3ZnPg==';

const fields = (o: Record<string, unknown>) => Object.assign(Object.create(null), o) as RawFields;

describe('normaliseProfile', () => {
  it('P1/P11: plain strings and JSON types normalise identically', () => {
    const plain = normaliseProfile({
      id: 'pool-multi',
      fields: fields({
        name: 'Folder/Sub/Pool session',
        host: 'ts01,ts02,ts03',
        command: 'XFCE',
        user: 'test',
        rootless: '0',
        sshport: '22',
        usebrokerpass: 'true',
      }),
    });
    const json = normaliseProfile({
      id: 'pool-multi',
      fields: fields({
        name: 'Folder/Sub/Pool session',
        host: ['ts01', 'ts02', 'ts03'],
        command: 'XFCE',
        user: 'test',
        rootless: false,
        sshport: 22,
        usebrokerpass: 'true',
      }),
    });
    const { raw: _a, ...p } = plain;
    const { raw: _b, ...j } = json;
    assert.deepEqual(p, j);
    assert.deepEqual(p, {
      id: 'pool-multi',
      name: 'Folder/Sub/Pool session',
      label: 'Pool session',
      folder: 'Folder/Sub',
      command: 'XFCE',
      kind: 'desktop',
      hosts: ['ts01', 'ts02', 'ts03'],
      sshPort: 22,
      user: 'test',
      rootless: false,
      published: false,
      icon: null,
      status: null,
    });
  });

  it('defaults: name falls back to the ID, command TERMINAL, port 22', () => {
    const p = normaliseProfile({ id: 'bare', fields: fields({}) });
    assert.deepEqual(
      [p.name, p.label, p.folder, p.command, p.kind, p.sshPort, p.hosts, p.user, p.rootless],
      ['bare', 'bare', '', 'TERMINAL', 'application', 22, [], '', true],
    );
  });

  it('kinds from command and flags', () => {
    const kind = (o: Record<string, unknown>) =>
      normaliseProfile({ id: 'k', fields: fields(o) }).kind;
    assert.equal(kind({ command: 'RDP' }), 'rdp');
    assert.equal(kind({ command: 'SHADOW' }), 'shadow');
    assert.equal(kind({ command: 'XDMCP' }), 'xdmcp');
    assert.equal(kind({ command: 'PUBLISHED' }), 'published');
    assert.equal(kind({ command: 'TERMINAL', published: 'true' }), 'published');
    assert.equal(kind({ command: 'KDE', kdrive: '1' }), 'kdrive');
    assert.equal(kind({ command: 'mate' }), 'desktop');
    assert.equal(kind({ command: 'xterm -fa Monospace' }), 'application');
  });

  it('status R/S, odd folder slashes, bad ports, keys in other case', () => {
    const p = normaliseProfile({
      id: 'x',
      fields: fields({ Name: '/Staff//Linux/ KDE ', STATUS: 's', sshport: '99999' }),
    });
    assert.deepEqual(
      [p.folder, p.label, p.status, p.sshPort],
      ['Staff/Linux', 'KDE', 'suspended', 22],
    );
    assert.equal(normaliseProfile({ id: 'y', fields: fields({ status: 'R' }) }).status, 'running');
  });

  it('raw keeps every field untouched in a prototype-free record', () => {
    const p = normaliseProfile({
      id: 'x',
      fields: fields({ 'extra-custom-key': 'hello world', __proto__: 'x' }),
    });
    assert.equal(p.raw['extra-custom-key'], 'hello world');
    assert.equal(Object.getPrototypeOf(p.raw), null);
  });

  it('icon from base64 PNG', () => {
    const p = normaliseProfile({ id: 'x', fields: fields({ icon: PNG_16 }) });
    assert.equal(p.icon?.mime, 'image/png');
    assert.ok(p.icon?.dataUrl.startsWith('data:image/png;base64,iVBOR'));
  });
});

describe('parseBool / parseList', () => {
  it('P11 accepts 1/0/true/false/yes/no in any case', () => {
    assert.deepEqual(['1', 'TRUE', 'yes', 'On', 1, true].map(parseBool), [
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    assert.deepEqual(['0', 'false', 'NO', 'off', 0, false].map(parseBool), [
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    assert.deepEqual(['', 'maybe', 2, null, undefined].map(parseBool), [
      null,
      null,
      null,
      null,
      null,
    ]);
  });
  it('lists from comma strings or arrays', () => {
    assert.deepEqual(parseList('a, b,,c'), ['a', 'b', 'c']);
    assert.deepEqual(parseList(['a', 'b']), ['a', 'b']);
    assert.deepEqual(parseList(undefined), []);
  });
});

describe('profile names (folders)', () => {
  it('folder depth is capped; the deeper pieces stay in the label, nothing is lost', () => {
    const deep = Array.from({ length: 100_000 }, (_, i) => `f${i}`).join('/');
    const p = normaliseProfile({ id: 'x', fields: fields({ name: deep }) });
    const pieces = deep.split('/');
    assert.equal(p.folder, pieces.slice(0, MAX_FOLDER_DEPTH).join('/'));
    assert.equal(p.label, pieces.slice(MAX_FOLDER_DEPTH).join('/'));
    assert.equal(`${p.folder}/${p.label}`, deep);
    assert.equal(p.name, deep);
  });
  it('empty pieces and slashes only', () => {
    assert.deepEqual(splitProfileName('//a// b /c//', 'id'), ['a/b', 'c']);
    assert.deepEqual(splitProfileName('/'.repeat(200_000), 'id'), ['', 'id']);
    assert.deepEqual(splitProfileName(' '.repeat(200_000), 'id'), ['', 'id']);
    const shallow = Array.from({ length: MAX_FOLDER_DEPTH + 1 }, (_, i) => `${i}`).join('/');
    assert.deepEqual(splitProfileName(shallow, 'id'), [
      shallow.slice(0, shallow.lastIndexOf('/')),
      `${MAX_FOLDER_DEPTH}`,
    ]);
  });
});

describe('decodeIcon', () => {
  it('sniffs PNG, SVG (the fixture icons), JPEG and GIF from bytes', () => {
    assert.equal(decodeIcon(PNG_16)?.mime, 'image/png');
    assert.equal(decodeIcon(SVG_16)?.mime, 'image/svg+xml');
    assert.equal(
      decodeIcon(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).toString('base64'))?.mime,
      'image/jpeg',
    );
    assert.equal(
      decodeIcon(Buffer.from('GIF89a\x01\x00\x01\x00').toString('base64'))?.mime,
      'image/gif',
    );
  });
  it('the declared type of a data URL is ignored: the bytes decide', () => {
    assert.equal(decodeIcon(`data:image/gif;base64,${PNG_16}`)?.mime, 'image/png');
  });
  it('refuses non-images, bad base64, x2goclient resource paths and oversize icons', () => {
    assert.equal(
      decodeIcon(Buffer.from('<html><script>alert(1)</script></html>').toString('base64')),
      null,
    );
    assert.equal(decodeIcon('not base64!!'), null);
    assert.equal(decodeIcon(':/img/icons/128x128/x2gosession.png'), null);
    assert.equal(decodeIcon(123), null);
    const big = Buffer.alloc(MAX_ICON_BYTES + 1);
    Buffer.from(PNG_16, 'base64').copy(big);
    assert.equal(decodeIcon(big.toString('base64')), null);
  });
  it('refuses SVG with script, event handlers, foreignObject or entities', () => {
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
      '<svg><foreignObject><div/></foreignObject></svg>',
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>',
      '<svg><a href="javascript:alert(1)"/></svg>',
    ])
      assert.equal(sniffImage(Buffer.from(svg)), null, svg);
    assert.equal(
      sniffImage(Buffer.from('<?xml version="1.0"?>\n<!-- c --><svg viewBox="0 0 1 1"/>')),
      'image/svg+xml',
    );
  });
});

describe('parseSessionInfoLine', () => {
  it('reads the fields and the session name parts', () => {
    const i = parseSessionInfoLine(
      '30342|alice-50-1414759661_stDMATE_dp24|50|ts02|S|2014-10-31T13:47:41|c0|10.1.2.3|30001|30002|2014-10-31T13:47:43|alice|34\r',
    )!;
    assert.deepEqual(
      [i.agentPid, i.display, i.status, i.clientIp, i.typeLetter, i.command, i.depth],
      [30342, 50, 'S', '10.1.2.3', 'D', 'MATE', 24],
    );
  });
  it('rejects short lines, bad status and names that are not session names', () => {
    assert.equal(parseSessionInfoLine('1|2|3|4|5|6|7|8|9'), null);
    assert.equal(parseSessionInfoLine('1|n_stDX_dp24|50|h|X|t|c|ip|1|2|t'), null);
    assert.equal(parseSessionInfoLine('1|$(id)|50|h|S|t|c|ip|1|2|t'), null);
  });
});
