// The icon data URLs `list --json` prints, opened in Debian's Chromium the most dangerous way:
// as a top-level document (an SVG document runs its script there; an <img> never does). SVGs
// that look hostile but pass the sanitiser (script-like text in titles, CDATA, editor
// attributes, comments) are opened from decodeIcon()'s data URL and must not run anything;
// a positive control opens the same kind of SVG unsanitised and must run, so the check can fail.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { decodeIcon } from '../../src/core/broker/icon';
import { CHROMIUM } from './helpers/harness';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Accepted by the sanitiser; each would set window.__pwned if any of its text ran. */
const ACCEPTED_LOOKALIKES: Record<string, string> = {
  'escaped script in title': `<svg ${NS}><title>&lt;script&gt;window.__pwned=1&lt;/script&gt;</title><rect width="9" height="9"/></svg>`,
  'script in CDATA text': `<svg ${NS}><text x="1" y="9"><![CDATA[<script>window.__pwned=2</script><img src=x onerror="window.__pwned=2">]]></text></svg>`,
  'handler-looking text': `<svg ${NS}><desc>" onload="window.__pwned=3</desc><g><rect width="9" height="9" fill="#123"/></g></svg>`,
  'comment around script': `<svg ${NS}><!-- <script>window.__pwned=4</script> --><circle r="4"/></svg>`,
  'editor attributes with script': `<svg ${NS} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="&lt;script&gt;window.__pwned=5&lt;/script&gt;"><rect width="9" height="9"/></svg>`,
  'style comment with import': `<svg ${NS}><style>/* @import url(javascript:window.__pwned=6) */ rect{fill:#0a0}</style><rect width="9" height="9"/></svg>`,
};

/** The unsanitised control: the same kind of document, which Chromium does run. */
const CONTROL = `<svg ${NS} onload="window.__pwned='control'"><rect width="9" height="9"/></svg>`;

let browser: Browser | null = null;
const skip = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (scripts/ci-install-packages.sh installs it)`;
if (skip && process.env.CI === 'true') throw new Error(skip);

before(async () => {
  if (skip) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});
after(async () => browser?.close());

/** Open `url` as a top-level document; what window.__pwned is afterwards, and requests made. */
async function open(url: string): Promise<{ pwned: unknown; requests: string[] }> {
  const page = await browser!.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  try {
    await page.goto(url);
    await page.waitForTimeout(150); // let onload/animations fire, if anything could
    const pwned = await page.evaluate(() => (window as { __pwned?: unknown }).__pwned);
    return { pwned, requests };
  } finally {
    await page.close();
  }
}

describe('icon data URLs opened in Chromium', { skip }, () => {
  it('positive control: an unsanitised SVG document runs its onload in this browser', async () => {
    const r = await open(`data:image/svg+xml;base64,${b64(CONTROL)}`);
    assert.equal(r.pwned, 'control');
    assert.equal(decodeIcon(b64(CONTROL)), null, 'and the sanitiser refuses it');
  });

  for (const [name, svg] of Object.entries(ACCEPTED_LOOKALIKES)) {
    it(`${name}: accepted, and nothing runs or loads`, async () => {
      const icon = decodeIcon(b64(svg));
      assert.ok(icon, 'the sanitiser should accept this one');
      assert.equal(icon.mime, 'image/svg+xml');
      const r = await open(icon.dataUrl);
      assert.equal(r.pwned, undefined);
      assert.deepEqual(r.requests, []);
    });
  }
});
