import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { ACTION_PERMISSIONS } from '@hub/auth';

import { ActionAccess } from './action-access';
import { ACTION_DISPATCHER } from './action-dispatcher';
import { BUILTIN_PLUGINS } from './builtin/builtin-plugins';
import { ProcessManager } from './builtin/shell/process-manager';
import { PluginDispatcher } from './plugin-dispatcher';
import { PluginRegistry } from './plugin-registry';
import { VariableStore } from './variable.store';

/** The plugin registry, the dispatcher (`ACTION_DISPATCHER`) and the built-in plugins. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    VariableStore,
    ProcessManager,
    PluginRegistry,
    ActionAccess,
    { provide: ACTION_PERMISSIONS, useExisting: ActionAccess },
    PluginDispatcher,
    { provide: ACTION_DISPATCHER, useExisting: PluginDispatcher },
    ...BUILTIN_PLUGINS,
  ],
  exports: [
    ACTION_DISPATCHER,
    ACTION_PERMISSIONS,
    ActionAccess,
    PluginRegistry,
    ProcessManager,
    VariableStore,
  ],
})
export class PluginsModule {}
