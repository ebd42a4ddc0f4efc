// The administrators' templates (packaging/policy/) against the key table: generated from it
// and committed in step, well-formed XML (saxes), every key present with its lock, every
// ADMX reference resolved in the ADML, and the example profile's payload read back through
// the macOS source without a warning.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build as buildPlist, parse as parsePlist } from 'plist';
import { SaxesParser } from 'saxes';
import { SETTINGS, SETTING_KEYS } from '../../src/core/config/keys';
import { loadPlistPolicy } from '../../src/core/config/macos-plist';
import {
  TEMPLATE_FILES,
  renderAdml,
  renderAdmx,
  renderMobileconfig,
} from '../../scripts/policy-templates';

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

/** Every element with its attributes and text; throws on XML that is not well-formed. */
function elements(xml: string): Element[] {
  const parser = new SaxesParser();
  const out: Element[] = [];
  const open: Element[] = [];
  parser.on('opentag', (tag) => {
    const el = { name: tag.name, attributes: tag.attributes as Record<string, string>, text: '' };
    out.push(el);
    open.push(el);
  });
  parser.on('text', (t) => {
    if (open.length) open[open.length - 1]!.text += t;
  });
  parser.on('closetag', () => void open.pop());
  parser.write(xml).close();
  return out;
}

const read = (file: string) => readFile(new URL(`../../${file}`, import.meta.url), 'utf8');

void test('the committed templates are the ones the key table generates', async () => {
  assert.equal(await read(TEMPLATE_FILES.admx), renderAdmx(), 'run: node --import tsx scripts/policy-templates.ts'); // prettier-ignore
  assert.equal(await read(TEMPLATE_FILES.adml), renderAdml());
  assert.equal(await read(TEMPLATE_FILES.mobileconfig), renderMobileconfig());
});

void test('ADMX/ADML: well-formed, every key a policy with its value and its lock, every reference resolved', async () => {
  const admx = elements(await read(TEMPLATE_FILES.admx));
  const adml = elements(await read(TEMPLATE_FILES.adml));
  const policies = admx.filter((e) => e.name === 'policy');
  assert.deepEqual(
    policies.map((p) => p.attributes.name),
    SETTING_KEYS,
  );
  for (const key of SETTING_KEYS) {
    const writers = admx.filter(
      (e) => e.attributes.valueName === key && !e.attributes.key?.endsWith('\\Locked'),
    );
    const lock = admx.filter(
      (e) => e.attributes.id === `${key}_Locked` && e.attributes.key?.endsWith('\\Locked'),
    );
    assert.equal(writers.length, 1, `${key}: one element or policy writes the value`);
    assert.equal(lock.length, 1, `${key}: a Locked checkbox`);
    const expected = {
      boolean: 'policy',
      string: 'text',
      object: 'text',
      list: 'multiText',
      integer: 'decimal',
      enum: 'enum',
    }[SETTINGS[key].type];
    assert.equal(writers[0]!.name, expected, key);
  }
  const strings = new Set(adml.filter((e) => e.name === 'string').map((e) => e.attributes.id));
  const presentations = adml.filter((e) => e.name === 'presentation');
  const ids = new Set(admx.map((e) => e.attributes.id).filter(Boolean));
  for (const e of admx)
    for (const value of Object.values(e.attributes)) {
      const ref = /^\$\((string|presentation)\.([^)]+)\)$/.exec(value);
      if (!ref) continue;
      if (ref[1] === 'string') assert.ok(strings.has(ref[2]), `ADML string ${ref[2]}`);
      else
        assert.ok(
          presentations.some((p) => p.attributes.id === ref[2]),
          `presentation ${ref[2]}`,
        );
    }
  for (const e of adml.filter((x) => x.attributes.refId))
    assert.ok(ids.has(e.attributes.refId), `ADMX element ${e.attributes.refId}`);
});

void test('.mobileconfig: well-formed, every key in the payload, read back by the macOS source without a warning', async () => {
  const text = await read(TEMPLATE_FILES.mobileconfig);
  elements(text);
  const profile = parsePlist(text) as { PayloadContent: Record<string, unknown>[] };
  const payload = profile.PayloadContent[0]!;
  for (const key of SETTING_KEYS) assert.ok(key in payload, key);
  // what macOS writes to /Library/Managed Preferences/<PayloadType>.plist: the payload dict
  const file = join(await mkdtemp(join(tmpdir(), 'mobileconfig-')), 'org.x2go.launcher.plist');
  await writeFile(file, buildPlist(payload as Parameters<typeof buildPlist>[0]));
  await chmod(file, 0o644);
  const { config, warnings } = await loadPlistPolicy(file, process.getuid?.() ?? 0);
  assert.deepEqual(warnings, []);
  assert.deepEqual(Object.keys(config!.values).sort(), [...SETTING_KEYS].sort());
  assert.deepEqual(config!.locked, ['brokerUrl', 'allowRememberPassword', 'allowAddHostKeys']);
});

void test('docs/policy.md lists every key of the table, in its order', async () => {
  const rows = [...(await read('docs/policy.md')).matchAll(/^\| `([A-Za-z]+)` \|/gm)].map(
    (m) => m[1],
  );
  assert.deepEqual(rows, SETTING_KEYS);
});
