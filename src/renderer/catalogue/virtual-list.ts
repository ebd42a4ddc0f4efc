// A virtualised listbox for tiles (grid) or rows (list): only the rows in view (plus a small
// overscan and the active item) are in the DOM, so 10,000 profiles cost as much as 50.
// Focus stays on the listbox itself and `aria-activedescendant` names the active option, so
// removing off-screen tiles never loses keyboard focus. aria-setsize/posinset tell screen
// readers the real size.
//
// Per frame it reads the geometry first and then only writes (no forced layout in between).
// New items (each keystroke of a search) reuse the element of an item with the same `key`
// already on screen, so narrowing a result list moves nothing in the DOM.
// Elements for items a coming `setItems` will probably show can be built ahead, detached,
// while the page is idle (`prime`): the first keystroke of a search then adopts them instead
// of building a screenful of tiles in the frame that answers it (bench B3).

export type Layout = 'grid' | 'list';

interface Metrics {
  itemWidth: number;
  itemHeight: number;
  gap: number;
  padding: number;
}

const METRICS: Record<Layout, Metrics> = {
  grid: { itemWidth: 148, itemHeight: 148, gap: 12, padding: 16 },
  list: { itemWidth: 0, itemHeight: 48, gap: 2, padding: 8 },
};
const OVERSCAN_ROWS = 2;

// --- Several brokers (docs/brokers.md): full-width group headers between the items --------
/**
 * A header placed before `items[at]`, on a row of its own (a broker's name and state). Headers
 * are not items: the keyboard moves over items only, and all headers (one per broker, at most
 * 20) stay in the DOM, so a screen reader finds every one by heading navigation.
 */
export interface ListGroup {
  at: number;
  element: HTMLElement;
}
/** CSS px height of a group header row (styles.css .broker-header). */
const GROUP_HEADER_HEIGHT = 56;
interface Section {
  header: HTMLElement | null;
  at: number;
  end: number;
  top: number;
  itemsTop: number;
}

export interface VirtualListOptions<T> {
  /** Builds the element for one item (called only for items in view). */
  render(item: T, index: number, layout: Layout): HTMLElement;
  /**
   * Identity of what `render` would build for an item: equal keys mean an element on screen
   * can be kept for it after `setItems`.
   */
  key(item: T): string;
  /** Enter, Space or a click on an item (one click starts, as in a launcher). */
  activate(item: T, index: number): void;
  /** Keys the list does not handle itself (F, Backspace …); return true when handled. */
  onKey?(event: KeyboardEvent, item: T | undefined, index: number): boolean;
  /** Accessible name of the listbox. */
  label: string;
  idPrefix: string;
}

export class VirtualList<T> {
  readonly element: HTMLDivElement;
  private readonly sizer: HTMLDivElement;
  private items: readonly T[] = [];
  private layout: Layout = 'grid';
  private active = 0;
  private columns = 1;
  private readonly rendered = new Map<number, HTMLElement>();
  /** elements of the previous items by key, until the next render picks or drops them */
  private readonly spare = new Map<string, HTMLElement>();
  /** elements built ahead by `prime`, by key, detached until a render adopts them */
  private readonly primed = new Map<string, HTMLElement>();
  private frame = 0;
  private overscanTask = 0;
  private readonly observer: ResizeObserver;
  /** what renderNow last wrote to each element (size, position, active state) */
  private readonly placed = new WeakMap<
    HTMLElement,
    { width: number; height: number; x: number; y: number; active: boolean }
  >();
  /** several brokers: the group headers (none: the plain grid of today) */
  private groups: readonly ListGroup[] = [];

  constructor(private readonly options: VirtualListOptions<T>) {
    this.element = document.createElement('div');
    this.element.className = 'vlist';
    this.element.setAttribute('role', 'listbox');
    this.element.setAttribute('tabindex', '0');
    this.element.setAttribute('aria-label', options.label);
    this.sizer = document.createElement('div');
    this.sizer.className = 'vlist-sizer';
    this.element.appendChild(this.sizer);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.element.addEventListener('click', (e) => this.onClick(e));
    this.observer = new ResizeObserver(() => this.schedule());
    this.observer.observe(this.element);
  }

  destroy(): void {
    this.observer.disconnect();
    cancelAnimationFrame(this.frame);
    cancelIdleCallback(this.overscanTask);
  }

  setItems(items: readonly T[], keepActive = false): void {
    for (const [i, el] of this.rendered) {
      const key = this.options.key(this.items[i]!);
      if (this.spare.has(key)) el.remove();
      else this.spare.set(key, el);
    }
    this.rendered.clear();
    this.items = items;
    if (!keepActive) {
      this.active = 0;
      this.element.scrollTop = 0;
    }
    this.active = Math.min(this.active, Math.max(0, items.length - 1));
    // New items (a keystroke of a search): the frame gets the rows in view only; the rows
    // around them follow once it is painted (a third fewer new tiles to build, style and lay
    // out in the frame that answers the keystroke).
    this.renderNow(0);
    cancelIdleCallback(this.overscanTask);
    this.overscanTask = 0;
    this.scheduleOverscan();
  }

  /**
   * Renders the overscan rows while idle, one more row above and below per idle callback (perf,
   * bench B3: all of them at once was a 10–15 ms task on a loaded machine, which the next
   * keystroke then waited for).
   */
  private scheduleOverscan(rows = 1): void {
    if (this.overscanTask) return;
    this.overscanTask = requestIdleCallback(
      () => {
        this.overscanTask = 0;
        this.renderNow(rows);
        if (rows < OVERSCAN_ROWS) this.scheduleOverscan(rows + 1);
      },
      { timeout: 100 },
    );
  }

  setLayout(layout: Layout): void {
    if (layout === this.layout) return;
    this.layout = layout;
    this.element.dataset.layout = layout;
    this.clear();
    this.renderNow();
    this.scrollToActive();
  }

  focus(): void {
    this.element.focus();
  }

  setActive(index: number): void {
    if (this.items.length === 0) return;
    this.active = Math.max(0, Math.min(index, this.items.length - 1));
    this.scrollToActive();
    this.renderNow();
  }

  /**
   * Builds, detached, the elements of the first screenful of `items` (the rows in view from
   * the top, in the current layout and width), replacing what an earlier call built. A later
   * render adopts one for an item of the same key instead of calling `render`; a layout or
   * column change drops them. Call it while idle: it costs what rendering those rows costs.
   */
  prime(items: readonly T[]): void {
    const { columns, rowHeight } = this.geometry();
    const viewHeight = this.element.clientHeight || 600;
    const count = Math.min(items.length, columns * Math.ceil(viewHeight / rowHeight));
    this.primed.clear();
    for (let i = 0; i < count; i++) {
      const item = items[i]!;
      const key = this.options.key(item);
      if (!this.primed.has(key)) this.primed.set(key, this.build(item, i));
    }
  }

  private build(item: T, index: number): HTMLElement {
    const el = this.options.render(item, index, this.layout);
    el.setAttribute('role', 'option');
    el.classList.add('vitem');
    return el;
  }

  private clear(): void {
    this.primed.clear();
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    for (const el of this.spare.values()) el.remove();
    this.spare.clear();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  private geometry(): { columns: number; rowHeight: number; width: number; m: Metrics } {
    const m = METRICS[this.layout];
    const width = Math.max(0, this.element.clientWidth - 2 * m.padding);
    const columns =
      this.layout === 'list' ? 1 : Math.max(1, Math.floor((width + m.gap) / (m.itemWidth + m.gap)));
    return { columns, rowHeight: m.itemHeight + m.gap, width, m };
  }

  /**
   * Place the rows in view, `overscanRows` more above and below, and the active item; drop
   * everything else.
   */
  renderNow(overscanRows = OVERSCAN_ROWS): void {
    if (this.groups.length) return this.renderGrouped(overscanRows);
    // Reads first: geometry, scroll position, view height (one layout at most).
    const { columns, rowHeight, width, m } = this.geometry();
    const viewTop = this.element.scrollTop;
    const viewHeight = this.element.clientHeight || 600;
    // Writes only from here on.
    if (columns !== this.columns) {
      this.columns = columns;
      this.clear();
    }
    const count = this.items.length;
    const rows = Math.ceil(count / columns);
    this.sizer.style.height = `${rows * rowHeight - (rows ? m.gap : 0) + 2 * m.padding}px`;
    const topRow = Math.floor((viewTop - m.padding) / rowHeight);
    // the last row whose top is above the view's bottom edge (perf, bench B3: one more, never
    // in view, was a fifth of the tiles a keystroke built, styled and laid out)
    const bottomRow = Math.ceil((viewTop + viewHeight - m.padding) / rowHeight) - 1;
    const firstItem = (r: number) => Math.max(0, r) * columns;
    const lastItem = (r: number) => Math.min(count - 1, (Math.min(rows - 1, r) + 1) * columns - 1);
    const wanted = new Set<number>();
    for (let i = firstItem(topRow - overscanRows); i <= lastItem(bottomRow + overscanRows); i++)
      wanted.add(i);
    // With fewer overscan rows than usual, an item of the usual overscan keeps an element it
    // already has (nothing is dropped now only to be built again after the frame).
    if (overscanRows < OVERSCAN_ROWS)
      for (let i = firstItem(topRow - OVERSCAN_ROWS); i <= lastItem(bottomRow + OVERSCAN_ROWS); i++)
        if (this.rendered.has(i) || this.spare.has(this.options.key(this.items[i]!))) wanted.add(i);
    if (count) wanted.add(this.active);

    for (const [i, el] of this.rendered)
      if (!wanted.has(i)) {
        el.remove();
        this.rendered.delete(i);
      }
    const itemWidth =
      this.layout === 'list'
        ? width
        : m.itemWidth +
          Math.floor((width - columns * m.itemWidth - (columns - 1) * m.gap) / columns);
    for (const i of wanted) {
      let el = this.rendered.get(i);
      if (!el) {
        const item = this.items[i]!;
        const key = this.options.key(item);
        el = this.spare.get(key);
        if (el) this.spare.delete(key);
        else if ((el = this.primed.get(key))) this.primed.delete(key);
        else el = this.build(item, i);
        el.id = `${this.options.idPrefix}-${i}`;
        el.setAttribute('aria-setsize', String(count));
        el.setAttribute('aria-posinset', String(i + 1));
        el.dataset.index = String(i);
        this.rendered.set(i, el);
        if (el.parentNode !== this.sizer) this.sizer.appendChild(el);
      }
      const row = Math.floor(i / columns);
      const col = i % columns;
      const isActive = i === this.active;
      const x = m.padding + col * (itemWidth + m.gap);
      const y = m.padding + row * rowHeight;
      this.place(el, itemWidth, m.itemHeight, x, y, isActive);
    }
    this.finishRender(count);
  }

  /**
   * Put one item's element at (x, y) with its size and active state. Only what changed is
   * written: an element kept in place (scrolling, a keystroke that keeps the same hits on
   * screen) costs no style invalidation.
   */
  private place(
    el: HTMLElement,
    width: number,
    height: number,
    x: number,
    y: number,
    isActive: boolean,
  ): void {
    const placed = this.placed.get(el);
    if (placed?.width !== width || placed.height !== height || placed.x !== x || placed.y !== y) {
      el.style.width = `${width}px`;
      el.style.height = `${height}px`;
      el.style.transform = `translate(${x}px, ${y}px)`;
    }
    if (placed?.active !== isActive) {
      el.classList.toggle('active', isActive);
      el.setAttribute('aria-selected', isActive ? 'true' : 'false');
    }
    this.placed.set(el, { width, height, x, y, active: isActive });
  }

  /** After a render: drop the elements no item took, point at the active item. */
  private finishRender(count: number): void {
    for (const el of this.spare.values()) el.remove();
    this.spare.clear();
    if (count)
      this.element.setAttribute('aria-activedescendant', `${this.options.idPrefix}-${this.active}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private scrollToActive(): void {
    if (this.groups.length) return this.scrollToActiveGrouped();
    const { columns, rowHeight, m } = this.geometry();
    const row = Math.floor(this.active / columns);
    const top = m.padding + row * rowHeight;
    const bottom = top + m.itemHeight;
    const view = this.element;
    if (top < view.scrollTop) view.scrollTop = Math.max(0, top - m.padding);
    else if (bottom > view.scrollTop + view.clientHeight)
      view.scrollTop = bottom - view.clientHeight + m.padding;
  }

  private onClick(e: MouseEvent): void {
    const target = (e.target as Element).closest<HTMLElement>('.vitem');
    if (!target || (e.target as Element).closest('[data-no-activate]')) return;
    const index = Number(target.dataset.index);
    this.setActive(index);
    this.element.focus();
    this.options.activate(this.items[index]!, index);
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // several brokers: keys on a header's buttons are theirs (Enter is not "start the tile")
    if (this.groups.some((g) => g.element.contains(e.target as Node))) return;
    const pageRows = Math.max(1, Math.floor(this.element.clientHeight / this.geometry().rowHeight));
    const cols = this.columns;
    const moves: Record<string, number> = {
      ArrowRight: this.layout === 'grid' ? 1 : 0,
      ArrowLeft: this.layout === 'grid' ? -1 : 0,
      ArrowDown: cols,
      ArrowUp: -cols,
      PageDown: cols * pageRows,
      PageUp: -cols * pageRows,
    };
    if (e.key in moves && this.items.length) {
      e.preventDefault();
      if (this.groups.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp'))
        this.setActive(this.verticalMove(e.key === 'ArrowDown' ? 1 : -1));
      else this.setActive(this.active + moves[e.key]!);
      return;
    }
    if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      this.setActive(e.key === 'Home' ? 0 : this.items.length - 1);
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && this.items.length) {
      e.preventDefault();
      this.options.activate(this.items[this.active]!, this.active);
      return;
    }
    if (this.options.onKey?.(e, this.items[this.active], this.active)) e.preventDefault();
  }
  // --- Several brokers (docs/brokers.md): group headers ----------------------------------

  /**
   * Full-width headers before the given item indexes (ascending), for the next `setItems`;
   * [] is the plain grid. Elements no longer listed are removed; kept ones stay in place.
   */
  setGroups(groups: readonly ListGroup[]): void {
    const keep = new Set(groups.map((g) => g.element));
    for (const g of this.groups) if (!keep.has(g.element)) g.element.remove();
    this.groups = groups;
  }

  /** The sections (header + its items) in the current geometry: at most one per broker. */
  private sections(columns: number, rowHeight: number, m: Metrics): Section[] {
    const out: Section[] = [];
    const starts =
      this.groups[0] && this.groups[0].at > 0
        ? [{ at: 0, element: null }, ...this.groups]
        : this.groups;
    let y = m.padding;
    // within the items: groups set for a longer list (setItems([]) before setGroups) name none
    const n = this.items.length;
    starts.forEach((g, j) => {
      const at = Math.min(g.at, n);
      const end = Math.max(at, Math.min(j + 1 < starts.length ? starts[j + 1]!.at : n, n));
      const itemsTop = g.element ? y + GROUP_HEADER_HEIGHT + m.gap : y;
      out.push({ header: g.element, at, end, top: y, itemsTop });
      y = itemsTop + Math.ceil((end - at) / columns) * rowHeight;
    });
    return out;
  }

  private sectionOf(sections: readonly Section[], i: number): Section {
    let s = sections[0]!;
    for (const x of sections) if (x.at <= i) s = x;
    return s;
  }

  /** renderNow with headers: the same placement, rows counted per section. */
  private renderGrouped(overscanRows: number): void {
    const { columns, rowHeight, width, m } = this.geometry();
    const viewTop = this.element.scrollTop;
    const viewHeight = this.element.clientHeight || 600;
    if (columns !== this.columns) {
      this.columns = columns;
      this.clear();
    }
    const sections = this.sections(columns, rowHeight, m);
    const last = sections[sections.length - 1]!;
    const bottom = last.itemsTop + Math.ceil((last.end - last.at) / columns) * rowHeight;
    this.sizer.style.height = `${bottom + m.padding}px`;
    const from = viewTop - overscanRows * rowHeight;
    const to = viewTop + viewHeight + overscanRows * rowHeight;
    const wanted = new Set<number>();
    for (const s of sections) {
      const rows = Math.ceil((s.end - s.at) / columns);
      const first = Math.max(0, Math.floor((from - s.itemsTop) / rowHeight));
      const lastRow = Math.min(rows - 1, Math.floor((to - s.itemsTop) / rowHeight));
      for (let r = first; r <= lastRow; r++)
        for (let i = s.at + r * columns; i < Math.min(s.end, s.at + (r + 1) * columns); i++)
          wanted.add(i);
    }
    if (this.items.length) wanted.add(this.active);
    for (const [i, el] of this.rendered)
      if (!wanted.has(i)) {
        el.remove();
        this.rendered.delete(i);
      }
    for (const s of sections) {
      if (!s.header) continue;
      if (s.header.parentNode !== this.sizer) this.sizer.appendChild(s.header);
      const placed = this.placed.get(s.header);
      if (placed?.width !== width || placed.y !== s.top) {
        s.header.style.width = `${width}px`;
        s.header.style.height = `${GROUP_HEADER_HEIGHT}px`;
        s.header.style.transform = `translate(${m.padding}px, ${s.top}px)`;
        this.placed.set(s.header, {
          width,
          height: GROUP_HEADER_HEIGHT,
          x: m.padding,
          y: s.top,
          active: false,
        });
      }
    }
    const itemWidth =
      this.layout === 'list'
        ? width
        : m.itemWidth +
          Math.floor((width - columns * m.itemWidth - (columns - 1) * m.gap) / columns);
    const count = this.items.length;
    for (const i of wanted) {
      let el = this.rendered.get(i);
      if (!el) {
        const item = this.items[i]!;
        const key = this.options.key(item);
        el = this.spare.get(key);
        if (el) this.spare.delete(key);
        else if ((el = this.primed.get(key))) this.primed.delete(key);
        else el = this.build(item, i);
        el.id = `${this.options.idPrefix}-${i}`;
        el.setAttribute('aria-setsize', String(count));
        el.setAttribute('aria-posinset', String(i + 1));
        el.dataset.index = String(i);
        this.rendered.set(i, el);
        if (el.parentNode !== this.sizer) this.sizer.appendChild(el);
      }
      const s = this.sectionOf(sections, i);
      const x = m.padding + ((i - s.at) % columns) * (itemWidth + m.gap);
      const y = s.itemsTop + Math.floor((i - s.at) / columns) * rowHeight;
      const isActive = i === this.active;
      this.place(el, itemWidth, m.itemHeight, x, y, isActive);
    }
    this.finishRender(count);
  }

  private scrollToActiveGrouped(): void {
    const { columns, rowHeight, m } = this.geometry();
    const sections = this.sections(columns, rowHeight, m);
    const s = this.sectionOf(sections, this.active);
    // the first row of a section brings its header into view too
    const row = Math.floor((this.active - s.at) / columns);
    const top = row === 0 ? s.top : s.itemsTop + row * rowHeight;
    const bottom = s.itemsTop + row * rowHeight + m.itemHeight;
    const view = this.element;
    if (top < view.scrollTop) view.scrollTop = Math.max(0, top - m.padding);
    else if (bottom > view.scrollTop + view.clientHeight)
      view.scrollTop = bottom - view.clientHeight + m.padding;
  }

  /** ArrowDown/ArrowUp with headers: the next row, across into the next section's first row. */
  private verticalMove(direction: 1 | -1): number {
    const { columns, rowHeight, m } = this.geometry();
    const sections = this.sections(columns, rowHeight, m).filter((x) => x.end > x.at);
    const j = sections.indexOf(this.sectionOf(sections, this.active));
    const s = sections[j]!;
    const row = Math.floor((this.active - s.at) / columns);
    const col = (this.active - s.at) % columns;
    const rows = Math.ceil((s.end - s.at) / columns);
    if (row + direction >= 0 && row + direction < rows)
      return Math.min(s.end - 1, s.at + (row + direction) * columns + col);
    const next = sections[j + direction];
    if (!next) return this.active;
    const nextRow = direction === 1 ? 0 : Math.ceil((next.end - next.at) / columns) - 1;
    return Math.min(next.end - 1, next.at + nextRow * columns + col);
  }
}
