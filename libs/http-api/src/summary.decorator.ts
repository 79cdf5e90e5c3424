import { SetMetadata } from '@nestjs/common';

export const SUMMARY_KEY = 'hub:summary';

/** One line describing a route in the OpenAPI document (`/api/v1/openapi.json`). */
export const Summary = (text: string): MethodDecorator => SetMetadata(SUMMARY_KEY, text);
