import type { Logger } from 'pino';

import type { EventFields, EventType, HubEvent } from '@hub/messages';

import type { CallerContext } from './action-dispatcher';

/** Variables as plugins see them (the `variables` table; changes post VariableChangedEvent). */
export interface PluginVariables {
  get(name: string): Promise<unknown>;
  set(name: string, value: unknown): Promise<void>;
}

/**
 * Everything a plugin may reach of the hub. Plugins get nothing else: no database, no HTTP
 * objects, no other module's services.
 */
export interface PluginContext<Options = Record<string, unknown>> {
  /** The plugin's name (its config section). */
  readonly name: string;
  /** Its config section, validated by its config schema (defaults applied). */
  readonly options: Options;
  readonly log: Logger;
  post<T extends EventType>(type: T, fields: EventFields<T>): HubEvent<T>;
  readonly variables: PluginVariables;
  /** This hub's paths plugins may need (uploads are served as `/resources/uploads/<file>`). */
  readonly paths: {
    workdir: string;
    uploadDir: string;
    configDir: string;
    /** `backend.http.resource_dirs` mounts (and `uploads`) → absolute directory, served as /resources/<mount>/. */
    resourceDirs: Readonly<Record<string, string>>;
  };
}

/** The context of one action call. */
export interface ActionContext<Options = Record<string, unknown>> extends PluginContext<Options> {
  /** `plugin.action` being run. */
  readonly action: string;
  /** Aborted when the call times out: stop work (kill children, cancel requests). */
  readonly signal: AbortSignal;
  readonly caller: CallerContext;
}
