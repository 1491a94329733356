// The dashboard's columns must show what `kubectl get` shows: for every kind and every object (the
// sample cluster, plus a live engine cluster), each cell of the UI's column specs equals the cell
// of kubectl's own table printer (src/kubectl/printers/tables.ts) under the same header.
import { describe, expect, it } from 'vitest';
import { buildTable } from '../../kubectl/printers/tables';
import { columnsFor } from './specs';
import { buildFixture, FIXTURE_NOW } from '../dev/fixture';
import { VIEWS, type ViewId } from '../views';
import { createCluster } from '../../index';
import type { KObject } from '../../protocol/batch';

function compare(objects: KObject[], now: number): string[] {
  const problems: string[] = [];
  for (const view of VIEWS) {
    if (view.id === 'overview') continue;
    const objs = objects.filter((o) => o.kind === view.kind);
    if (!objs.length) continue;
    const table = buildTable(view.kind, objs, now);
    const headers = table.columns.map((c) => c.name.toUpperCase());
    const specs = columnsFor(view.id as Exclude<ViewId, 'overview'>, { wide: true, allNamespaces: false, namespaced: view.namespaced });
    for (const spec of specs) {
      const i = headers.indexOf(spec.header);
      if (i < 0) {
        problems.push(`${view.kind}: kubectl has no column ${spec.header} (it has ${headers.join(', ')})`);
        continue;
      }
      table.rows.forEach((row, r) => {
        const theirs = String(row.cells[i] ?? '');
        const ours = spec.text(objs[r], now);
        if (theirs !== ours) problems.push(`${view.kind} ${objs[r].metadata.name} ${spec.header}: kubectl "${theirs}", dashboard "${ours}"`);
      });
    }
    for (const h of headers) if (!specs.some((s) => s.header === h)) problems.push(`${view.kind}: the dashboard lacks kubectl's column ${h}`);
  }
  return problems;
}

describe('dashboard columns = kubectl get columns', () => {
  it('on the sample cluster', () => {
    expect(compare(buildFixture(3), FIXTURE_NOW)).toEqual([]);
  });

  it('on a live engine cluster', () => {
    const c = createCluster();
    c.advance(90_000);
    let objects: KObject[] = [];
    const stop = c.subscribe((b) => (objects = b.added));
    stop();
    expect(objects.length).toBeGreaterThan(0);
    expect(compare(objects, c.now())).toEqual([]);
  });
});
