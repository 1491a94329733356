/**
 * k9s-like keys: `:` jump to a kind, `/` filter, j/k or arrows to move, Enter for details, Esc back,
 * Space play/pause, `+`/`-` speed, `n` next event, `w` wide, `` ` `` console, `?` help.
 */
import { getApp, setApp } from '../state/store';
import { visibleOrder } from '../state/listOrder';
import { closeDetail, openObject, setFilters } from './navigation';
import { closeDialog, openDialog } from './objects';
import { bumpSpeed, stepToNextEvent, togglePlay } from './time';
import { detailDrawerOpen } from './layout';

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

function moveCursor(delta: number): void {
  const order = visibleOrder();
  if (!order.length) return;
  const cur = getApp().cursor;
  let i = cur ? order.findIndex((o) => o.metadata.uid === cur) : -1;
  if (i < 0) i = delta > 0 ? -1 : order.length;
  i = Math.max(0, Math.min(order.length - 1, i + delta));
  setApp({ cursor: order[i].metadata.uid });
}

/** Handles one keydown; returns true when it was a shortcut. */
export function handleKey(e: KeyboardEvent): boolean {
  const s = getApp();
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  if (s.dialog) {
    if (e.key === 'Escape') {
      closeDialog();
      return true;
    }
    return false;
  }
  if (isTyping(e.target)) {
    if (e.key === 'Escape') {
      (e.target as HTMLElement).blur();
      return true;
    }
    return false;
  }
  const listView = s.route.view !== 'overview';
  switch (e.key) {
    case ':':
      openDialog({ type: 'palette' });
      return true;
    case '/':
      if (!listView) return false;
      // A drawer covers the list's toolbar: leave the details to filter the list.
      if (detailDrawerOpen(s)) closeDetail();
      document.getElementById('list-filter')?.focus();
      return true;
    case '?':
      openDialog({ type: 'help' });
      return true;
    case '`':
      setApp({ consoleOpen: !s.consoleOpen });
      return true;
    case 'Escape':
      if (s.route.selected) closeDetail();
      else if (s.route.q || s.route.labels) setFilters({ q: '', labels: '' });
      else setApp({ cursor: null });
      return true;
    case 'j':
    case 'ArrowDown':
      if (!listView) return false;
      moveCursor(1);
      return true;
    case 'k':
    case 'ArrowUp':
      if (!listView) return false;
      moveCursor(-1);
      return true;
    case 'g':
      moveCursor(-1e9);
      return true;
    case 'G':
      moveCursor(1e9);
      return true;
    case 'Enter': {
      const o = visibleOrder().find((x) => x.metadata.uid === s.cursor);
      if (!o) return false;
      openObject(o);
      return true;
    }
    case ' ':
      togglePlay();
      return true;
    case '+':
    case '=':
      bumpSpeed(1);
      return true;
    case '-':
      bumpSpeed(-1);
      return true;
    case 'n':
      stepToNextEvent();
      return true;
    case 'w':
      if (!listView) return false;
      setFilters({ wide: !s.route.wide });
      return true;
    default:
      return false;
  }
}

/** Installs the global key handler. */
export function installKeyboard(): void {
  window.addEventListener('keydown', (e) => {
    if (handleKey(e)) e.preventDefault();
  });
}

/** The key list shown in the help dialog. */
export const KEYS: Array<[string, string]> = [
  [':', 'jump to a kind (:po, :deploy, :svc, :no …)'],
  ['/', 'filter the list'],
  ['j / ↓, k / ↑', 'move through rows'],
  ['g / G', 'first / last row'],
  ['Enter', 'open the details of the row'],
  ['Esc', 'close details, clear the filter, leave a field'],
  ['Space', 'play / pause the clock'],
  ['+ / -', 'faster / slower'],
  ['n', 'jump to the next event'],
  ['w', 'wide columns'],
  ['`', 'kubectl console'],
  ['?', 'this help'],
];
