// Several brokers in one catalogue (docs/brokers.md): what the catalogue shows per broker
// entry — its group header (name/URL, user, live / stale with age / failed with the reason /
// refreshing, and its actions) and the filter chips "All brokers", A, B … Everything here is
// built per broker (at most 20), never per profile: a keystroke of a search only moves the
// headers (catalogue/virtual-list.ts ListGroup).
import type { ApiError, BrokerProfile, CataloguePrefs } from '../../shared/api';
import { GLYPHS, glyph, h, replaceChildren } from '../dom';
import { errorMessage, formatAge, t } from '../i18n';
import { displayText } from '../text';

/** What the renderer knows of one broker entry right now. */
export type BrokerState = 'live' | 'stale' | 'refreshing' | 'failed' | 'needs-password';

/** One broker entry of the catalogue (BrokerEntry + what this run learnt about it). */
export interface BrokerGroup {
  /** BrokerEntry.key: every per-broker call names its broker with it. */
  key: string;
  brokerUrl: string;
  user: string | null;
  /** Fail-over: the URL that answered (last time, or this run), when not brokerUrl. */
  answeredUrl?: string;
  profiles: BrokerProfile[];
  /** epoch ms of `profiles`; null: never fetched. */
  fetchedAt: number | null;
  prefs: CataloguePrefs;
  state: BrokerState;
  /** Why the last refresh failed (state `failed`). */
  error?: ApiError | null;
  /** Put there by the policy: no "Remove". */
  managed: boolean;
}

export interface BrokerHeaderActions {
  refresh(key: string): void;
  /** Opens the sign-in form for this broker (add mode). */
  signIn(key: string): void;
  remove(key: string): void;
}

/**
 * The short name of a broker for chips and headers: `user @ host[:port]` (its URL's host),
 * with the whole display URL in the header and tooltips.
 */
export function brokerName(g: Pick<BrokerGroup, 'brokerUrl' | 'user'>): string {
  let host = g.brokerUrl;
  try {
    host = new URL(g.brokerUrl).host || g.brokerUrl;
  } catch {
    // not a URL we can parse: show it as it is (it is only text)
  }
  return g.user ? `${g.user} @ ${host}` : host;
}

/** The state line of a header: live / stale with its age / failed with the reason … */
export function brokerStateText(g: BrokerGroup): string {
  switch (g.state) {
    case 'live':
      return t('brokers.state.live', { age: formatAge(g.fetchedAt ?? 0) });
    case 'refreshing':
      return t('brokers.state.refreshing');
    case 'failed':
      return t('brokers.state.failed', {
        reason: g.error ? displayText(errorMessage(g.error), 200) : '',
      });
    case 'needs-password':
      return g.fetchedAt === null
        ? t('brokers.state.needsPassword')
        : `${t('brokers.state.needsPassword')} · ${t('brokers.state.stale', { age: formatAge(g.fetchedAt) })}`;
    case 'stale':
      return g.fetchedAt === null
        ? t('brokers.state.none')
        : t('brokers.state.stale', { age: formatAge(g.fetchedAt) });
  }
}

/** A sign-in is what this broker needs next (no password saved, or the broker refused it). */
export function needsSignIn(g: BrokerGroup): boolean {
  return (
    g.state === 'needs-password' ||
    (g.state === 'failed' && (g.error?.kind === 'auth' || g.error?.kind === 'cookie-rejected'))
  );
}

/**
 * Fills `el` (kept across renders: the virtual list places it) with a broker's header: an h2
 * naming it, its state, and Refresh / Sign in… / Remove. Keeps the keyboard focus on the same
 * action when the header is drawn again (its state changed while a button had focus).
 */
export function renderBrokerHeader(
  el: HTMLElement,
  g: BrokerGroup,
  actions: BrokerHeaderActions,
): void {
  const focused = el.contains(document.activeElement)
    ? (document.activeElement as HTMLElement).dataset.action
    : undefined;
  const name = displayText(brokerName(g), 120);
  el.className = `broker-header state-${g.state}`;
  el.dataset.broker = g.key;
  el.dataset.state = g.state;
  const url = displayText(g.brokerUrl, 200);
  const answered =
    g.answeredUrl && g.answeredUrl !== g.brokerUrl
      ? ` ${t('catalogue.answeredAt', { url: displayText(g.answeredUrl, 120) })}`
      : '';
  const button = (action: string, label: string, text: string | null, onClick: () => void) =>
    h(
      'button',
      {
        class: text ? (action === 'broker-sign-in' ? 'primary' : 'quiet') : 'icon-button',
        attrs: { type: 'button', 'data-action': action, 'aria-label': label, title: label },
        on: { click: onClick },
      },
      ...(text ? [h('span', { text })] : [glyph(GLYPHS.refresh)]),
    );
  const refresh = button('broker-refresh', t('brokers.refresh.label', { broker: name }), null, () =>
    actions.refresh(g.key),
  );
  if (g.state === 'refreshing') {
    refresh.disabled = true;
    refresh.classList.add('spinning');
  }
  replaceChildren(
    el,
    h(
      'div',
      { class: 'broker-title' },
      h('h2', { attrs: { title: url } }, h('bdi', { text: name })),
      h('span', {
        class: `broker-state ${g.state}`,
        text: brokerStateText(g) + answered,
        attrs: { 'data-testid': 'broker-state', title: url },
      }),
    ),
    h(
      'div',
      { class: 'broker-actions' },
      needsSignIn(g)
        ? button(
            'broker-sign-in',
            t('brokers.signIn.label', { broker: name }),
            t('brokers.signIn'),
            () => actions.signIn(g.key),
          )
        : null,
      refresh,
      g.managed
        ? null
        : button(
            'broker-remove',
            t('brokers.remove.label', { broker: name }),
            t('brokers.remove'),
            () => actions.remove(g.key),
          ),
    ),
  );
  if (focused) el.querySelector<HTMLElement>(`[data-action="${focused}"]`)?.focus();
}

/**
 * The filter chips: "All brokers" and one per broker, buttons with aria-pressed. `choose(null)`
 * shows every broker. Returns the group element and a function that marks the chosen chip
 * (no rebuild: the chip keeps its focus).
 */
export function brokerChips(
  groups: readonly BrokerGroup[],
  chosen: string | null,
  choose: (key: string | null) => void,
): { element: HTMLElement; mark(key: string | null): void } {
  const chip = (key: string | null, text: string, title: string) =>
    h(
      'button',
      {
        class: 'broker-chip',
        attrs: {
          type: 'button',
          'aria-pressed': String(key === chosen),
          'data-broker': key ?? '',
          title,
        },
        on: { click: () => choose(key) },
      },
      key ? h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }) : null,
      h('bdi', { text }),
    );
  const chips = [
    chip(null, t('brokers.all'), t('brokers.all')),
    ...groups.map((g) => {
      const c = chip(g.key, displayText(brokerName(g), 60), displayText(g.brokerUrl, 200));
      c.classList.add(`state-${g.state}`);
      return c;
    }),
  ];
  const element = h(
    'div',
    { class: 'broker-chips', attrs: { role: 'group', 'aria-label': t('brokers.filter') } },
    ...chips,
  );
  return {
    element,
    mark: (key) => {
      for (const c of chips)
        c.setAttribute('aria-pressed', String((c.dataset.broker || null) === key));
    },
  };
}
