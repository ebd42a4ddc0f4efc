// A profile's context menu in the catalogue (right click, the ContextMenu key or Shift+F10):
// a small ARIA menu of actions — today "Create desktop shortcut" (docs/deep-links.md). One at
// a time; Escape, a click elsewhere, Tab or choosing an action closes it and gives the focus
// back to the list.
import { h } from '../dom';

export interface MenuAction {
  /** `data-action` of the item (tests and styles). */
  id: string;
  label: string;
  run(): void;
}

let openMenu: HTMLElement | null = null;

/** Open the menu at a point of the viewport (kept inside it). */
export function openProfileMenu(
  at: { x: number; y: number },
  label: string,
  actions: readonly MenuAction[],
  restoreFocus: () => void,
): HTMLElement {
  openMenu?.remove();
  let closed = false;
  const close = (focusBack: boolean) => {
    if (closed) return;
    closed = true;
    menu.remove();
    if (openMenu === menu) openMenu = null;
    document.removeEventListener('pointerdown', outside, true);
    if (focusBack) restoreFocus();
  };
  const items = actions.map((a) =>
    h('button', {
      class: 'menu-item',
      text: a.label,
      attrs: { type: 'button', role: 'menuitem', 'data-action': a.id, tabindex: -1 },
      on: {
        click: () => {
          close(true);
          a.run();
        },
      },
    }),
  );
  const menu = h(
    'div',
    {
      class: 'context-menu',
      attrs: { role: 'menu', 'aria-label': label, 'data-testid': 'profile-menu' },
    },
    ...items,
  );
  menu.addEventListener('keydown', (e) => {
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    }
  });
  const outside = (e: Event) => {
    if (!menu.contains(e.target as Node)) close(false);
  };
  document.addEventListener('pointerdown', outside, true);
  document.body.append(menu);
  const { width, height } = menu.getBoundingClientRect();
  menu.style.left = `${Math.max(4, Math.min(at.x, window.innerWidth - width - 4))}px`;
  menu.style.top = `${Math.max(4, Math.min(at.y, window.innerHeight - height - 4))}px`;
  openMenu = menu;
  items[0]?.focus();
  return menu;
}
