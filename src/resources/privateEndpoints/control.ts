import type { FastifyInstance } from 'fastify';
import { FAULTS, type ProvisioningFault } from './privateEndpoints.js';
import type { Services } from '../../platform/services.js';
import { controlBody, controlError, controlReply } from '../../platform/control/body.js';
import { CONTROL_PREFIX } from '../../platform/control/routes.js';

// Makes the next private endpoint service (or interface endpoint) provisioning
// fail, so that clients' error paths can be exercised:
//   POST   /__emulator/faults/privateEndpointService  {"errorMessage": "..."} (body optional)
//   GET    /__emulator/faults/privateEndpointService  what is armed
//   DELETE /__emulator/faults/privateEndpointService  disarm
// and the same under /__emulator/faults/privateEndpoint. A reset disarms both.

function parseFault(raw: unknown): ProvisioningFault | string {
  const body = controlBody(raw, ['errorMessage']);
  if (typeof body === 'string') return body;
  const { errorMessage } = body;
  if (errorMessage === undefined) return {};
  if (typeof errorMessage !== 'string' || errorMessage.trim() === '') return '"errorMessage" must be a non-empty string.';
  return { errorMessage };
}

const view = (fault: unknown) => (fault ? { armed: true, ...(fault as ProvisioningFault) } : { armed: false });

export function registerPrivateEndpointFaultRoutes(app: FastifyInstance, services: Services): void {
  for (const key of Object.values(FAULTS)) {
    const url = `${CONTROL_PREFIX}/faults/${key}`;
    app.get(url, async (_req, reply) => controlReply(reply, 200, view(services.faults.get(key))));
    app.post(url, async (req, reply) => {
      const fault = parseFault(req.body);
      if (typeof fault === 'string') return controlError(reply, 400, fault);
      services.faults.set(key, fault);
      return controlReply(reply, 200, view(fault));
    });
    app.delete(url, async (_req, reply) => {
      services.faults.delete(key);
      return controlReply(reply, 204);
    });
  }
}
