import type { FastifyReply } from 'fastify';
import { ApiError } from '../errors.js';
import { errorJson } from '../http/wire.js';

// The control endpoints' small JSON protocol: bodies are JSON objects with known
// fields, answers are JSON, errors are Atlas's error body (a client reads one shape
// from any part of the server).

/** The body as an object with only `allowed` fields, or the reason it is not one. */
export function controlBody(raw: unknown, allowed: readonly string[]): Record<string, unknown> | string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The body must be a JSON object.';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'The body must be a JSON object.';
  const unknown = Object.keys(value).find((k) => !allowed.includes(k));
  if (unknown !== undefined) return `Unknown field ${unknown}; accepted: ${allowed.join(', ')}.`;
  return value as Record<string, unknown>;
}

export function controlReply(reply: FastifyReply, status: number, body?: unknown) {
  reply.code(status);
  if (body === undefined) return reply.send();
  return reply.type('application/json').send(JSON.stringify(body));
}

const CODES: Record<number, string> = { 400: 'INVALID_CONTROL_REQUEST', 404: 'RESOURCE_NOT_FOUND', 409: 'CONFLICT' };

export function controlError(reply: FastifyReply, status: number, detail: string, errorCode = CODES[status] ?? 'CONTROL_ERROR') {
  return reply.code(status).type('application/json').header('X-Error-Code', errorCode).send(errorJson(new ApiError(status, errorCode, detail)));
}
