// The renderer's controller: which screen is shown, what is signed in, what is launching.
// It only talks to `window.x2go` (the preload API); every broker exchange happens in main.
import type {
  ApiError,
  BrokerEntry,
  BrokerProfile,
  CataloguePrefs,
  DeepLinkNotice,
  LaunchOptions,
  ProfileList,
  Prompt,
  SessionEvent,
  SignedIn,
  SignInRequest,
  StartupState,
  X2GoApi,
} from '../shared/api';
import type { Layout } from './catalogue/virtual-list';
import { h, replaceChildren } from './dom';
import { errorMessage, formatAge, resolveLocale, setLocale, t, type Locale } from './i18n';
import { displayText } from './text';
import type { CatalogueData } from './views/catalogue';
import { CatalogueView } from './views/catalogue';
import { errorPanel } from './views/error-panel';
import { LaunchView } from './views/launch';
import { HealthCheckView } from './views/health-check';
import { showPrompt } from './views/prompt';
import { showAboutConfig } from './views/about-config';
import { SignInView } from './views/signin';
import { KioskScreens } from './views/kiosk';
import { accountButtons, languageChoice } from './views/account';
// several brokers in one catalogue (docs/brokers.md)
import type { BrokerGroup } from './views/broker-groups';
import { brokerName, needsSignIn } from './views/broker-groups';
import { brokerArg, canRefreshQuietly, entryFor, groupsFromEntries } from './brokers';
import type { SignInOptions } from './views/signin';

const EMPTY_PREFS: CataloguePrefs = { favourites: [], recents: [] };
/**
 * Wait before re-listing after a session ended: the broker's status lags a little, and
 * x2goclient in broker mode waits the same 2 s before it fetches the profiles again.
 */
const RELIST_DELAY_MS = 2_000;

export class App {
  private signInView: SignInView | null = null;
  private catalogueView: CatalogueView | null = null;
  private launchView: LaunchView | null = null;
  /** "Check connection" panel (docs/health-check.md). */
  private healthView: HealthCheckView | null = null;
  private data: CatalogueData | null = null;
  private signedIn = false;
  private signingIn = false;
  /** A profile the user picked before signing in (cached list / --session). */
  private pendingLaunch: string | null;
  /** Deep links: the link waiting for the sign-in to its broker. */
  private pendingLink: Extract<DeepLinkNotice, { outcome: 'open' }> | null = null;
  private layout: Layout;
  private readonly prompts = new Map<string, HTMLDialogElement>();
  private readonly announcer: HTMLElement;
  private readonly screen: HTMLElement;
  /** Kiosk mode (issue 12): the kiosk's screens over the app. */
  private kiosk: KioskScreens | null = null;
  // several brokers (docs/brokers.md)
  /** main's entries (StartupState.brokerEntries) as last fetched */
  private entries: BrokerEntry[] = [];
  /** every entry with what this run knows of it; two or more: the grouped catalogue */
  private groups: BrokerGroup[] = [];
  /** a profile picked on a broker that was not signed in: started once it is */
  private pendingBrokerLaunch: { id: string; broker: string } | null = null;
  /** the broker of the launch screen and of the health check shown */
  private launchBroker: string | undefined;
  private healthBroker: string | undefined;
  /** main's primary broker (docs/brokers.md §1): the last sign-in still signed in */
  private primaryKey: string | null = null;

  constructor(
    private readonly api: X2GoApi,
    private startup: StartupState,
    private readonly root: HTMLElement,
  ) {
    this.layout = startup.settings.view;
    this.pendingLaunch = startup.prefill.session ?? null;
    this.screen = h('div', { class: 'screen-host' });
    this.announcer = h('div', {
      class: 'toast',
      attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'toast' },
    });
    replaceChildren(root, this.screen, this.announcer);
    root.classList.toggle('kiosk', startup.kiosk);
    // fleet-config: the broker's display name in the window title
    if (startup.brokerName)
      document.title = t('app.titleWithBroker', { broker: displayText(startup.brokerName, 120) });
  }

  /** fleet-config: the read-only "About this configuration" dialog. */
  private showAboutConfig = (): void => void showAboutConfig(() => this.api.getConfiguration());

  start(): void {
    this.api.onSessionEvent((e) => this.onEvent(e));
    if (this.startup.kiosk) {
      this.kiosk = new KioskScreens(this.api, this.root, {
        reset: () => void this.kioskReset(),
        hasLaunchView: () => this.launchView !== null,
        announce: (text) => this.announce(text),
      });
      this.kiosk.start();
    }
    const s = this.startup;
    const canSignInQuietly = Boolean(s.prefill.autoSubmit || s.savedPassword || s.prefill.noAuth);
    this.entries = s.brokerEntries ?? [];
    if (!s.kiosk && this.entries.length > 1) {
      this.startBrokers();
      for (const link of s.deepLinks ?? []) this.openDeepLink(link);
      return;
    }
    if (s.cached) {
      // Show the last known list at once; refresh it in the background when we can.
      this.showCatalogue({
        brokerUrl: s.cached.brokerUrl,
        user: s.cached.user,
        profiles: s.cached.profiles,
        fetchedAt: s.cached.fetchedAt,
        prefs: s.cachedPrefs ?? EMPTY_PREFS,
        live: false,
      });
      if (canSignInQuietly) this.backgroundSignIn();
      else this.showStaleBanner();
    } else {
      this.showSignIn();
      if (s.prefill.autoSubmit) this.signInView?.submit();
    }
    for (const link of s.deepLinks ?? []) this.openDeepLink(link);
  }

  // --- Deep links (docs/deep-links.md) ----------------------------------------------------

  /**
   * A link main checked: on the broker signed in to, select its profile (start it only when
   * the policy allows); on another broker, or before sign-in, show the sign-in form for the
   * link's broker and select the profile once signed in. A refused link is announced.
   */
  private openDeepLink(link: DeepLinkNotice): void {
    if (link.outcome === 'refused') {
      this.announce(errorMessage(link.error));
      return;
    }
    // several brokers: the link's broker among the entries
    const group = this.isMulti() ? this.groups.find((g) => g.brokerUrl === link.broker) : undefined;
    if (group) {
      if (group.state === 'live') this.selectLinked(link, group.key);
      else {
        this.pendingLink = link;
        if (group.state !== 'refreshing') this.signInOrRefresh(group.key);
      }
      return;
    }
    if (this.signedIn && this.data?.brokerUrl === link.broker) {
      this.selectLinked(link);
      return;
    }
    this.pendingLink = link;
    // a quiet sign-in to the same broker is under way: its end selects the profile
    if (this.signingIn && this.data?.brokerUrl === link.broker && !this.signInView) return;
    const s = this.startup;
    const user = s.settings.lastUsers[link.broker];
    this.startup = {
      ...s,
      prefill: {
        ...s.prefill,
        brokerUrl: link.broker,
        ...(user ? { user } : {}),
        autoSubmit: false,
      },
      // the saved password belongs to the preselected broker only
      savedPassword: s.savedPassword && s.settings.lastBroker === link.broker,
    };
    this.signedIn = false;
    this.showSignIn();
    this.announce(t('deepLink.signIn', { broker: displayText(link.broker, 120) }));
  }

  private selectLinked(link: Extract<DeepLinkNotice, { outcome: 'open' }>, broker?: string): void {
    const view = this.catalogueView;
    if (!view || link.profileId === null) {
      view?.focus();
      return;
    }
    const profiles = broker ? this.group(broker)?.profiles : this.data?.profiles;
    const profile = profiles?.find((p) => p.id === link.profileId);
    if (!profile || !view.reveal(profile.id, broker)) {
      view.setBanner(
        h('div', {
          class: 'banner',
          text: t('deepLink.notOffered', {
            profile: displayText(link.profileId, 80),
            broker: displayText(link.broker, 120),
          }),
          attrs: { role: 'alert', 'data-testid': 'link-banner' },
        }),
      );
      return;
    }
    if (link.start) this.launch(profile, {}, broker);
  }

  private async createShortcut(profile: BrokerProfile, broker?: string): Promise<void> {
    const r = await this.api.createShortcut(profile.id, ...brokerArg(broker));
    this.announce(
      r.ok
        ? t('shortcut.created', { file: displayText(r.value.file, 200) })
        : errorMessage(r.error),
    );
  }

  // --- Screens ---------------------------------------------------------------------------

  private clearScreen(): void {
    this.catalogueView?.destroy();
    this.catalogueView = null;
    this.signInView = null;
    this.closeLaunch();
  }

  private showSignIn(
    error?: ApiError,
    add?: { state: StartupState; options: SignInOptions },
  ): void {
    this.clearScreen();
    const cachedData = this.data;
    // several brokers: the add form returns to the catalogue it came from
    const back =
      add && cachedData
        ? () => this.showCatalogue(cachedData)
        : cachedData && !this.signedIn
          ? () => this.showCatalogue(cachedData)
          : undefined;
    this.signInView = new SignInView(
      add?.state ?? this.startup,
      {
        submit: (req) => void this.signIn(req),
        // only the form's sign-in: other brokers' background refreshes go on
        cancel: () => void this.api.cancel({ signIn: true }),
        pickFile: async (purpose) => {
          const r = await this.api.pickFile(purpose);
          return r.ok ? r.value : null;
        },
        // a kiosk opens no web browser (main refuses it too)
        ...(this.startup.kiosk ? {} : { openExternal: (url) => void this.api.openExternal(url) }),
        back,
        about: this.showAboutConfig,
      },
      add?.options,
    );
    this.signInView.element.append(this.languageChoice()); // views/account.ts
    replaceChildren(this.screen, this.signInView.element);
    if (error) this.signInView.showError(error);
    else this.signInView.focusFirst();
  }

  private showCatalogue(data: CatalogueData): void {
    this.data = data;
    if (this.catalogueView) {
      this.catalogueView.setData(data);
      return;
    }
    this.clearScreen();
    this.catalogueView = new CatalogueView(data, this.layout, {
      launch: (p, broker) => this.launch(p, {}, broker),
      toggleFavourite: (p, broker) => void this.toggleFavourite(p, broker),
      checkConnection: (p, broker) => this.checkConnection(p, broker),
      refresh: () => void this.refresh(),
      signOut: () => void this.signOut(),
      setLayout: (l) => {
        this.layout = l;
        void this.api.setUiPreferences({ view: l });
      },
      // deep links: no shortcuts on a kiosk
      ...(this.startup.kiosk
        ? {}
        : { createShortcut: (p, broker) => void this.createShortcut(p, broker) }),
      about: this.showAboutConfig,
      logoutButton: this.startup.logoutButton === true,
      // several brokers (docs/brokers.md)
      ...(this.startup.canAddBrokers && !this.startup.kiosk
        ? { addBroker: () => this.addBroker() }
        : {}),
      brokers: {
        refresh: (key) => void this.refreshGroup(key),
        signIn: (key) => this.signInBroker(key),
        remove: (key) => void this.removeBroker(key),
      },
    });
    this.addAccountTools(this.catalogueView.element); // views/account.ts
    replaceChildren(this.screen, this.catalogueView.element);
    this.catalogueView.focus();
  }

  // --- Account actions and language choice (views/account.ts) ----------------------------

  /** "Change password", "Test connection" and the language choice beside "Sign out". */
  private addAccountTools(screen: HTMLElement): void {
    const tools = screen.querySelector('.topbar-tools');
    const signOut = tools?.querySelector('[data-action="sign-out"]');
    if (!tools || !signOut) return;
    const who = () => ({ brokerUrl: this.data?.brokerUrl ?? '', user: this.data?.user ?? null });
    tools.insertBefore(accountButtons(this.api, who), signOut);
    tools.insertBefore(this.languageChoice(), signOut);
  }

  private languageChoice(): HTMLElement {
    return languageChoice(this.startup, (locale) => void this.chooseLanguage(locale));
  }

  /** Store the choice, switch the UI language and draw the current screen again. */
  private async chooseLanguage(locale: Locale | null): Promise<void> {
    const r = await this.api.setUiPreferences({ locale });
    if (!r.ok) return this.announce(errorMessage(r.error));
    this.startup = { ...this.startup, settings: { ...this.startup.settings, locale } };
    setLocale(resolveLocale(locale, navigator.languages));
    document.title = t('app.title');
    if (this.catalogueView && this.data) {
      const data = this.data;
      this.catalogueView.destroy();
      this.catalogueView = null;
      this.showCatalogue(data);
    } else if (this.signInView) this.showSignIn();
    this.screen.querySelector<HTMLElement>('#language-choice')?.focus();
  }

  private showStaleBanner(error?: ApiError): void {
    const view = this.catalogueView;
    if (!view || !this.data) return;
    const banner = h(
      'div',
      { class: 'banner', attrs: { 'data-testid': 'stale-banner' } },
      h('span', { text: t('catalogue.stale', { age: formatAge(this.data.fetchedAt) }) }),
      h('button', {
        class: 'primary',
        text: t('catalogue.stale.signIn'),
        attrs: { type: 'button', 'data-action': 'sign-in' },
        on: { click: () => this.showSignIn() },
      }),
    );
    view.setBanner(
      error
        ? h('div', {}, banner, errorPanel(error, { retry: () => void this.refresh() }))
        : banner,
    );
  }

  // --- Sign-in and refresh -----------------------------------------------------------------

  private async signIn(req: SignInRequest): Promise<void> {
    this.signingIn = true;
    this.signInView?.setBusy('connecting');
    const r = await this.api.signIn(req);
    this.signingIn = false;
    if (!r.ok) {
      if (r.error.kind === 'cancelled') this.signInView?.setBusy(null);
      else this.signInView?.showError(r.error);
      return;
    }
    this.signInView?.clearPassword();
    this.signedIn = true;
    const v = r.value;
    // several brokers: two or more entries after this sign-in make the grouped catalogue
    if (await this.brokersAfterSignIn(v, req.add === true)) return;
    if (this.data && this.data.brokerUrl !== v.brokerUrl) this.catalogueView?.destroy();
    this.showCatalogue({ ...v, live: true });
    this.afterSignIn();
  }

  private backgroundSignIn(): void {
    const s = this.startup;
    const url = s.prefill.brokerUrl ?? s.cached?.brokerUrl ?? s.settings.lastBroker;
    if (!url) return;
    const req: SignInRequest = { url };
    const user = s.prefill.user ?? s.cached?.user ?? s.settings.lastUsers[url];
    if (user) req.user = user;
    if (s.prefill.noAuth) req.noAuth = true;
    else if (s.savedPassword) req.useSavedPassword = true;
    if (s.prefill.authIdFile) req.authIdFile = s.prefill.authIdFile;
    if (s.prefill.sshKeyFile) req.sshKeyFile = s.prefill.sshKeyFile;
    this.catalogueView?.setRefreshing(true);
    this.signingIn = true;
    void this.api.signIn(req).then((r) => {
      this.signingIn = false;
      this.catalogueView?.setRefreshing(false);
      if (r.ok) {
        this.signedIn = true;
        this.catalogueView?.setBanner(null);
        this.showCatalogue({ ...r.value, live: true });
        this.afterSignIn();
      } else if (r.error.kind !== 'cancelled') {
        this.showStaleBanner(r.error);
      }
    });
  }

  private afterSignIn(): void {
    const link = this.pendingLink;
    this.pendingLink = null;
    if (link && link.broker === this.data?.brokerUrl) this.selectLinked(link);
    const wanted = this.pendingLaunch;
    this.pendingLaunch = null;
    if (!wanted || !this.data) return;
    const p =
      this.data.profiles.find((x) => x.id === wanted) ??
      this.data.profiles.find((x) => x.name === wanted);
    if (p) this.launch(p, {});
  }

  private async refresh(): Promise<void> {
    // several brokers: Refresh in the top bar refreshes every broker that needs no typing
    if (this.isMulti()) {
      for (const g of this.groups)
        if (!needsSignIn(g) && g.state !== 'refreshing') void this.refreshGroup(g.key);
      return;
    }
    if (!this.signedIn) {
      this.showSignIn();
      return;
    }
    this.catalogueView?.setRefreshing(true);
    const r = await this.api.listProfiles();
    this.catalogueView?.setRefreshing(false);
    if (!this.data) return;
    if (r.ok) {
      this.catalogueView?.setBanner(null);
      this.showCatalogue({ ...this.data, ...r.value, live: true });
    } else if (r.error.kind === 'auth' || r.error.kind === 'cookie-rejected') {
      this.signedIn = false;
      this.showSignIn(r.error);
    } else if (r.error.kind !== 'cancelled') {
      this.catalogueView?.setBanner(errorPanel(r.error, { retry: () => void this.refresh() }));
    }
  }

  private async signOut(): Promise<void> {
    await this.api.signOut();
    this.signedIn = false;
    this.data = null;
    this.groups = [];
    await this.reloadStartup();
    this.showSignIn();
  }

  /** The kiosk signed out (idle, session over, broker gone): every field cleared, sign-in. */
  private async kioskReset(): Promise<void> {
    this.signedIn = false;
    this.data = null;
    this.pendingLaunch = null;
    this.clearScreen();
    await this.reloadStartup();
    // The next user may have signed in while the startup state was on its way (the kiosk's
    // reset and main's `signed-out` both arrive after a session): never draw the sign-in
    // form over their catalogue.
    if (!this.signedIn && !this.signingIn) this.showSignIn();
  }

  /** Main remembered the broker and user at sign-in: fetch them for the next sign-in form. */
  private async reloadStartup(): Promise<void> {
    try {
      this.startup = await this.api.getStartupState();
    } catch {
      // Keep what we had: the form is still usable, only less prefilled.
    }
  }

  // --- Favourites ------------------------------------------------------------------------

  private async toggleFavourite(p: BrokerProfile, broker?: string): Promise<void> {
    if (broker !== undefined && this.isMulti()) return this.toggleGroupFavourite(p, broker);
    if (!this.data) return;
    const on = !this.data.prefs.favourites.includes(p.id);
    const optimistic: CataloguePrefs = {
      ...this.data.prefs,
      favourites: on
        ? [...this.data.prefs.favourites, p.id]
        : this.data.prefs.favourites.filter((id) => id !== p.id),
    };
    this.setPrefs(optimistic);
    const r = await this.api.setFavourite(p.id, on);
    if (r.ok) this.setPrefs(r.value);
  }

  private setPrefs(prefs: CataloguePrefs): void {
    if (!this.data) return;
    this.data = { ...this.data, prefs };
    this.catalogueView?.setPrefs(prefs);
  }

  // --- Launch ----------------------------------------------------------------------------

  private launch(profile: BrokerProfile, options: LaunchOptions, broker?: string): void {
    // several brokers: a broker not signed in signs in first (quietly, or with the form)
    if (broker !== undefined && this.isMulti() && this.group(broker)?.state !== 'live') {
      this.pendingBrokerLaunch = { id: profile.id, broker };
      this.signInOrRefresh(broker);
      return;
    }
    if (!this.signedIn) {
      this.pendingLaunch = profile.id;
      this.showSignIn();
      return;
    }
    // The request goes to main first: building and focusing the launch screen (a layout)
    // happens while main asks the broker, not before.
    const outcome = this.api.selectAndLaunch(profile.id, options, ...brokerArg(broker));
    if (
      !this.launchView ||
      this.launchView.profile.id !== profile.id ||
      this.launchBroker !== broker
    ) {
      this.closeLaunch();
      this.launchView = new LaunchView(profile, {
        back: () => {
          this.closeLaunch();
          this.kiosk?.launchAbandoned();
        },
        // several brokers: only this broker's request (another's refresh goes on)
        cancel: () => void this.api.cancel(broker !== undefined ? { broker } : undefined),
        retry: () => this.launch(profile, options, broker),
        resume: (name) => this.launch(profile, { resume: name }, broker),
        terminate: (name) => void this.terminate(profile, name, broker),
        ...(this.startup.kiosk
          ? {}
          : { openExternal: (url: string) => void this.api.openExternal(url) }),
        canTerminate: this.startup.capabilities.terminate,
      });
      this.launchBroker = broker;
      this.screen.append(this.launchView.element);
      this.launchView.focus();
    } else {
      this.launchView.setState('asking-broker');
    }
    const view = this.launchView;
    view.launchId = null;
    this.noteRecent(profile.id, broker);
    void outcome.then((r) => {
      if (this.launchView !== view) return;
      if (!r.ok) {
        if (r.error.kind === 'cancelled') this.closeLaunch();
        else view.showError(r.error);
      } else if (r.value.kind === 'choose') {
        view.showChoice(r.value.sessions);
      } else {
        view.launchId = r.value.launchId;
        if (view.state === 'asking-broker') view.setState('starting-client');
      }
    });
  }

  private async terminate(
    profile: BrokerProfile,
    sessionName: string,
    broker?: string,
  ): Promise<void> {
    const r = await this.api.terminateSession(profile.id, sessionName, ...brokerArg(broker));
    if (!r.ok) this.launchView?.showError(r.error);
    else {
      this.announce(t('launch.terminated'));
      this.launch(profile, {}, broker);
    }
  }

  // --- Health check and diagnostics (docs/health-check.md, docs/diagnostics.md) -----------

  private checkConnection(profile: BrokerProfile, broker?: string): void {
    // several brokers: the profile's broker must be signed in
    if (broker !== undefined && this.isMulti() && this.group(broker)?.state !== 'live') {
      this.signInOrRefresh(broker);
      return;
    }
    if (!this.signedIn) {
      this.showSignIn();
      return;
    }
    this.closeHealth();
    this.healthBroker = broker;
    const view = new HealthCheckView(profile, {
      close: () => this.closeHealth(),
      recheck: () => this.runCheck(view),
      resume: (name) => {
        this.closeHealth();
        this.launch(profile, { resume: name }, broker);
      },
      terminate: (name) =>
        void this.api.terminateSession(profile.id, name, ...brokerArg(broker)).then((r) => {
          if (!r.ok) view.showError(r.error);
          else {
            this.announce(t('launch.terminated'));
            this.runCheck(view);
          }
        }),
      startNew: () => {
        this.closeHealth();
        this.launch(profile, { resume: 'new' }, broker);
      },
      copyDiagnostics: () =>
        void this.api.copyDiagnostics().then((r) => {
          if (r.ok) this.announce(t('diagnostics.copied', { bytes: r.value.bytes }));
          else view.showError(r.error);
        }),
      canTerminate: this.startup.capabilities.terminate,
    });
    this.healthView = view;
    this.screen.append(view.element);
    view.focus();
    this.runCheck(view);
  }

  private runCheck(view: HealthCheckView): void {
    view.showChecking();
    void this.api.checkConnection(view.profile.id, ...brokerArg(this.healthBroker)).then((r) => {
      if (this.healthView !== view) return;
      if (r.ok) view.show(r.value);
      else view.showError(r.error);
    });
  }

  private closeHealth(): void {
    if (!this.healthView) return;
    this.healthView.element.remove();
    this.healthView = null;
    this.catalogueView?.focus();
  }

  private noteRecent(id: string, broker?: string): void {
    if (broker !== undefined && this.isMulti()) {
      const g = this.group(broker);
      if (!g) return;
      const recents = [{ id, at: Date.now() }, ...g.prefs.recents.filter((r) => r.id !== id)];
      this.patchGroup(broker, { prefs: { ...g.prefs, recents: recents.slice(0, 10) } });
      return;
    }
    if (!this.data) return;
    const recents = [{ id, at: Date.now() }, ...this.data.prefs.recents.filter((r) => r.id !== id)];
    this.setPrefs({ ...this.data.prefs, recents: recents.slice(0, 10) });
  }

  private closeLaunch(): void {
    if (!this.launchView) return;
    this.launchView.element.remove();
    this.launchView = null;
    this.catalogueView?.focus();
  }

  private announce(text: string): void {
    this.announcer.textContent = text;
    this.announcer.classList.add('show');
    window.setTimeout(() => {
      if (this.announcer.textContent === text) this.announcer.classList.remove('show');
    }, 5000);
  }

  // --- Events from main ------------------------------------------------------------------

  private onEvent(e: SessionEvent): void {
    switch (e.type) {
      case 'progress':
        // several brokers: a background refresh of another broker is not this form's wait
        if (e.broker !== undefined && this.isMulti() && e.op !== 'sign-in') return;
        if (e.op === 'sign-in' && this.signingIn && e.phase !== 'asking-broker')
          this.signInView?.setBusy(e.phase);
        return;
      case 'launch': {
        const view = this.launchView;
        const mine =
          view &&
          (view.launchId === e.launchId ||
            (view.launchId === null &&
              view.profile.id === e.profileId &&
              (e.broker === undefined ||
                this.launchBroker === undefined ||
                e.broker === this.launchBroker)));
        if (e.state === 'ended') {
          const profiles =
            (e.broker !== undefined ? this.group(e.broker)?.profiles : undefined) ??
            this.data?.profiles;
          const name = profiles?.find((p) => p.id === e.profileId)?.name ?? e.profileId;
          this.announce(t('launch.ended', { name: displayText(name, 80) }));
          if (mine) this.closeLaunch();
          // several brokers: re-list the broker of the session only
          const ended = e.broker !== undefined && this.isMulti() ? this.group(e.broker) : undefined;
          if (ended) {
            window.setTimeout(() => {
              if (this.group(ended.key)?.state === 'live') void this.refreshGroup(ended.key);
            }, RELIST_DELAY_MS);
            return;
          }
          // The broker learns about the ended session a moment later; re-list then (unless
          // main signs out after each session — kiosk / autologoff sends `signed-out`).
          window.setTimeout(() => {
            if (this.signedIn && !this.signingIn) void this.refresh();
          }, RELIST_DELAY_MS);
          return;
        }
        if (!mine) return;
        if (e.state === 'failed' && e.error) view.showError(e.error);
        else view.setState(e.state, e.notices ? { notices: e.notices } : undefined);
        return;
      }
      case 'prompt':
        this.openPrompt(e.prompt);
        return;
      case 'prompt-closed':
        this.prompts.get(e.id)?.close();
        this.prompts.get(e.id)?.remove();
        this.prompts.delete(e.id);
        return;
      case 'signed-out':
        // several brokers: only this broker's session ended; the others stay as they are
        if (e.broker !== undefined && this.isMulti() && this.group(e.broker)) {
          this.patchGroup(e.broker, { state: e.reason ? 'failed' : 'stale', error: e.reason });
          return;
        }
        this.signedIn = false;
        void this.reloadStartup().then(() => {
          // a sign-in that finished meanwhile keeps its catalogue (see kioskReset)
          if (!this.signedIn && !this.signingIn) this.showSignIn(e.reason ?? undefined);
        });
        return;
      case 'deep-link':
        this.openDeepLink(e.link);
        return;
    }
  }

  private openPrompt(prompt: Prompt): void {
    const dialog = showPrompt(prompt, (response) => {
      this.prompts.delete(prompt.id);
      void this.api.respondToPrompt(prompt.id, response);
    });
    this.prompts.set(prompt.id, dialog);
  }
  // --- Several brokers in one catalogue (docs/brokers.md) ----------------------------------

  private isMulti(): boolean {
    return this.groups.length > 1;
  }

  private group(key: string): BrokerGroup | undefined {
    return this.groups.find((g) => g.key === key);
  }

  private entry(key: string): BrokerEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  /** The grouped catalogue's data: the groups, and the first live one's fields on top. */
  private groupData(): CatalogueData {
    // the primary's fields on top: the account view (password change, connectivity test) and
    // calls that name no broker are about it
    const top =
      this.groups.find((g) => g.key === this.primaryKey && g.state === 'live') ??
      this.groups.find((g) => g.state === 'live') ??
      this.groups[0]!;
    return {
      brokerUrl: top.brokerUrl,
      user: top.user,
      profiles: top.profiles,
      fetchedAt: top.fetchedAt ?? 0,
      prefs: top.prefs,
      live: top.state === 'live',
      ...(top.answeredUrl ? { answeredUrl: top.answeredUrl } : {}),
      brokers: this.groups,
    };
  }

  /** Draw the groups again (on the catalogue, when it is the screen shown). */
  private renderGroups(): void {
    this.signedIn = this.groups.some((g) => g.state === 'live');
    const data = this.groupData();
    this.data = data;
    this.catalogueView?.setData(data);
  }

  private patchGroup(key: string, patch: Partial<BrokerGroup>): void {
    this.groups = this.groups.map((g) => (g.key === key ? { ...g, ...patch } : g));
    this.renderGroups();
  }

  /**
   * Start with several entries: every last-known list at once (stale, with its age), then each
   * broker that can sign in without typing refreshes in the background, each on its own.
   */
  private startBrokers(): void {
    const s = this.startup;
    this.groups = groupsFromEntries(this.entries);
    const first = this.entries[0]!;
    if (this.pendingLaunch) {
      // --session: a profile of the preselected broker (by id or name)
      const wanted = this.pendingLaunch;
      const p = first.cached?.profiles.find((x) => x.id === wanted || x.name === wanted);
      this.pendingBrokerLaunch = { id: p?.id ?? wanted, broker: first.key };
      this.pendingLaunch = null;
    }
    this.data = this.groupData();
    this.showCatalogue(this.data);
    for (const g of this.groups) if (g.state === 'stale') void this.refreshGroup(g.key);
    if (s.prefill.autoSubmit && this.groups[0]?.state === 'needs-password')
      this.signInBroker(first.key);
  }

  /**
   * Refresh one broker: its list when it is signed in, else a sign-in with what is stored
   * (refreshBroker). Fails alone: the reason goes into its header.
   */
  private async refreshGroup(key: string): Promise<void> {
    const g = this.group(key);
    if (!g || g.state === 'refreshing') return;
    const wasLive = g.state === 'live';
    this.patchGroup(key, { state: 'refreshing' });
    const r = wasLive ? await this.api.listProfiles(key) : await this.api.refreshBroker(key);
    if (!this.group(key)) return; // removed meanwhile
    if (r.ok) {
      // main: a refresh makes its entry the primary only while no other broker is signed in
      if (!this.groups.some((x) => x.key !== key && x.state === 'live')) this.primaryKey = key;
      const v: ProfileList & Partial<SignedIn> = r.value;
      this.patchGroup(key, {
        state: 'live',
        error: null,
        profiles: v.profiles,
        fetchedAt: v.fetchedAt,
        ...(v.prefs ? { prefs: v.prefs } : {}),
        ...(v.answeredUrl ? { answeredUrl: v.answeredUrl } : {}),
      });
      this.afterGroupLive(key);
    } else if (r.error.kind === 'cancelled')
      this.patchGroup(key, { state: wasLive ? 'live' : 'stale' });
    else if ((r.error.code as string) === 'broker.needs-password')
      this.patchGroup(key, { state: 'needs-password', error: null });
    else this.patchGroup(key, { state: 'failed', error: r.error });
  }

  /** A broker went live: start the profile picked on it, select the link waiting for it. */
  private afterGroupLive(key: string): void {
    const g = this.group(key);
    if (!g) return;
    const link = this.pendingLink;
    if (link && link.broker === g.brokerUrl) {
      this.pendingLink = null;
      if (this.catalogueView) this.selectLinked(link, key);
    }
    const wanted = this.pendingBrokerLaunch;
    if (wanted?.broker !== key) return;
    this.pendingBrokerLaunch = null;
    const p =
      g.profiles.find((x) => x.id === wanted.id) ?? g.profiles.find((x) => x.name === wanted.id);
    if (p && this.catalogueView) this.launch(p, {}, key);
  }

  /** A profile of a broker that is not live: sign in quietly, or open its form. */
  private signInOrRefresh(key: string): void {
    const g = this.group(key);
    if (!g) return;
    const e = this.entry(key);
    if (needsSignIn(g) || (e && !canRefreshQuietly(e))) this.signInBroker(key);
    else void this.refreshGroup(key);
  }

  /** "Sign in…" in a broker's header: the sign-in form for it, submitting with add. */
  private signInBroker(key: string): void {
    const g = this.group(key);
    if (!g) return;
    const e = this.entry(key);
    const s = this.startup;
    const state: StartupState = {
      ...s,
      prefill: {
        ...s.prefill,
        brokerUrl: g.brokerUrl,
        ...(g.user ? { user: g.user } : {}),
        autoSubmit: false,
        noAuth: e?.auth === 'noauth',
      },
      savedPassword: e?.savedPassword ?? false,
      cached: null,
    };
    if (!this.catalogueView || !this.data) this.data = this.groupData();
    this.showSignIn(undefined, { state, options: { add: true, brokerLabel: brokerName(g) } });
  }

  /** "Add broker…": an empty sign-in form in add mode; Cancel returns to the catalogue. */
  private addBroker(): void {
    const s = this.startup;
    const state: StartupState = {
      ...s,
      prefill: { autoSubmit: false },
      savedPassword: false,
      cached: null,
      settings: { ...s.settings, lastBroker: null },
    };
    this.showSignIn(undefined, { state, options: { add: true } });
  }

  /**
   * After a sign-in, with two or more entries: the grouped catalogue of main's entries, this
   * broker live. With `add` the brokers live before stay live. Without it (the sign-in screen)
   * main signed the others out: they show their last lists, stale and not refreshed (the user
   * chose this broker), and the broker chip shows this one (docs/brokers.md §7). Returns false
   * for the one-broker catalogue of today (one entry, or a kiosk).
   */
  private async brokersAfterSignIn(v: SignedIn, add: boolean): Promise<boolean> {
    if (this.startup.kiosk) {
      this.groups = [];
      return false;
    }
    const before = this.entries;
    await this.reloadStartup();
    this.entries = this.startup.brokerEntries ?? [];
    if (this.entries.length < 2) {
      this.groups = [];
      return false;
    }
    const known = new Map<string, BrokerGroup>();
    if (add) for (const g of this.groups) known.set(g.key, g);
    // from the one-broker catalogue: its broker was live
    if (add && !this.isMulti() && this.data?.live) {
      const old = entryFor(before.length ? before : this.entries, this.data);
      if (old)
        known.set(old.key, {
          key: old.key,
          brokerUrl: this.data.brokerUrl,
          user: this.data.user,
          profiles: this.data.profiles,
          fetchedAt: this.data.fetchedAt,
          prefs: this.data.prefs,
          state: 'live',
          managed: old.managed,
          ...(this.data.answeredUrl ? { answeredUrl: this.data.answeredUrl } : {}),
        });
    }
    const mine = entryFor(this.entries, v);
    this.primaryKey = mine?.key ?? null;
    if (mine)
      known.set(mine.key, {
        key: mine.key,
        brokerUrl: v.brokerUrl,
        user: v.user,
        profiles: v.profiles,
        fetchedAt: v.fetchedAt,
        prefs: v.prefs,
        state: 'live',
        error: null,
        managed: mine.managed,
        ...(v.answeredUrl ? { answeredUrl: v.answeredUrl } : {}),
      });
    this.groups = groupsFromEntries(this.entries, known);
    this.signedIn = true;
    this.catalogueView?.destroy();
    this.catalogueView = null;
    this.showCatalogue(this.groupData());
    // (TypeScript narrowed the field to null above; showCatalogue set it)
    if (!add && mine) (this.catalogueView as CatalogueView | null)?.showBroker(mine.key);
    if (mine) this.afterGroupLive(mine.key);
    return true;
  }

  private async toggleGroupFavourite(p: BrokerProfile, broker: string): Promise<void> {
    const g = this.group(broker);
    if (!g) return;
    const on = !g.prefs.favourites.includes(p.id);
    this.patchGroup(broker, {
      prefs: {
        ...g.prefs,
        favourites: on
          ? [...g.prefs.favourites, p.id]
          : g.prefs.favourites.filter((id) => id !== p.id),
      },
    });
    const r = await this.api.setFavourite(p.id, on, broker);
    if (r.ok && this.group(broker)) this.patchGroup(broker, { prefs: r.value });
  }

  /** "Remove" in a broker's header: main signs out of it and forgets it. */
  private async removeBroker(key: string): Promise<void> {
    const g = this.group(key);
    if (!g) return;
    const r = await this.api.removeBroker(key);
    if (!r.ok) return this.announce(errorMessage(r.error));
    this.announce(t('brokers.removed', { broker: displayText(brokerName(g), 120) }));
    await this.reloadStartup();
    this.entries = this.startup.brokerEntries ?? [];
    const known = new Map(this.groups.map((x) => [x.key, x]));
    known.delete(key);
    const groups = groupsFromEntries(this.entries, known);
    if (groups.length > 1) {
      this.groups = groups;
      this.renderGroups();
      this.catalogueView?.focus();
      return;
    }
    // one broker left: the catalogue of today
    this.groups = [];
    this.catalogueView?.destroy();
    this.catalogueView = null;
    const last = groups[0];
    if (!last) {
      this.signedIn = false;
      this.data = null;
      this.showSignIn();
      return;
    }
    this.signedIn = last.state === 'live';
    this.showCatalogue({
      brokerUrl: last.brokerUrl,
      user: last.user,
      profiles: last.profiles,
      fetchedAt: last.fetchedAt ?? 0,
      prefs: last.prefs,
      live: this.signedIn,
      ...(last.answeredUrl ? { answeredUrl: last.answeredUrl } : {}),
    });
    if (!this.signedIn) this.showStaleBanner();
  }
}
