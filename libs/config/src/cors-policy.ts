import type { HubConfig } from './hub-config';

/** The subset of @fastify/cors options the hub sets (kept structural: no Fastify types here). */
export interface HubCorsOptions {
  origin: string | string[];
  credentials: boolean;
  methods: string[];
  exposedHeaders: string[];
  maxAge: number;
}

/**
 * CORS from `backend.http.cors`, or null (CORS off: no Access-Control-* headers, preflights get
 * 404) when no origin is listed. Listed origins are matched exactly and echoed back; `'*'` opens
 * to every origin but then never with credentials (browsers refuse `*` with credentials anyway,
 * and reflecting any origin with cookies would let every site read the user's data).
 */
export function corsOptions(cors: HubConfig['http']['cors']): HubCorsOptions | null {
  const origins = cors.origins.map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
  if (origins.length === 0) return null;
  const any = origins.includes('*');
  return {
    origin: any ? '*' : origins,
    credentials: any ? false : cors.credentials,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['Content-Range', 'Accept-Ranges', 'ETag', 'Last-Modified', 'Retry-After'],
    // Browsers may cache a preflight answer this many seconds.
    maxAge: 600,
  };
}
