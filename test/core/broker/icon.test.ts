// SVG icons from a hostile broker (issue 8 point 6): refused unless every element, attribute
// and style is on the allowlist; accepted ones come back re-serialised; pathological inputs
// (the shapes that made the old regex check quadratic) get the right answer. Timing is
// measured by bench/hostile-inputs-icons.ts, never asserted here.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  decodeIcon,
  revalidateIcon,
  sanitiseSvg,
  sniffImage,
  MAX_ICON_BYTES,
} from '../../../src/core/broker/icon';
import type { RawFields } from '../../../src/shared/model';
import { normaliseProfile } from '../../../src/core/broker/profile';
import { sanitiseOrThrow, SVG_LIMITS } from '../../../src/core/broker/svg-sanitiser';
import { profileJson } from '../../../src/core/cli/commands/list';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XL = 'xmlns:xlink="http://www.w3.org/1999/xlink"';
const svg = (body: string, attrs = '') => `<svg ${NS} ${XL}${attrs}>${body}</svg>`;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const clean = (text: string) => sanitiseSvg(Buffer.from(text, 'utf8'))?.toString('utf8') ?? null;

/** Each must be refused whole (the default icon is shown instead). */
const HOSTILE: Record<string, string> = {
  script: svg('<script>alert(1)</script>'),
  'script with type': svg('<script type="text/ecmascript">alert(1)</script>'),
  'CDATA script': svg('<script><![CDATA[alert(1)]]></script>'),
  'xhtml script': svg(
    '<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>',
  ),
  'script under default XHTML namespace': svg(
    '<g><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></g>',
  ),
  'root in XHTML namespace': '<svg xmlns="http://www.w3.org/1999/xhtml"><rect/></svg>',
  'html root': '<html><body><script>alert(1)</script></body></html>',
  onload: svg('', ' onload="alert(1)"'),
  'onclick on path': svg('<path d="M0 0" onclick="alert(1)"/>'),
  'ONLOAD upper case': svg('', ' ONLOAD="alert(1)"'),
  'namespaced event attribute': svg(
    '',
    ' xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="x"',
  ),
  'xlink:href http': svg('<use xlink:href="http://evil.example/x.svg#a"/>'),
  'xlink:href javascript': svg('<use xlink:href="javascript:alert(1)"/>'),
  'xlink:href data': svg('<use xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
  'href javascript with spaces': svg('<use href=" javascript:alert(1)"/>'),
  'href external with fragment': svg('<use href="other.svg#a"/>'),
  'anchor link': svg('<a href="javascript:alert(1)"><rect/></a>'),
  'anchor to #id': svg('<a href="#x"><rect id="x"/></a>'),
  foreignObject: svg(
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
  ),
  image: svg('<image href="http://evil.example/track.png"/>'),
  'image data URL': svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'),
  feImage: svg('<filter id="f"><feImage href="http://evil.example/x"/></filter>'),
  'animate href to javascript': svg(
    '<a><animate attributeName="href" to="javascript:alert(1)"/><rect/></a>',
  ),
  'set href': svg('<use href="#a"><set attributeName="href" to="javascript:alert(1)"/></use>'),
  animateTransform: svg('<rect><animateTransform attributeName="transform"/></rect>'),
  'entity declaration': `<!DOCTYPE svg [<!ENTITY x "y">]>${svg('<text>&x;</text>')}`,
  'billion laughs': `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>${svg('<text>&c;</text>')}`,
  'external entity': `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`,
  'undeclared entity': svg('<text>&x;</text>'),
  'DOCTYPE of another root': `<!DOCTYPE html>${svg('')}`,
  'processing instruction': svg('<?xml-stylesheet href="http://evil.example/x.css"?>'),
  'stylesheet PI in prolog': `<?xml-stylesheet type="text/css" href="http://evil.example/x.css"?>${svg('')}`,
  'style @import': svg('<style>@import url(http://evil.example/x.css);</style>'),
  'style @import string': svg('<style>@import "http://evil.example/x.css";</style>'),
  'style @font-face': svg('<style>@font-face{font-family:x;src:url(http://e.example/f)}</style>'),
  'style url(http)': svg('<style>rect{fill:url(http://evil.example/x#a)}</style>'),
  'style attribute url(http)': svg('<rect style="fill:url(http://evil.example/x)"/>'),
  'style attribute url quoted': svg(`<rect style="fill:url('https://evil.example/x')"/>`),
  'style attribute image-set': svg(
    '<rect style="fill:image-set(&quot;http://e.example/x&quot; 1x)"/>',
  ),
  'style escape spelling url': svg('<rect style="fill:u\\72l(http://e.example/x)"/>'),
  'style comment splitting url': svg('<rect style="fill:ur/**/l(http://e.example/x)"/>'),
  'style unknown property': svg('<rect style="background-image:url(#a)"/>'),
  'style -moz-binding': svg('<rect style="-moz-binding:url(#a)"/>'),
  'style custom property': svg('<rect style="--x:url(http://e.example/)"/>'),
  'style element script-looking CDATA': svg(
    '<style><![CDATA[ rect{fill:url(http://e.example/x)} ]]></style>',
  ),
  'style open comment': svg('<style>/* rect{fill:red}</style>'),
  'style brace in string': svg(
    `<style>rect{font-family:"}"; fill:url(http://e.example/x)}</style>`,
  ),
  'style non-CSS type': svg('<style type="text/javascript">x</style>'),
  'element inside style': svg('<style><rect/></style>'),
  'presentation attribute url(http)': svg('<rect fill="url(http://evil.example/x#a)"/>'),
  'mask url(data)': svg('<rect mask="url(data:image/svg+xml,x)"/>'),
  'filter attribute external': svg('<rect filter="url(other.svg#f)"/>'),
  'xml:base': svg('<use xml:base="http://evil.example/" href="#a"/>'),
  'unknown element': svg('<blink/>'),
  'metadata hiding script': svg('<metadata><script>alert(1)</script></metadata>'),
  'editor element hiding svg script': svg(
    '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"><script>alert(1)</script></sodipodi:namedview>',
  ),
  'UTF-16 declared': `<?xml version="1.0" encoding="UTF-16"?>${svg('')}`,
  'ISO-8859-1 declared': `<?xml version="1.0" encoding="ISO-8859-1"?>${svg('')}`,
  'XML 1.1': `<?xml version="1.1"?>${svg('')}`,
  'not well-formed': `<svg ${NS}><g></svg>`,
  'two roots': `${svg('')}${svg('')}`,
  'text after root': `${svg('')}<script>alert(1)</script>`,
  'unbound prefix': `<svg ${NS}><x:script/></svg>`,
  'duplicate attribute': `<svg ${NS} width="1" width="2"/>`,
  'backslash in attribute': svg('<rect fill="\\75rl(http://e.example)"/>'),
  'javascript in id-looking href': svg('<use href="#a" xlink:href="javascript:x"/>'),
};

describe('SVG icon sanitiser: hostile SVGs are refused', () => {
  for (const [name, text] of Object.entries(HOSTILE)) {
    it(name, () => {
      assert.throws(() => sanitiseOrThrow(text), `accepted: ${text}`);
      assert.equal(sniffImage(Buffer.from(text)), null);
      assert.equal(decodeIcon(b64(text)), null);
    });
  }

  it('deep nesting beyond the limit', () => {
    const depth = SVG_LIMITS.maxDepth + 1;
    const text = `<svg ${NS}>${'<g>'.repeat(depth)}${'</g>'.repeat(depth)}</svg>`;
    assert.throws(() => sanitiseOrThrow(text), /nested too deeply/);
    // …and far beyond it: 200,000 levels in ~1 MB
    const deep = `<svg ${NS}>${'<g>'.repeat(200_000)}`;
    assert.equal(clean(deep), null);
  });
  it('a huge attribute count', () => {
    const attrs = Array.from({ length: 50_000 }, (_, i) => ` data-a${i}="1"`).join('');
    assert.throws(() => sanitiseOrThrow(`<svg ${NS}${attrs}/>`), /too many attributes/);
    const allowed = Array.from({ length: SVG_LIMITS.maxAttributes + 1 }, (_, i) => ` x="${i}"`);
    // (duplicates are a well-formedness error too; distinct names over the cap:)
    const distinct = allowed.map((_, i) => ` xmlns:p${i}="urn:x${i}"`).join('');
    assert.throws(() => sanitiseOrThrow(`<svg ${NS}${distinct}/>`), /too many attributes/);
  });
  it('too many elements', () => {
    const text = `<svg ${NS}>${'<rect/>'.repeat(SVG_LIMITS.maxElements)}</svg>`;
    assert.throws(() => sanitiseOrThrow(text), /too many elements/);
  });
});

describe('SVG icon sanitiser: the shapes that were quadratic get the right answer', () => {
  const W = ' '.repeat(200_000);
  it('200 KB of whitespace inside a DOCTYPE before an unclosed internal subset', () => {
    assert.equal(clean(`<!DOCTYPE svg${W}[${svg('')}`), null);
  });
  it('200 KB of whitespace in the prolog before a good SVG', () => {
    const out = clean(`<?xml version="1.0"?>${W}<!-- c -->${W}${svg('<rect width="1"/>')}`);
    assert.equal(out, `<svg ${NS}><rect width="1"></rect></svg>`);
  });
  it('100,000 comments in the prolog', () => {
    assert.equal(clean(`${'<!---->'.repeat(100_000)}${svg('')}`), `<svg ${NS}></svg>`);
  });
  it('a style value of 500,000 name characters and one without a closing url paren', () => {
    const long = `fill:${'a'.repeat(500_000)}`;
    assert.equal(
      clean(svg(`<rect style="${long}"/>`)),
      `<svg ${NS}><rect style="${long}"></rect></svg>`,
    );
    assert.equal(clean(svg(`<rect style="fill:url(${'#'.repeat(200_000)}"/>`)), null);
    assert.equal(clean(svg(`<rect fill="${'a('.repeat(100_000)}"/>`)), null);
  });
  it('a style sheet of 100,000 rules', () => {
    const sheet = '.a{fill:red}'.repeat(100_000);
    assert.equal(clean(svg(`<style>${sheet}</style>`)), `<svg ${NS}><style>${sheet}</style></svg>`);
    assert.equal(clean(svg(`<style>${'.a{'.repeat(100_000)}</style>`)), null);
  });
});

/** A real-world Inkscape icon: metadata, namedview, gradients, defs, use #id, style attributes. */
const INKSCAPE = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   width="48" height="48" viewBox="0 0 48 48" version="1.1" id="svg8"
   inkscape:version="1.0 (4035a4fb49, 2020-05-01)" sodipodi:docname="session.svg">
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="lg1">
      <stop style="stop-color:#3465a4;stop-opacity:1" offset="0" id="stop1"/>
      <stop style="stop-color:#204a87;stop-opacity:1" offset="1" id="stop2"/>
    </linearGradient>
    <radialGradient xlink:href="#lg1" id="rg1" cx="24" cy="24" r="20"
       gradientUnits="userSpaceOnUse" gradientTransform="matrix(1,0,0,0.5,0,12)"/>
    <filter id="blur" style="color-interpolation-filters:sRGB">
      <feGaussianBlur stdDeviation="0.8"/>
    </filter>
    <clipPath id="clip"><rect width="40" height="30" x="4" y="8"/></clipPath>
  </defs>
  <sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="8">
    <inkscape:grid type="xygrid" id="grid1"/>
  </sodipodi:namedview>
  <metadata id="metadata5">
    <rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
      <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/><dc:title/></cc:Work></rdf:RDF>
  </metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect id="screen" style="fill:url(#rg1);stroke:#2e3436;stroke-width:1.5;filter:url(#blur)"
       width="40" height="30" x="4" y="8" rx="2" clip-path="url(#clip)"/>
    <use xlink:href="#screen" transform="translate(0,2)" opacity="0.3"/>
    <path d="M 18,40 H 30 L 28,44 H 20 Z" fill="#555753"/>
    <text x="24" y="28" style="font-family:'DejaVu Sans';font-size:8px;text-anchor:middle"
       xml:space="preserve">X2Go &amp; co</text>
  </g>
</svg>`;

/** An Illustrator-style icon: DOCTYPE with an external ID, a <style> sheet, classes. */
const ILLUSTRATOR = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg" x="0px" y="0px"
	 viewBox="0 0 32 32" style="enable-background:new 0 0 32 32;" xml:space="preserve">
<style type="text/css">
	.st0{fill:#1565C0;}
	.st1{fill:none;stroke:#FFFFFF;stroke-width:2;stroke-linecap:round;}
	/* a comment */
	#Layer_1 rect.st0 { opacity: 0.9 }
</style>
<rect class="st0" width="32" height="32" rx="4"/>
<polyline class="st1" points="8,12 14,16 8,20"/>
<line class="st1" x1="16" y1="21" x2="24" y2="21"/>
</svg>`;

describe('SVG icon sanitiser: real-world icons are kept', () => {
  it('an Inkscape icon: editor metadata dropped, drawing kept, re-serialised', () => {
    const out = clean(INKSCAPE);
    assert.ok(out, 'refused');
    assert.ok(out.startsWith(`<svg ${NS} ${XL} width="48"`), out.slice(0, 120));
    for (const gone of ['inkscape', 'sodipodi', 'rdf:', 'metadata', '<!--', '<?xml', 'purl.org'])
      assert.ok(!out.includes(gone), gone);
    for (const kept of [
      '<radialGradient xlink:href="#lg1"',
      '<use xlink:href="#screen" transform="translate(0,2)"',
      'style="fill:url(#rg1);stroke:#2e3436;stroke-width:1.5;filter:url(#blur)"',
      'clip-path="url(#clip)"',
      '<feGaussianBlur stdDeviation="0.8"></feGaussianBlur>',
      'xml:space="preserve">X2Go &amp; co</text>',
    ])
      assert.ok(out.includes(kept), kept);
    // the output is itself accepted unchanged (a fixed point)
    assert.equal(clean(out), out);
  });
  it('an Illustrator icon: DOCTYPE dropped, style sheet kept without its comment', () => {
    const out = clean(ILLUSTRATOR);
    assert.ok(out, 'refused');
    assert.ok(!out.includes('DOCTYPE') && !out.includes('a comment'));
    assert.ok(out.includes('.st0{fill:#1565C0;}') && out.includes('class="st1"'));
    assert.equal(clean(out), out);
  });
  it('a hand-written SVG without a namespace gets the SVG namespace', () => {
    assert.equal(
      clean('<svg viewBox="0 0 1 1"><circle r="1"/></svg>'),
      `<svg ${NS} viewBox="0 0 1 1"><circle r="1"></circle></svg>`,
    );
  });
  it("the app's own default icons", () => {
    const dir = join(import.meta.dirname, '../../../src/renderer/icons');
    const files = readdirSync(dir).filter((f) => f.endsWith('.svg'));
    assert.ok(files.length >= 8);
    for (const f of files) assert.ok(clean(readFileSync(join(dir, f), 'utf8')), f);
  });
  it('a UTF-8 BOM, a UTF-8 declaration and non-ASCII text', () => {
    const out = clean(
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>${svg('<title>Büro – 事務所</title>')}`,
    );
    assert.equal(out, `<svg ${NS}><title>Büro – 事務所</title></svg>`);
  });
  it('CDATA text is kept as escaped text', () => {
    assert.equal(
      clean(svg('<text><![CDATA[a<b & c]]></text>')),
      `<svg ${NS}><text>a&lt;b &amp; c</text></svg>`,
    );
  });
});

describe('icon data URLs (what list --json prints and the renderer shows)', () => {
  const good = svg('<!-- x --><rect width="1"/>');
  it('an SVG icon carries the sanitised bytes, not the broker’s', () => {
    const icon = decodeIcon(b64(good));
    assert.equal(icon?.mime, 'image/svg+xml');
    assert.equal(
      icon?.dataUrl,
      `data:image/svg+xml;base64,${b64(`<svg ${NS}><rect width="1"></rect></svg>`)}`,
    );
  });
  it('only the four image types, base64, whatever the broker labels it', () => {
    for (const value of [
      `data:text/html;base64,${b64(good)}`,
      `data:image/svg+xml;base64,${b64(good)}`,
      `DATA:application/xhtml+xml;charset=utf-8;BASE64,${b64(good)}`,
    ])
      assert.equal(decodeIcon(value)?.mime, 'image/svg+xml', value);
    assert.equal(
      decodeIcon(`data:text/html;base64,${b64('<html><script>x</script></html>')}`),
      null,
    );
    assert.equal(decodeIcon(`data:image/svg+xml,${encodeURIComponent(good)}`), null); // not base64
    assert.equal(decodeIcon(`data:text/html,${'A'.repeat(40)}`), null);
    const pattern = /^data:image\/(png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;
    for (const value of [b64(good), b64(INKSCAPE), b64(ILLUSTRATOR)])
      assert.match(decodeIcon(value)?.dataUrl ?? '', pattern);
  });
  it('raster images are recognised by their bytes and kept as sent', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    assert.equal(
      decodeIcon(png.toString('base64'))?.dataUrl,
      `data:image/png;base64,${png.toString('base64')}`,
    );
    const htmlInGif = Buffer.from('GIF89a<html><script>alert(1)</script>');
    assert.equal(decodeIcon(htmlInGif.toString('base64'))?.mime, 'image/gif');
  });
  it('a cached icon is checked again (an older version’s lax SVG is dropped)', () => {
    const lax = `data:image/svg+xml;base64,${b64(svg('<a href="javascript:x"><rect/></a>'))}`;
    assert.equal(revalidateIcon({ dataUrl: lax, mime: 'image/svg+xml', bytes: 1 }), null);
    assert.equal(revalidateIcon({ dataUrl: 'javascript:alert(1)', mime: 'image/png' }), null);
    assert.equal(revalidateIcon('x'), null);
    const ok = decodeIcon(b64(good));
    assert.deepEqual(revalidateIcon(ok), ok);
  });
  it('the size cap applies to the decoded bytes', () => {
    const padded = svg(`<title>${'x'.repeat(MAX_ICON_BYTES)}</title>`);
    assert.equal(decodeIcon(b64(padded)), null);
  });
});

describe('list --json', () => {
  it('raw.icon holds the sanitised data URL, never the broker’s own value', () => {
    const hostile = `data:text/html;base64,${b64('<script>alert(1)</script>')}`;
    const ok = svg('<rect width="1"/>');
    for (const [value, expected] of [
      [hostile, null],
      [b64(ok), decodeIcon(b64(ok))?.dataUrl],
    ] as const) {
      const p = normaliseProfile({
        id: 'p',
        fields: Object.assign(Object.create(null) as RawFields, {
          name: 'x',
          Icon: value,
          host: 'h',
        }),
      });
      const json = profileJson(p);
      assert.equal(json.icon, expected ?? null);
      assert.equal(json.raw.Icon, expected ?? null);
      assert.equal(json.raw.host, 'h');
    }
  });
});

describe('raster icons: canonical base64 reused, every other form re-encoded', () => {
  it('gives the data URL of the decoded bytes, whatever padding and trailing bits the broker sent', async () => {
    const fc = (await import('fast-check')).default;
    const MAGIC = [
      Buffer.from('89504e470d0a1a0a', 'hex'),
      Buffer.from('ffd8ff', 'hex'),
      Buffer.from('GIF89a', 'latin1'),
      Buffer.from('GIF87a', 'latin1'),
    ];
    const MIME = ['image/png', 'image/jpeg', 'image/gif', 'image/gif'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.integer({ min: 0, max: 3 }), // 0: canonical; 1: unpadded; 2: a trailing bit set; 3: both
        (kind, tail, form) => {
          const bytes = Buffer.concat([MAGIC[kind]!, tail]);
          let text = bytes.toString('base64');
          const padding = text.length - text.replace(/=+$/, '').length;
          if ((form & 2) !== 0 && padding > 0) {
            // set the lowest unused bit of the last data character (still decodes the same)
            const i = text.length - 1 - padding;
            const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
            text = text.slice(0, i) + chars[chars.indexOf(text[i]!) | 1] + text.slice(i + 1);
          }
          if ((form & 1) !== 0) text = text.replace(/=+$/, '');
          const icon = decodeIcon(text);
          assert.ok(icon, text);
          assert.equal(icon.mime, MIME[kind]);
          assert.equal(icon.bytes, bytes.length);
          assert.equal(icon.dataUrl, `data:${MIME[kind]};base64,${bytes.toString('base64')}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
