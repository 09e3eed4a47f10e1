import { useState } from 'preact/hooks';
import { control } from './api';
import { formatTime, useLive } from './live';
import { ActionButton } from './ui';

interface ClockView {
  now: string;
  epochMillis: number;
  frozen: boolean;
}

const STEPS = ['PT1M', 'PT10M', 'PT1H', 'P1D'];

/** The emulated clock, always in view: where it stands and how to move it. */
export function ClockBar() {
  const clock = useLive(() => control<ClockView>('GET', '/clock'), []);
  const [custom, setCustom] = useState('PT30M');
  const advance = (d: string) => control('POST', '/clock', { advance: d });
  const c = clock.data;
  return (
    <div class="clock" aria-label="Emulated clock">
      <span class="clock-now" data-testid="clock-now" title="Emulated time">
        {c ? formatTime(c.now) : '…'}
      </span>
      {c && <span class={`badge ${c.frozen ? 'warn' : 'ok'}`}>{c.frozen ? 'frozen' : 'running'}</span>}
      {c && (
        <ActionButton run={() => control('POST', '/clock', { frozen: !c.frozen })} testId="clock-freeze">
          {c.frozen ? 'Unfreeze' : 'Freeze'}
        </ActionButton>
      )}
      <span class="clock-steps">
        {STEPS.map((d) => (
          <ActionButton key={d} run={() => advance(d)} title={`Advance the clock by ${d}`} testId={`advance-${d}`}>
            +{d.replace(/^P(T)?/, '').toLowerCase()}
          </ActionButton>
        ))}
      </span>
      <input class="duration" value={custom} onInput={(e) => setCustom(e.currentTarget.value)} aria-label="Duration to advance (ISO 8601)" size={7} />
      <ActionButton run={() => advance(custom)} testId="advance-custom">
        Advance
      </ActionButton>
    </div>
  );
}
