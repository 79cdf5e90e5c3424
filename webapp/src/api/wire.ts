// Wire types shared with the server. `import type` only: no server code reaches the bundle.
import type {
  DirectoryListing,
  GraphNode,
  HubEvent,
  HubRequest,
  HubResponse,
  ListingEntry,
  MatchedHook,
  MountView,
  ProcessInfo,
  SubscribeAck,
} from '@hub/messages';

export type {
  DirectoryListing,
  GraphNode,
  HubEvent,
  HubRequest,
  HubResponse,
  ListingEntry,
  MatchedHook,
  MountView,
  ProcessInfo,
  SubscribeAck,
};
