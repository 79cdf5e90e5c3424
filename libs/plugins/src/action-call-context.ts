import type { CallerContext } from './action-dispatcher';
import type { LazyAbort } from './lazy-abort';
import type { ActionContext, PluginContext, PluginVariables } from './plugin-context';

/**
 * The context of one action call: the plugin's own context plus the call's action, caller and
 * signal. A class rather than `{...pluginContext, caller, get signal()}`: an object literal that
 * spreads and then declares a getter takes V8's slow path (about 2.5 µs per call, the largest
 * piece of hub code in a CPU profile of `/execute`); this is one small allocation.
 */
export class ActionCallContext<Options = Record<string, unknown>> implements ActionContext<Options> {
  readonly name: string;
  readonly options: Options;
  readonly log: PluginContext['log'];
  readonly variables: PluginVariables;
  readonly paths: PluginContext['paths'];
  /** The plugin's own function (a field, not a method: `const { post } = ctx` keeps working). */
  readonly post: PluginContext['post'];

  constructor(
    plugin: PluginContext<Options>,
    readonly action: string,
    readonly caller: CallerContext,
    private readonly abort: LazyAbort,
  ) {
    this.name = plugin.name;
    this.options = plugin.options;
    this.log = plugin.log;
    this.variables = plugin.variables;
    this.paths = plugin.paths;
    this.post = plugin.post;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}
