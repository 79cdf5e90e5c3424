// Wire types shared with the server. `import type` only: no server code reaches the bundle.
import type { GraphNode, HubEvent, HubRequest, HubResponse, MatchedHook, SubscribeAck } from '@hub/messages';

export type { GraphNode, HubEvent, HubRequest, HubResponse, MatchedHook, SubscribeAck };
