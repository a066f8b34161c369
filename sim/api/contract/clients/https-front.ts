/**
 * Lets an official client configured for the REAL API (endpoint `ovh-eu`, i.e.
 * `https://eu.api.ovh.com`) reach a local simulator unchanged: an HTTP proxy (the client's
 * standard `HTTPS_PROXY`) that answers CONNECT itself, terminates TLS with a throwaway certificate
 * for the API's name (trusted through the client's standard CA-bundle variable), and forwards
 * method, path, headers (Host included) and body untouched to the simulator. Nothing leaves the
 * machine: every CONNECT, whatever host it names, ends here.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realExec } from '../../../core/exec.ts';

export interface HttpsFront {
  /** `http://127.0.0.1:PORT`, for HTTPS_PROXY. */
  proxyUrl: string;
  /** PEM file of the certificate, for REQUESTS_CA_BUNDLE / SSL_CERT_FILE / NODE_EXTRA_CA_CERTS. */
  caFile: string;
  close(): Promise<void>;
}

/** Is `openssl` there to make the certificate? undefined when it is, else why not. */
export async function opensslMissing(): Promise<string | undefined> {
  const r = await realExec('openssl', ['version'], { allowFailure: true }).catch((e: Error) => ({ exitCode: -1, stderr: e.message }));
  return r.exitCode === 0 ? undefined : `no openssl on this machine (needed for the certificate): ${r.stderr.trim()}`;
}

export async function startHttpsFront(simulatorUrl: string, names: string[] = ['eu.api.ovh.com']): Promise<HttpsFront> {
  const dir = await mkdtemp(join(tmpdir(), 'vl-front-'));
  const caFile = join(dir, 'cert.pem');
  const san = names.map((n) => `DNS:${n}`).join(',');
  await realExec('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`,
    '-keyout', join(dir, 'key.pem'), '-out', caFile], { timeoutMs: 30_000 });
  const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(caFile)]);
  const sim = new URL(simulatorUrl);

  const tlsSide = https.createServer({ key, cert }, (req, res) => {
    const upstream = http.request({ host: sim.hostname, port: Number(sim.port), method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (err) => res.writeHead(502).end(JSON.stringify({ message: `https front: ${err.message}` })));
    req.pipe(upstream);
  });
  const proxy = http.createServer((_req, res) => res.writeHead(405).end('CONNECT only\n'));
  const sockets = new Set<Socket>();
  proxy.on('connect', (_req: http.IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    tlsSide.emit('connection', socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    caFile,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      tlsSide.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
