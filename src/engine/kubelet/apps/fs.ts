/**
 * A container's filesystem as the simulated programs see it: regular files with text content and
 * directories, copy-on-write over the image's files. Small on purpose: it only holds what the
 * image and the kubelet put there plus what commands write.
 */

/** A mutable file tree (absolute, normalised paths). */
export class FileSystem {
  private files: Map<string, string>;
  private dirs: Set<string>;
  /**
   * Whether `files` and `dirs` may be shared with a clone: copy-on-write, so that a clone (each
   * container run takes two of its image's tree) costs nothing until one of them is written.
   */
  private shared = false;

  /** Builds a tree from files and directories; parents are created as needed. */
  constructor(files: Record<string, string> | Map<string, string> = {}, dirs: Iterable<string> = []) {
    this.files = new Map(files instanceof Map ? files : Object.entries(files));
    this.dirs = new Set(['/']);
    for (const d of dirs) this.addDirs(d);
    for (const f of this.files.keys()) if (!this.dirs.has(parentOf(f))) this.addDirs(parentOf(f));
  }

  /** A copy that shares nothing with this tree. */
  clone(): FileSystem {
    const c = new FileSystem();
    c.files = this.files;
    c.dirs = this.dirs;
    c.shared = this.shared = true;
    return c;
  }

  /** Takes private copies of the tables before a write when they may be shared. */
  private own(): void {
    if (!this.shared) return;
    this.files = new Map(this.files);
    this.dirs = new Set(this.dirs);
    this.shared = false;
  }

  /** Whether a file (not a directory) exists. */
  isFile(path: string): boolean {
    return this.files.has(normalizePath(path));
  }

  /** Whether a directory exists. */
  isDir(path: string): boolean {
    return this.dirs.has(normalizePath(path));
  }

  /** Whether anything exists at the path. */
  exists(path: string): boolean {
    const p = normalizePath(path);
    return this.files.has(p) || this.dirs.has(p);
  }

  /** A file's content, or undefined. */
  read(path: string): string | undefined {
    return this.files.get(normalizePath(path));
  }

  /** Writes (or appends to) a file; returns false when the parent directory is missing. */
  write(path: string, content: string, append = false): boolean {
    const p = normalizePath(path);
    if (!this.dirs.has(parentOf(p)) || this.dirs.has(p)) return false;
    this.own();
    this.files.set(p, append ? (this.files.get(p) ?? '') + content : content);
    return true;
  }

  /** Removes a file or an (empty unless recursive) directory; false when absent. */
  remove(path: string, recursive = false): boolean {
    const p = normalizePath(path);
    if (this.files.has(p)) {
      this.own();
      return this.files.delete(p);
    }
    if (!this.dirs.has(p) || p === '/') return false;
    const prefix = p + '/';
    const children = [...this.files.keys(), ...this.dirs].some((x) => x.startsWith(prefix));
    if (children && !recursive) return false;
    this.own();
    for (const f of [...this.files.keys()]) if (f.startsWith(prefix)) this.files.delete(f);
    for (const d of [...this.dirs]) if (d.startsWith(prefix)) this.dirs.delete(d);
    this.dirs.delete(p);
    return true;
  }

  /** Creates a directory (and with `parents` its ancestors); false when the parent is missing or it exists. */
  mkdir(path: string, parents = false): boolean {
    const p = normalizePath(path);
    if (this.exists(p)) return parents && this.dirs.has(p);
    if (!parents && !this.dirs.has(parentOf(p))) return false;
    this.addDirs(p);
    return true;
  }

  /** Names directly inside a directory, sorted; undefined when it is not a directory. */
  list(path: string): string[] | undefined {
    const p = normalizePath(path);
    if (!this.dirs.has(p)) return undefined;
    const prefix = p === '/' ? '/' : p + '/';
    const names = new Set<string>();
    for (const x of [...this.files.keys(), ...this.dirs]) {
      if (x !== p && x.startsWith(prefix)) names.add(x.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  private addDirs(p: string): void {
    let cur = /\/\/|\/\.|.\/$/.test(p) || !p.startsWith('/') ? normalizePath(p) : p;
    if (!this.dirs.has(cur)) this.own();
    while (!this.dirs.has(cur)) {
      this.dirs.add(cur);
      cur = parentOf(cur);
    }
  }
}

/** Resolves `.`/`..`, doubled and trailing slashes: `/a/./b/../c/` -> `/a/c`. */
export function normalizePath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** The directory holding a path (`/` for top-level entries). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
