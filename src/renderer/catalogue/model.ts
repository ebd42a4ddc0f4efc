// The catalogue as data, without DOM: folder tree from `/` in names, search keys, favourites
// pinned first. Pure functions: unit-tested under Node.
//
// Built for 10,000 profiles (bench B3): the constructor does only what the first screen needs
// (the folder tree with counts, one pass over the list). Sorting a folder happens when it is
// first shown; the search index (every profile sorted by label, with a precomputed
// case/accent-folded key) is built by `prepareSearch` in idle slices after the first tiles, or
// at the first query if the user types before that. A query that extends the previous one
// scans only the previous hits; the result items are made with the index, so a keystroke
// allocates one array, not an object per hit (with 10,000 hits those objects made the
// young-generation collections that let a keystroke miss its frame).
import type { BrokerProfile, CataloguePrefs } from '../../shared/api';
import { searchKey, searchKeys } from '../text';

export type CatalogueItem =
  | { type: 'folder'; path: string; name: string; count: number }
  | { type: 'profile'; profile: BrokerProfile; favourite: boolean; showFolder: boolean };

interface FolderNode {
  subfolders: Map<string, number>; // name → number of profiles below it (recursively)
  profiles: BrokerProfile[];
  /** profiles are in label order (sorted on first display) */
  sorted: boolean;
}

interface SearchIndex {
  /** every profile, in label order */
  profiles: BrokerProfile[];
  /** searchKey of name, id and command, per entry of `profiles`; filled by prepareSearch */
  keys: string[];
  /**
   * The result item of each entry of `profiles` (not a favourite), made by prepareSearch with
   * its key: made while idle, they are old objects by the first keystroke, so a search
   * allocates no object per hit and the young-generation collections it causes have nothing
   * of 10,000 items to copy. An item for a favourite is made when one is shown.
   */
  items: CatalogueItem[];
}

const collators = new Map<string, Intl.Collator>();

/**
 * The label collator for a locale (base sensitivity, numeric), created once per locale: ICU
 * builds its tables at the first construction, which costs more than sorting 100 labels.
 */
export function collatorFor(locale: string): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, c);
  }
  return c;
}

/** Search keys computed per idle slice (one searchKeys call) before the deadline is checked. */
const KEYS_PER_SLICE = 2000;

export class Catalogue {
  private readonly input: readonly BrokerProfile[];
  private readonly folders = new Map<string, FolderNode>();
  private readonly byId = new Map<string, BrokerProfile>();
  private readonly collator: Intl.Collator;
  private readonly byLabel = (a: BrokerProfile, b: BrokerProfile) =>
    this.collator.compare(a.label, b.label);
  private index: SearchIndex | null = null;
  /** the last query's folded text and hits (indexes into index.profiles, ascending) */
  private last: { query: string; hits: number[] } | null = null;
  /** the last searchItems answer and the hits and favourites it was made for */
  private lastResult: {
    hits: readonly number[];
    favourites: readonly string[];
    items: CatalogueItem[];
  } | null = null;

  constructor(profiles: readonly BrokerProfile[], locale = 'en') {
    this.collator = collatorFor(locale);
    this.input = profiles;
    this.node('');
    // Ancestor chain per distinct folder text: most lists have far fewer folders than profiles.
    const chains = new Map<
      string,
      { leaf: FolderNode; counts: Map<string, number>[]; names: string[] }
    >();
    for (const p of profiles) {
      this.byId.set(p.id, p);
      let chain = chains.get(p.folder);
      if (!chain) {
        const parts = normaliseFolder(p.folder).split('/').filter(Boolean);
        chain = { leaf: this.node(parts.join('/')), counts: [], names: parts };
        for (let i = 0; i < parts.length; i++) {
          chain.counts.push(this.node(parts.slice(0, i).join('/')).subfolders);
          this.node(parts.slice(0, i + 1).join('/'));
        }
        chains.set(p.folder, chain);
      }
      chain.leaf.profiles.push(p);
      // Count the profile in every ancestor's entry for the next path segment.
      for (let i = 0; i < chain.names.length; i++) {
        const sub = chain.counts[i]!;
        sub.set(chain.names[i]!, (sub.get(chain.names[i]!) ?? 0) + 1);
      }
    }
  }

  private node(path: string): FolderNode {
    let n = this.folders.get(path);
    if (!n) {
      n = { subfolders: new Map(), profiles: [], sorted: false };
      this.folders.set(path, n);
    }
    return n;
  }

  get(id: string): BrokerProfile | undefined {
    return this.byId.get(id);
  }

  hasFolder(path: string): boolean {
    return this.folders.has(path);
  }

  /**
   * Builds the search index, a slice at a time: returns true when it is complete. `more()` is
   * asked between slices (an idle deadline); without it everything is done at once.
   */
  prepareSearch(more: () => boolean = () => true): boolean {
    if (!this.index) {
      // A stable sort of the input: the same order each folder gets on its own.
      this.index = { profiles: [...this.input].sort(this.byLabel), keys: [], items: [] };
      if (!more()) return false;
    }
    const { profiles, keys, items } = this.index;
    while (keys.length < profiles.length) {
      const slice = profiles.slice(keys.length, keys.length + KEYS_PER_SLICE);
      keys.push(...searchKeys(slice.map((p) => `${p.name}\u0001${p.id}\u0001${p.command}`)));
      for (const p of slice) items.push(resultItem(p, false));
      if (keys.length < profiles.length && !more()) return false;
    }
    return true;
  }

  /**
   * Every profile's search result item (not a favourite), in label order — the very objects a
   * search answers with, so its first hits can be rendered ahead (VirtualList.prime) while
   * idle. Empty until prepareSearch has completed.
   */
  searchResultOrder(): readonly CatalogueItem[] {
    const index = this.index;
    return index && index.items.length === index.profiles.length ? index.items : [];
  }

  /**
   * What to show: with a query, every matching profile from all folders (favourites first);
   * otherwise the folder's subfolders and profiles, with favourites from anywhere pinned on
   * top of the home folder and first in their own folder.
   */
  items(folder: string, query: string, prefs: CataloguePrefs): CatalogueItem[] {
    const fav = new Set(prefs.favourites);
    const q = searchKey(query.trim());
    if (q) return this.searchItems(this.search(q), prefs.favourites, fav);
    const node = this.folders.get(folder) ?? this.folders.get('')!;
    const out: CatalogueItem[] = [];
    const shown = new Set<string>();
    if (folder === '') {
      // Favourites from every folder, in the order they were pinned.
      for (const id of prefs.favourites) {
        const p = this.byId.get(id);
        if (!p) continue;
        shown.add(p.id);
        out.push({ type: 'profile', profile: p, favourite: true, showFolder: p.folder !== '' });
      }
    }
    const names = [...node.subfolders.keys()].sort((a, b) => this.collator.compare(a, b));
    for (const name of names)
      out.push({
        type: 'folder',
        path: folder ? `${folder}/${name}` : name,
        name,
        count: node.subfolders.get(name)!,
      });
    if (!node.sorted) {
      node.profiles.sort(this.byLabel);
      node.sorted = true;
    }
    for (const p of this.pinned(node.profiles, fav))
      if (!shown.has(p.id))
        out.push({ type: 'profile', profile: p, favourite: fav.has(p.id), showFolder: false });
    return out;
  }

  /** Indexes (label order) of the profiles whose key contains the folded query `q`. */
  private search(q: string): number[] {
    this.prepareSearch();
    const { keys } = this.index!;
    const last = this.last;
    let hits: number[];
    if (last?.query === q) hits = last.hits;
    else if (last && q.includes(last.query)) {
      // Whatever contains q contains the previous query: only its hits can match.
      hits = last.hits.filter((i) => keys[i]!.includes(q));
      // nothing dropped: the same array, so its items (searchItems) are reused as they are
      if (hits.length === last.hits.length) hits = last.hits;
    } else {
      hits = [];
      for (let i = 0; i < keys.length; i++) if (keys[i]!.includes(q)) hits.push(i);
    }
    this.last = { query: q, hits };
    return hits;
  }

  /**
   * The result items of `hits` (indexes into index.profiles), favourites first, each in label
   * order: one array per call (none when hits and favourites are those of the last call), the
   * items themselves prepared by prepareSearch.
   */
  private searchItems(
    hits: readonly number[],
    favourites: readonly string[],
    fav: ReadonlySet<string>,
  ): CatalogueItem[] {
    const last = this.lastResult;
    // The caller only reads the answer (the view and its virtual list keep it as it is).
    if (last?.hits === hits && sameList(last.favourites, favourites)) return last.items;
    const { profiles, items } = this.index!;
    // every profile a hit (ascending, distinct indexes) and none pinned: the index's own items
    // as they are, no copy (perf, bench B3: a first keystroke's query usually matches all)
    const all = fav.size === 0 && hits.length === items.length;
    const out = all ? items : new Array<CatalogueItem>(hits.length);
    if (!all && fav.size === 0) for (let k = 0; k < hits.length; k++) out[k] = items[hits[k]!]!;
    else if (!all) {
      let n = 0;
      for (const i of hits) if (fav.has(profiles[i]!.id)) out[n++] = resultItem(profiles[i]!, true);
      for (const i of hits) if (!fav.has(profiles[i]!.id)) out[n++] = items[i]!;
    }
    this.lastResult = { hits, favourites, items: out };
    return out;
  }

  private pinned(list: BrokerProfile[], fav: Set<string>): BrokerProfile[] {
    if (fav.size === 0) return list;
    return [...list.filter((p) => fav.has(p.id)), ...list.filter((p) => !fav.has(p.id))];
  }
}

/** A search result item: every match shows the folder it is in. */
function resultItem(p: BrokerProfile, favourite: boolean): CatalogueItem {
  return { type: 'profile', profile: p, favourite, showFolder: p.folder !== '' };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** Folder path without empty segments (`a//b/` → `a/b`). */
export function normaliseFolder(folder: string): string {
  return folder
    .split('/')
    .filter((s) => s !== '')
    .join('/');
}

/** Breadcrumb segments for a folder path: [{name, path}] from the top. */
export function breadcrumb(folder: string): { name: string; path: string }[] {
  const parts = normaliseFolder(folder).split('/').filter(Boolean);
  return parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join('/') }));
}

export function parentFolder(folder: string): string {
  const parts = normaliseFolder(folder).split('/').filter(Boolean);
  return parts.slice(0, -1).join('/');
}
