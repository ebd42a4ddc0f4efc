// "About this configuration" (issue 11): a read-only dialog with every effective setting, its
// source (default, policy, user, command line), whether the administrator locked it and the
// policy file / registry key it came from. The data is the CLI's `config --json` report, made
// by one function in main (src/core/config/report.ts) and fetched over IPC (getConfiguration).
// Nothing here can change a setting. Values are shown as JSON text (never parsed as HTML).
import type { ConfigurationReport, ConfigurationSource } from '../../shared/configuration';
import { append, h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { displayText } from '../text';

const SOURCE_KEYS: Record<ConfigurationSource, MessageKey> = {
  default: 'about.source.default',
  policy: 'about.source.policy',
  user: 'about.source.user',
  'command line': 'about.source.commandLine',
};

/** A value as one line of text: JSON, `(not set)` for null, an empty list as `[]`. */
export function formatSettingValue(value: unknown): string {
  if (value === null || value === undefined) return t('about.unset');
  return displayText(typeof value === 'string' ? value : JSON.stringify(value), 300);
}

/** The dialog's content for `report` (a table, the policy location and its warnings). */
export function aboutConfigContent(report: ConfigurationReport): HTMLElement {
  const location = displayText(report.policy.location, 300);
  const rows = Object.entries(report.settings).map(([key, s]) =>
    h(
      'tr',
      {
        attrs: {
          'data-setting': key,
          'data-source': s.source,
          'data-locked': s.locked ? 'true' : 'false',
        },
      },
      h('th', { class: 'mono', text: key, attrs: { scope: 'row' } }),
      h('td', { class: 'mono selectable value', text: formatSettingValue(s.value) }),
      h(
        'td',
        { class: 'source' },
        h('span', { text: t(SOURCE_KEYS[s.source]) }),
        s.origin
          ? h('span', {
              class: 'origin',
              text: ` ${t('about.origin', { origin: displayText(s.origin, 300) })}`,
            })
          : null,
      ),
      h('td', { class: 'locked', text: s.locked ? t('about.locked') : '' }),
    ),
  );
  return h(
    'div',
    { class: 'about-config-body' },
    h('p', { class: 'help', text: t('about.intro') }),
    h('p', {
      class: 'mono selectable',
      attrs: { 'data-testid': 'about-policy' },
      text: report.policy.present
        ? t('about.policy', { location })
        : t('about.policy.absent', { location }),
    }),
    report.policy.warnings.length
      ? h(
          'div',
          { class: 'help warning', attrs: { role: 'note' } },
          h('strong', { text: t('about.warnings') }),
          h('ul', {}, ...report.policy.warnings.map((w) => h('li', { text: displayText(w, 400) }))),
        )
      : null,
    h(
      'div',
      { class: 'about-config-scroll' },
      h(
        'table',
        { class: 'about-config-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { text: t('about.col.setting'), attrs: { scope: 'col' } }),
            h('th', { text: t('about.col.value'), attrs: { scope: 'col' } }),
            h('th', { text: t('about.col.source'), attrs: { scope: 'col' } }),
            h('th', { text: t('about.col.locked'), attrs: { scope: 'col' } }),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}

/**
 * Open the read-only dialog: fetches the report through `load` (window.x2go.getConfiguration),
 * shows it, and removes itself when closed (Close button or Esc). Returns the dialog.
 */
export function showAboutConfig(load: () => Promise<ConfigurationReport>): HTMLDialogElement {
  const dialog = h('dialog', {
    class: 'prompt about-config',
    attrs: { 'aria-labelledby': 'about-config-heading', 'data-testid': 'about-config' },
  });
  const body = h('div', { attrs: { 'aria-busy': 'true' } });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  dialog.addEventListener('close', () => dialog.remove());
  append(
    dialog,
    h('h2', { attrs: { id: 'about-config-heading' }, text: t('about.heading') }),
    body,
    h(
      'div',
      { class: 'actions' },
      h('button', {
        class: 'primary',
        text: t('common.close'),
        attrs: { type: 'button', 'data-action': 'close-about' },
        on: { click: close },
      }),
    ),
  );
  document.body.append(dialog);
  dialog.showModal();
  load().then(
    (report) => {
      body.replaceChildren(aboutConfigContent(report));
      body.setAttribute('aria-busy', 'false');
    },
    () => {
      body.replaceChildren(h('p', { class: 'help warning', text: t('about.failed') }));
      body.setAttribute('aria-busy', 'false');
    },
  );
  return dialog;
}

/** The link-style button that opens the dialog (sign-in screen and catalogue). */
export function aboutConfigButton(open: () => void): HTMLButtonElement {
  return h('button', {
    class: 'link about-config-link',
    text: t('about.open'),
    attrs: { type: 'button', 'data-action': 'about-config' },
    on: { click: open },
  });
}
