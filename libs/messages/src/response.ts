import { newId } from '@hub/common';

/** The platypush response envelope, sent whatever the HTTP status. */
export interface HubResponse {
  id: string;
  type: 'response';
  target: string;
  origin: string;
  _timestamp: number;
  response: { output: unknown; errors: string[] };
}

export function buildResponse(options: {
  id?: string;
  origin: string;
  output?: unknown;
  errors?: string[];
  target?: string;
}): HubResponse {
  return {
    id: options.id ?? newId(),
    type: 'response',
    target: options.target ?? 'http',
    origin: options.origin,
    _timestamp: Date.now() / 1000,
    response: { output: options.output ?? null, errors: options.errors ?? [] },
  };
}
