import { newId } from '@hub/common';

import type { HubResponse } from './wire';

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
