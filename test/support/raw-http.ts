import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Trusted CA (PEM) for https URLs. */
  ca?: string | Buffer;
}

/**
 * One HTTP(S) request whose path goes on the wire exactly as given: fetch() would normalise
 * `..` and `%2e%2e` away before the server ever saw them.
 */
export function rawRequest(
  baseUrl: string,
  rawPath: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: rawPath,
        headers: options.headers,
        ca: options.ca,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
