// The catalogue screen: tiles or list of the broker's sessions with icons, folders with a
// breadcrumb, search across all folders as you type, favourites pinned first, recents, status
// badges, the list's age, and keyboard access to all of it.
import type { BrokerProfile, CataloguePrefs } from '../../shared/api';
import type { CatalogueItem } from '../catalogue/model';
import { Catalogue, breadcrumb, normaliseFolder, parentFolder } from '../catalogue/model';
import type { Layout } from '../catalogue/virtual-list';
import { VirtualList } from '../catalogue/virtual-list';
import { NEXT_SLICE_TIMEOUT_MS, idleBudget } from '../catalogue/idle-budget';
import { warmIcons } from '../catalogue/warm-up';
import { GLYPHS, glyph, h, replaceChildren } from '../dom';
import { DEFAULT_ICONS, FOLDER_ICON, iconFor } from '../icons';
import { formatAge, formatCount, getLocale, t } from '../i18n';
import { displayText } from '../text';
import { openProfileMenu } from './profile-menu';
import { aboutConfigButton } from './about-config';
// several brokers (docs/brokers.md)
import type { ListGroup } from '../catalogue/virtual-list';
import type { BrokerGroup, BrokerHeaderActions } from './broker-groups';
import { brokerChips, renderBrokerHeader } from './broker-groups';

export interface CatalogueCallbacks {
  // `broker`: several brokers (docs/brokers.md) — the profile's entry key; absent with one broker
  launch(profile: BrokerProfile, broker?: string): void;
  toggleFavourite(profile: BrokerProfile, broker?: string): void;
  /** "Check connection" on a profile (docs/health-check.md); absent: not offered. */
  checkConnection?(profile: BrokerProfile, broker?: string): void;
  refresh(): void;
  signOut(): void;
  setLayout(layout: Layout): void;
  /** Deep links: "Create desktop shortcut" (absent in kiosk mode: no such action). */
  createShortcut?(profile: BrokerProfile, broker?: string): void;
  // fleet-config (issue 11)
  /** Open "About this configuration" (a link in the status bar). */
  about?: () => void;
  /** `--broker-logoutbt`: the Sign out button is a prominent (primary) one. */
  logoutButton?: boolean;
  // several brokers (docs/brokers.md)
  /** "Add broker…" (absent when the policy allows one broker only). */
  addBroker?: () => void;
  /** The actions of a broker's header (Refresh, Sign in…, Remove). */
  brokers?: BrokerHeaderActions;
}

export interface CatalogueData {
  brokerUrl: string;
  user: string | null;
  profiles: BrokerProfile[];
  fetchedAt: number;
  prefs: CataloguePrefs;
  /** true when signed in (launch possible), false for a cached list. */
  live: boolean;
  /** Fail-over: the broker's URL that answered, when not brokerUrl (docs/failover.md). */
  answeredUrl?: string;
  /**
   * Several brokers (docs/brokers.md): every entry with its list and state. With two or more
   * the catalogue groups the profiles by broker; with fewer it looks as with one broker (the
   * fields above).
   */
  brokers?: BrokerGroup[];
}

/** Per broker: its catalogue (folders, search index) and its header element, kept across data. */
interface GroupView {
  profiles: BrokerProfile[];
  catalogue: Catalogue;
  header: HTMLElement;
}

/** several brokers: the "+" of "Add broker…" (24×24 path, as dom.ts GLYPHS) */
const PLUS_GLYPH = 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z';

/** CSS px sizes of the tile icons in styles.css (.tile.grid / .tile.list .tile-icon, chips). */
const ICON_SIZES = [56, 28, 20];

/** A number per profile object: a new list (new objects) never reuses an old tile. */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}

/**
 * Several brokers: the broker of each folder item shown (folders of two brokers may share path
 * and count; a profile's key is its object, which belongs to one broker's list already).
 */
const folderBrokers = new WeakMap<object, string>();

/** What renderItem's output depends on (the layout aside: a layout change renders anew). */
function itemKey(item: CatalogueItem): string {
  return item.type === 'folder'
    ? `f${item.count}:${folderBrokers.get(item) ?? ''}\n${item.path}`
    : `p${objectId(item.profile)}${item.favourite ? '*' : ''}${item.showFolder ? '/' : ''}`;
}

/** Shallow equality of two records (same keys, identical values). */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export class CatalogueView {
  readonly element: HTMLElement;
  private catalogue: Catalogue;
  private data: CatalogueData;
  private folder = '';
  private query = '';
  private layout: Layout;
  private refreshing = false;
  private readonly list: VirtualList<CatalogueItem>;
  private readonly search: HTMLInputElement;
  private readonly crumbs: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly recents: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly status: HTMLElement;
  private readonly ageLabel: HTMLElement;
  private readonly who: HTMLElement;
  private readonly refreshButton: HTMLButtonElement;
  private readonly layoutButtons: Record<Layout, HTMLButtonElement>;
  private items: CatalogueItem[] = [];
  private ageTimer = 0;
  private idleTask = 0;
  /** Deep links: the profile a link selected (highlighted until another link selects one). */
  private linkTarget: { id: string; broker?: string | undefined } | null = null;
  /** what the breadcrumb and the recents were last rendered for (perf: see update) */
  private crumbsFor = '';
  private recentsFor: Record<string, unknown> = {};
  // several brokers (docs/brokers.md)
  private readonly groupViews = new Map<string, GroupView>();
  /** the broker a chip chose; null: all brokers */
  private brokerFilter: string | null = null;
  /** the broker whose folder is open (folders belong to one broker) */
  private folderBroker: string | null = null;
  /** where each broker's items start in `items` (the last update) */
  private sectionKeys: { at: number; key: string }[] = [];
  private readonly chipSlot: HTMLElement;
  private chips: { element: HTMLElement; mark(key: string | null): void } | null = null;

  constructor(
    data: CatalogueData,
    layout: Layout,
    private readonly cb: CatalogueCallbacks,
  ) {
    this.data = data;
    this.layout = layout;
    this.catalogue = new Catalogue(data.profiles, getLocale());

    this.search = h('input', {
      class: 'search',
      attrs: {
        type: 'search',
        'aria-label': t('catalogue.search'),
        placeholder: t('catalogue.search.placeholder'),
        'aria-controls': 'catalogue-list',
        'aria-keyshortcuts': '/ Control+F',
        spellcheck: 'false',
        autocomplete: 'off',
      },
    });
    this.search.addEventListener('input', () => {
      this.query = this.search.value;
      this.update();
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'Enter') {
        if (this.items.length === 0) return;
        e.preventDefault();
        if (e.key === 'Enter' && this.items.length === 1) this.activate(this.items[0]!, 0);
        else this.list.focus();
      } else if (e.key === 'Escape' && this.search.value) {
        e.preventDefault();
        e.stopPropagation();
        this.clearSearch();
      }
    });

    this.list = new VirtualList<CatalogueItem>({
      label: t('catalogue.heading'),
      idPrefix: 'item',
      render: (item, _i, l) => this.renderItem(item, l),
      // deep links: the highlighted tile is rendered anew, not reused from before
      key: (item) =>
        item.type === 'profile' && this.isLinkTarget(item.profile)
          ? `${itemKey(item)}!`
          : itemKey(item),
      activate: (item, i) => this.activate(item, i),
      onKey: (e, item, i) => this.onListKey(e, item, i),
    });
    this.list.element.id = 'catalogue-list';
    // deep links: the profile's context actions (right click; ContextMenu key, Shift+F10)
    this.list.element.addEventListener('contextmenu', (e) => {
      const el = (e.target as Element).closest<HTMLElement>('[data-profile-id]');
      const item = el ? this.items[Number(el.dataset.index)] : undefined;
      const p = item?.type === 'profile' ? item.profile : undefined;
      if (!p || !this.cb.createShortcut) return;
      e.preventDefault();
      this.openMenu(p, { x: e.clientX, y: e.clientY }, this.brokerAt(Number(el?.dataset.index)));
    });
    this.list.setLayout(layout);

    this.crumbs = h('nav', {
      class: 'breadcrumb',
      attrs: { 'aria-label': t('catalogue.breadcrumb') },
    });
    this.banner = h('div', { class: 'banner-slot' });
    this.recents = h('nav', { class: 'recents', attrs: { 'aria-label': t('catalogue.recents') } });
    this.empty = h('div', { class: 'empty', attrs: { role: 'note' } });
    this.status = h('div', { class: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.ageLabel = h('span', { class: 'age', attrs: { 'data-testid': 'age' } });
    this.who = h('span', { class: 'who' });
    this.chipSlot = h('div', { class: 'broker-chip-slot' });

    const iconButton = (
      label: string,
      path: string,
      onClick: () => void,
      extra: Record<string, string> = {},
    ) =>
      h(
        'button',
        {
          class: 'icon-button',
          attrs: { type: 'button', 'aria-label': label, title: label, ...extra },
          on: { click: onClick },
        },
        glyph(path),
      );
    this.refreshButton = iconButton(
      t('catalogue.refresh'),
      GLYPHS.refresh,
      () => this.cb.refresh(),
      { 'data-action': 'refresh' },
    );
    this.layoutButtons = {
      grid: iconButton(t('catalogue.view.grid'), GLYPHS.grid, () => this.setLayout('grid'), {
        'data-action': 'view-grid',
      }),
      list: iconButton(t('catalogue.view.list'), GLYPHS.list, () => this.setLayout('list'), {
        'data-action': 'view-list',
      }),
    };
    const signOut = h(
      'button',
      {
        class: cb.logoutButton ? 'primary logoutbt' : 'quiet',
        attrs: { type: 'button', 'data-action': 'sign-out' },
        on: { click: () => this.cb.signOut() },
      },
      glyph(GLYPHS.signOut),
      h('span', { text: t('catalogue.signOut') }),
    );
    // several brokers: "Add broker…" beside Sign out, an icon button (the top bar of one broker
    // keeps its room for the broker's name)
    const addBroker = cb.addBroker
      ? iconButton(t('brokers.add'), PLUS_GLYPH, () => this.cb.addBroker?.(), {
          'data-action': 'add-broker',
        })
      : null;

    this.element = h(
      'main',
      { class: 'screen catalogue-screen', attrs: { 'data-screen': 'catalogue' } },
      h(
        'header',
        { class: 'topbar' },
        h(
          'div',
          { class: 'brand' },
          h('div', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
          h('h1', { class: 'visually-hidden', text: t('catalogue.heading') }),
          this.who,
        ),
        h(
          'div',
          { class: 'topbar-tools' },
          this.ageLabel,
          this.refreshButton,
          h(
            'div',
            { class: 'segmented', attrs: { role: 'group' } },
            this.layoutButtons.grid,
            this.layoutButtons.list,
          ),
          addBroker,
          signOut,
        ),
      ),
      h(
        'div',
        { class: 'toolbar' },
        this.crumbs,
        h('div', { class: 'search-box' }, glyph(GLYPHS.search, 'glyph search-glyph'), this.search),
      ),
      this.chipSlot,
      this.banner,
      this.recents,
      h('div', { class: 'list-area' }, this.list.element, this.empty),
      h(
        'footer',
        { class: 'statusbar' },
        this.status,
        h('span', { class: 'keys', attrs: { 'aria-hidden': 'true' }, text: t('catalogue.keys') }),
        cb.about ? aboutConfigButton(cb.about) : null,
      ),
    );
    this.element.addEventListener('keydown', (e) => this.onScreenKey(e));
    this.setGroupData();
    this.renderHeader();
    this.update();
    this.ageTimer = window.setInterval(() => this.renderHeader(), 30_000);
    this.prepareSearchWhenIdle();
  }

  destroy(): void {
    this.list.destroy();
    clearInterval(this.ageTimer);
    cancelIdleCallback(this.idleTask);
  }

  /**
   * Builds the search index after the first tiles, in idle slices, so the first keystroke
   * finds it ready and scrolling stays smooth meanwhile (a query before it is done completes
   * it at once).
   */
  private prepareSearchWhenIdle(): void {
    cancelIdleCallback(this.idleTask);
    const catalogue = this.catalogue;
    // several brokers: every broker's index, one after the other
    const others = this.isMulti()
      ? [...this.groupViews.values()].map((v) => v.catalogue).filter((c) => c !== catalogue)
      : [];
    const step = (deadline: IdleDeadline) => {
      // perf (bench B3): a timed-out callback works a few ms too (idle-budget.ts); several
      // brokers: one budget for every broker's index, one after the other
      const more = idleBudget(deadline);
      if (!catalogue.prepareSearch(more) || !others.every((c) => c.prepareSearch(more)))
        this.idleTask = requestIdleCallback(step, { timeout: NEXT_SLICE_TIMEOUT_MS });
      else {
        // perf (bench B3): what the first search would do for the first time, done now: the
        // tiles of the first screenful of hits in label order (what a query matching the top
        // of the list — any short one here — shows first), built detached for the list to
        // adopt (building them also compiles the code that builds tiles before a keystroke
        // needs it); then the default icons' SVG documents
        this.list.prime(catalogue.searchResultOrder());
        void warmIcons([...Object.values(DEFAULT_ICONS), FOLDER_ICON], ICON_SIZES);
      }
    };
    // within 100 ms even on a busy machine: the user may type soon after the tiles appear
    this.idleTask = requestIdleCallback(step, { timeout: 100 });
  }

  focus(): void {
    if (this.items.length) this.list.focus();
    else this.search.focus();
  }

  /** New data (background refresh or sign-in): keep folder, query and position. */
  setData(data: CatalogueData): void {
    const sameList = data.profiles === this.data.profiles;
    this.data = data;
    if (!sameList) this.catalogue = new Catalogue(data.profiles, getLocale());
    // several brokers: a new list of any broker builds its catalogue anew
    const newGroupList = this.setGroupData();
    if (!sameList || newGroupList) this.prepareSearchWhenIdle();
    if (!this.folderCatalogue().hasFolder(this.folder)) this.folder = '';
    this.renderHeader();
    this.update(true);
  }

  setPrefs(prefs: CataloguePrefs): void {
    this.data = { ...this.data, prefs };
    this.update(true);
  }

  setRefreshing(on: boolean): void {
    this.refreshing = on;
    this.refreshButton.disabled = on;
    this.refreshButton.classList.toggle('spinning', on);
    this.renderHeader();
  }

  /** A message above the list (stale list, refresh failure …); null clears it. */
  setBanner(content: HTMLElement | null): void {
    replaceChildren(this.banner, content);
  }

  private renderHeader(): void {
    if (this.isMulti()) return this.renderMultiHeader();
    this.ageLabel.hidden = false;
    const broker = displayText(this.data.brokerUrl, 120);
    this.who.textContent = this.data.user
      ? t('catalogue.signedInAs', { user: displayText(this.data.user, 60), broker })
      : t('catalogue.signedInNoUser', { broker });
    // Fail-over (issue 13): name the URL that answered when it is not the one chosen.
    if (this.data.answeredUrl && this.data.live)
      this.who.textContent += ` ${t('catalogue.answeredAt', { url: displayText(this.data.answeredUrl, 120) })}`;
    this.ageLabel.textContent = this.refreshing
      ? t('catalogue.refreshing')
      : t('catalogue.updated', { age: formatAge(this.data.fetchedAt) });
    this.ageLabel.classList.toggle('stale', !this.data.live);
    for (const l of ['grid', 'list'] as const)
      this.layoutButtons[l].setAttribute('aria-pressed', String(l === this.layout));
  }

  private setLayout(layout: Layout): void {
    this.layout = layout;
    this.list.setLayout(layout);
    this.renderHeader();
    this.cb.setLayout(layout);
  }

  openFolder(path: string): void {
    this.folder = path;
    this.update();
    this.list.focus();
  }

  private clearSearch(): void {
    this.search.value = '';
    this.query = '';
    this.update();
  }

  private update(keepPosition = false): void {
    if (this.isMulti()) this.items = this.groupedItems();
    else {
      this.items = this.catalogue.items(this.folder, this.query, this.data.prefs);
      this.list.setGroups([]);
    }
    this.list.setItems(this.items, keepPosition);
    const q = this.query.trim();
    // perf (bench B3): a keystroke rebuilds the breadcrumb and the recents only when what they
    // show changed (new nodes each time meant style and layout for them in every frame)
    const crumbsFor = `${q ? 'search' : 'folder'}\u0000${this.folder}`;
    if (crumbsFor !== this.crumbsFor) {
      this.crumbsFor = crumbsFor;
      this.renderCrumbs();
    }
    const recentsFor = {
      q: q !== '',
      folder: this.folder,
      data: this.data,
      catalogue: this.catalogue,
      brokerFilter: this.brokerFilter,
    };
    if (!sameFields(recentsFor, this.recentsFor)) {
      this.recentsFor = recentsFor;
      this.renderRecents();
    }
    // a search shows profiles only: no pass over (up to 10,000) items per keystroke
    let profiles = q ? this.items.length : 0;
    if (!q) for (const item of this.items) if (item.type === 'profile') profiles++;
    // several brokers: the sessions of the brokers shown
    const total = this.isMulti()
      ? this.shownGroups(false).reduce((n, g) => n + g.profiles.length, 0)
      : this.data.profiles.length;
    this.status.textContent = q
      ? profiles === 1
        ? t('catalogue.results.one', { query: displayText(q, 60) })
        : t('catalogue.results', { count: formatCount(profiles), query: displayText(q, 60) })
      : total === 1
        ? t('catalogue.count.one')
        : t('catalogue.count', { count: formatCount(total) });
    // several brokers: the headers stay in view (their state and actions) with no profile
    const listShown = this.items.length > 0 || this.isMulti();
    this.empty.hidden = listShown;
    this.list.element.hidden = !listShown;
    if (!listShown)
      replaceChildren(
        this.empty,
        q
          ? h('p', { text: t('catalogue.noMatch', { query: displayText(q, 60) }) })
          : h(
              'div',
              {},
              h('p', { class: 'empty-title', text: t('catalogue.empty') }),
              h('p', { text: t('catalogue.empty.hint') }),
            ),
      );
  }

  private renderCrumbs(): void {
    const q = this.query.trim();
    const parts = breadcrumb(this.folder);
    const home = h('button', {
      class: 'crumb',
      text: t('catalogue.home'),
      attrs: { type: 'button', 'aria-current': !q && parts.length === 0 ? 'page' : null },
      on: {
        click: () => {
          this.clearSearch();
          this.openFolder('');
        },
      },
    });
    const nodes: HTMLElement[] = [home];
    if (!q)
      parts.forEach((p, i) => {
        nodes.push(
          h(
            'span',
            { class: 'crumb-sep', attrs: { 'aria-hidden': 'true' } },
            glyph(GLYPHS.chevron),
          ),
        );
        nodes.push(
          h(
            'button',
            {
              class: 'crumb',
              attrs: {
                type: 'button',
                title: displayText(p.path, 300),
                'aria-current': i === parts.length - 1 ? 'page' : null,
              },
              on: { click: () => this.openFolder(p.path) },
            },
            h('bdi', { text: displayText(p.name, 60) }),
          ),
        );
      });
    replaceChildren(this.crumbs, ...nodes);
  }

  private renderRecents(): void {
    const recents = this.recentProfiles();
    const show = !this.query.trim() && this.folder === '' && recents.length > 0;
    this.recents.hidden = !show;
    if (!show) return;
    const chips = recents.slice(0, 6).map(({ profile: p, broker }) =>
      h(
        'button',
        {
          class: 'chip',
          attrs: {
            type: 'button',
            'data-profile-id': p.id,
            'data-broker': broker ?? null,
            'aria-label': displayText(p.name),
          },
          on: { click: () => this.cb.launch(p, broker) },
        },
        h('img', {
          attrs: { src: iconFor(p), alt: '', width: 20, height: 20, draggable: 'false' },
        }),
        h('bdi', { text: displayText(p.label, 40) }),
      ),
    );
    this.recents.hidden = chips.length === 0;
    replaceChildren(
      this.recents,
      h('span', { class: 'recents-label', text: t('catalogue.recents') }),
      ...chips,
    );
  }

  private activate(item: CatalogueItem, index: number): void {
    if (item.type === 'folder') {
      this.search.value = '';
      this.query = '';
      this.folderBroker = this.brokerAt(index) ?? null;
      this.openFolder(item.path);
    } else {
      this.cb.launch(item.profile, this.brokerAt(index));
    }
  }

  private onListKey(e: KeyboardEvent, item: CatalogueItem | undefined, index: number): boolean {
    const broker = this.brokerAt(index);
    if ((e.key === 'f' || e.key === 'F') && item?.type === 'profile') {
      this.cb.toggleFavourite(item.profile, broker);
      return true;
    }
    if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && item?.type === 'profile') {
      if (!this.cb.createShortcut) return false;
      const el = this.list.element.querySelector('.vitem.active');
      const r = (el ?? this.list.element).getBoundingClientRect();
      this.openMenu(item.profile, { x: r.left + 16, y: r.top + 16 }, broker);
      return true;
    }
    // health check (docs/health-check.md)
    if ((e.key === 'c' || e.key === 'C') && item?.type === 'profile' && this.cb.checkConnection) {
      this.cb.checkConnection(item.profile, broker);
      return true;
    }
    if (e.key === 'Backspace' && this.folder && !this.query) {
      this.goUp();
      return true;
    }
    return false;
  }

  // --- Deep links and shortcuts (docs/deep-links.md) ---------------------------------------

  /**
   * Show a profile a link named: leave the search, open its folder, scroll to it, focus the
   * list on it and highlight it. Starts nothing. Returns false when the list has no such id.
   */
  reveal(profileId: string, broker?: string): boolean {
    // several brokers: the link's broker only (ids collide across brokers)
    const catalogue = (broker && this.groupViews.get(broker)?.catalogue) || this.catalogue;
    const p = catalogue.get(profileId);
    if (!p) return false;
    if (this.isMulti() && broker) {
      this.folderBroker = broker;
      this.brokerFilter = null;
      this.chips?.mark(null);
    }
    // Tiles are reused by key, and the key is read when a tile is dropped: drop them all
    // before the highlight changes, so neither the old nor the new one is reused as it was.
    this.list.setItems([]);
    this.linkTarget = { id: profileId, broker };
    this.search.value = '';
    this.query = '';
    this.folder = normaliseFolder(p.folder);
    if (!catalogue.hasFolder(this.folder)) this.folder = '';
    this.update();
    const index = this.items.findIndex((i) => i.type === 'profile' && i.profile === p);
    if (index >= 0) this.list.setActive(index);
    this.list.focus();
    return index >= 0;
  }

  private openMenu(profile: BrokerProfile, at: { x: number; y: number }, broker?: string): void {
    if (!this.cb.createShortcut) return;
    openProfileMenu(
      at,
      t('catalogue.actions', { name: displayText(profile.label, 80) }),
      [
        {
          id: 'create-shortcut',
          label: t('shortcut.create'),
          run: () => this.cb.createShortcut?.(profile, broker),
        },
      ],
      () => this.list.focus(),
    );
  }

  private goUp(): void {
    const from = this.folder;
    this.folder = parentFolder(from);
    if (!this.folder) this.folderBroker = null;
    this.update();
    const idx = this.items.findIndex((i) => i.type === 'folder' && i.path === from);
    if (idx >= 0) this.list.setActive(idx);
    this.list.focus();
  }

  /** Screen-wide keys: / and Ctrl+F search, Esc backs out (search → folder → nothing). */
  private onScreenKey(e: KeyboardEvent): void {
    const inText = e.target instanceof HTMLInputElement;
    if ((e.key === '/' && !inText) || (e.key.toLowerCase() === 'f' && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      this.search.focus();
      this.search.select();
      return;
    }
    if (e.key === 'Escape') {
      if (this.query) {
        e.preventDefault();
        this.clearSearch();
        this.list.focus();
      } else if (this.folder) {
        e.preventDefault();
        this.goUp();
      }
    }
  }

  private renderItem(item: CatalogueItem, layout: Layout): HTMLElement {
    if (item.type === 'folder') {
      const name = displayText(item.name, 80);
      return h(
        'div',
        {
          class: `tile folder ${layout}`,
          attrs: {
            'aria-label': t(item.count === 1 ? 'catalogue.folder.one' : 'catalogue.folder', {
              name,
              count: formatCount(item.count),
            }),
            'data-folder': item.path,
          },
        },
        h('img', { class: 'tile-icon', attrs: { src: FOLDER_ICON, alt: '', draggable: 'false' } }),
        h('span', { class: 'tile-name' }, h('bdi', { text: name })),
        h('span', {
          class: 'tile-meta',
          text:
            item.count === 1
              ? t('catalogue.folder.count.one')
              : t('catalogue.folder.count', { count: formatCount(item.count) }),
        }),
      );
    }
    const p = item.profile;
    const label = displayText(p.label, 120);
    const folder = item.showFolder ? displayText(p.folder, 80) : '';
    const statusText = p.status ? t(`catalogue.status.${p.status}`) : '';
    const ariaLabel = [
      displayText(p.name, 200),
      t(`kind.${p.kind}`),
      statusText,
      item.favourite ? t('catalogue.favourite.state') : '',
    ]
      .filter(Boolean)
      .join(', ');
    const star = h(
      'button',
      {
        class: `star${item.favourite ? ' on' : ''}`,
        attrs: {
          type: 'button',
          tabindex: -1,
          'data-no-activate': '',
          'aria-hidden': 'true',
          title: item.favourite ? t('catalogue.favourite.remove') : t('catalogue.favourite.add'),
        },
        on: {
          click: (e) => {
            e.stopPropagation();
            this.cb.toggleFavourite(p, this.brokerOfTile(e));
          },
        },
      },
      glyph(GLYPHS.star),
    );
    // health check (docs/health-check.md): a small button next to the star
    const check = this.cb.checkConnection
      ? h('button', {
          class: 'tile-check',
          text: '✓?',
          attrs: {
            type: 'button',
            tabindex: -1,
            'data-no-activate': '',
            'data-action': 'check-connection',
            'aria-label': t('catalogue.check'),
            title: t('catalogue.check'),
          },
          on: {
            click: (e) => {
              e.stopPropagation();
              this.cb.checkConnection?.(p, this.brokerOfTile(e));
            },
          },
        })
      : null;
    return h(
      'div',
      {
        class: `tile profile ${layout}${p.status ? ` status-${p.status}` : ''}${this.isLinkTarget(p) ? ' link-target' : ''}`,
        attrs: {
          'aria-label': ariaLabel,
          'data-profile-id': p.id,
          'aria-keyshortcuts': 'Enter F',
          title: displayText(p.name, 300),
        },
      },
      h('img', { class: 'tile-icon', attrs: { src: iconFor(p), alt: '', draggable: 'false' } }),
      h('span', { class: 'tile-name' }, h('bdi', { text: label })),
      layout === 'list'
        ? h('span', { class: 'tile-meta' }, h('bdi', { text: folder || t(`kind.${p.kind}`) }))
        : folder
          ? h(
              'span',
              { class: 'tile-meta' },
              h('bdi', { text: t('catalogue.inFolder', { folder }) }),
            )
          : null,
      layout === 'list'
        ? h(
            'span',
            { class: 'tile-hosts' },
            h('bdi', { text: displayText(p.hosts.join(', '), 80) }),
          )
        : null,
      p.status ? h('span', { class: `badge ${p.status}`, text: statusText }) : null,
      star,
      check,
    );
  }
  // --- Several brokers in one catalogue (docs/brokers.md) ----------------------------------

  /** Two or more brokers: grouped by broker with headers and chips; else as with one broker. */
  private isMulti(): boolean {
    return (this.data.brokers?.length ?? 0) > 1;
  }

  private groups(): BrokerGroup[] {
    return this.isMulti() ? this.data.brokers! : [];
  }

  /**
   * Brings the per-broker catalogues, headers and chips up to the data: a broker's catalogue is
   * built only when its list is new. Returns true when a catalogue was built.
   */
  private setGroupData(): boolean {
    const groups = this.groups();
    let built = false;
    const keys = new Set(groups.map((g) => g.key));
    for (const key of [...this.groupViews.keys()]) if (!keys.has(key)) this.groupViews.delete(key);
    for (const g of groups) {
      let v = this.groupViews.get(g.key);
      if (!v || v.profiles !== g.profiles) {
        v = {
          profiles: g.profiles,
          catalogue: new Catalogue(g.profiles, getLocale()),
          header: v?.header ?? h('div', { class: 'broker-header' }),
        };
        this.groupViews.set(g.key, v);
        built = true;
      }
    }
    // the top-level fields are one group's: share its catalogue (one search index per list)
    const same = [...this.groupViews.values()].find((v) => v.profiles === this.data.profiles);
    if (same) this.catalogue = same.catalogue;
    if (this.brokerFilter && !keys.has(this.brokerFilter)) this.brokerFilter = null;
    if (this.folderBroker && !keys.has(this.folderBroker)) {
      this.folderBroker = null;
      this.folder = '';
    }
    // the chips (rebuilt: states and names may have changed; a focused chip keeps the focus)
    const focused = this.chipSlot.contains(document.activeElement)
      ? (document.activeElement as HTMLElement).dataset.broker
      : undefined;
    this.chips = groups.length
      ? brokerChips(groups, this.brokerFilter, (key) => this.chooseBroker(key))
      : null;
    replaceChildren(this.chipSlot, this.chips?.element ?? null);
    if (focused !== undefined)
      this.chipSlot.querySelector<HTMLElement>(`[data-broker="${CSS.escape(focused)}"]`)?.focus();
    return built;
  }

  /** Show one broker's profiles, as its chip does (null: every broker's). */
  showBroker(key: string | null): void {
    this.chooseBroker(key);
  }

  /** A chip: show one broker's profiles (null: every broker's). */
  private chooseBroker(key: string | null): void {
    this.brokerFilter = key;
    this.chips?.mark(key);
    if (key && this.folderBroker && this.folderBroker !== key) {
      this.folderBroker = null;
      this.folder = '';
    }
    this.update();
  }

  /** The brokers shown: the chip's, or all; with a folder open (no search), its broker's. */
  private shownGroups(folderOnly = true): BrokerGroup[] {
    const groups = this.groups();
    if (folderOnly && this.folder && this.folderBroker && !this.query.trim())
      return groups.filter((g) => g.key === this.folderBroker);
    return this.brokerFilter ? groups.filter((g) => g.key === this.brokerFilter) : groups;
  }

  /** The catalogue whose folders `this.folder` names. */
  private folderCatalogue(): Catalogue {
    return (
      (this.folderBroker && this.groupViews.get(this.folderBroker)?.catalogue) || this.catalogue
    );
  }

  /**
   * Each shown broker's items after its header (a ListGroup of the virtual list). Per
   * keystroke: one search per broker and one array of the hits (none with a single broker
   * shown); the headers are the same elements, only moved.
   */
  private groupedItems(): CatalogueItem[] {
    const shown = this.shownGroups();
    const groups: ListGroup[] = [];
    this.sectionKeys = [];
    let items: CatalogueItem[] = [];
    for (const g of shown) {
      const v = this.groupViews.get(g.key)!;
      const folder = g.key === this.folderBroker ? this.folder : '';
      const own = v.catalogue.items(folder, this.query, g.prefs);
      groups.push({ at: items.length, element: v.header });
      this.sectionKeys.push({ at: items.length, key: g.key });
      // folders only without a search, before the profiles of the folder shown
      if (!this.query.trim())
        for (const item of own)
          if (item.type === 'folder') folderBrokers.set(item, g.key);
          else if (!item.favourite) break;
      if (shown.length === 1) items = own;
      else for (const item of own) items.push(item);
    }
    this.list.setGroups(groups);
    return items;
  }

  /** Deep links: `p` is the profile a link selected (on the link's broker: ids collide). */
  private isLinkTarget(p: BrokerProfile): boolean {
    const target = this.linkTarget;
    if (p.id !== target?.id) return false;
    if (target.broker === undefined || !this.isMulti()) return true;
    return this.groupViews.get(target.broker)?.catalogue.get(p.id) === p;
  }

  /** The broker of the item at `index` of the current items (undefined with one broker). */
  private brokerAt(index: number): string | undefined {
    if (!this.isMulti() || !Number.isInteger(index)) return undefined;
    let key: string | undefined;
    for (const s of this.sectionKeys) if (s.at <= index) key = s.key;
    return key;
  }

  /** The broker of the tile an event happened in (its current index: tiles are reused). */
  private brokerOfTile(e: Event): string | undefined {
    const tile = (e.target as Element).closest<HTMLElement>('.vitem');
    return tile ? this.brokerAt(Number(tile.dataset.index)) : undefined;
  }

  /** The top bar and each broker's header with several brokers. */
  private renderMultiHeader(): void {
    const groups = this.groups();
    this.who.textContent = t('brokers.count', { count: formatCount(groups.length) });
    this.ageLabel.hidden = true;
    this.refreshButton.disabled = groups.every((g) => g.state === 'refreshing');
    for (const l of ['grid', 'list'] as const)
      this.layoutButtons[l].setAttribute('aria-pressed', String(l === this.layout));
    const actions = this.cb.brokers;
    if (!actions) return;
    for (const g of groups) {
      const v = this.groupViews.get(g.key);
      if (v) renderBrokerHeader(v.header, g, actions);
    }
  }

  /** Recents of every broker shown, newest first (each entry keeps its own, main's scopes). */
  private recentProfiles(): { profile: BrokerProfile; broker?: string }[] {
    if (!this.isMulti())
      return this.data.prefs.recents
        .map((r) => this.catalogue.get(r.id))
        .filter((p): p is BrokerProfile => p !== undefined)
        .map((profile) => ({ profile }));
    const all: { at: number; profile: BrokerProfile; broker: string }[] = [];
    for (const g of this.shownGroups(false)) {
      const catalogue = this.groupViews.get(g.key)?.catalogue;
      for (const r of g.prefs.recents) {
        const profile = catalogue?.get(r.id);
        if (profile) all.push({ at: r.at, profile, broker: g.key });
      }
    }
    return all.sort((a, b) => b.at - a.at).map(({ profile, broker }) => ({ profile, broker }));
  }
}
