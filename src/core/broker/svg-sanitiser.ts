// SVG icons from the broker (issue 8 point 6): parsed with a real XML parser (saxes: strict,
// streaming, one pass over the text) and accepted only when every element, attribute and
// style is on an allowlist of static SVG drawing; anything else — script in any namespace,
// event handlers, links, animation, foreignObject, images, external references, entity
// declarations, processing instructions, non-UTF-8 encodings — refuses the whole icon, and
// the caller shows the default one. An accepted icon is not passed on as sent: it is written
// out again from the parse (our own namespace declarations, escaping and UTF-8, no DOCTYPE, no
// comments, editor metadata dropped), so a browser reads exactly the tree we checked and no
// difference between two XML parsers can smuggle anything past the check.
//
// Linear in the input: saxes reads each character once; our handlers do constant work per
// event apart from the value checks in svg-css.ts (linear in the value); nesting depth,
// element count and attributes per element are capped so no per-element cost can grow.
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import {
  isLocalFragment,
  isSafeCssValue,
  isSafeDeclarationList,
  isSafeStyleSheet,
  stripCssComments,
  SVG_PRESENTATION_PROPERTIES,
} from './svg-css';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/**
 * Namespaces of editors' bookkeeping (Inkscape, Sodipodi, RDF/Dublin Core/Creative Commons
 * metadata, Sketch, Affinity): their elements and attributes are accepted and dropped from
 * the output, so real-world icons saved by these editors are not refused for them.
 */
const EDITOR_NAMESPACES: ReadonlySet<string> = new Set([
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://creativecommons.org/ns#',
  'http://web.resource.org/cc/',
  'http://purl.org/dc/elements/1.1/',
  'http://www.bohemiancoding.com/sketch/ns',
  'http://www.serif.com/',
]);

/** Static SVG drawing elements (SVG 1.1 / SVG 2), in the SVG namespace. */
const SVG_ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite',
  'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight',
  'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur',
  'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight',
  'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
]); // prettier-ignore

/** SVG elements whose whole subtree is dropped from the output (editors' metadata). */
const DROPPED_SVG_ELEMENTS: ReadonlySet<string> = new Set(['metadata']);

/** Geometry and filter attributes (no namespace) of the elements above. */
const SVG_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id', 'class', 'style', 'transform', 'version', 'baseProfile', 'viewBox',
  'preserveAspectRatio', 'x', 'y', 'z', 'width', 'height', 'rx', 'ry', 'cx', 'cy', 'r', 'fx',
  'fy', 'fr', 'x1', 'y1', 'x2', 'y2', 'points', 'd', 'pathLength', 'dx', 'dy', 'rotate',
  'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing', 'side', 'type', 'media',
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'patternUnits',
  'patternContentUnits', 'patternTransform', 'clipPathUnits', 'maskUnits', 'maskContentUnits',
  'markerUnits', 'markerWidth', 'markerHeight', 'refX', 'refY', 'orient', 'filterUnits',
  'primitiveUnits', 'filterRes', 'in', 'in2', 'result', 'stdDeviation', 'values',
  'tableValues', 'slope', 'intercept', 'amplitude', 'exponent', 'k1', 'k2', 'k3', 'k4',
  'operator', 'mode', 'scale', 'xChannelSelector', 'yChannelSelector', 'radius',
  'baseFrequency', 'numOctaves', 'seed', 'stitchTiles', 'kernelMatrix', 'order', 'divisor',
  'bias', 'targetX', 'targetY', 'edgeMode', 'preserveAlpha', 'kernelUnitLength',
  'surfaceScale', 'diffuseConstant', 'specularConstant', 'specularExponent', 'azimuth',
  'elevation', 'pointsAtX', 'pointsAtY', 'pointsAtZ', 'limitingConeAngle', 'href',
  'enable-background', 'overflow',
]); // prettier-ignore

/** Limits that keep a hostile icon's cost proportional to its size. */
export const SVG_LIMITS = {
  /** Deepest element nesting accepted (real icons stay well below 30). */
  maxDepth: 64,
  /** Most elements in one icon. */
  maxElements: 20_000,
  /** Most attributes on one element (namespace declarations included). */
  maxAttributes: 100,
} as const;

/** Why an SVG was refused (tests and logs; the user just sees the default icon). */
export class SvgRefused extends Error {}

function refuse(reason: string): never {
  throw new SvgRefused(reason);
}

function escapeXml(text: string, attribute: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | null = null;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (attribute && c === 0x22) rep = '&quot;';
    else if (attribute && (c === 0x09 || c === 0x0a || c === 0x0d)) rep = `&#${c};`;
    if (rep !== null) {
      out += text.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/** One attribute checked: its output form (`name="value"`), '' to drop it, or a refusal. */
function checkAttribute(element: string, attr: SaxesAttributeNS): string {
  const { uri, local, value } = attr;
  if (uri === XMLNS_NS) return ''; // namespace declarations: we write our own
  if (uri !== undefined && EDITOR_NAMESPACES.has(uri)) return '';
  if (value.includes('\\')) refuse(`backslash in ${attr.name}`);
  let name: string;
  if (uri === '' || uri === undefined) {
    if (local.startsWith('-inkscape')) return '';
    if (!SVG_ATTRIBUTES.has(local) && !SVG_PRESENTATION_PROPERTIES.has(local))
      refuse(`attribute ${local} on <${element}>`);
    name = local;
  } else if (uri === XLINK_NS && local === 'href') {
    name = 'xlink:href';
  } else if (uri === XLINK_NS && local === 'title') {
    return ''; // a tooltip for links we do not allow anyway
  } else if (uri === XML_NS && (local === 'space' || local === 'lang')) {
    name = `xml:${local}`;
  } else {
    refuse(`attribute ${attr.name} (${uri}) on <${element}>`);
  }
  if (local === 'href') {
    if (!isLocalFragment(value.trim())) refuse(`${name} to something other than #id`);
  } else if (local === 'style') {
    const css = stripCssComments(value);
    if (css === null || !isSafeDeclarationList(css)) refuse('style attribute');
    return `style="${escapeXml(css, true)}"`;
  } else if (!isSafeCssValue(value)) {
    refuse(`value of ${name} on <${element}>`);
  }
  return `${name}="${escapeXml(value, true)}"`;
}

/**
 * The SVG re-serialised from its parse when everything in it is on the allowlist, else null.
 * `text` is the decoded document (UTF-8, BOM removed). Never throws.
 */
export function sanitiseSvgText(text: string): string | null {
  try {
    return sanitiseOrThrow(text);
  } catch {
    return null;
  }
}

/** As sanitiseSvgText, but a refusal throws SvgRefused (or saxes' Error) with the reason. */
export function sanitiseOrThrow(text: string): string {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const out: string[] = [];
  /** For each open element: whether it is written out (false inside a dropped subtree). */
  const stack: { name: string; kept: boolean; style: boolean }[] = [];
  let elements = 0;
  let attributes = 0;
  let sawRoot = false;
  let usesXlink = false;
  let rootIndex = -1;
  let styleText = '';

  parser.on('error', (e) => {
    throw e; // saxes would otherwise go on after a well-formedness error
  });
  parser.on('xmldecl', (decl) => {
    if (decl.version !== undefined && decl.version !== '1.0') refuse('XML version');
    if (decl.encoding !== undefined && decl.encoding.toLowerCase() !== 'utf-8')
      refuse(`encoding ${decl.encoding}`); // we decoded as UTF-8; a browser must too
  });
  parser.on('doctype', (doctype) => {
    // An external-ID-only `<!DOCTYPE svg PUBLIC …>` (old Illustrator exports) is dropped; an
    // internal subset (entity declarations, the billion-laughs kind) is refused.
    if (doctype.includes('[') || !/^\s*svg[\s>]/.test(`${doctype}>`)) refuse('DOCTYPE');
  });
  parser.on('processinginstruction', () => refuse('processing instruction'));
  parser.on('opentagstart', () => {
    attributes = 0;
    if (++elements > SVG_LIMITS.maxElements) refuse('too many elements');
    if (stack.length >= SVG_LIMITS.maxDepth) refuse('nested too deeply');
  });
  parser.on('attribute', () => {
    if (++attributes > SVG_LIMITS.maxAttributes) refuse('too many attributes');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    const { local } = tag;
    // No namespace at all (a hand-written `<svg viewBox=…>`) is read as SVG, as Qt's renderer
    // in x2goclient does; the output declares the SVG namespace, so a browser reads it so too.
    const uri = tag.uri === '' ? SVG_NS : tag.uri;
    if (!sawRoot) {
      if (uri !== SVG_NS || local !== 'svg') refuse('root element is not <svg>');
      sawRoot = true;
    }
    const inDropped = parent !== undefined && !parent.kept;
    if (EDITOR_NAMESPACES.has(uri)) {
      // Editor elements carry no drawing; their subtree is dropped but still checked.
      stack.push({ name: tag.name, kept: false, style: false });
      return;
    }
    if (uri !== SVG_NS) refuse(`element ${tag.name} (${uri})`);
    if (DROPPED_SVG_ELEMENTS.has(local)) {
      stack.push({ name: local, kept: false, style: false });
      return;
    }
    if (!SVG_ELEMENTS.has(local)) refuse(`element <${local}>`);
    if (inDropped) refuse(`<${local}> inside editor metadata`);
    if (parent?.style) refuse('element inside <style>');
    const attrs: string[] = [];
    for (const attr of Object.values(tag.attributes)) {
      const written = checkAttribute(local, attr);
      if (written) attrs.push(written);
      if (written.startsWith('xlink:')) usesXlink = true;
    }
    if (local === 'style') {
      const type = tag.attributes.type?.value.trim().toLowerCase();
      if (type !== undefined && type !== '' && type !== 'text/css') refuse('style type');
      styleText = '';
    }
    if (stack.length === 0) rootIndex = out.length;
    out.push(`<${local}${attrs.map((a) => ` ${a}`).join('')}>`);
    stack.push({ name: local, kept: true, style: local === 'style' });
  });
  const onText = (text: string) => {
    const top = stack[stack.length - 1];
    if (!top) return; // whitespace around the root (saxes refuses anything else there)
    if (!top.kept) return;
    if (top.style) styleText += text;
    else out.push(escapeXml(text, false));
  };
  parser.on('text', onText);
  parser.on('cdata', onText); // written back as escaped text: no CDATA section survives
  parser.on('closetag', () => {
    const top = stack.pop();
    if (!top || !top.kept) return;
    if (top.style) {
      const css = stripCssComments(styleText);
      if (css === null || !isSafeStyleSheet(css)) refuse('style sheet');
      out.push(escapeXml(css, false));
    }
    out.push(`</${top.name}>`);
  });

  parser.write(text).close();
  if (!sawRoot || rootIndex !== 0) refuse('no <svg> root');
  const ns = ` xmlns="${SVG_NS}"${usesXlink ? ` xmlns:xlink="${XLINK_NS}"` : ''}`;
  out[0] = out[0]!.replace(/^<svg/, `<svg${ns}`);
  return out.join('');
}
