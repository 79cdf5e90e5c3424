// Wire types shared with the server. `import type` only: no server code reaches the bundle.
import type { HubEvent, HubRequest, HubResponse, SubscribeAck } from '@hub/messages';

export type { HubEvent, HubRequest, HubResponse, SubscribeAck };
