// What hostile icons and names cost against benign inputs of the same size, same run
// (issue 8 point 5: every scan over broker text is linear). Each row times the hostile input
// and a benign one of equal length through the same code, and prints the ratio:
//   icon:  decodeIcon (base64 → sniff → saxes parse → allowlist → re-serialise), hostile
//          SVG shapes vs a real-world-style SVG padded to the same length;
//   names: normaliseProfile + the renderer's catalogue model (folder tree) for a name of
//          50,000 and 100,000 `/` pieces vs a two-piece name of the same length (≤ 10×).
// Target for icons: hostile ≤ 3× benign (linear in the input with a comparable constant). The SVG shape
// that was quadratic in the old regex check (`<!DOCTYPE svg` + whitespace + `[`) took 3.5 s at
// 40 KB before; it is the first row here at 200 KB.
// Run: npm run bench -- hostile   (or node --import tsx bench/hostile-inputs-icons.ts)
import { performance } from 'node:perf_hooks';
import { decodeIcon } from '../src/core/broker/icon';
import type { RawFields } from '../src/shared/model';
import { normaliseProfile } from '../src/core/broker/profile';
import { Catalogue } from '../src/renderer/catalogue/model';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const TARGET = 3;
const NAME_TARGET = 10;

function median(fn: () => unknown, runs = 5): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** A benign SVG of exactly `length` characters: gradient, use, paths, then padding rects. */
function benignSvg(length: number): string {
  const head = `<svg ${NS} xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 48 48"><defs><linearGradient id="g"><stop offset="0" stop-color="#3465a4"/></linearGradient></defs><use xlink:href="#r"/>`;
  const tail = '</svg>';
  const unit = '<rect id="r" x="1" y="2" width="3" height="4" style="fill:url(#g);stroke:#000"/>';
  let body = '';
  while (head.length + body.length + unit.length + tail.length <= length) body += unit;
  const pad = length - head.length - body.length - tail.length;
  return `${head}${body}${' '.repeat(pad)}${tail}`;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const SIZE = 200_000;

const hostileSvgs: Record<string, string> = {
  'DOCTYPE + 200 KB whitespace + [': `<!DOCTYPE svg${' '.repeat(SIZE)}[<svg ${NS}/>`,
  '200 KB whitespace prolog, good svg': `<?xml version="1.0"?>${' '.repeat(SIZE)}<svg ${NS}/>`,
  'nesting: 66,000 <g>': `<svg ${NS}>${'<g>'.repeat(Math.floor(SIZE / 3))}`,
  'attributes: 20,000 on one element': `<svg ${NS}${Array.from({ length: 20_000 }, (_, i) => ` a${i}="1"`).join('')}/>`,
  'style: one 200 KB value': `<svg ${NS}><rect style="fill:${'a'.repeat(SIZE)}"/></svg>`,
  'style sheet: 16,000 rules': `<svg ${NS}><style>${'.a{fill:red}'.repeat(16_000)}</style></svg>`,
  'comments: 28,000 in the prolog': `${'<!---->'.repeat(28_000)}<svg ${NS}/>`,
  'url( without ) 200 KB': `<svg ${NS}><rect fill="url(${'#'.repeat(SIZE)}"/></svg>`,
};

const row = (label: string, a: number, b: number) =>
  `${label.padEnd(40)} hostile ${a.toFixed(1).padStart(7)} ms  benign ${b.toFixed(1).padStart(7)} ms  ratio ${(a / b).toFixed(2)}× (target ≤ ${TARGET}×) ${a / b <= TARGET ? 'OK' : 'OVER'}`;

let over = 0;
for (const [label, hostile] of Object.entries(hostileSvgs)) {
  const benign = benignSvg(hostile.length);
  if (benign.length !== hostile.length) throw new Error('benign input has the wrong size');
  const h = b64(hostile);
  const g = b64(benign);
  if (decodeIcon(g)?.mime !== 'image/svg+xml') throw new Error('benign SVG refused');
  const result = decodeIcon(h)?.mime ?? 'refused';
  const th = median(() => decodeIcon(h));
  const tg = median(() => decodeIcon(g));
  if (th / tg > TARGET) over++;
  console.log(
    `${row(`icon ${label}`, th, tg)}  [${result}, ${(hostile.length / 1024).toFixed(0)} KB]`,
  );
}

function nameCost(name: string): number {
  const fields = Object.assign(Object.create(null) as RawFields, { name, command: 'KDE' });
  return median(() => new Catalogue([normaliseProfile({ id: 'p', fields })]));
}
// Names: the per-piece work (trim, drop empty pieces) is inherent, so the many-piece name may
// cost a few times the same-size two-piece one (target ≤ 10×; before the depth cap the
// catalogue built one path per ancestor: 100,000 pieces meant ~40 GB of path strings).
// (A bare split('/') is no baseline: V8 caches its result. Nor is the growth between sizes:
// it is dominated by GC on this shared machine, for the benign name as much.)
for (const pieces of [50_000, 100_000]) {
  const deep = Array.from({ length: pieces }, () => 'abcdefg').join('/');
  const th = nameCost(deep);
  const tb = nameCost(`Folder/${'x'.repeat(deep.length - 7)}`);
  if (th / tb > NAME_TARGET) over++;
  console.log(
    `${`name of ${pieces} / pieces (${(deep.length / 1024).toFixed(0)} KB)`.padEnd(40)} ours ${th.toFixed(1).padStart(7)} ms  benign ${tb.toFixed(1).padStart(7)} ms  ratio ${(th / tb).toFixed(2)}× (target ≤ ${NAME_TARGET}×) ${th / tb <= NAME_TARGET ? 'OK' : 'OVER'}`,
  );
}
process.exitCode = over ? 1 : 0;
