import { Inject, Injectable } from '@nestjs/common';
import { createLogger, HubError } from '@hub/common';
import { AutomationService } from '../automation.service';
import { compileHookDefinition, DefinitionError, HOOK_NAME } from '../hooks/hook-definition';
import { RuntimeHooksRepository } from './runtime-hooks.repository';

/** `PUT/DELETE /api/v1/hooks/:name`: hooks made at run time, validated like config ones, persisted. */
@Injectable()
export class RuntimeHooksService {
  private readonly log = createLogger('RuntimeHooks');

  constructor(
    @Inject(AutomationService) private readonly automation: AutomationService,
    @Inject(RuntimeHooksRepository) private readonly repository: RuntimeHooksRepository,
  ) {}

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
    return { name, status };
  }

  async delete(name: string): Promise<void> {
    this.assertWritable(name);
    const deleted = await this.repository.delete(name);
    const removed = this.automation.removeHook(name);
    if (!deleted && !removed) throw HubError.notFound(`No run-time hook named '${name}'`);
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
      if (err instanceof DefinitionError) {
        const details = err.issues.map((i) =>
          i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
        );
        throw HubError.badRequest(`Invalid hook: ${details.join('; ')}`, details);
      }
      throw err;
    }
  }
}
