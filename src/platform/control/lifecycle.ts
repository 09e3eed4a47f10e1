import { Type } from '@sinclair/typebox';
import { errors } from '../errors.js';
import { parseIsoDuration } from '../sim/duration.js';
import { defineControl, type ControlEndpoint } from './endpoint.js';

// How long each lifecycle step takes, changed while the server runs (the same
// settings as --lifecycle; a change applies to steps that start after it and
// lasts until the server stops):
//   GET   /__emulator/lifecycle                     {"cluster.create": "PT3S", ...}
//   PATCH /__emulator/lifecycle {"cluster.create": "PT10M"}

/** Milliseconds as the shortest ISO 8601 duration in days, hours, minutes and seconds. */
export function isoDuration(ms: number): string {
  const parts: [number, string][] = [
    [86_400_000, 'D'],
    [3_600_000, 'H'],
    [60_000, 'M'],
    [1000, 'S'],
  ];
  let rest = ms;
  let date = '';
  let time = '';
  for (const [unit, name] of parts) {
    const n = name === 'S' ? rest / unit : Math.floor(rest / unit);
    rest -= Math.floor(n) * unit;
    if (n > 0) {
      if (name === 'D') date += `${n}D`;
      else time += `${name === 'S' ? Number(n.toFixed(3)) : n}${name}`;
    }
  }
  const text = `P${date}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}

const view = (durations: Record<string, number>) => Object.fromEntries(Object.entries(durations).map(([k, ms]) => [k, isoDuration(ms)]));

export const lifecycleControl: ControlEndpoint[] = [
  defineControl({
    method: 'GET',
    path: '/lifecycle',
    summary: 'How long each lifecycle step takes (ISO 8601).',
    handler: async ({ services }) => view(services.config.lifecycle),
  }),
  defineControl({
    method: 'PATCH',
    path: '/lifecycle',
    summary: 'Changes lifecycle step durations while the server runs (steps that start afterwards).',
    body: Type.Record(Type.String(), Type.String()),
    bodyRequired: true,
    handler: async ({ body, services }) => {
      const durations = services.config.lifecycle;
      const next: Record<string, number> = {};
      for (const [step, value] of Object.entries(body)) {
        if (!(step in durations)) throw errors.invalidAttribute(step, `unknown step; accepted: ${Object.keys(durations).join(', ')}`);
        const ms = parseIsoDuration(value);
        if (ms === undefined) throw errors.invalidAttribute(step, 'an ISO 8601 duration such as PT10M');
        next[step] = ms;
      }
      Object.assign(durations, next);
      return view(durations);
    },
  }),
];
