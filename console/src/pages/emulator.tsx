import { useState } from 'preact/hooks';
import { control } from '../api';
import { useCatalog } from '../catalog';
import { useLive } from '../live';
import { ActionButton, Json } from '../ui';

/** One fault switch (GET shows it, POST arms it, DELETE disarms it), as any /__emulator/faults/<name> offers. */
function FaultSwitch({ path }: { path: string }) {
  const name = path.split('/').pop()!;
  const live = useLive(() => control<{ armed: boolean; [k: string]: unknown }>('GET', path.replace('/__emulator', '')), [path]);
  const [message, setMessage] = useState('');
  const armed = live.data?.armed;
  return (
    <tr data-testid={`fault-${name}`}>
      <td class="mono">{name}</td>
      <td>{live.data ? <span class={`badge ${armed ? 'bad' : 'muted'}`}>{armed ? 'armed' : 'off'}</span> : '…'}</td>
      <td>{armed && live.data?.errorMessage ? String(live.data.errorMessage) : ''}</td>
      <td>
        {armed ? (
          <ActionButton run={() => control('DELETE', path.replace('/__emulator', ''))}>Disarm</ActionButton>
        ) : (
          <>
            <input placeholder="error message (optional)" value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
            <ActionButton run={() => control('POST', path.replace('/__emulator', ''), message ? { errorMessage: message } : undefined)}>Arm</ActionButton>
          </>
        )}
      </td>
    </tr>
  );
}

function Lifecycle() {
  const live = useLive(() => control<Record<string, string>>('GET', '/lifecycle'), []);
  const [edits, setEdits] = useState<Record<string, string>>({});
  if (!live.data) return null;
  return (
    <section class="panel" aria-label="Lifecycle durations">
      <h2>Lifecycle durations</h2>
      <p class="muted">How long each step takes in emulated time; a change applies to steps that start after it.</p>
      <table class="grid compact">
        <tbody>
          {Object.entries(live.data).map(([step, d]) => (
            <tr key={step}>
              <td class="mono">{step}</td>
              <td>
                <input size={8} value={edits[step] ?? d} onInput={(e) => setEdits({ ...edits, [step]: e.currentTarget.value })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ActionButton run={() => control('PATCH', '/lifecycle', edits).then(() => setEdits({}))}>Apply</ActionButton>
    </section>
  );
}

export function EmulatorPage() {
  const catalog = useCatalog();
  const endpoints = catalog.data?.control ?? [];
  const faults = endpoints.filter((e) => e.method === 'POST' && e.path.startsWith('/__emulator/faults/')).map((e) => e.path);
  const has = (method: string, path: string) => endpoints.some((e) => e.method === method && e.path === path);
  const health = useLive(() => control('GET', '/health'), []);
  return (
    <div>
      <h1>Emulator controls</h1>
      <section class="panel" aria-label="Reset">
        <h2>Reset</h2>
        <p>Empties every organization, project, cluster and event but the bootstrap organization and its credentials, and puts the clock back on real time.</p>
        <ActionButton kind="danger" run={() => control('POST', '/reset')} confirm="Reset the emulator? Everything but the bootstrap organization is lost." testId="reset">
          Reset the emulator
        </ActionButton>
      </section>
      {faults.length > 0 && (
        <section class="panel" aria-label="Faults">
          <h2>Faults</h2>
          <p class="muted">An armed fault makes the next matching step fail, so clients' error paths can be exercised.</p>
          <table class="grid">
            <tbody>
              {faults.map((f) => (
                <FaultSwitch key={f} path={f} />
              ))}
            </tbody>
          </table>
        </section>
      )}
      {has('GET', '/__emulator/lifecycle') && <Lifecycle />}
      <section class="panel" aria-label="Control endpoints">
        <h2>Control endpoints</h2>
        <p class="muted">Everything on this page is one of these calls; scripts can make them too.</p>
        <ul class="endpoints mono small">
          {endpoints.map((e) => (
            <li key={`${e.method} ${e.path}`}>
              {e.method} {e.path}
            </li>
          ))}
        </ul>
        <h3>Health</h3>
        <Json value={health.data} />
      </section>
    </div>
  );
}
