// The kiosk's screens over the app (issue 12, docs/kiosk.md): main's state machine decides,
// this draws what it says (`kiosk-state` events) — the calm network wait, the failure notice,
// the idle countdown, the admin PIN dialog, the power confirmation and "shutting down" — and
// reports what the user does (input, throttled; escape; PIN; power). The PIN is checked in main.
// Every screen has a way on: a countdown, a button, or both; nothing is hover-only.
import type { KioskPowerAction, KioskReply, KioskView, X2GoApi } from '../../shared/api';
import { h, replaceChildren } from '../dom';
import { errorMessage, t } from '../i18n';
import { displayText } from '../text';

export interface KioskHost {
  /** The kiosk signed out: clear every field, show a fresh sign-in form. */
  reset(): void;
  /** The app's own launch sheet is open (it shows the session's progress itself). */
  hasLaunchView(): boolean;
  announce(text: string): void;
}

/** Input reaches main at most this often on ordinary screens (the idle clock is in minutes). */
const INPUT_EVERY_MS = 5_000;
/** Screens where a touch means "I am here" at once. */
const URGENT = new Set(['idle-warning', 'session-ended']);
const BASES = new Set(['network-wait', 'sign-in', 'catalogue']);

export class KioskScreens {
  private view: KioskView | null = null;
  private shown = '';
  private lastInputAt = 0;
  private readonly layer: HTMLElement;
  private readonly bar: HTMLElement;
  private overlay: HTMLElement | null = null;
  private update: ((view: KioskView) => void) | null = null;
  private lastReason: string | null = null;

  constructor(
    private readonly api: X2GoApi,
    private readonly root: HTMLElement,
    private readonly host: KioskHost,
  ) {
    this.layer = h('div', { class: 'kiosk-layer', attrs: { 'data-testid': 'kiosk-layer' } });
    this.bar = h('div', { class: 'kiosk-bar', attrs: { 'data-testid': 'kiosk-bar' } });
    root.append(this.layer, this.bar);
  }

  start(): void {
    this.api.onKioskState((view) => this.render(view));
    const onInput = () => this.input();
    for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const)
      document.addEventListener(type, onInput, { capture: true, passive: true });
    // the admin escape from a keyboard: Ctrl+Alt+Shift+K (a touch kiosk has the button)
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey && e.altKey && e.shiftKey && e.key.toLowerCase() === 'k')
        void this.send({ type: 'escape' });
    });
    void this.api.kiosk({ type: 'sync' }).then((r) => {
      if (r.ok) this.render(r.value.view);
    });
  }

  /** The launch sheet's Back: the kiosk leaves "launching" for the list. */
  launchAbandoned(): void {
    if (this.view?.screen === 'launching') void this.send({ type: 'cancel' });
  }

  private input(): void {
    const now = Date.now();
    const urgent = this.view !== null && URGENT.has(this.view.screen);
    if (!urgent && now - this.lastInputAt < INPUT_EVERY_MS) return;
    this.lastInputAt = now;
    void this.send({ type: 'input' });
  }

  private send(request: Parameters<X2GoApi['kiosk']>[0]): Promise<KioskReply | null> {
    return this.api.kiosk(request).then((r) => {
      if (!r.ok) return null;
      this.render(r.value.view);
      return r.value;
    });
  }

  private render(view: KioskView): void {
    const before = this.view;
    this.view = view;
    if (before && view.signOuts !== before.signOuts) this.host.reset();
    const touch = view.touch || matchMedia('(pointer: coarse)').matches;
    this.root.classList.toggle('kiosk-touch', touch);
    if (view.screen === 'unlocked') {
      this.root.classList.remove('kiosk', 'kiosk-touch');
      this.layer.remove();
      this.bar.remove();
      if (before?.screen !== 'unlocked') this.host.announce(t('kiosk.unlocked'));
      return;
    }
    if (
      BASES.has(view.screen) &&
      view.reason &&
      view.reason !== this.lastReason &&
      view.screen !== 'network-wait'
    )
      this.host.announce(t('kiosk.power.failed', { reason: displayText(reasonText(view), 200) }));
    this.lastReason = view.reason;
    this.renderBar(view);
    const key = this.overlayKey(view);
    if (key !== this.shown) {
      this.shown = key;
      this.update = null; // build() sets the new screen's
      this.overlay = key ? this.build(view) : null;
      replaceChildren(this.layer, this.overlay);
      this.root.dataset.kioskScreen = view.screen;
      this.overlay?.querySelector<HTMLElement>('[autofocus]')?.focus();
    }
    this.update?.(view);
  }

  private overlayKey(view: KioskView): string {
    if (view.screen === 'launching' || view.screen === 'in-session')
      return this.host.hasLaunchView() ? '' : view.screen;
    return BASES.has(view.screen) && view.screen !== 'network-wait' ? '' : view.screen;
  }

  private renderBar(view: KioskView): void {
    const onBase = BASES.has(view.screen);
    const want = `${onBase}|${view.powerButtons}|${view.escapeAvailable}`;
    if (this.bar.dataset.want === want) return;
    this.bar.dataset.want = want;
    const power = (action: KioskPowerAction) =>
      h('button', {
        class: 'kiosk-button',
        text: t(`kiosk.power.${action}`),
        attrs: { type: 'button', 'data-action': `kiosk-${action}` },
        on: { click: () => void this.send({ type: 'power', action }) },
      });
    replaceChildren(
      this.bar,
      onBase && view.powerButtons ? power('poweroff') : null,
      onBase && view.powerButtons ? power('reboot') : null,
      onBase && view.escapeAvailable
        ? h('button', {
            class: 'kiosk-button quiet',
            text: t('kiosk.admin'),
            attrs: { type: 'button', 'data-action': 'kiosk-admin' },
            on: { click: () => void this.send({ type: 'escape' }) },
          })
        : null,
    );
  }

  private build(view: KioskView): HTMLElement {
    switch (view.screen) {
      case 'network-wait':
        return this.networkWait();
      case 'session-ended':
        return this.sessionEnded();
      case 'idle-warning':
        return this.idleWarning();
      case 'admin-pin':
        return this.pinDialog();
      case 'power-confirm':
        return this.powerConfirm(view.powerAction ?? 'poweroff');
      case 'powering-off':
        return panel(
          'powering-off',
          h('h1', { text: t(`kiosk.power.going.${view.powerAction ?? 'poweroff'}`) }),
          h('div', { class: 'kiosk-spinner', attrs: { 'aria-hidden': 'true' } }),
        );
      case 'launching':
        return panel(
          'launching',
          h('h1', { text: t('launch.state.starting-client') }),
          h('div', { class: 'kiosk-spinner', attrs: { 'aria-hidden': 'true' } }),
        );
      default:
        return panel(
          'in-session',
          h('h1', { text: t('launch.state.running') }),
          h('p', { text: t('launch.running.note') }),
        );
    }
  }

  private networkWait(): HTMLElement {
    const retry = h('p', { class: 'kiosk-count', attrs: { role: 'status' } });
    const detail = h('p', { class: 'kiosk-detail' });
    this.update = (v) => {
      retry.textContent =
        v.secondsLeft === null
          ? t('kiosk.network.checking')
          : t('kiosk.network.retrying', { seconds: v.secondsLeft });
      detail.textContent = v.reason
        ? t('kiosk.network.detail', { reason: displayText(reasonText(v), 200) })
        : '';
    };
    return panel(
      'network-wait',
      h('div', { class: 'kiosk-spinner', attrs: { 'aria-hidden': 'true' } }),
      h('h1', { text: t('kiosk.network.title') }),
      retry,
      detail,
    );
  }

  private sessionEnded(): HTMLElement {
    const reason = h('p', { class: 'kiosk-reason', attrs: { role: 'alert' } });
    const count = h('p', { class: 'kiosk-count' });
    this.update = (v) => {
      reason.textContent = displayText(reasonText(v), 300);
      count.textContent =
        v.secondsLeft === null ? '' : t('kiosk.ended.back', { seconds: v.secondsLeft });
    };
    return panel(
      'session-ended',
      h('h1', { text: t('kiosk.ended.title') }),
      reason,
      count,
      h('button', {
        class: 'primary kiosk-button',
        text: t('kiosk.ended.ok'),
        attrs: { type: 'button', autofocus: true, 'data-action': 'kiosk-ok' },
        on: { click: () => void this.send({ type: 'input' }) },
      }),
    );
  }

  private idleWarning(): HTMLElement {
    const count = h('p', { class: 'kiosk-count', attrs: { role: 'timer', 'aria-live': 'polite' } });
    this.update = (v) => {
      count.textContent = t('kiosk.idle.countdown', { seconds: v.secondsLeft ?? 0 });
    };
    return panel(
      'idle-warning',
      h('h1', { text: t('kiosk.idle.title') }),
      count,
      h('button', {
        class: 'primary kiosk-button',
        text: t('kiosk.idle.stay'),
        attrs: { type: 'button', autofocus: true, 'data-action': 'kiosk-stay' },
        on: { click: () => void this.send({ type: 'input' }) },
      }),
    );
  }

  private pinDialog(): HTMLElement {
    const input = h('input', {
      attrs: {
        type: 'password',
        inputmode: 'numeric',
        autocomplete: 'off',
        id: 'kiosk-pin',
        maxlength: 64,
        autofocus: true,
        'aria-describedby': 'kiosk-pin-message',
      },
    });
    const message = h('p', {
      class: 'kiosk-message',
      attrs: { id: 'kiosk-pin-message', role: 'alert' },
    });
    const unlock = h('button', {
      class: 'primary kiosk-button',
      text: t('kiosk.pin.unlock'),
      attrs: { type: 'submit', 'data-action': 'kiosk-unlock' },
    });
    const form = h(
      'form',
      {
        class: 'kiosk-form',
        on: {
          submit: (e) => {
            e.preventDefault();
            const pin = input.value;
            input.value = '';
            if (!pin) return;
            unlock.disabled = true;
            void this.send({ type: 'pin', pin }).then((reply) => {
              unlock.disabled = false;
              if (reply?.type === 'pin-wrong')
                message.textContent = t('kiosk.pin.wrong', { attempts: reply.attemptsLeft });
              else if (reply?.type === 'pin-locked')
                message.textContent = t('kiosk.pin.locked', { seconds: reply.retryInSeconds });
              input.focus();
            });
          },
        },
      },
      h('label', { text: t('kiosk.pin.label'), attrs: { for: 'kiosk-pin' } }),
      input,
      message,
      h(
        'div',
        { class: 'kiosk-actions' },
        unlock,
        h('button', {
          class: 'kiosk-button',
          text: t('kiosk.pin.cancel'),
          attrs: { type: 'button', 'data-action': 'kiosk-cancel' },
          on: { click: () => void this.send({ type: 'cancel' }) },
        }),
      ),
    );
    return panel('admin-pin', h('h1', { text: t('kiosk.pin.title') }), form, { dialog: true });
  }

  private powerConfirm(action: KioskPowerAction): HTMLElement {
    return panel(
      'power-confirm',
      h('h1', { text: t(`kiosk.power.confirm.${action}`) }),
      h(
        'div',
        { class: 'kiosk-actions' },
        h('button', {
          class: 'danger kiosk-button',
          text: t(`kiosk.power.${action}`),
          attrs: { type: 'button', 'data-action': 'kiosk-power-confirm' },
          on: { click: () => void this.send({ type: 'power-confirm' }) },
        }),
        h('button', {
          class: 'kiosk-button',
          text: t('kiosk.power.confirm.cancel'),
          attrs: { type: 'button', autofocus: true, 'data-action': 'kiosk-cancel' },
          on: { click: () => void this.send({ type: 'cancel' }) },
        }),
      ),
      { dialog: true },
    );
  }
}

/** One full-window kiosk screen (or a dialog card over a dimmed screen). */
function panel(screen: string, ...children: (Node | { dialog: true })[]): HTMLElement {
  const dialog = children.some((c) => !(c instanceof Node));
  const nodes = children.filter((c): c is Node => c instanceof Node);
  return h(
    'div',
    { class: `kiosk-overlay${dialog ? ' kiosk-dim' : ''}`, attrs: { 'data-kiosk': screen } },
    h(
      'section',
      { class: 'kiosk-card', attrs: dialog ? { role: 'dialog', 'aria-modal': 'true' } : {} },
      ...nodes,
    ),
  );
}

/** issue 13 §8: the reason in the UI language (its error's code + params), else as sent. */
function reasonText(view: KioskView): string {
  return view.reasonError ? errorMessage(view.reasonError) : (view.reason ?? '');
}
