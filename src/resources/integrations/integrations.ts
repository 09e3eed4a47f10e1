import { ApiError, errors } from '../../platform/errors.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { INTEGRATIONS } from './collections.js';

// Third-party service integrations of a project: one configuration per type.
// Secrets are kept as given (alert notifications may use them) and shown masked:
// every character but the last four replaced by '*'.

export const INTEGRATION_TYPES = ['PAGER_DUTY', 'SLACK', 'DATADOG', 'NEW_RELIC', 'OPS_GENIE', 'VICTOR_OPS', 'WEBHOOK', 'HIP_CHAT', 'PROMETHEUS', 'MICROSOFT_TEAMS'] as const;

const SECRETS: Record<string, string[]> = {
  PAGER_DUTY: ['serviceKey'],
  SLACK: ['apiToken'],
  DATADOG: ['apiKey'],
  NEW_RELIC: ['licenseKey', 'readToken', 'writeToken'],
  OPS_GENIE: ['apiKey'],
  VICTOR_OPS: ['apiKey'],
  WEBHOOK: ['secret'],
  PROMETHEUS: ['password'],
  MICROSOFT_TEAMS: ['microsoftTeamsWebhookUrl'],
};

// Types Atlas no longer accepts for new configurations.
const RETIRED = new Set(['HIP_CHAT', 'NEW_RELIC']);

export type IntegrationDoc = Record<string, unknown> & { type: string; groupId: string };

const key = (groupId: string, type: string) => `${groupId}:${type}`;

export const integrationNotFound = (type: string, groupId: string) =>
  new ApiError(404, 'INTEGRATION_NOT_FOUND', `No ${type} integration is configured for project ${groupId}.`, [type, groupId]);

export function mask(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.length <= 4 ? '*'.repeat(value.length) : '*'.repeat(value.length - 4) + value.slice(-4);
}

export function integrationView(doc: IntegrationDoc) {
  const { groupId: _g, ...rest } = doc;
  const out: Record<string, unknown> = { ...rest, id: key(doc.groupId, doc.type) };
  for (const f of SECRETS[doc.type] ?? []) if (out[f] !== undefined) out[f] = mask(out[f]);
  return out;
}

export async function listIntegrations(r: Reader, groupId: string): Promise<IntegrationDoc[]> {
  await getProject(r, groupId);
  return (await r.list<IntegrationDoc>(INTEGRATIONS, groupId)).items;
}

export async function getIntegration(r: Reader, groupId: string, type: string): Promise<IntegrationDoc> {
  await getProject(r, groupId);
  const doc = await r.get<IntegrationDoc>(INTEGRATIONS, key(groupId, type));
  if (!doc) throw integrationNotFound(type, groupId);
  return doc;
}

/** Creates (`replace` false: 409 when one exists) or replaces the type's configuration. */
export async function putIntegration(tx: Tx, groupId: string, type: string, body: Record<string, unknown>, replace: boolean): Promise<void> {
  await getProject(tx, groupId);
  if (body.type !== undefined && body.type !== type) throw errors.invalidAttribute('type', `the path names ${type}`);
  const existing = await tx.get<IntegrationDoc>(INTEGRATIONS, key(groupId, type));
  if (!replace && existing) {
    throw new ApiError(409, 'INTEGRATION_ALREADY_CONFIGURED', `A ${type} integration is already configured for project ${groupId}.`, [type, groupId]);
  }
  if (replace && !existing) throw integrationNotFound(type, groupId);
  if (!replace && RETIRED.has(type)) throw errors.invalidAttribute('type', `${type} integrations can no longer be created`);
  const { id: _id, ...fields } = body;
  // A masked secret sent back unchanged keeps the stored one.
  for (const f of SECRETS[type] ?? []) if (existing && typeof fields[f] === 'string' && fields[f] === mask(existing[f])) fields[f] = existing[f];
  const doc: IntegrationDoc = { ...fields, type, groupId };
  await tx.put(INTEGRATIONS, key(groupId, type), doc, { parent: groupId });
}

export async function deleteIntegration(tx: Tx, groupId: string, type: string): Promise<void> {
  await getIntegration(tx, groupId, type);
  await tx.delete(INTEGRATIONS, key(groupId, type));
}
