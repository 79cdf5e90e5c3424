// Wire types shared with the server. `export type` only: no server code reaches the bundle.
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
} from '@hub/messages';
