// An error shown in place: what happened (heading per kind), the message (translated from its
// code and parameters, main's English text for an unknown code), what to do next (localised), and the facts an admin needs (certificate with fingerprint, codes, broker message).
// Every value is inserted as text.
import type { ApiError } from '../../shared/api';
import { GLYPHS, glyph, h } from '../dom';
import { errorMessage, formatDate, t } from '../i18n';
import { displayText } from '../text';

export interface ErrorActions {
  retry?: () => void;
  back?: () => void;
  openExternal?: (url: string) => void;
}

export const X2GO_INSTALL_URL = 'https://wiki.x2go.org/doku.php/download:start';

export function errorPanel(error: ApiError, actions: ErrorActions = {}): HTMLElement {
  const d = error.details ?? {};
  const facts: [string, string, boolean][] = [];
  if (d.certificate) {
    const c = d.certificate;
    facts.push([t('error.cert.subject'), c.subject, false]);
    facts.push([t('error.cert.issuer'), c.issuer, false]);
    facts.push([
      t('error.cert.valid'),
      t('error.cert.validRange', { from: formatDate(c.validFrom), to: formatDate(c.validTo) }),
      false,
    ]);
    facts.push([t('error.cert.fingerprint'), c.fingerprint256, true]);
  }
  if (d.hostKeyFingerprint) facts.push([t('error.hostKeyFingerprint'), d.hostKeyFingerprint, true]);
  if (d.httpStatus) facts.push([t('error.httpStatus'), String(d.httpStatus), false]);
  if (d.code) facts.push([t('error.code'), d.code, true]);
  if (d.brokerMessage) facts.push([t('error.brokerMessage'), d.brokerMessage, false]);
  // The core's hint is English and written for the command line as well: the localised
  // next step above is what the person reads; the hint stays available for the admin.
  if (d.hint) facts.push([t('error.hint'), d.hint, false]);

  const panel = h(
    'section',
    {
      class: `error-panel kind-${error.kind}`,
      attrs: { role: 'alert', 'data-error-kind': error.kind },
    },
    h(
      'div',
      { class: 'error-title' },
      glyph(GLYPHS.warning, 'glyph error-glyph'),
      h('h2', { text: t(`error.heading.${error.kind}`) }),
    ),
    h('p', { class: 'error-message' }, h('bdi', { text: displayText(errorMessage(error), 500) })),
    h('p', { class: 'error-next', text: t(`error.next.${error.kind}`) }),
  );
  if (error.kind === 'client') {
    panel.append(
      h(
        'ul',
        { class: 'install-steps' },
        h('li', {}, h('code', { text: t('error.client.debian') })),
        h('li', {}, h('code', { text: t('error.client.fedora') })),
        h('li', { text: t('error.client.other') }),
      ),
    );
  }
  if (facts.length) {
    const dl = h('dl', { class: 'error-facts' });
    for (const [label, value, mono] of facts)
      dl.append(
        h('dt', { text: label }),
        h(
          'dd',
          { class: mono ? 'mono selectable' : 'selectable' },
          h('bdi', { text: displayText(value, 400) }),
        ),
      );
    panel.append(
      h(
        'details',
        { attrs: { open: error.kind === 'tls' } },
        h('summary', { text: t('common.details') }),
        dl,
      ),
    );
  }
  const buttons = h('div', { class: 'error-actions' });
  if (actions.retry)
    buttons.append(
      h('button', {
        class: 'primary',
        text: t('common.retry'),
        attrs: { type: 'button', 'data-action': 'retry' },
        on: { click: actions.retry },
      }),
    );
  if (error.kind === 'client' && actions.openExternal) {
    const open = actions.openExternal;
    buttons.append(
      h('button', {
        text: t('error.client.website'),
        attrs: { type: 'button' },
        on: { click: () => open(X2GO_INSTALL_URL) },
      }),
    );
  }
  if (actions.back)
    buttons.append(
      h('button', {
        text: t('common.back'),
        attrs: { type: 'button', 'data-action': 'back' },
        on: { click: actions.back },
      }),
    );
  if (buttons.childElementCount) panel.append(buttons);
  return panel;
}
