import type { FastifyInstance, FastifyReply } from 'fastify';
import { FAULTS, type ProvisioningFault } from '../domain/privateEndpoints.js';
import type { Services } from '../services.js';
import { CONTROL_PREFIX } from './routes.js';

// Makes the next private endpoint service (or interface endpoint) provisioning
// fail, so that clients' error paths can be exercised:
//   POST   /__emulator/faults/privateEndpointService  {"errorMessage": "..."} (body optional)
//   GET    /__emulator/faults/privateEndpointService  what is armed
//   DELETE /__emulator/faults/privateEndpointService  disarm
// and the same under /__emulator/faults/privateEndpoint. A reset disarms both.

function json(reply: FastifyReply, status: number, body: unknown) {
  return reply.code(status).type('application/json').send(JSON.stringify(body));
}

function parseFault(body: unknown): ProvisioningFault | string {
  const text = typeof body === 'string' ? body.trim() : '';
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The body must be a JSON object.';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'The body must be a JSON object.';
  const unknown = Object.keys(value).filter((k) => k !== 'errorMessage');
  if (unknown.length) return `Unknown field ${unknown[0]}; only "errorMessage" is accepted.`;
  const { errorMessage } = value as { errorMessage?: unknown };
  if (errorMessage === undefined) return {};
  if (typeof errorMessage !== 'string' || errorMessage.trim() === '') return '"errorMessage" must be a non-empty string.';
  return { errorMessage };
}

const view = (fault: unknown) => (fault ? { armed: true, ...(fault as ProvisioningFault) } : { armed: false });

export function registerPrivateEndpointFaultRoutes(app: FastifyInstance, services: Services): void {
  for (const key of Object.values(FAULTS)) {
    const url = `${CONTROL_PREFIX}/faults/${key}`;
    app.get(url, async (_req, reply) => json(reply, 200, view(services.faults.get(key))));
    app.post(url, async (req, reply) => {
      const fault = parseFault(req.body);
      if (typeof fault === 'string') return json(reply, 400, { error: 400, detail: fault });
      services.faults.set(key, fault);
      return json(reply, 200, view(fault));
    });
    app.delete(url, async (_req, reply) => {
      services.faults.delete(key);
      return reply.code(204).send();
    });
  }
}
