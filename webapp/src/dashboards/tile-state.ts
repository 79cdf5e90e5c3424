import type { InjectionKey } from 'vue';

/** What a widget reports to its tile (so the tile root carries `data-stale`). */
export interface TileState {
  stale: boolean;
}

export const TILE_STATE: InjectionKey<TileState> = Symbol('tile-state');
