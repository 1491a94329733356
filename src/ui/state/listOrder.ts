/**
 * The rows of the list on screen in their displayed (sorted, filtered) order, published by the
 * table for keyboard navigation (j/k/Enter). Not reactive: nothing re-renders when it changes.
 */
import type { KObject } from '../../protocol/batch';

let order: KObject[] = [];

/** Records the displayed order (called by the table after it sorted). */
export function setVisibleOrder(rows: KObject[]): void {
  order = rows;
}

/** The displayed order of the list on screen. */
export function visibleOrder(): KObject[] {
  return order;
}
