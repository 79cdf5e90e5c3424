import { Inject, Injectable } from '@nestjs/common';

import { ErrorCode, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { AutomationService } from '../automation.service';
import type { Hook } from '../hooks/hook';
import type { HookOutcome } from '../hooks/hook-outcome';
import { WEBHOOK_METHODS, type WebhookProtection } from './webhook-protection';
import {
  parseWebhookData,
  publicParts,
  replyFromAnswer,
  type WebhookCall,
  type WebhookReply,
} from './webhook-request';

const TIMED_OUT = { kind: 'timeout' } as const;

/** What the hooks declaring one name require of a call, derived once per hook list. */
interface WebhookPlan {
  protections: WebhookProtection[];
  secretHeaders: string[];
  secretQueryKeys: string[];
}
const ACCEPTED: WebhookReply = { status: 202, headers: {}, body: { status: 'accepted' } };

/**
 * `/hook/:name`: checks that a hook declares the name and that the call passes its protection,
 * has the automation engine dispatch the WebhookEvent and answers with the first hook answer
 * (202 when none comes in time).
 */
@Injectable()
export class WebhookService {
  /**
   * By the index's hook list for a name: the index replaces a list whenever a hook changes, so a
   * list seen before has the same protections (checked twice per call: headers, then body).
   */
  private readonly plans = new WeakMap<readonly Hook[], WebhookPlan>();

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(AutomationService) private readonly automation: AutomationService,
  ) {}

  /**
   * Everything headers decide, checked before the body is read (404 undeclared name, 405 method,
   * 401 missing or wrong secret): strangers cannot make the hub buffer bodies it will refuse.
   */
  precheck(call: Pick<WebhookCall, 'name' | 'method' | 'headers' | 'query'>): void {
    const { protections } = this.planFor(call);
    if (!protections.every((p) => p.verifyBeforeBody(call))) throw this.unauthorized(call.name);
  }

  async handle(call: WebhookCall): Promise<WebhookReply> {
    const { protections, secretHeaders, secretQueryKeys } = this.planFor(call);
    let authorised = true;
    for (const protection of protections) authorised = protection.verify(call) && authorised;
    if (!authorised) throw this.unauthorized(call.name);

    const data = parseWebhookData(call, this.config.http.limits.max_json_depth);
    const { headers, args } = publicParts(call, secretHeaders, secretQueryKeys);
    const outcome = await this.withTimeout(
      this.automation.dispatchWebhook({ hook: call.name, method: call.method, args, data, headers }),
    );
    switch (outcome.kind) {
      case 'answer':
        return replyFromAnswer(outcome.value);
      case 'failed':
        throw new HubError(ErrorCode.Internal, 'The hook failed');
      case 'none':
      case 'timeout':
        return ACCEPTED;
    }
  }

  /** The outcome, or `timeout` after hook_timeout_seconds (one timer, no extra promises: hot path). */
  private withTimeout(outcome: Promise<HookOutcome>): Promise<HookOutcome | { kind: 'timeout' }> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.config.automation.hook_timeout_seconds * 1000, TIMED_OUT);
      void outcome.then((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  /** What the hooks declaring this name require; 404 when none does, 405 for a method one refuses. */
  private planFor(call: Pick<WebhookCall, 'name' | 'method'>): WebhookPlan {
    const hooks = this.automation.index.webhook(call.name);
    // Nothing is posted for undeclared names: an open endpoint must not let strangers inject events.
    if (hooks.length === 0) throw HubError.notFound(`No hook is declared for /hook/${call.name}`);
    let plan = this.plans.get(hooks);
    if (!plan) {
      const protections = hooks.flatMap((h) => (h.webhook ? [h.webhook] : []));
      plan = {
        protections,
        secretHeaders: protections.flatMap((p) => p.secretHeaders()),
        secretQueryKeys: protections.flatMap((p) => p.secretQueryKeys()),
      };
      this.plans.set(hooks, plan);
    }
    const { protections } = plan;
    if (!protections.every((p) => p.allowsMethod(call.method))) {
      const allowed = WEBHOOK_METHODS.filter((m) => protections.every((p) => p.allowsMethod(m)));
      throw new HubError(
        ErrorCode.MethodNotAllowed,
        `Method ${call.method} is not allowed on /hook/${call.name}`,
        {
          headers: { allow: allowed.join(', ') },
        },
      );
    }
    return plan;
  }

  private unauthorized(name: string): HubError {
    return HubError.unauthorized(`Invalid or missing credentials for /hook/${name}`);
  }
}
