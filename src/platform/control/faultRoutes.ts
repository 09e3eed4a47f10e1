import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../errors.js';
import type { Operation } from '../http/operation.js';
import { parseIsoDuration } from '../sim/duration.js';
import { ControlReply, defineControl, type ControlEndpoint } from './endpoint.js';
import { FaultRules, type FaultRule } from './faults.js';

const MAX_DELAY_MS = 10 * 60_000;

const RuleBody = Type.Object(
  {
    operationId: Type.Optional(Type.String({ minLength: 1, description: "The contract's operationId or the classic name" })),
    method: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] })),
    path: Type.Optional(
      Type.String({ pattern: '^/', description: 'Request path or Atlas path template; {param} matches one segment, * anything' }),
    ),
    groupId: Type.Optional(Type.String({ pattern: '^[a-f0-9]{24}$' })),
    caller: Type.Optional(Type.String({ minLength: 1, description: 'API key public key or service account client id' })),
    error: Type.Optional(
      Type.Object(
        {
          status: Type.Integer({ minimum: 400, maximum: 599 }),
          errorCode: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', maxLength: 100 }),
          detail: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
    delay: Type.Optional(Type.String({ description: 'ISO 8601 duration of wall-clock time, at most PT10M' })),
    drop: Type.Optional(Type.Literal(true)),
    failProvisioning: Type.Optional(
      Type.Object({ errorMessage: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false }),
    ),
    times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Fault the next N matching calls' })),
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Let M matching calls through first' })),
  },
  { additionalProperties: false },
);

const RuleView = Type.Object({}, { additionalProperties: true });

const invalid = (field: string, detail: string) => new ApiError(400, 'INVALID_ATTRIBUTE', detail, [field]);

export function ruleView(r: FaultRule) {
  return { ...r, remaining: r.times === undefined ? null : r.times - r.applied, active: FaultRules.active(r) };
}

/** Checks a rule's combination of fields; returns it in stored form. */
export function parseRule(body: Static<typeof RuleBody>, operations: Operation[]): Omit<FaultRule, 'id' | 'matched' | 'applied'> {
  const answers = ['error', 'drop', 'failProvisioning'].filter((k) => body[k as keyof typeof body] !== undefined);
  if (answers.length === 0 && body.delay === undefined) {
    throw invalid('error', 'Say what to answer: error, delay, drop or failProvisioning.');
  }
  if (answers.length > 1) throw invalid(answers[1]!, `Give one of error, drop and failProvisioning, not ${answers.join(' and ')}.`);
  let delayMs: number | undefined;
  if (body.delay !== undefined) {
    delayMs = parseIsoDuration(body.delay);
    if (delayMs === undefined || delayMs > MAX_DELAY_MS) throw invalid('delay', '"delay" must be an ISO 8601 duration up to PT10M, such as PT2S.');
  }
  if (body.method && !body.path) throw invalid('method', '"method" narrows a "path"; an operationId names one method already.');
  if (body.operationId) {
    const op = operations.find((o) => o.operationId === body.operationId || o.classicId === body.operationId);
    if (!op) throw invalid('operationId', `No served operation is named ${body.operationId}.`);
    if (body.failProvisioning && !op.provisioningFault) {
      throw invalid('failProvisioning', `${body.operationId} starts no provisioning that can fail.`);
    }
  }
  const { delay: _delay, ...rest } = body;
  return { ...rest, ...(delayMs !== undefined ? { delayMs } : {}) };
}

export function faultControl(faults: FaultRules, operations: Operation[]): ControlEndpoint[] {
  const Id = Type.Object({ id: Type.String({ pattern: '^fault-[0-9]{1,9}$' }) });
  const byId = (id: string) => {
    const r = faults.get(id);
    if (!r) throw new ApiError(404, 'RESOURCE_NOT_FOUND', `Cannot find fault rule ${id}.`, [id]);
    return r;
  };
  return [
    defineControl({
      method: 'POST',
      path: '/faults',
      summary:
        'Adds a fault rule: which calls (operationId, or path and method; optionally groupId and caller), what to answer (an Atlas error, a delay, a dropped connection, a failed provisioning) and how often (times, after).',
      body: RuleBody,
      bodyRequired: true,
      response: RuleView,
      status: 201,
      handler: async ({ body }) => ruleView(faults.add(parseRule(body, operations))),
    }),
    defineControl({
      method: 'GET',
      path: '/faults',
      summary: 'Lists the fault rules with how many calls each matched and answered.',
      response: Type.Object({ results: Type.Array(RuleView) }),
      handler: async () => ({ results: faults.list().map(ruleView) }),
    }),
    defineControl({
      method: 'DELETE',
      path: '/faults',
      summary: 'Removes every fault rule.',
      status: 204,
      handler: async () => {
        faults.clear();
        return new ControlReply(204);
      },
    }),
    defineControl({
      method: 'GET',
      path: '/faults/{id}',
      summary: 'One fault rule.',
      params: Id,
      response: RuleView,
      handler: async ({ params }) => ruleView(byId(params.id)),
    }),
    defineControl({
      method: 'DELETE',
      path: '/faults/{id}',
      summary: 'Removes one fault rule.',
      params: Id,
      status: 204,
      handler: async ({ params }) => {
        faults.remove(byId(params.id).id);
        return new ControlReply(204);
      },
    }),
  ];
}
