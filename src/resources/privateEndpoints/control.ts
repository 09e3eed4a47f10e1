import { Type } from '@sinclair/typebox';
import { ControlReply, defineControl, type ControlEndpoint } from '../../platform/control/endpoint.js';
import { FaultRules } from '../../platform/control/faults.js';

// The switch that makes the next private endpoint service (or interface endpoint)
// provisioning fail, kept for the scripts that use it; each is a shorthand for a
// fault rule { operationId, failProvisioning, times: 1 } and is listed with the rules.
//   POST   /__emulator/faults/privateEndpointService  {"errorMessage": "..."} (body optional)
//   GET    /__emulator/faults/privateEndpointService  what is armed
//   DELETE /__emulator/faults/privateEndpointService  disarm
// and the same under /__emulator/faults/privateEndpoint.

const SWITCHES = {
  privateEndpointService: 'createGroupPrivateEndpointEndpointService',
  privateEndpoint: 'createGroupPrivateEndpointEndpointServiceEndpoint',
} as const;

const Armed = Type.Object({ armed: Type.Boolean(), errorMessage: Type.Optional(Type.String()) });

export const privateEndpointControl: ControlEndpoint[] = Object.entries(SWITCHES).flatMap(([name, operationId]) => {
  const source = `faults/${name}`;
  const mine = (faults: FaultRules) => faults.list().filter((r) => r.source === source && FaultRules.active(r));
  const view = (faults: FaultRules) => {
    const [r] = mine(faults);
    return r ? { armed: true, ...(r.failProvisioning?.errorMessage ? { errorMessage: r.failProvisioning.errorMessage } : {}) } : { armed: false };
  };
  return [
    defineControl({
      method: 'GET',
      path: `/faults/${name}`,
      summary: `Whether the next ${operationId} provisioning is set to fail.`,
      response: Armed,
      handler: async ({ services }) => view(services.faults),
    }),
    defineControl({
      method: 'POST',
      path: `/faults/${name}`,
      summary: `Makes the next ${operationId} provisioning end FAILED (a fault rule with failProvisioning, once).`,
      body: Type.Object(
        { errorMessage: Type.Optional(Type.String({ minLength: 1, pattern: '\\S' })) },
        { additionalProperties: false },
      ),
      response: Armed,
      handler: async ({ body, services }) => {
        services.faults.removeWhere((r) => r.source === source);
        services.faults.add({ operationId, failProvisioning: body.errorMessage ? { errorMessage: body.errorMessage } : {}, times: 1, source });
        return view(services.faults);
      },
    }),
    defineControl({
      method: 'DELETE',
      path: `/faults/${name}`,
      summary: 'Disarms the switch.',
      status: 204,
      handler: async ({ services }) => {
        services.faults.removeWhere((r) => r.source === source);
        return new ControlReply(204);
      },
    }),
  ];
});
