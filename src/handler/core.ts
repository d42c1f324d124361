/**
 * What every scope of one handler shares: the live state of invocations (so parents resolve
 * across scopes), counters, completion and evaluation subscribers, the problem reporter, the
 * scopes themselves and the shutdown. Facades (`TelemetryHandler`, one per scope) and the
 * lifecycle functions operate on it; nothing here knows about evaluation.
 */
import { diag } from '@opentelemetry/api';
import type { EmitterSelection } from '../config.js';
import type { ResolvedConfig } from '../resolved-config.js';
import { buildEmitters } from '../emitters/selection.js';
import type { HandlerStats } from '../handler-types.js';
import type { ProblemReporter } from '../report.js';
import type { LiveInvocationState } from '../state.js';
import { Subscribers } from '../subscribers.js';
import { scopeKey, type HandlerScope, type ScopeName } from './scope.js';

export class HandlerCore {
  readonly states = new WeakMap<object, LiveInvocationState>();
  readonly subscribers = new Subscribers();
  readonly counts = { started: 0, stopped: 0, failed: 0, misuse: 0, ignoredAfterShutdown: 0 };
  /** Counts every problem reported (the `misuse` figure), then reports it (strict: throws). */
  readonly report: ProblemReporter;
  readonly root: HandlerScope;
  shutdownPromise: Promise<void> | undefined;
  private readonly scopes = new Map<string, HandlerScope>();

  /** `configure` reads the options with the counting reporter, so option problems count too. */
  /** The emitters every scope gets (each on its own tracer, meter and logger). */
  private readonly selection: EmitterSelection;

  constructor(
    report: ProblemReporter,
    configure: (report: ProblemReporter) => { config: ResolvedConfig; emitters: EmitterSelection },
  ) {
    this.report = (problem) => {
      this.counts.misuse++;
      report(problem);
    };
    const { config, emitters } = configure(this.report);
    this.selection = emitters;
    this.root = this.createScope(config);
    this.scopes.set(scopeKey(config.scope), this.root);
  }

  /** The scope of that name, created on first use with the root's configuration otherwise. */
  scope(name: ScopeName): HandlerScope {
    const key = scopeKey(name);
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = this.createScope({ ...this.root.config, scope: name });
      this.scopes.set(key, scope);
    }
    return scope;
  }

  allScopes(): HandlerScope[] {
    return [...this.scopes.values()];
  }

  get strict(): boolean {
    return this.root.config.strict;
  }

  stats(): HandlerStats {
    const { started, stopped, failed, misuse, ignoredAfterShutdown } = this.counts;
    const emitterFailures: Record<string, number> = {};
    for (const { composite } of this.scopes.values()) {
      for (const [name, count] of Object.entries(composite.failureCounts()))
        emitterFailures[name] = (emitterFailures[name] ?? 0) + count;
    }
    return {
      started,
      stopped,
      failed,
      inFlight: started - stopped - failed,
      misuse,
      ignoredAfterShutdown,
      emitterFailures,
    };
  }

  ignoreAfterShutdown(call: string): void {
    if (this.counts.ignoredAfterShutdown++ === 0)
      diag.warn(`genai-telemetry: ${call} after shutdown is ignored (reported once)`);
  }

  private createScope(config: ResolvedConfig): HandlerScope {
    const { composite, meter } = buildEmitters(config, this.selection, this.report);
    return { config, composite, meter, succeeded: Object.freeze({ scope: config.scope }) };
  }
}
