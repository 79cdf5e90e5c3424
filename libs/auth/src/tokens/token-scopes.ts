import { z } from 'zod';

/** One scope of an API token: an action pattern (`light.*`, `variable.get`) or `events:read`, `metrics:read`. */
export const tokenScopeSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.*:-]+$/, 'scopes are action patterns (light.*, variable.get) or events:read');
