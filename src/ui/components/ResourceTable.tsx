/**
 * The one generic table behind every list: column specs in, @tanstack/react-table for sorting,
 * @tanstack/react-virtual for rows (only the visible rows exist in the DOM, so 10,000 pods scroll
 * smoothly). Rows fade in when their object arrives and out when it is removed.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createSortedRowModel, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { KObject } from '../../protocol/batch';
import type { ColumnSpec } from '../columns/specs';
import { StatusPill } from './StatusPill';
import { useApp } from '../state/store';
import { setVisibleOrder } from '../state/listOrder';

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Compares two sort keys: numbers numerically, text naturally (`web-2` before `web-10`). */
export function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  }
  return collator.compare(String(a ?? ''), String(b ?? ''));
}

/** Props of ResourceTable. */
export interface ResourceTableProps {
  rows: KObject[];
  columns: ColumnSpec[];
  /** Sorting when the view opens (empty: kubectl's namespace/name order). */
  defaultSort?: SortingState;
  /** uid of the object whose detail panel is open. */
  selectedUid?: string;
  /** uids of removed objects still fading out. */
  ghosts: ReadonlySet<string>;
  onOpen(o: KObject): void;
  /** Shown when there are no rows. */
  empty: React.ReactNode;
  /** Accessible name. */
  label: string;
}

const ROW_HEIGHT = { normal: 30, projector: 44 };

/** The generic resource table. */
export function ResourceTable(props: ResourceTableProps) {
  const { rows, columns, defaultSort, selectedUid, ghosts, onOpen, empty, label } = props;
  const projector = useApp((s) => s.prefs.projector);
  const cursor = useApp((s) => s.cursor);
  const [sorting, setSorting] = useState<SortingState>(defaultSort ?? []);

  const defs = useMemo(
    () =>
      columns.map(
        (spec): ColumnDef<typeof features, KObject> => ({
          id: spec.id,
          header: spec.header,
          accessorFn: (o: KObject) => (spec.sortKey ? spec.sortKey(o) : spec.text(o, 0)),
          sortFn: (a, b, id) => compareKeys(a.getValue(id), b.getValue(id)),
          sortDescFirst: false,
        }),
      ),
    [columns],
  );

  const table = useTable({
    features,
    columns: defs,
    data: rows,
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: (o: KObject) => o.metadata.uid,
  });
  const model = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = projector ? ROW_HEIGHT.projector : ROW_HEIGHT.normal;
  const virtualizer = useVirtualizer({
    count: model.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (i) => model[i]?.id ?? i,
    overscan: 12,
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  // Keyboard cursor: keep it visible.
  const cursorIndex = useMemo(() => (cursor ? model.findIndex((r) => r.id === cursor) : -1), [cursor, model]);
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, virtualizer]);

  // Publish the visible order so keyboard navigation (j/k/Enter) can move through it.
  useEffect(() => setVisibleOrder(model.map((r) => r.original)), [model]);

  const template = useMemo(() => columns.map((c) => (c.width === 0 ? 'minmax(22ch, 1fr)' : `${c.width}ch`)).join(' '), [columns]);
  const minWidth = useMemo(() => `${columns.reduce((n, c) => n + (c.width || 24) + 2, 0)}ch`, [columns]);
  const open = useCallback((o: KObject) => onOpen(o), [onOpen]);

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return (
    <div className="rtable" role="table" aria-label={label} aria-rowcount={model.length + 1}>
      <div className="rtable-scroll" ref={scrollRef}>
        <div className="rtable-inner" style={{ minWidth }}>
          <div className="rtable-head" role="row" style={{ gridTemplateColumns: template }}>
            {headers.map((h, i) => {
              const sorted = h.column.getIsSorted();
              const spec = columns[i];
              return (
                <div
                  key={h.id}
                  role="columnheader"
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                  className={`th ${spec.style === 'num' ? 'num' : ''} ${sorted ? 'sorted' : ''}`}
                  onClick={h.column.getToggleSortingHandler()}
                  title={`Sort by ${spec.header}`}
                >
                  {spec.header}
                  <span className="sort-mark" aria-hidden="true">
                    {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                  </span>
                </div>
              );
            })}
          </div>
          {model.length === 0 ? (
            <div className="rtable-empty">{empty}</div>
          ) : (
            <div className="rtable-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = model[item.index];
                if (!row) return null;
                const o = row.original;
                return (
                  <Row
                    key={row.id}
                    o={o}
                    columns={columns}
                    template={template}
                    top={item.start}
                    height={rowHeight}
                    index={item.index}
                    selected={o.metadata.uid === selectedUid}
                    cursor={o.metadata.uid === cursor}
                    ghost={ghosts.has(o.metadata.uid)}
                    onOpen={open}
                  />
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  o: KObject;
  columns: ColumnSpec[];
  template: string;
  top: number;
  height: number;
  index: number;
  selected: boolean;
  cursor: boolean;
  ghost: boolean;
  onOpen(o: KObject): void;
}

const Row = memo(function Row({ o, columns, template, top, height, index, selected, cursor, ghost, onOpen }: RowProps) {
  const arrived = useApp((s) => s.mirror.arrivals.has(o.metadata.uid));
  const timed = columns.some((c) => c.timed);
  const now = useApp((s) => (timed ? s.nowSec : 0));
  const cls = `tr${selected ? ' selected' : ''}${cursor ? ' cursor' : ''}${ghost ? ' ghost' : ''}${arrived ? ' arrived' : ''}${o.metadata.deletionTimestamp ? ' deleting' : ''}`;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-uid={o.metadata.uid}
      data-name={o.metadata.name}
      className={cls}
      style={{ gridTemplateColumns: template, transform: `translateY(${top}px)`, height }}
      onClick={() => !ghost && onOpen(o)}
    >
      {columns.map((c) => {
        const text = c.text(o, now);
        return (
          <div key={c.id} role="cell" className={`td ${c.style}`} data-col={c.id} title={c.style === 'message' || c.style === 'mono' || c.style === 'name' ? text : undefined}>
            {c.style === 'status' ? (
              <StatusPill text={text} tone={c.tone ? c.tone(text, o) : 'info'} />
            ) : c.style === 'ready' ? (
              <span className={`ready tone-${c.tone ? c.tone(text, o) : 'info'}`}>{text}</span>
            ) : (
              text
            )}
          </div>
        );
      })}
    </div>
  );
});
