// The catalogue as data, without DOM: folder tree from `/` in names, search keys computed
// once per list (so filtering 10,000 profiles per keystroke is a plain substring scan),
// favourites pinned first. Pure functions: unit-tested under Node.
import type { BrokerProfile, CataloguePrefs } from '../../shared/api';
import { searchKey } from '../text';

export type CatalogueItem =
  | { type: 'folder'; path: string; name: string; count: number }
  | { type: 'profile'; profile: BrokerProfile; favourite: boolean; showFolder: boolean };

interface FolderNode {
  subfolders: Map<string, number>; // name → number of profiles below it (recursively)
  profiles: BrokerProfile[];
}

export class Catalogue {
  readonly profiles: readonly BrokerProfile[];
  private readonly keys: string[];
  private readonly folders = new Map<string, FolderNode>();
  private readonly byId = new Map<string, BrokerProfile>();
  private readonly collator: Intl.Collator;

  constructor(profiles: readonly BrokerProfile[], locale = 'en') {
    this.collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    this.profiles = [...profiles].sort((a, b) => this.collator.compare(a.label, b.label));
    this.keys = this.profiles.map((p) => searchKey(`${p.name}\u0001${p.id}\u0001${p.command}`));
    this.node('');
    for (const p of this.profiles) {
      this.byId.set(p.id, p);
      const folder = normaliseFolder(p.folder);
      this.node(folder).profiles.push(p);
      // Count the profile in every ancestor's entry for the next path segment.
      const parts = folder ? folder.split('/') : [];
      for (let i = 0; i < parts.length; i++) {
        const parent = parts.slice(0, i).join('/');
        const sub = this.node(parent).subfolders;
        sub.set(parts[i]!, (sub.get(parts[i]!) ?? 0) + 1);
        this.node(parts.slice(0, i + 1).join('/'));
      }
    }
  }

  private node(path: string): FolderNode {
    let n = this.folders.get(path);
    if (!n) {
      n = { subfolders: new Map(), profiles: [] };
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
   * What to show: with a query, every matching profile from all folders (favourites first);
   * otherwise the folder's subfolders and profiles, with favourites from anywhere pinned on
   * top of the home folder and first in their own folder.
   */
  items(folder: string, query: string, prefs: CataloguePrefs): CatalogueItem[] {
    const fav = new Set(prefs.favourites);
    const q = searchKey(query.trim());
    if (q) {
      const hits: BrokerProfile[] = [];
      for (let i = 0; i < this.profiles.length; i++)
        if (this.keys[i]!.includes(q)) hits.push(this.profiles[i]!);
      return this.pinned(hits, fav).map((p) => ({
        type: 'profile',
        profile: p,
        favourite: fav.has(p.id),
        showFolder: p.folder !== '',
      }));
    }
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
    for (const p of this.pinned(node.profiles, fav))
      if (!shown.has(p.id))
        out.push({ type: 'profile', profile: p, favourite: fav.has(p.id), showFolder: false });
    return out;
  }

  private pinned(list: BrokerProfile[], fav: Set<string>): BrokerProfile[] {
    if (fav.size === 0) return list;
    return [...list.filter((p) => fav.has(p.id)), ...list.filter((p) => !fav.has(p.id))];
  }
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
