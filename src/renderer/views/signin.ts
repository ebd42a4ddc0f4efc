// The sign-in screen: broker address (remembered, preselected, maybe locked), user, password
// with an honest "remember" option, no-auth / cookie-file / SSH-key variants, progress at
// every wait with Cancel, and errors in place.
import type { ApiError, SignInRequest, StartupState } from '../../shared/api';
import { h, replaceChildren } from '../dom';
import { formatAge, t } from '../i18n';
import type { MessageKey } from '../i18n';
import { displayText } from '../text';
import { errorPanel } from './error-panel';
import { aboutConfigButton } from './about-config';

export interface SignInCallbacks {
  submit(request: SignInRequest): void;
  cancel(): void;
  pickFile(purpose: 'ssh-key' | 'auth-id'): Promise<string | null>;
  /** Absent on a kiosk: it opens no web browser. */
  openExternal?(url: string): void;
  /** Back to the cached catalogue, when there is one. */
  back?: () => void;
  /** fleet-config: open "About this configuration". */
  about?: () => void;
}

/** Several brokers (docs/brokers.md): the form adds a broker to the catalogue. */
export interface SignInOptions {
  /** Submit with `add: true` (the other brokers stay signed in); Cancel goes `back`. */
  add?: boolean;
  /** The broker entry this form signs in to (its header's "Sign in…"), for the heading. */
  brokerLabel?: string;
}

let fieldSeq = 0;
function field(
  label: string,
  input: HTMLInputElement,
  help?: HTMLElement | null,
  extra?: HTMLElement | null,
): HTMLElement {
  input.id ||= `f${++fieldSeq}`;
  if (help) {
    help.id = `${input.id}-help`;
    input.setAttribute('aria-describedby', help.id);
  }
  return h(
    'div',
    { class: 'field' },
    h('label', { text: label, attrs: { for: input.id } }),
    extra ? h('div', { class: 'field-row' }, input, extra) : input,
    help ?? null,
  );
}

function checkbox(label: string, name: string, checked: boolean): [HTMLElement, HTMLInputElement] {
  const input = h('input', { attrs: { type: 'checkbox', name, id: `f${++fieldSeq}` } });
  input.checked = checked;
  return [
    h('div', { class: 'check' }, input, h('label', { text: label, attrs: { for: input.id } })),
    input,
  ];
}

export class SignInView {
  readonly element: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly url: HTMLInputElement;
  private readonly user: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly remember: HTMLInputElement | null;
  private readonly noAuth: HTMLInputElement;
  private readonly authIdFile: HTMLInputElement;
  private readonly sshKey: HTMLInputElement;
  private readonly sshAgent: HTMLInputElement;
  private readonly sshBox: HTMLElement;
  /** Shown while a password would go over plain http:// (readable on the way). */
  private readonly plainHttpNote: HTMLElement;
  private readonly passwordBox: HTMLElement;
  private readonly savedNote: HTMLElement;
  private readonly status: HTMLElement;
  private readonly errorSlot: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private busy = false;
  /** several brokers: Cancel of the add form (back to the catalogue) */
  private readonly addCancel: HTMLButtonElement | null;

  constructor(
    private readonly state: StartupState,
    private readonly cb: SignInCallbacks,
    private readonly options: SignInOptions = {},
  ) {
    const s = state.settings;
    const locked = new Set(state.locked);
    // "Add broker…" starts empty (the remembered brokers stay suggestions); a form for one
    // broker ("Sign in…" in its header) is prefilled with it
    const initialUrl =
      state.prefill.brokerUrl ?? s.lastBroker ?? (options.add ? '' : (s.brokers[0] ?? ''));
    const initialUser = state.prefill.user ?? (initialUrl ? (s.lastUsers[initialUrl] ?? '') : '');

    const listId = 'broker-history';
    this.url = h('input', {
      attrs: {
        type: 'url',
        name: 'url',
        list: listId,
        required: true,
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: 'https://broker.example.org/plain/',
        inputmode: 'url', // on-screen keyboards (kiosk touch mode)
        readonly: locked.has('brokerUrl'),
      },
    });
    this.url.value = initialUrl;
    const datalist = h('datalist', { attrs: { id: listId } });
    for (const b of s.brokers) datalist.append(h('option', { attrs: { value: b } }));

    this.user = h('input', {
      attrs: {
        type: 'text',
        name: 'user',
        autocomplete: 'username',
        inputmode: 'text',
        autocapitalize: 'none',
        spellcheck: 'false',
        readonly: locked.has('user'),
      },
    });
    this.user.value = initialUser;
    this.password = h('input', {
      attrs: { type: 'password', name: 'password', autocomplete: 'current-password' },
    });
    this.savedNote = h('p', { class: 'help', text: t('signin.password.saved') });
    this.savedNote.hidden = !state.savedPassword;

    let rememberRow: HTMLElement;
    const storage = state.passwordStorage;
    if (storage.available && !locked.has('rememberPassword')) {
      const [row, input] = checkbox(t('signin.remember'), 'remember', state.savedPassword);
      rememberRow = row;
      this.remember = input;
    } else {
      this.remember = null;
      const reason: MessageKey =
        storage.reason === 'policy' || locked.has('rememberPassword')
          ? 'signin.remember.policy'
          : storage.reason === 'unsupported'
            ? 'signin.remember.unsupported'
            : 'signin.remember.noKeyring';
      rememberRow = h('p', {
        class: 'help note',
        attrs: { 'data-testid': 'no-keyring' },
        text: t(reason, { backend: displayText(storage.backend, 40) }),
      });
    }

    const [noAuthRow, noAuth] = checkbox(
      t('signin.noAuth'),
      'noAuth',
      state.prefill.noAuth ?? false,
    );
    this.noAuth = noAuth;
    this.noAuth.disabled = locked.has('noAuth');
    this.authIdFile = h('input', {
      attrs: {
        type: 'text',
        name: 'authIdFile',
        spellcheck: 'false',
        readonly: locked.has('authIdFile'),
      },
    });
    this.authIdFile.value = state.prefill.authIdFile ?? '';
    this.sshKey = h('input', { attrs: { type: 'text', name: 'sshKeyFile', spellcheck: 'false' } });
    this.sshKey.value = state.prefill.sshKeyFile ?? '';
    const [agentRow, agent] = checkbox(t('signin.sshAgent'), 'sshAgent', false);
    this.sshAgent = agent;

    const browse = (
      purpose: 'ssh-key' | 'auth-id',
      target: HTMLInputElement,
    ): HTMLElement | null =>
      state.capabilities.filePicker
        ? h('button', {
            text: t('signin.browse'),
            attrs: { type: 'button' },
            on: {
              click: () => {
                void this.cb.pickFile(purpose).then((p) => {
                  if (p) target.value = p;
                });
              },
            },
          })
        : null;

    this.plainHttpNote = h('p', {
      class: 'help warning',
      text: t('signin.plainHttp'),
      attrs: { 'data-testid': 'plain-http-note' },
    });
    this.passwordBox = h(
      'div',
      {},
      field(t('signin.password'), this.password, this.savedNote),
      this.plainHttpNote,
      rememberRow,
    );
    this.sshBox = h(
      'fieldset',
      { class: 'ssh-options' },
      h('legend', { text: 'SSH' }),
      field(t('signin.sshKey'), this.sshKey, null, browse('ssh-key', this.sshKey)),
      agentRow,
    );
    const advanced = h(
      'details',
      {
        class: 'advanced',
        attrs: { open: Boolean(state.prefill.authIdFile || state.prefill.noAuth) },
      },
      h('summary', { text: t('signin.advanced') }),
      noAuthRow,
      field(
        t('signin.authIdFile'),
        this.authIdFile,
        h('p', { class: 'help', text: t('signin.authIdFile.help') }),
        locked.has('authIdFile') ? null : browse('auth-id', this.authIdFile),
      ),
    );

    this.status = h('div', { class: 'progress', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.errorSlot = h('div', { class: 'error-slot' });
    this.submitButton = h('button', {
      class: 'primary',
      text: t('signin.submit'),
      attrs: { type: 'submit' },
    });
    this.cancelButton = h('button', {
      text: t('common.cancel'),
      attrs: { type: 'button', 'data-action': 'cancel' },
      on: { click: () => this.cb.cancel() },
    });
    this.cancelButton.hidden = true;
    // several brokers: the add form can be left without signing in
    this.addCancel =
      options.add && cb.back
        ? h('button', {
            text: t('common.cancel'),
            attrs: { type: 'button', 'data-action': 'add-cancel' },
            on: { click: () => this.cb.back?.() },
          })
        : null;

    const urlHelp = h('p', {
      class: 'help',
      text: locked.has('brokerUrl') ? t('signin.url.locked') : t('signin.url.help'),
    });
    // fail-over with several brokers: the URL of the preselected broker that answered last time
    const answeredNote = h('p', { class: 'help', attrs: { 'data-testid': 'answered-at' } });
    const showAnswered = () => {
      const url = this.url.value.trim();
      const user = this.user.value.trim();
      const entries = (state.brokerEntries ?? []).filter((e) => e.brokerUrl === url);
      const entry = entries.find((e) => (e.user ?? '') === user) ?? entries[0];
      answeredNote.hidden = !entry?.answeredUrl;
      answeredNote.textContent = entry?.answeredUrl
        ? t('signin.answeredAt', { url: displayText(entry.answeredUrl, 200) })
        : '';
    };
    this.form = h(
      'form',
      { class: 'signin-form', attrs: { novalidate: true, 'aria-labelledby': 'signin-heading' } },
      this.errorSlot,
      field(t('signin.url'), this.url, urlHelp),
      answeredNote,
      datalist,
      field(t('signin.user'), this.user),
      this.passwordBox,
      this.sshBox,
      advanced,
      this.status,
      h('div', { class: 'actions' }, this.cancelButton, this.addCancel, this.submitButton),
    );
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.onSubmit();
    });
    for (const el of [this.url, this.noAuth, this.user]) {
      el.addEventListener('input', () => this.updateVariant());
      el.addEventListener('change', () => this.updateVariant());
    }
    for (const el of [this.url, this.user]) el.addEventListener('input', showAnswered);
    showAnswered();
    // Another broker: offer the user remembered for it, unless the user typed a name here.
    let userTyped = false;
    this.user.addEventListener('input', () => (userTyped = true));
    this.url.addEventListener('change', () => {
      if (userTyped || locked.has('user')) return;
      this.user.value = state.settings.lastUsers[this.url.value.trim()] ?? '';
      this.updateVariant();
    });

    const cached = state.cached;
    this.element = h(
      'main',
      { class: 'screen signin-screen', attrs: { 'data-screen': 'signin' } },
      h(
        'div',
        { class: 'signin-card' },
        h(
          'div',
          { class: 'brand' },
          h('div', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
          // fleet-config: the broker's display name (policy brokerName / --broker-name)
          state.brokerName
            ? h('span', {
                text: displayText(state.brokerName, 120),
                attrs: { 'data-testid': 'broker-name' },
              })
            : h('span', { text: t('app.title') }),
        ),
        h('h1', {
          text: options.brokerLabel
            ? t('brokers.signIn.heading', { broker: displayText(options.brokerLabel, 120) })
            : options.add
              ? t('brokers.add.heading')
              : t('signin.heading'),
          attrs: { id: 'signin-heading' },
        }),
        h('p', { class: 'sub', text: options.add ? t('brokers.add.sub') : t('signin.sub') }),
        cached && cb.back && !options.add
          ? h(
              'p',
              { class: 'help' },
              t('signin.cachedNote', { age: formatAge(cached.fetchedAt) }),
              ' ',
              h('button', {
                class: 'link',
                text: t('common.back'),
                attrs: { type: 'button' },
                on: { click: cb.back },
              }),
            )
          : null,
        this.form,
        cb.about ? aboutConfigButton(cb.about) : null,
      ),
    );
    // Esc goes back to the (cached) catalogue when there is one, or cancels a running sign-in.
    this.element.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]'))
        return;
      if (this.busy) this.cb.cancel();
      else if (cb.back) cb.back();
      else return;
      e.preventDefault();
    });
    this.updateVariant();
  }

  /** Put the caret where the user most likely types next. */
  focusFirst(): void {
    const target = !this.url.value
      ? this.url
      : !this.user.value && !this.user.readOnly
        ? this.user
        : this.passwordBox.hidden
          ? this.submitButton
          : this.password;
    target.focus();
  }

  private isSsh(): boolean {
    return /^\s*ssh:/i.test(this.url.value);
  }

  private updateVariant(): void {
    this.sshBox.hidden = !this.isSsh();
    this.passwordBox.hidden = this.noAuth.checked;
    this.plainHttpNote.hidden = !/^\s*http:/i.test(this.url.value);
    const s = this.state;
    const sameAsSaved =
      s.savedPassword &&
      this.url.value.trim() === (s.prefill.brokerUrl ?? s.settings.lastBroker ?? '') &&
      this.user.value.trim() ===
        (s.prefill.user ?? s.settings.lastUsers[this.url.value.trim()] ?? '');
    this.savedNote.hidden = !sameAsSaved;
    this.savedPassword = sameAsSaved;
  }
  private savedPassword = false;

  request(): SignInRequest | null {
    const url = this.url.value.trim();
    if (!/^(https?|ssh):\/\/./i.test(url)) {
      this.showError({
        kind: 'usage',
        code: 'broker-url.scheme',
        params: {},
        message: t('err.broker-url.scheme'),
        details: {},
      });
      this.url.focus();
      return null;
    }
    const req: SignInRequest = { url };
    if (this.options.add) req.add = true;
    const user = this.user.value.trim();
    if (user) req.user = user;
    if (this.noAuth.checked) req.noAuth = true;
    else if (this.password.value) {
      req.password = this.password.value;
      if (this.remember?.checked) req.remember = true;
    } else if (this.savedPassword) req.useSavedPassword = true;
    const authId = this.authIdFile.value.trim();
    if (authId) req.authIdFile = authId;
    if (this.isSsh()) {
      const key = this.sshKey.value.trim();
      if (key) req.sshKeyFile = key;
      if (this.sshAgent.checked) req.sshAgent = true;
    }
    return req;
  }

  private onSubmit(): void {
    if (this.busy) return;
    const req = this.request();
    if (req) this.cb.submit(req);
  }

  /** Submit programmatically (autoSubmit from the command line / kiosk). */
  submit(): void {
    this.onSubmit();
  }

  setBusy(phase: 'connecting' | 'authenticating' | 'loading-profiles' | null): void {
    this.busy = phase !== null;
    for (const el of this.form.querySelectorAll<HTMLInputElement | HTMLButtonElement>(
      'input, button',
    ))
      if (el !== this.cancelButton)
        el.disabled = this.busy || (el === this.noAuth && this.state.locked.includes('noAuth'));
    this.cancelButton.hidden = !this.busy;
    if (this.addCancel) this.addCancel.hidden = this.busy;
    this.form.setAttribute('aria-busy', String(this.busy));
    if (phase) {
      this.errorSlot.replaceChildren();
      replaceChildren(
        this.status,
        h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }),
        h('span', { text: t(`progress.${phase}`) }),
      );
      if (
        document.activeElement === document.body ||
        (document.activeElement as HTMLInputElement | null)?.disabled
      )
        this.cancelButton.focus();
    } else {
      this.status.replaceChildren();
    }
  }

  showError(error: ApiError): void {
    this.setBusy(null);
    replaceChildren(
      this.errorSlot,
      errorPanel(error, {
        ...(this.cb.openExternal ? { openExternal: this.cb.openExternal.bind(this.cb) } : {}),
        retry:
          error.kind === 'unreachable' || error.kind === 'timeout' || error.kind === 'broker'
            ? () => this.onSubmit()
            : undefined,
      }),
    );
    if (error.kind === 'auth' && !this.passwordBox.hidden) {
      this.password.select();
      this.password.focus();
    } else if (error.kind === 'usage') {
      this.url.focus();
    } else {
      this.errorSlot.querySelector<HTMLButtonElement>('button')?.focus();
    }
  }

  clearPassword(): void {
    this.password.value = '';
  }
}
