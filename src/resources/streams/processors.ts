import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader } from '../../platform/store/types.js';
import { STREAM_CONNECTIONS, STREAM_PROCESSORS } from './collections.js';
import { workspaceKey, type ConnectionDoc, type Json, type ProcessorDoc } from './model.js';
import { findWorkspace, noteChange, TIERS } from './workspaces.js';

// Stream processors: an aggregation pipeline reading from one connection and
// writing to another. Started processors move messages; their counters are a
// function of running time (closed form), so a clock jump costs nothing.

const SOURCE = '$source';
const SINKS = new Set(['$merge', '$emit', '$https', '$externalFunction']);
const MID_ONLY = new Set(['$https', '$externalFunction']);
/** Messages a running processor reads per second of emulated time, and their size. */
export const RATE_PER_SECOND = 10;
export const MESSAGE_BYTES = 256;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const notFound = (name: string) =>
  new ApiError(404, 'STREAM_PROCESSOR_NOT_FOUND', `No stream processor named ${name} exists.`, [name]);
const invalidPipeline = (why: string) =>
  new ApiError(400, 'STREAM_PROCESSOR_INVALID_PIPELINE', `Invalid stream processing pipeline: ${why}.`, [why]);

const procKey = (groupId: string, workspace: string, name: string) => `${workspaceKey(groupId, workspace)}/${name}`;

export async function listProcessors(r: Reader, groupId: string, workspace: string): Promise<ProcessorDoc[]> {
  await findWorkspace(r, groupId, workspace);
  return (await r.list<ProcessorDoc>(STREAM_PROCESSORS, workspaceKey(groupId, workspace))).items;
}

export async function getProcessor(r: Reader, groupId: string, workspace: string, name: string): Promise<ProcessorDoc> {
  await findWorkspace(r, groupId, workspace);
  const p = await r.get<ProcessorDoc>(STREAM_PROCESSORS, procKey(groupId, workspace, name));
  if (!p) throw notFound(name);
  return p;
}

/** The connection names a pipeline (and its dead letter queue) refers to. */
export function connectionsOf(pipeline: Json[], options?: Json): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isObject(v)) return;
    if (typeof v.connectionName === 'string') names.add(v.connectionName);
    Object.values(v).forEach(visit);
  };
  visit(pipeline);
  if (isObject(options?.dlq)) visit(options.dlq);
  return [...names];
}

/** As Atlas checks a pipeline: stages of one operator each, $source first, a sink last, connections that exist. */
async function checkPipeline(r: Reader, groupId: string, workspace: string, pipeline: unknown, options?: Json): Promise<Json[]> {
  if (!Array.isArray(pipeline) || pipeline.length === 0) throw errors.missingAttribute('pipeline');
  const ops = pipeline.map((stage, i) => {
    if (!isObject(stage) || Object.keys(stage).length !== 1 || !Object.keys(stage)[0]!.startsWith('$')) {
      throw invalidPipeline(`stage ${i} must be an object with exactly one $ operator`);
    }
    return Object.keys(stage)[0]!;
  });
  if (ops[0] !== SOURCE) throw invalidPipeline('the first stage must be $source');
  if (ops.lastIndexOf(SOURCE) !== 0) throw invalidPipeline('$source may only be the first stage');
  if (ops.length < 2 || !SINKS.has(ops[ops.length - 1]!)) throw invalidPipeline('the last stage must be $merge, $emit, $https or $externalFunction');
  ops.slice(0, -1).forEach((op, i) => {
    if (SINKS.has(op) && !MID_ONLY.has(op)) throw invalidPipeline(`${op} may only be the last stage (found at stage ${i})`);
  });
  const known = new Set(
    (await r.list<ConnectionDoc>(STREAM_CONNECTIONS, workspaceKey(groupId, workspace))).items.map((c) => c.name),
  );
  for (const name of connectionsOf(pipeline as Json[], options)) {
    if (!known.has(name)) throw invalidPipeline(`connection ${name} does not exist in workspace ${workspace}`);
  }
  return pipeline as Json[];
}

export interface ProcessorInput {
  name?: string;
  pipeline?: unknown;
  options?: Json;
  tier?: string;
}

export async function createProcessor(cmd: Command, groupId: string, workspace: string, input: ProcessorInput): Promise<ProcessorDoc> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  if (!input.name) throw errors.missingAttribute('name');
  if (input.tier !== undefined && !(TIERS as readonly string[]).includes(input.tier)) throw errors.invalidEnumValue(input.tier, 'tier');
  if (await cmd.tx.get(STREAM_PROCESSORS, procKey(groupId, workspace, input.name))) {
    throw new ApiError(409, 'STREAM_PROCESSOR_NAME_ALREADY_EXISTS', `A stream processor named ${input.name} already exists.`, [input.name]);
  }
  const p: ProcessorDoc = {
    id: newObjectId(cmd.now),
    groupId,
    workspace,
    name: input.name,
    pipeline: await checkPipeline(cmd.tx, groupId, workspace, input.pipeline, input.options),
    ...(input.options ? { options: input.options } : {}),
    ...(input.tier ? { tier: input.tier } : {}),
    state: 'CREATED',
    ranMs: 0,
    lastStateChange: cmd.now,
  };
  await save(cmd, p);
  await noteChange(cmd, w, 'STREAM_PROCESSOR_CREATED', p.name);
  return p;
}

export async function updateProcessor(cmd: Command, groupId: string, workspace: string, name: string, input: ProcessorInput): Promise<ProcessorDoc> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  const p = await getProcessor(cmd.tx, groupId, workspace, name);
  if (p.state === 'STARTED') throw new ApiError(400, 'STREAM_PROCESSOR_MUST_BE_STOPPED', `Stop stream processor ${name} before modifying it.`, [name]);
  if (input.tier !== undefined && !(TIERS as readonly string[]).includes(input.tier)) throw errors.invalidEnumValue(input.tier, 'tier');
  const options = input.options ? { ...p.options, ...input.options } : p.options;
  if (input.pipeline !== undefined || input.options) p.pipeline = await checkPipeline(cmd.tx, groupId, workspace, input.pipeline ?? p.pipeline, options);
  if (options) p.options = options;
  if (input.tier) p.tier = input.tier;
  if (input.name && input.name !== name) {
    if (await cmd.tx.get(STREAM_PROCESSORS, procKey(groupId, workspace, input.name))) {
      throw new ApiError(409, 'STREAM_PROCESSOR_NAME_ALREADY_EXISTS', `A stream processor named ${input.name} already exists.`, [input.name]);
    }
    await cmd.tx.delete(STREAM_PROCESSORS, procKey(groupId, workspace, name));
    p.name = input.name;
  }
  await save(cmd, p);
  await noteChange(cmd, w, 'STREAM_PROCESSOR_MODIFIED', p.name);
  return p;
}

export async function deleteProcessor(cmd: Command, groupId: string, workspace: string, name: string): Promise<void> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  await getProcessor(cmd.tx, groupId, workspace, name);
  await cmd.tx.delete(STREAM_PROCESSORS, procKey(groupId, workspace, name));
  await noteChange(cmd, w, 'STREAM_PROCESSOR_DROPPED', name);
}

export async function startProcessor(cmd: Command, groupId: string, workspace: string, name: string, tier?: string): Promise<void> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  const p = await getProcessor(cmd.tx, groupId, workspace, name);
  if (p.state === 'STARTED') throw new ApiError(400, 'STREAM_PROCESSOR_ALREADY_STARTED', `Stream processor ${name} is already started.`, [name]);
  if (tier !== undefined) {
    if (!(TIERS as readonly string[]).includes(tier)) throw errors.invalidEnumValue(tier, 'tier');
    p.tier = tier;
  }
  p.state = 'STARTED';
  p.startedAt = cmd.now;
  p.lastStateChange = cmd.now;
  await save(cmd, p);
  await noteChange(cmd, w, 'STREAM_PROCESSOR_STARTED', name);
}

export async function stopProcessor(cmd: Command, groupId: string, workspace: string, name: string): Promise<void> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  const p = await getProcessor(cmd.tx, groupId, workspace, name);
  if (p.state !== 'STARTED') throw new ApiError(400, 'STREAM_PROCESSOR_NOT_STARTED', `Stream processor ${name} is not started.`, [name]);
  p.ranMs += cmd.now - (p.startedAt ?? cmd.now);
  delete p.startedAt;
  p.state = 'STOPPED';
  p.lastStateChange = cmd.now;
  await save(cmd, p);
  await noteChange(cmd, w, 'STREAM_PROCESSOR_STOPPED', name);
}

async function save(cmd: Command, p: ProcessorDoc): Promise<void> {
  await cmd.tx.put(STREAM_PROCESSORS, procKey(p.groupId, p.workspace, p.name), p, { parent: workspaceKey(p.groupId, p.workspace), name: p.name });
}

/** Counters at `now`: messages read while running, all of them written (no dead letters in a healthy run). */
export function statsOf(p: ProcessorDoc, now: number): Json {
  const ran = p.ranMs + (p.state === 'STARTED' && p.startedAt !== undefined ? now - p.startedAt : 0);
  const messages = Math.floor((ran / 1000) * RATE_PER_SECOND);
  return {
    dlqMessageCount: 0,
    dlqMessageSize: 0,
    inputMessageCount: messages,
    inputMessageSize: messages * MESSAGE_BYTES,
    memoryTrackerBytes: p.state === 'STARTED' ? 1024 * 1024 : 0,
    name: p.name,
    ok: 1,
    outputMessageCount: messages,
    outputMessageSize: messages * MESSAGE_BYTES,
    processorId: p.id,
    scaleFactor: 1,
    stateSize: 0,
    status: p.state.toLowerCase(),
  };
}

export function processorView(p: ProcessorDoc, now: number, link: (path: string) => string, withStats: boolean): Json {
  return {
    _id: p.id,
    links: [{ href: link(`/api/atlas/v2/groups/${p.groupId}/streams/${p.workspace}/processor/${p.name}`), rel: 'self' }],
    name: p.name,
    ...(p.options ? { options: p.options } : {}),
    pipeline: p.pipeline,
    ...(withStats ? { state: p.state, stats: statsOf(p, now) } : {}),
    ...(p.tier ? { tier: p.tier } : {}),
  };
}
