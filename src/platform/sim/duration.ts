// ISO 8601 durations (PnYnMnWnDTnHnMnS) as used by the API and the control endpoints.
const ISO_DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const UNIT_MS = [365 * 86_400_000, 30 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/** Milliseconds in an ISO 8601 duration, or undefined when it does not parse. Years and months count 365 and 30 days. */
export function parseIsoDuration(text: string): number | undefined {
  const m = ISO_DURATION.exec(text);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const v = m[i + 1];
    if (v !== undefined) ms += Number(v) * UNIT_MS[i]!;
  }
  return Math.round(ms);
}

/** ms as the shortest ISO 8601 duration (PT3S, PT10M, PT1H30M). */
export function formatIsoDuration(ms: number): string {
  let rest = ms / 1000;
  let out = 'PT';
  for (const [unit, size] of [['H', 3600], ['M', 60]] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0 || out === 'PT') out += `${rest}S`;
  return out;
}
