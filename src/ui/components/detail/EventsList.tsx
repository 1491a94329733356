/** The events of one object, newest last, as `kubectl describe` lists them. */
import { useMemo } from 'react';
import { useApp } from '../../state/store';
import { eventsIn } from '../../state/mirror';
import { eventLastSeen, eventCount, eventSource, eventMessage } from '../../columns/cells';
import { StatusPill } from '../StatusPill';

/** Events whose involvedObject is `uid`. */
export function EventsList({ uid }: { uid: string }) {
  const events = useApp((s) => s.mirror.kinds.Event);
  const now = useApp((s) => s.nowSec);
  const list = useMemo(() => eventsIn(events, uid), [events, uid]);
  if (!list.length) return <p className="muted">No events.</p>;
  return (
    <table className="kv-table events">
      <thead>
        <tr>
          <th>Type</th>
          <th>Reason</th>
          <th>Age</th>
          <th>From</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {list.map((e) => (
          <tr key={e.metadata.uid}>
            <td>
              <StatusPill text={e.type ?? ''} tone={e.type === 'Warning' ? 'error' : 'info'} />
            </td>
            <td>{e.reason}</td>
            <td className="mono nowrap">
              {eventLastSeen(e, now)}
              {Number(eventCount(e)) > 1 ? ` (x${eventCount(e)})` : ''}
            </td>
            <td className="nowrap">{eventSource(e)}</td>
            <td className="msg">{eventMessage(e)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
