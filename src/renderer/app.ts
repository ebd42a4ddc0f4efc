// The renderer's controller: which screen is shown, what is signed in, what is launching.
// It only talks to `window.x2go` (the preload API); every broker exchange happens in main.
import type {
  ApiError,
  BrokerProfile,
  CataloguePrefs,
  DeepLinkNotice,
  LaunchOptions,
  Prompt,
  SessionEvent,
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

  private selectLinked(link: Extract<DeepLinkNotice, { outcome: 'open' }>): void {
    const view = this.catalogueView;
    if (!view || link.profileId === null) {
      view?.focus();
      return;
    }
    const profile = this.data?.profiles.find((p) => p.id === link.profileId);
    if (!profile || !view.reveal(profile.id)) {
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
    if (link.start) this.launch(profile, {});
  }

  private async createShortcut(profile: BrokerProfile): Promise<void> {
    const r = await this.api.createShortcut(profile.id);
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

  private showSignIn(error?: ApiError): void {
    this.clearScreen();
    const cachedData = this.data;
    this.signInView = new SignInView(this.startup, {
      submit: (req) => void this.signIn(req),
      cancel: () => void this.api.cancel(),
      pickFile: async (purpose) => {
        const r = await this.api.pickFile(purpose);
        return r.ok ? r.value : null;
      },
      // a kiosk opens no web browser (main refuses it too)
      ...(this.startup.kiosk ? {} : { openExternal: (url) => void this.api.openExternal(url) }),
      back: cachedData && !this.signedIn ? () => this.showCatalogue(cachedData) : undefined,
      about: this.showAboutConfig,
    });
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
      launch: (p) => this.launch(p, {}),
      toggleFavourite: (p) => void this.toggleFavourite(p),
      checkConnection: (p) => this.checkConnection(p),
      refresh: () => void this.refresh(),
      signOut: () => void this.signOut(),
      setLayout: (l) => {
        this.layout = l;
        void this.api.setUiPreferences({ view: l });
      },
      // deep links: no shortcuts on a kiosk
      ...(this.startup.kiosk ? {} : { createShortcut: (p) => void this.createShortcut(p) }),
      about: this.showAboutConfig,
      logoutButton: this.startup.logoutButton === true,
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

  private async toggleFavourite(p: BrokerProfile): Promise<void> {
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

  private launch(profile: BrokerProfile, options: LaunchOptions): void {
    if (!this.signedIn) {
      this.pendingLaunch = profile.id;
      this.showSignIn();
      return;
    }
    // The request goes to main first: building and focusing the launch screen (a layout)
    // happens while main asks the broker, not before.
    const outcome = this.api.selectAndLaunch(profile.id, options);
    if (!this.launchView || this.launchView.profile.id !== profile.id) {
      this.closeLaunch();
      this.launchView = new LaunchView(profile, {
        back: () => {
          this.closeLaunch();
          this.kiosk?.launchAbandoned();
        },
        cancel: () => void this.api.cancel(),
        retry: () => this.launch(profile, options),
        resume: (name) => this.launch(profile, { resume: name }),
        terminate: (name) => void this.terminate(profile, name),
        ...(this.startup.kiosk
          ? {}
          : { openExternal: (url: string) => void this.api.openExternal(url) }),
        canTerminate: this.startup.capabilities.terminate,
      });
      this.screen.append(this.launchView.element);
      this.launchView.focus();
    } else {
      this.launchView.setState('asking-broker');
    }
    const view = this.launchView;
    view.launchId = null;
    this.noteRecent(profile.id);
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

  private async terminate(profile: BrokerProfile, sessionName: string): Promise<void> {
    const r = await this.api.terminateSession(profile.id, sessionName);
    if (!r.ok) this.launchView?.showError(r.error);
    else {
      this.announce(t('launch.terminated'));
      this.launch(profile, {});
    }
  }

  // --- Health check and diagnostics (docs/health-check.md, docs/diagnostics.md) -----------

  private checkConnection(profile: BrokerProfile): void {
    if (!this.signedIn) {
      this.showSignIn();
      return;
    }
    this.closeHealth();
    const view = new HealthCheckView(profile, {
      close: () => this.closeHealth(),
      recheck: () => this.runCheck(view),
      resume: (name) => {
        this.closeHealth();
        this.launch(profile, { resume: name });
      },
      terminate: (name) =>
        void this.api.terminateSession(profile.id, name).then((r) => {
          if (!r.ok) view.showError(r.error);
          else {
            this.announce(t('launch.terminated'));
            this.runCheck(view);
          }
        }),
      startNew: () => {
        this.closeHealth();
        this.launch(profile, { resume: 'new' });
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
    void this.api.checkConnection(view.profile.id).then((r) => {
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

  private noteRecent(id: string): void {
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
        if (e.op === 'sign-in' && this.signingIn && e.phase !== 'asking-broker')
          this.signInView?.setBusy(e.phase);
        return;
      case 'launch': {
        const view = this.launchView;
        const mine =
          view &&
          (view.launchId === e.launchId ||
            (view.launchId === null && view.profile.id === e.profileId));
        if (e.state === 'ended') {
          const name = this.data?.profiles.find((p) => p.id === e.profileId)?.name ?? e.profileId;
          this.announce(t('launch.ended', { name: displayText(name, 80) }));
          if (mine) this.closeLaunch();
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
}
