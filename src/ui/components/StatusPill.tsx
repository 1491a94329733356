/** A status text in its tone's colour (the same colours everywhere). */
import type { Tone } from '../columns/status';

/** A coloured status label; the text is always rendered as text. */
export function StatusPill({ text, tone }: { text: string; tone: Tone }) {
  return (
    <span className={`pill tone-${tone}`} data-tone={tone} title={text}>
      <span className="dot" aria-hidden="true" />
      <span className="pill-text">{text}</span>
    </span>
  );
}
