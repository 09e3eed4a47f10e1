/** Atlas's date format: UTC, whole seconds, `Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Parses an ISO 8601 date-time (or date) string; undefined when it is not one. */
export function parseIsoDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  // Date.parse rolls impossible days over (Feb 30 is read as Mar 2).
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  // A time without an offset is UTC, whatever the server's time zone.
  const ms = Date.parse(/T[^Z+-]*$/.test(text) ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}
