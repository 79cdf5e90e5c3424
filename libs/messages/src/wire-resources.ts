// Types only (see wire.ts): what `/resources` answers, shared with the webapp.

/** One entry of a directory listing. */
export interface ListingEntry {
  name: string;
  type: 'file' | 'directory';
  /** Bytes (files only). */
  size?: number;
  /** ISO-8601 modification time. */
  modified: string;
  /** Content-Type the file is served with (files only). */
  mime?: string;
  /** URL of the entry (directories end with `/`). */
  url: string;
}

/** What `GET /resources` tells a signed-in client of a mount (never the directory on disk). */
export interface MountView {
  name: string;
  public: boolean;
  listing: boolean;
  url: string;
}

/** The JSON answer to a directory request on a mount with `listing: true`. */
export interface DirectoryListing {
  mount: string;
  /** Path below the mount, `''` for its root, else ending with `/`. */
  path: string;
  entries: ListingEntry[];
  /** True when the directory held more than MAX_LISTING entries and the rest were left out. */
  truncated: boolean;
}
