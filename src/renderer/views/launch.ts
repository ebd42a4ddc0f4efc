// The launch sheet over the catalogue: the steps of a launch (asking broker → starting client
// → running → ended), the resume / new / terminate choice when the broker reports sessions,
// and errors in place. Esc or Back returns to the catalogue at any point.
import type {
  ApiError,
  BrokerProfile,
  LaunchNotice,
  LaunchState,
  SessionInfo,
} from '../../shared/api';
import { h, replaceChildren } from '../dom';
import { iconFor } from '../icons';
import { formatDate, t } from '../i18n';
import { displayText } from '../text';
import { errorPanel } from './error-panel';

const STEPS: LaunchState[] = ['asking-broker', 'starting-client', 'running', 'ended'];

export interface LaunchCallbacks {
  back(): void;
  cancel(): void;
  retry(): void;
  resume(sessionName: string): void;
  terminate(sessionName: string): void;
  /** Absent on a kiosk: it opens no web browser. */
  openExternal?(url: string): void;
  canTerminate: boolean;
}

export class LaunchView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly steps: HTMLOListElement;
  private readonly live: HTMLElement;
  private readonly backButton: HTMLButtonElement;
  state: LaunchState = 'asking-broker';
  launchId: string | null = null;

  constructor(
    readonly profile: BrokerProfile,
    private readonly cb: LaunchCallbacks,
  ) {
    const name = displayText(profile.name, 120);
    this.steps = h('ol', { class: 'steps' });
    this.body = h('div', { class: 'launch-body' });
    this.live = h('p', {
      class: 'visually-hidden',
      attrs: { role: 'status', 'aria-live': 'assertive' },
    });
    this.backButton = h('button', {
      text: t('launch.backToList'),
      attrs: { type: 'button', 'data-action': 'back' },
      on: { click: () => this.onBack() },
    });
    this.element = h(
      'div',
      { class: 'sheet-backdrop', attrs: { 'data-screen': 'launch' } },
      h(
        'section',
        {
          class: 'sheet',
          attrs: {
            role: 'dialog',
            'aria-modal': 'true',
            'aria-labelledby': 'launch-title',
            tabindex: -1,
          },
        },
        h(
          'div',
          { class: 'launch-head' },
          h('img', {
            class: 'launch-icon',
            attrs: { src: iconFor(profile), alt: '', draggable: 'false' },
          }),
          h('h2', { attrs: { id: 'launch-title' } }, h('bdi', { text: name })),
        ),
        this.steps,
        this.body,
        this.live,
        h('div', { class: 'actions' }, this.backButton),
      ),
    );
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.onBack();
      }
    });
    this.setState('asking-broker');
  }

  focus(): void {
    this.element.querySelector<HTMLElement>('.sheet')?.focus();
  }

  private onBack(): void {
    if (this.state === 'asking-broker') this.cb.cancel();
    this.cb.back();
  }

  setState(
    state: LaunchState,
    detail?: { exitCode?: number | null; error?: ApiError; notices?: LaunchNotice[] },
  ): void {
    this.state = state;
    const reached = state === 'failed' ? -1 : STEPS.indexOf(state);
    const items = STEPS.map((s, i) =>
      h(
        'li',
        {
          class: i < reached ? 'done' : i === reached ? 'current' : 'todo',
          attrs: { 'aria-current': i === reached ? 'step' : null, 'data-step': s },
        },
        h('span', {
          class:
            i === reached && state !== 'running' && state !== 'ended' ? 'spinner small' : 'dot',
          attrs: { 'aria-hidden': 'true' },
        }),
        h('span', { text: t(`launch.state.${s}`) }),
      ),
    );
    replaceChildren(this.steps, ...items);
    this.live.textContent = t(`launch.state.${state}`);
    this.element.dataset.state = state;
    if (state === 'running')
      replaceChildren(
        this.body,
        h('p', { class: 'note', text: t('launch.running.note') }),
        ...(detail?.notices ?? []).map((n) =>
          h('p', { class: 'note', attrs: { 'data-notice': n }, text: t(`launch.notice.${n}`) }),
        ),
      );
    else if (state === 'failed' && detail?.error) this.showError(detail.error);
    else if (state !== 'ended') this.body.replaceChildren();
    this.keepFocus();
  }

  /** Buttons inside the sheet come and go: never leave keyboard focus on <body>. */
  private keepFocus(): void {
    if (this.element.isConnected && !this.element.contains(document.activeElement)) this.focus();
  }

  showError(error: ApiError): void {
    this.state = 'failed';
    this.element.dataset.state = 'failed';
    this.steps.querySelector('.current')?.classList.replace('current', 'failed');
    this.steps.querySelector('.spinner')?.classList.replace('spinner', 'dot');
    this.live.textContent = t('launch.state.failed');
    replaceChildren(
      this.body,
      errorPanel(error, {
        retry: () => this.cb.retry(),
        ...(this.cb.openExternal ? { openExternal: this.cb.openExternal.bind(this.cb) } : {}),
      }),
    );
    this.body.querySelector<HTMLButtonElement>('button')?.focus();
  }

  showChoice(sessions: SessionInfo[]): void {
    this.state = 'asking-broker';
    this.element.dataset.state = 'choose';
    this.steps.replaceChildren();
    const rows = sessions.map((s) =>
      h(
        'li',
        { class: 'session-row', attrs: { 'data-session': s.name } },
        h(
          'div',
          { class: 'session-text' },
          h('strong', { text: t(`launch.session.${s.status}`) }),
          h('span', {
            text: t('launch.choose.session', {
              host: displayText(s.host, 80),
              created: formatDate(s.createdAt),
            }),
          }),
          h('code', { class: 'session-name' }, h('bdi', { text: displayText(s.name, 80) })),
        ),
        h(
          'div',
          { class: 'session-actions' },
          h('button', {
            class: 'primary',
            text: t('launch.choose.resume'),
            attrs: { type: 'button', 'data-action': 'resume' },
            on: { click: () => this.cb.resume(s.name) },
          }),
          this.cb.canTerminate
            ? h('button', {
                class: 'danger',
                text: t('launch.choose.terminate'),
                attrs: { type: 'button', 'data-action': 'terminate' },
                on: { click: () => this.cb.terminate(s.name) },
              })
            : null,
        ),
      ),
    );
    replaceChildren(
      this.body,
      h('h3', { text: t('launch.choose.heading', { name: displayText(this.profile.label, 80) }) }),
      h('p', { text: t('launch.choose.sub') }),
      h('ul', { class: 'sessions' }, ...rows),
      h('button', {
        text: t('launch.choose.new'),
        attrs: { type: 'button', 'data-action': 'new' },
        on: { click: () => this.cb.resume('new') },
      }),
    );
    this.body.querySelector<HTMLButtonElement>('button')?.focus();
  }
}
