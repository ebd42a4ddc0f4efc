// "Check connection" (docs/health-check.md): the health check's lines for one profile, each
// pass / fail / skip with what to do next, and the rescue for existing sessions — resume, end
// or start new, through the same controller calls as the launch screen — plus "Copy
// diagnostics". Every text from the broker or the check goes in as text (never HTML).
import type { ApiError } from '../../shared/errors';
import type { HealthReport } from '../../shared/health';
import type { BrokerProfile } from '../../shared/model';
import { h, replaceChildren } from '../dom';
import { errorMessage, formatDate, t, type MessageKey } from '../i18n/index';
import { displayText } from '../text';
import { errorPanel } from './error-panel';
import { isHealthText, type HealthText } from '../../shared/health-texts';
import type { HealthLine } from '../../shared/health';

// issue 13 §8: the line's sentences in the UI language (shared/health-texts.ts), never the
// core's English — a main that sends no code falls back to the error's message, then English.
const healthText = (x: HealthText): string => t(`health.text.${x.code}` as MessageKey, x.params);

/** What the check found, in the UI language. */
function lineText(l: HealthLine): string {
  if (isHealthText(l.text)) return healthText(l.text);
  return l.error ? errorMessage(l.error) : l.summary;
}

/** What to do next, in the UI language. */
function nextText(l: HealthLine): string {
  return isHealthText(l.nextText) ? healthText(l.nextText) : (l.next ?? '');
}

export interface HealthCheckCallbacks {
  close(): void;
  recheck(): void;
  resume(sessionName: string): void;
  terminate(sessionName: string): void;
  startNew(): void;
  copyDiagnostics(): void;
  canTerminate: boolean;
}

export class HealthCheckView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(
    readonly profile: BrokerProfile,
    private readonly cb: HealthCheckCallbacks,
  ) {
    this.body = h('div', { class: 'health-body', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'div',
      { class: 'sheet-backdrop', attrs: { 'data-screen': 'health' } },
      h(
        'section',
        {
          class: 'sheet health-sheet',
          attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'health-heading' },
        },
        h('h2', {
          text: t('health.heading', { name: displayText(profile.label, 80) }),
          attrs: { id: 'health-heading' },
        }),
        this.body,
        h(
          'div',
          { class: 'health-actions' },
          h('button', {
            text: t('health.recheck'),
            attrs: { type: 'button', 'data-action': 'recheck' },
            on: { click: () => cb.recheck() },
          }),
          h('button', {
            text: t('health.copyDiagnostics'),
            attrs: { type: 'button', 'data-action': 'copy-diagnostics' },
            on: { click: () => cb.copyDiagnostics() },
          }),
          h('button', {
            class: 'primary',
            text: t('health.close'),
            attrs: { type: 'button', 'data-action': 'close' },
            on: { click: () => cb.close() },
          }),
        ),
      ),
    );
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') cb.close();
    });
    this.showChecking();
  }

  focus(): void {
    this.element.querySelector<HTMLButtonElement>('[data-action=close]')?.focus();
  }

  showChecking(): void {
    this.element.dataset.state = 'checking';
    replaceChildren(this.body, h('p', { class: 'health-checking', text: t('health.checking') }));
  }

  showError(error: ApiError): void {
    this.element.dataset.state = 'error';
    replaceChildren(this.body, errorPanel(error));
  }

  show(report: HealthReport): void {
    this.element.dataset.state = report.ok ? 'ok' : 'failed';
    const failed = report.lines.filter((l) => l.status === 'fail').length;
    const lines = report.lines.map((l) =>
      h(
        'li',
        {
          class: `health-line ${l.status}`,
          attrs: { 'data-check': l.id, 'data-status': l.status },
        },
        h('span', { class: `health-badge ${l.status}`, text: t(`health.status.${l.status}`) }),
        h(
          'div',
          { class: 'health-text' },
          h('strong', { text: t(`health.check.${l.id}`) }),
          h('span', { text: displayText(lineText(l), 600) }),
          l.next && l.status !== 'pass'
            ? h('span', {
                class: 'health-next',
                text: t('health.next', { text: displayText(nextText(l), 400) }),
              })
            : null,
        ),
      ),
    );
    const sessions = report.sessions.map((s) =>
      h(
        'li',
        { class: 'session-row', attrs: { 'data-session': s.info.name } },
        h(
          'div',
          { class: 'session-text' },
          h('strong', { text: t(`launch.session.${s.info.status}`) }),
          h('span', {
            text: t('launch.choose.session', {
              host: displayText(s.info.host, 80),
              created: formatDate(s.info.createdAt),
            }),
          }),
          h('code', { class: 'session-name' }, h('bdi', { text: displayText(s.info.name, 80) })),
        ),
        h(
          'div',
          { class: 'session-actions' },
          h('button', {
            class: 'primary',
            text: t('launch.choose.resume'),
            attrs: { type: 'button', 'data-action': 'resume' },
            on: { click: () => this.cb.resume(s.info.name) },
          }),
          this.cb.canTerminate
            ? h('button', {
                class: 'danger',
                text: t('launch.choose.terminate'),
                attrs: { type: 'button', 'data-action': 'terminate' },
                on: { click: () => this.cb.terminate(s.info.name) },
              })
            : null,
        ),
      ),
    );
    replaceChildren(
      this.body,
      h('p', {
        class: 'health-summary',
        text: failed ? t('health.failed', { count: failed }) : t('health.ok'),
      }),
      h('ul', { class: 'health-lines' }, ...lines),
      sessions.length
        ? h(
            'div',
            { class: 'health-sessions' },
            h('h3', { text: t('health.sessions') }),
            h('ul', { class: 'sessions' }, ...sessions),
          )
        : null,
      report.server
        ? h('button', {
            text: t('launch.choose.new'),
            attrs: { type: 'button', 'data-action': 'new' },
            on: { click: () => this.cb.startNew() },
          })
        : null,
    );
  }
}
