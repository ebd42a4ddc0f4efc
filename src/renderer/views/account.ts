// The signed-in user's broker actions beside "Sign out" — "Change password" (x2goclient's
// --change-broker-pass, task setpass) and "Test connection" (--connectivity-test, task testcon)
// — and the language choice (system / English / Deutsch / Français, shown locked when the
// policy key `language` fixes it). Each dialog says the broker's answer in words: success, a
// refused current password, a broker that does not change passwords (x2gobroker 0.0.4.3) …
// through the error panel, like every other error.
import type { ApiError, StartupState, X2GoApi } from '../../shared/api';
import { h, replaceChildren } from '../dom';
import { LOCALES, MESSAGES, resolveLocale, t, type Locale } from '../i18n';
import { displayText } from '../text';
import { errorPanel } from './error-panel';

/** Who is signed in where (display forms). */
export interface AccountContext {
  brokerUrl: string;
  user: string | null;
}

/** A modal <dialog> (focus trap, Esc) removed from the page when closed. */
function modal(id: string, heading: string): { dialog: HTMLDialogElement; body: HTMLElement } {
  const body = h('div', { class: 'account-body' });
  const dialog = h(
    'dialog',
    { class: 'prompt account-dialog', attrs: { 'aria-labelledby': id, 'data-dialog': id } },
    h('h2', { attrs: { id }, text: heading }),
    body,
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body };
}

function passwordField(label: string, name: string): { box: HTMLElement; input: HTMLInputElement } {
  const input = h('input', {
    attrs: {
      type: 'password',
      name,
      autocomplete: name === 'current' ? 'current-password' : 'new-password',
      id: `setpass-${name}`,
    },
  });
  const box = h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: input.id }, text: label }),
    input,
  );
  return { box, input };
}

/** "Change password": current, new, new again; the broker's answer in place. */
export function openChangePassword(api: X2GoApi, who: AccountContext): HTMLDialogElement {
  const { dialog, body } = modal('setpass-heading', t('setpass.heading'));
  const current = passwordField(t('setpass.current'), 'current');
  const next = passwordField(t('setpass.new'), 'new');
  const repeat = passwordField(t('setpass.repeat'), 'repeat');
  const outcome = h('div', {
    class: 'account-outcome',
    attrs: { 'aria-live': 'polite', 'data-testid': 'setpass-outcome' },
  });
  const submit = h('button', {
    class: 'primary',
    text: t('setpass.submit'),
    attrs: { type: 'submit' },
  });
  const close = h('button', {
    text: t('common.cancel'),
    attrs: { type: 'button' },
    on: { click: () => dialog.close() },
  });
  const showError = (error: ApiError) => replaceChildren(outcome, errorPanel(error));
  const form = h(
    'form',
    { class: 'setpass-form', attrs: { novalidate: true } },
    h('p', {
      class: 'sub',
      text: t('setpass.sub', {
        user: displayText(who.user ?? '—', 80),
        broker: displayText(who.brokerUrl, 200),
      }),
    }),
    current.box,
    next.box,
    repeat.box,
    outcome,
    h('div', { class: 'actions' }, close, submit),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    // the checks that need no broker, with the same codes as the core's
    if (next.input.value !== repeat.input.value)
      return showError({
        kind: 'usage',
        code: 'broker.setpass.mismatch',
        params: {},
        details: {},
        message: t('err.broker.setpass.mismatch'),
      });
    submit.disabled = true;
    replaceChildren(outcome, h('p', { class: 'status', text: t('setpass.working') }));
    void api.changeBrokerPassword(current.input.value, next.input.value).then((r) => {
      submit.disabled = false;
      if (!r.ok) return showError(r.error);
      for (const f of [current, next, repeat]) f.input.value = '';
      replaceChildren(outcome, h('p', { class: 'success', text: t('setpass.done') }));
      close.textContent = t('common.close');
      submit.hidden = true;
    });
  });
  body.append(form);
  current.input.focus();
  return dialog;
}

/** "Test connection": the broker's connectivity test and its round trip, or why it failed. */
export function openTestConnection(api: X2GoApi, who: AccountContext): HTMLDialogElement {
  const { dialog, body } = modal('testcon-heading', t('testcon.heading'));
  const broker = displayText(who.brokerUrl, 200);
  const outcome = h('div', {
    class: 'account-outcome',
    attrs: { 'aria-live': 'polite', 'data-testid': 'testcon-outcome' },
  });
  const again = h('button', { text: t('testcon.again'), attrs: { type: 'button' } });
  const run = () => {
    again.disabled = true;
    replaceChildren(outcome, h('p', { class: 'status', text: t('testcon.working', { broker }) }));
    void api.testConnection().then((r) => {
      again.disabled = false;
      replaceChildren(
        outcome,
        r.ok
          ? h('p', { class: 'success', text: t('testcon.ok', { broker, ms: r.value.ms }) })
          : errorPanel(r.error),
      );
    });
  };
  again.addEventListener('click', run);
  body.append(
    outcome,
    h(
      'div',
      { class: 'actions' },
      again,
      h('button', {
        class: 'primary',
        text: t('common.close'),
        attrs: { type: 'button' },
        on: { click: () => dialog.close() },
      }),
    ),
  );
  run();
  return dialog;
}

/** The two account buttons for the catalogue's top bar (signed in only). */
export function accountButtons(api: X2GoApi, who: () => AccountContext): HTMLElement {
  return h(
    'div',
    { class: 'account-tools' },
    h('button', {
      class: 'quiet',
      text: t('account.changePassword'),
      attrs: { type: 'button', 'data-action': 'change-password' },
      on: { click: () => void openChangePassword(api, who()) },
    }),
    h('button', {
      class: 'quiet',
      text: t('account.testConnection'),
      attrs: { type: 'button', 'data-action': 'test-connection' },
      on: { click: () => void openTestConnection(api, who()) },
    }),
  );
}

/**
 * The language choice: "System language (…)" then each language by its own name. Locked
 * (disabled, with the reason) when the policy fixes it. `choose` gets the new setting.
 */
export function languageChoice(
  startup: StartupState,
  choose: (locale: Locale | null) => void,
): HTMLElement {
  const locked = startup.locked.includes('locale');
  const system = resolveLocale(null, navigator.languages);
  const select = h(
    'select',
    {
      attrs: {
        id: 'language-choice',
        'data-testid': 'language-choice',
        disabled: locked,
        'aria-describedby': locked ? 'language-locked' : null,
      },
    },
    h('option', {
      text: t('language.system', { language: MESSAGES[system][`language.${system}`] }),
      attrs: { value: '' },
    }),
    ...LOCALES.map((l) =>
      h('option', { text: MESSAGES[l][`language.${l}`], attrs: { value: l, lang: l } }),
    ),
  );
  select.value = startup.settings.locale ?? '';
  select.addEventListener('change', () =>
    choose(select.value === '' ? null : (select.value as Locale)),
  );
  return h(
    'div',
    { class: 'language-choice' },
    h('label', { attrs: { for: 'language-choice' }, text: t('language.label') }),
    select,
    locked
      ? h('span', { class: 'help', attrs: { id: 'language-locked' }, text: t('language.locked') })
      : null,
  );
}
