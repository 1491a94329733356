/** The clock: simulated time (always visible), play/pause, steps and speed. */
import { useApp } from '../state/store';
import { SPEEDS } from '../../protocol/speeds';
import * as time from '../actions/time';
import { humanDuration } from '../../engine/api/time';
import { Icon } from './Icon';

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
let lastDay = -1;
let lastDate = '';

/** The simulated date (formatted once per simulated day: Intl is slow for every frame). */
function simDate(now: number): string {
  const day = Math.floor(now / 86_400_000);
  if (day !== lastDay) {
    lastDay = day;
    lastDate = DATE_FORMAT.format(new Date(now));
  }
  return lastDate;
}

/** Formats a speed factor: ×0.25, ×1, ×100. */
export function formatSpeed(s: number): string {
  return `×${s}`;
}

/** The time controls in the top bar. */
export function TimeControls() {
  const clock = useApp((s) => s.clock);
  const canDrive = useApp((s) => s.session.role === 'owner' && s.session.phase === 'ready');
  const hhmmss = clock.now ? new Date(clock.now).toISOString().slice(11, 19) : '--:--:--';
  const date = clock.now ? simDate(clock.now) : '';
  const nextIn = clock.nextEventAt !== null ? clock.nextEventAt - clock.now : null;
  return (
    <div className="time" role="group" aria-label="Simulated time">
      <div className={`clock ${clock.running ? 'running' : 'paused'}`} title="Simulated time (UTC)">
        <span className="clock-time" data-testid="sim-time">
          {hhmmss}
        </span>
        <span className="clock-date">{date} UTC</span>
      </div>
      <button
        type="button"
        className="btn icon-btn play"
        onClick={time.togglePlay}
        disabled={!canDrive}
        aria-label={clock.running ? 'Pause' : 'Play'}
        title={clock.running ? 'Pause the clock (Space)' : 'Run the clock (Space)'}
        data-testid="play-pause"
      >
        <Icon name={clock.running ? 'pause' : 'play'} />
      </button>
      <button type="button" className="btn step" onClick={() => time.step(1000)} disabled={!canDrive} title="Advance 1 second">
        +1s
      </button>
      <button type="button" className="btn step" onClick={() => time.step(10_000)} disabled={!canDrive} title="Advance 10 seconds">
        +10s
      </button>
      <button
        type="button"
        className="btn icon-btn"
        onClick={time.stepToNextEvent}
        disabled={!canDrive || nextIn === null}
        title={nextIn === null ? 'Nothing is scheduled' : `Jump to the next event (in ${humanDuration(Math.max(0, nextIn))})`}
        aria-label="Next event"
      >
        <Icon name="next" />
      </button>
      <label className="speed" title="Speed of the simulated clock">
        <select aria-label="Speed" value={String(clock.speed)} onChange={(e) => time.setSpeed(Number(e.target.value))} disabled={!canDrive}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {formatSpeed(s)}
            </option>
          ))}
        </select>
      </label>
      {clock.lagging ? (
        <span className="lag" title="The engine cannot keep up with this speed; simulated time runs slower than asked">
          behind
        </span>
      ) : null}
    </div>
  );
}
