/** The Web Worker entry: builds the engine facade and exposes it to the UI over comlink. */
import { expose } from 'comlink';
import { createFacade } from './facade';
import { idbStore } from './storage';
import { TABS_CHANNEL, type TabMessage } from '../protocol/facade';

declare const __PODIUM_VERSION__: string;

const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(TABS_CHANNEL) : null;

expose(
  createFacade({
    storage: idbStore(),
    wall: { now: () => performance.now(), setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (h) => clearTimeout(h as number) },
    epochNow: () => Date.now(),
    appVersion: typeof __PODIUM_VERSION__ === 'string' ? __PODIUM_VERSION__ : 'dev',
    broadcast: (msg: TabMessage) => channel?.postMessage(msg),
    exit: () => self.close(),
  }),
);
