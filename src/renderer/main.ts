// Renderer entry: read the startup state from main, pick the language, start the app.
// Runs under a strict CSP with no Node and no network; `window.x2go` is the only way out.
import { App } from './app';
import { h, replaceChildren } from './dom';
import { collatorFor } from './catalogue/model';
import { getLocale, resolveLocale, setLocale, t, warmFormatters } from './i18n';

async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  if (!('x2go' in window)) {
    replaceChildren(
      root,
      h('p', { class: 'fatal', text: 'The launcher API is missing (preload not loaded).' }),
    );
    return;
  }
  const state = await window.x2go.getStartupState();
  setLocale(resolveLocale(state.settings.locale, navigator.languages));
  document.title = t('app.title');
  new App(window.x2go, state, root).start();
  // ICU data for the catalogue's formatters and label sort, loaded while the sign-in screen
  // waits for the user instead of delaying the first tiles.
  requestIdleCallback(() => {
    warmFormatters();
    collatorFor(getLocale());
  });
}

boot().catch((e: unknown) => {
  const root = document.getElementById('app');
  if (root)
    replaceChildren(root, h('p', { class: 'fatal', text: `Start-up failed: ${String(e)}` }));
});
