import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { SYSTEM } from '../../platform/events.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { getProject } from '../projects/projects.js';
import { MAINTENANCE_WINDOWS } from './collections.js';
import { recordEvent } from './events.js';

// A project's weekly maintenance window. Once a window is set, maintenance runs
// at its next start on the emulated clock (recording PROJECT_SCHEDULED_MAINTENANCE),
// unless deferred (a week each time, at most twice in a row) or auto-deferred
// once; startASAP runs it at once. Without a window nothing is scheduled.

export interface WindowDoc {
  groupId: string;
  dayOfWeek: number;
  hourOfDay: number;
  autoDeferOnceEnabled: boolean;
  startASAP: boolean;
  numberOfDeferrals: number;
  protectedHours?: { startHourOfDay?: number; endHourOfDay?: number };
  /** When the next maintenance runs, if a window is set (epoch ms). */
  nextStart?: number;
  /** Whether auto-deferral was used for the maintenance now pending. */
  autoDeferred?: boolean;
}

export const TIMER = 'maintenance.start';
const WEEK = 7 * 86_400_000;
const HOUR = 3_600_000;
export const MAX_DEFERRALS = 2;

// A project that never set a window shows Atlas's default of Sunday midnight UTC.
function defaults(groupId: string): WindowDoc {
  return { groupId, dayOfWeek: 1, hourOfDay: 0, autoDeferOnceEnabled: false, startASAP: false, numberOfDeferrals: 0 };
}

export interface Scheduling {
  schedule(tx: Tx, req: { kind: string; ref: string; due: number; id?: string }): Promise<void>;
}

export async function getWindow(r: Reader, groupId: string): Promise<WindowDoc> {
  await getProject(r, groupId);
  return (await r.get<WindowDoc>(MAINTENANCE_WINDOWS, groupId)) ?? defaults(groupId);
}

/** The first moment at or after `from` that falls on the window (day 1 = Sunday, hours in UTC). */
export function nextWindowStart(w: { dayOfWeek: number; hourOfDay: number }, from: number): number {
  const d = new Date(from);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const dayDiff = (w.dayOfWeek - 1 - d.getUTCDay() + 7) % 7;
  let start = midnight + dayDiff * 86_400_000 + w.hourOfDay * HOUR;
  if (start < from) start += WEEK;
  return start;
}

async function save(tx: Tx, w: WindowDoc, sched: Scheduling): Promise<void> {
  await tx.put(MAINTENANCE_WINDOWS, w.groupId, w, { parent: w.groupId });
  await tx.cancelTimers(w.groupId, TIMER);
  if (w.nextStart !== undefined) await sched.schedule(tx, { kind: TIMER, ref: w.groupId, due: w.nextStart, id: `maintenance:${w.groupId}` });
}

export interface WindowChanges {
  dayOfWeek?: number;
  hourOfDay?: number;
  autoDeferOnceEnabled?: boolean;
  startASAP?: boolean;
  protectedHours?: { startHourOfDay?: number; endHourOfDay?: number };
}

export async function updateWindow(tx: Tx, groupId: string, c: WindowChanges, actor: Actor, at: number, sched: Scheduling) {
  const project = await getProject(tx, groupId);
  const stored = await tx.get<WindowDoc>(MAINTENANCE_WINDOWS, groupId);
  const w = stored ?? defaults(groupId);
  if (c.dayOfWeek === undefined) throw errors.missingAttribute('dayOfWeek');
  const ph = c.protectedHours;
  if (ph && (ph.startHourOfDay === undefined) !== (ph.endHourOfDay === undefined)) {
    throw errors.invalidAttribute('protectedHours', 'give both startHourOfDay and endHourOfDay');
  }
  const base = { at, actor, orgId: project.orgId, groupId };
  w.dayOfWeek = c.dayOfWeek;
  if (c.hourOfDay !== undefined) w.hourOfDay = c.hourOfDay;
  if (c.autoDeferOnceEnabled !== undefined) w.autoDeferOnceEnabled = c.autoDeferOnceEnabled;
  if (ph) {
    const had = w.protectedHours !== undefined;
    const empty = ph.startHourOfDay === undefined;
    if (empty) delete w.protectedHours;
    else w.protectedHours = { startHourOfDay: ph.startHourOfDay, endHourOfDay: ph.endHourOfDay };
    const type = empty ? (had ? 'ATLAS_MAINTENANCE_PROTECTED_HOURS_REMOVED' : undefined) : had ? 'ATLAS_MAINTENANCE_PROTECTED_HOURS_MODIFIED' : 'ATLAS_MAINTENANCE_PROTECTED_HOURS_CREATED';
    if (type) await recordEvent(tx, { ...base, type });
  }
  w.startASAP = c.startASAP === true;
  w.nextStart = w.startASAP ? at : nextWindowStart(w, at);
  w.numberOfDeferrals = 0;
  w.autoDeferred = false;
  await save(tx, w, sched);
  await recordEvent(tx, { ...base, type: stored ? 'ATLAS_MAINTENANCE_WINDOW_MODIFIED' : 'ATLAS_MAINTENANCE_WINDOW_ADDED' });
  if (w.startASAP) await recordEvent(tx, { ...base, type: 'ATLAS_MAINTENANCE_START_ASAP' });
  return w;
}

export async function resetWindow(tx: Tx, groupId: string, actor: Actor, at: number): Promise<void> {
  const project = await getProject(tx, groupId);
  if (!(await tx.delete(MAINTENANCE_WINDOWS, groupId))) return;
  await tx.cancelTimers(groupId, TIMER);
  await recordEvent(tx, { type: 'ATLAS_MAINTENANCE_WINDOW_REMOVED', at, actor, orgId: project.orgId, groupId });
}

export async function deferMaintenance(tx: Tx, groupId: string, actor: Actor, at: number, sched: Scheduling): Promise<void> {
  const project = await getProject(tx, groupId);
  const w = await tx.get<WindowDoc>(MAINTENANCE_WINDOWS, groupId);
  if (!w?.nextStart) throw new ApiError(400, 'NO_MAINTENANCE_SCHEDULED', `No maintenance is scheduled for project ${groupId}.`, [groupId]);
  if (w.numberOfDeferrals >= MAX_DEFERRALS) {
    throw new ApiError(400, 'MAINTENANCE_ALREADY_DEFERRED', `Maintenance for project ${groupId} was already deferred ${MAX_DEFERRALS} times.`, [groupId]);
  }
  w.numberOfDeferrals += 1;
  w.nextStart = nextWindowStart(w, w.nextStart + 1);
  w.startASAP = false;
  await save(tx, w, sched);
  await recordEvent(tx, { type: 'ATLAS_MAINTENANCE_DEFERRED', at, actor, orgId: project.orgId, groupId });
}

export async function toggleAutoDefer(tx: Tx, groupId: string, actor: Actor, at: number, sched: Scheduling): Promise<void> {
  const project = await getProject(tx, groupId);
  const w = (await tx.get<WindowDoc>(MAINTENANCE_WINDOWS, groupId)) ?? defaults(groupId);
  w.autoDeferOnceEnabled = !w.autoDeferOnceEnabled;
  await save(tx, w, sched);
  const type = w.autoDeferOnceEnabled ? 'ATLAS_MAINTENANCE_AUTO_DEFER_ENABLED' : 'ATLAS_MAINTENANCE_AUTO_DEFER_DISABLED';
  await recordEvent(tx, { type, at, actor, orgId: project.orgId, groupId });
}

/** The window's start passed: maintenance runs (or is auto-deferred once), and the next one is set a week on. */
export async function onWindowStart(tx: Tx, groupId: string, at: number, sched: Scheduling): Promise<void> {
  const w = await tx.get<WindowDoc>(MAINTENANCE_WINDOWS, groupId);
  const project = await tx.get<{ orgId: string }>(PROJECTS, groupId);
  if (!w || w.nextStart === undefined || !project) return;
  if (w.autoDeferOnceEnabled && !w.autoDeferred && !w.startASAP) {
    w.autoDeferred = true;
    w.nextStart = nextWindowStart(w, at + 1);
    await save(tx, w, sched);
    await recordEvent(tx, { type: 'ATLAS_MAINTENANCE_DEFERRED', at, actor: SYSTEM, orgId: project.orgId, groupId });
    return;
  }
  await recordEvent(tx, { type: 'PROJECT_SCHEDULED_MAINTENANCE', at, actor: SYSTEM, orgId: project.orgId, groupId });
  w.numberOfDeferrals = 0;
  w.autoDeferred = false;
  w.startASAP = false;
  w.nextStart = nextWindowStart(w, at + 1);
  await save(tx, w, sched);
}

export function windowView(w: WindowDoc) {
  return {
    autoDeferOnceEnabled: w.autoDeferOnceEnabled,
    dayOfWeek: w.dayOfWeek,
    hourOfDay: w.hourOfDay,
    numberOfDeferrals: w.numberOfDeferrals,
    protectedHours: w.protectedHours,
    startASAP: w.startASAP,
    timeZoneId: 'UTC',
  };
}
