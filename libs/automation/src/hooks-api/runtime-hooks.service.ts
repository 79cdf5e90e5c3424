import { Inject, Injectable } from '@nestjs/common';

import { ClusterChanges } from '@hub/cluster';
import { createLogger, HubError, invalidInput } from '@hub/common';

import { AutomationService } from '../automation.service';
import { compileHookDefinition, DefinitionError, HOOK_NAME } from '../hooks/hook-definition';
import { RuntimeHooksRepository } from './runtime-hooks.repository';

const CHANGE_KIND = 'hook';

/** `PUT/DELETE /api/v1/hooks/:name`: hooks made at run time, validated like config ones, persisted. */
@Injectable()
export class RuntimeHooksService {
  private readonly log = createLogger('RuntimeHooks');

  constructor(
    @Inject(AutomationService) private readonly automation: AutomationService,
    @Inject(RuntimeHooksRepository) private readonly repository: RuntimeHooksRepository,
    @Inject(ClusterChanges) private readonly changes: ClusterChanges,
  ) {
    // A hook saved or deleted on another instance: read it back from the shared database.
    changes.on(CHANGE_KIND, (name) => void this.reload(name));
  }

  /** Makes the stored hooks live; a stored hook that no longer validates is logged and skipped. */
  async load(): Promise<void> {
    for (const row of await this.repository.list()) {
      try {
        this.automation.addHook(this.compile(row.name, row.definition));
      } catch (err) {
        this.log.error({ hook: row.name, err: (err as Error).message }, 'stored hook skipped');
      }
    }
  }

  async put(name: string, body: unknown): Promise<{ name: string; status: 'created' | 'updated' }> {
    if (!HOOK_NAME.test(name))
      throw HubError.badRequest('Hook names are 1-128 characters of A-Z a-z 0-9 _ . -');
    this.assertWritable(name);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw HubError.badRequest('The body must be a hook: {if, then, webhook?, priority?}');
    const hook = this.compile(name, body);
    const status = await this.repository.put(name, body as Record<string, unknown>);
    this.automation.removeHook(name);
    this.automation.addHook(hook);
    this.changes.announce(CHANGE_KIND, name);
    return { name, status };
  }

  /** A run-time hook's stored definition (what PUT took), for editing; config and script hooks are not here. */
  async get(name: string): Promise<{ name: string; source: 'api'; definition: Record<string, unknown> }> {
    const row = await this.repository.get(name);
    if (!row) throw HubError.notFound(`No run-time hook named '${name}'`);
    return { name: row.name, source: 'api', definition: row.definition };
  }

  async delete(name: string): Promise<void> {
    this.assertWritable(name);
    const deleted = await this.repository.delete(name);
    const removed = this.automation.removeHook(name);
    if (!deleted && !removed) throw HubError.notFound(`No run-time hook named '${name}'`);
    this.changes.announce(CHANGE_KIND, name);
  }

  /** Makes this instance's run-time hook `name` (or all, for null) what the database holds. */
  async reload(name: string | null): Promise<void> {
    try {
      const rows = (await this.repository.list()).filter((row) => name === null || row.name === name);
      const stored = new Set(rows.map((row) => row.name));
      const live = name === null ? this.automation.index.all() : [this.automation.index.get(name)];
      for (const hook of live) {
        if (hook?.source === 'api' && !stored.has(hook.name)) this.automation.removeHook(hook.name);
      }
      for (const row of rows) {
        const existing = this.automation.index.get(row.name);
        if (existing && existing.source !== 'api') continue;
        const hook = this.compile(row.name, row.definition);
        this.automation.removeHook(row.name);
        this.automation.addHook(hook);
      }
    } catch (err) {
      this.log.error({ hook: name, err: (err as Error).message }, 'could not reload run-time hooks');
    }
  }

  private assertWritable(name: string): void {
    const existing = this.automation.index.get(name);
    if (existing && existing.source !== 'api') {
      throw HubError.conflict(
        `Hook '${name}' comes from ${existing.location} (${existing.source}) and is read-only here`,
      );
    }
  }

  private compile(name: string, definition: unknown) {
    try {
      return compileHookDefinition(name, definition, 'api', 'api', () => this.automation.runtime);
    } catch (err) {
      if (err instanceof DefinitionError) throw invalidInput(err.issues, { prefix: 'Invalid hook: ' });
      throw err;
    }
  }
}
