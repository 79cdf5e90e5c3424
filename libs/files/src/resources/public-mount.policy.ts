import { Inject, Injectable } from '@nestjs/common';

import type { PublicRoutePolicy } from '@hub/auth';

import { parseResourceUrl } from './request-path';
import { ResourcesService } from './resources.service';

/**
 * `/resources/<mount>/...` needs no credentials when the mount is declared `public: true`.
 * Unknown mounts and unparsable paths count as private: strangers cannot probe which exist.
 */
@Injectable()
export class PublicMountPolicy implements PublicRoutePolicy {
  constructor(@Inject(ResourcesService) private readonly resources: ResourcesService) {}

  isPublic(request: { url: string }): boolean {
    const parsed = parseResourceUrl(request.url);
    return parsed !== null && this.resources.mount(parsed.mount)?.public === true;
  }
}
