/**
 * The dashboard's single zustand store: the cluster mirror, the clock, persistence and session
 * status, the route, preferences, the kubectl activity log, and fetched texts (describe, YAML,
 * logs). Components read it through selectors; src/ui/actions/* and src/ui/session/* write it.
 */
import { create } from 'zustand';
import type { ClockStatus, PersistenceStatus } from '../../protocol/batch';
import type { KubectlOutput, RestoreProblem, SchedulingAnswer } from '../../protocol/facade';
import { emptyMirror, type Mirror } from './mirror';
import { DEFAULT_ROUTE, type Route } from './route';

/** One kubectl command run from the UI, with its output once done. */
export interface ActivityEntry {
  id: number;
  line: string;
  /** Where it came from: a button (toasted), a dialog that shows the output itself, or the console. */
  source: 'ui' | 'dialog' | 'console';
  /** Wall time it started (ms). */
  at: number;
  result?: KubectlOutput;
  /** Set while it runs. */
  running: boolean;
}

/** Where the tab stands with the cluster and its worker. */
export interface SessionState {
  /** starting: worker booting; ready: running; crashed: the worker threw or died; unresponsive: no answer. */
  phase: 'starting' | 'ready' | 'crashed' | 'unresponsive';
  /** owner: this tab runs and saves the cluster; follower: another tab does; this one follows read-only. */
  role: 'owner' | 'follower';
  /** Why this tab is a follower: the cluster is open elsewhere, or another tab took it over. */
  followerReason?: 'open-elsewhere' | 'taken-over';
  /** Set while deciding whether to follow or take over (the cluster is open in another tab). */
  askOwnership: boolean;
  restored: boolean;
  migratedFrom?: number;
  restoreProblem?: RestoreProblem;
  /** The crash or stall message. */
  crash?: string;
  /** Wall time of the follower's last reload. */
  lastSync?: number;
  /** Whether Web Locks exist (otherwise two tabs cannot be told apart). */
  locksAvailable: boolean;
  /** Showing the static sample cluster (`?fixture`), without an engine. */
  fixture?: boolean;
  /** Set for a short while after this follower became the owner by itself (the owning tab closed). */
  promoted?: boolean;
}

/** Texts fetched through kubectl (describe, YAML, logs), by command line. */
export interface FetchedText {
  /** The version of the object it was fetched for (resourceVersion or a tick). */
  version: string;
  loading: boolean;
  result?: KubectlOutput;
}

/** User preferences (kept in localStorage). */
export interface Prefs {
  theme: 'dark' | 'light';
  projector: boolean;
}

/** Which dialog is open. */
export type Dialog =
  | null
  | { type: 'create' }
  | { type: 'apply'; initial?: string }
  | { type: 'palette' }
  | { type: 'help' }
  | { type: 'confirm'; title: string; body: string; confirm: string; danger?: boolean; onConfirm: () => void }
  | { type: 'prompt'; title: string; label: string; initial: string; confirm: string; validate?: (v: string) => string | null; onSubmit: (v: string) => void };

/** The whole store. */
export interface AppState {
  mirror: Mirror;
  clock: ClockStatus;
  /** The simulated time floored to whole seconds (what AGE columns depend on). */
  nowSec: number;
  persistence: PersistenceStatus;
  engineErrors: string[];
  session: SessionState;
  route: Route;
  prefs: Prefs;
  activity: ActivityEntry[];
  texts: Record<string, FetchedText>;
  explanations: Record<string, SchedulingAnswer | 'loading'>;
  dialog: Dialog;
  consoleOpen: boolean;
  /** The row the keyboard cursor is on (uid), per list. */
  cursor: string | null;
  /** The window's width in CSS px (decides whether the detail panel is a drawer: state/layout.ts). */
  viewportWidth: number;
}

/** The clock before the first frame. */
export const INITIAL_CLOCK: ClockStatus = { now: 0, running: false, speed: 1, nextEventAt: null, lagging: false };

const PREFS_KEY = 'podium:prefs';

/** Reads saved preferences (defaults: the system's colour scheme, normal text). */
export function loadPrefs(): Prefs {
  const systemLight = typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: light)').matches;
  const fallback: Prefs = { theme: systemLight ? 'light' : 'dark', projector: false };
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(PREFS_KEY) : null;
    if (!raw) return fallback;
    const p = JSON.parse(raw) as Partial<Prefs>;
    return { theme: p.theme === 'light' || p.theme === 'dark' ? p.theme : fallback.theme, projector: !!p.projector };
  } catch {
    return fallback;
  }
}

/** Saves preferences. */
export function savePrefs(p: Prefs): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(p));
  } catch {
    // Private mode or a full quota: preferences are not worth an error message.
  }
}

/** The store hook. */
export const useApp = create<AppState>(() => ({
  mirror: emptyMirror(),
  clock: INITIAL_CLOCK,
  nowSec: 0,
  persistence: { state: 'idle' },
  engineErrors: [],
  session: { phase: 'starting', role: 'owner', askOwnership: false, restored: false, locksAvailable: true },
  route: DEFAULT_ROUTE,
  prefs: loadPrefs(),
  activity: [],
  texts: {},
  explanations: {},
  dialog: null,
  consoleOpen: false,
  cursor: null,
  viewportWidth: typeof innerWidth === 'number' ? innerWidth : 1440,
}));

/** Shorthand for useApp.getState(). */
export const getApp = () => useApp.getState();
/** Shorthand for useApp.setState(). */
export const setApp = useApp.setState;

/** Updates the session slice. */
export function patchSession(p: Partial<SessionState>): void {
  setApp((s) => ({ session: { ...s.session, ...p } }));
}
