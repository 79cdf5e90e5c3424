import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { HUB_CONFIG } from '@hub/config';
import { EVENT_BUS } from '@hub/events';

import { ActionAccess } from './action-access';
import { Action, Plugin } from './plugin.decorators';
import { PluginDispatcher } from './plugin-dispatcher';
import { PluginRegistry } from './plugin-registry';
import { VariableStore } from './variable.store';

const none = z.strictObject({});
const ok = z.object({});

@Plugin({ name: 'lamp', doc: 'A lamp.' })
class LampPlugin {
  @Action({ doc: 'On.', args: none, returns: z.object({ lit: z.boolean() }) })
  on() {
    return { lit: true };
  }
}

@Plugin({ name: 'lamp', doc: 'Another lamp.' })
class OtherLampPlugin {
  @Action({ doc: 'Off.', args: none, returns: ok })
  off() {}
}

@Plugin({ name: 'switch', doc: 'Declares one action twice.' })
class TwicePlugin {
  @Action({ doc: 'Flip.', args: none, returns: ok, name: 'flip' })
  flipA() {}

  @Action({ doc: 'Flip again.', args: none, returns: ok, name: 'flip' })
  flipB() {}
}

async function boot(plugins: Array<new () => unknown>) {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      PluginRegistry,
      ActionAccess,
      PluginDispatcher,
      ...plugins,
      { provide: VariableStore, useValue: {} },
      { provide: EVENT_BUS, useValue: { post: () => ({}) } },
      {
        provide: HUB_CONFIG,
        useValue: {
          plugins: {},
          workdir: '/tmp',
          config_dir: '/tmp',
          http: { upload_dir: '/tmp', resource_dirs: {} },
          auth: { user_actions: [] },
        },
      },
    ],
  }).compile();
  return moduleRef.init();
}

describe(PluginRegistry.name, () => {
  it('discovers plugins and their actions at bootstrap', async () => {
    const app = await boot([LampPlugin]);
    const dispatcher = app.get(PluginDispatcher);
    expect(dispatcher.has('lamp.on')).toBe(true);
    expect(await dispatcher.execute({ action: 'lamp.on' }, { internal: true })).toEqual({ lit: true });
    await app.close();
  });

  it('fails the boot when two plugins share a name', async () => {
    await expect(boot([LampPlugin, OtherLampPlugin])).rejects.toThrow(/Two plugins are named 'lamp'/);
  });

  it('fails the boot on a duplicate plugin.action', async () => {
    await expect(boot([TwicePlugin])).rejects.toThrow(/Duplicate action 'switch.flip'/);
  });

  it('refuses a dynamic action that clashes with a plugin action, and removes dynamic ones', async () => {
    const app = await boot([LampPlugin]);
    const dispatcher = app.get(PluginDispatcher);
    expect(() => dispatcher.registerDynamic('lamp.on', { run: async () => 1 })).toThrow(/already registered/);
    const remove = dispatcher.registerDynamic('procedure.evening', { run: async () => 'done' });
    expect(await dispatcher.execute({ action: 'procedure.evening' }, { internal: true })).toBe('done');
    remove();
    expect(dispatcher.has('procedure.evening')).toBe(false);
    await app.close();
  });
});

describe(PluginDispatcher.name, () => {
  const scoped = (scopes: string[] | null) => ({
    identity: { method: 'jwt' as const, user: null, scopes },
  });

  it('checks token scopes for callers that are not internal', async () => {
    const app = await boot([LampPlugin]);
    const dispatcher = app.get(PluginDispatcher);
    await expect(dispatcher.execute({ action: 'lamp.on' }, scoped(['lamp.*']))).resolves.toEqual({
      lit: true,
    });
    await expect(dispatcher.execute({ action: 'lamp.on' }, scoped(['variable.get']))).rejects.toMatchObject({
      status: 403,
    });
    await expect(dispatcher.execute({ action: 'lamp.on' }, {})).rejects.toMatchObject({ status: 403 });
    await app.close();
  });
});
