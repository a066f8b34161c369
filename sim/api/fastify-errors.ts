/**
 * Every refusal the simulator sends has OVHcloud's body `{class, message}`: the route errors, and
 * the ones fastify or Node answer on their own (bad URL encoding, an over-long path segment, a
 * body too large or not JSON, a malformed request line or oversized headers). Messages are
 * escaped and clipped (safe-text.ts) because many echo caller input.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiFault, errors } from './api-error.ts';
import { isHarnessError } from '../core/errors.ts';
import { safeMessage } from './safe-text.ts';
import type { OvhErrorBody } from '../api-types/ovh-error.ts';


/** The status and OVH body for anything thrown while handling a request; `internal` when it is our bug. */
export function ovhErrorOf(err: unknown): { status: number; body: OvhErrorBody; internal: boolean } {
  if (err instanceof ApiFault) return { status: err.status, body: { ...err.body(), message: safeMessage(err.message) }, internal: false };
  // Rejected input from the lab-admin layer: its message names the input, the rule and the choices.
  if (isHarnessError(err)) return { status: 400, body: { class: 'Client::BadRequest', message: safeMessage(err.message) }, internal: false };
  const status = (err as FastifyError).statusCode ?? 500;
  if (status === 413) return { status: 413, body: { class: 'Client::RequestEntityTooLarge', message: 'Request body too large (at most 1 MiB)' }, internal: false };
  if (status >= 400 && status < 500) return { status: 400, body: errors.invalidJson().body(), internal: false };
  return { status: 500, body: { class: 'Server::InternalServerError', message: safeMessage(`Internal server error: ${(err as Error).message}`) }, internal: true };
}

/** fastify's `frameworkErrors`: URLs it refuses before routing (no hooks run, so the query id is set here). */
export function frameworkErrorHandler(nextQueryId: () => string) {
  return (err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void => {
    reply.header('X-Ovh-QueryID', nextQueryId());
    if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      void reply.code(414).send({ class: 'Client::RequestURITooLong', message: 'Got an invalid (or empty) URL: a path segment is longer than 100 characters' });
      return;
    }
    if (err.code === 'FST_ERR_BAD_URL') {
      void reply.code(400).send({ class: 'Client::BadRequest', message: 'Got an invalid (or empty) URL: the path is not valid percent-encoding' });
      return;
    }
    const { status, body } = ovhErrorOf(err);
    void reply.code(status).send(body);
  };
}

/** fastify's `clientErrorHandler`: a request Node's HTTP parser refused (headers over 16 KB, bad request line). */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, { class: 'Client::RequestHeaderFieldsTooLarge', message: 'Request header fields too large: the URL and headers must fit in 16 KB' }]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, { class: 'Client::RequestTimeout', message: 'Request timeout' }]
        : [400, { class: 'Client::BadRequest', message: 'Malformed HTTP request' }];
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  }
  socket.destroy(err);
}
