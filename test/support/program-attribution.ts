/**
 * Evaluation results must land on the run they evaluated, however the object is reused and
 * whatever transport carried them. Two evaluators report the span id they were given as their
 * label: `run_of` in process (checking, when it is called, that the run it was handed had
 * ended), `remote_echo` behind several `remoteEvaluator`s sharing one MessagePort with
 * `serveEvaluations` on its other end. Each result event must then sit on the span its label
 * names, and no run may be evaluated twice by one evaluator.
 */
import { MessageChannel } from 'node:worker_threads';
import {
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
} from '../../src/semconv.js';
import {
  INVOCATION_KINDS,
  type Evaluator,
  type Invocation,
  type InvocationKind,
  type TelemetryHandler,
} from '../../src/index.js';
import { remoteEvaluator, serveEvaluations } from '../../src/evaluation/index.js';
import type { TestTelemetry } from './telemetry.js';

const RUN_OF = 'run_of';
const REMOTE_ECHO = 'remote_echo';
const ECHOES = new Set([RUN_OF, REMOTE_ECHO]);

const spanIdOf = (invocation: Invocation) => invocation.snapshot?.spanId ?? 'no snapshot';

const echo = (name: string, invocation: Invocation) => [
  { name, score: 1, label: spanIdOf(invocation) },
];

/** Several remote evaluators on one port, one per group of kinds (so each run gets one echo). */
const REMOTE_KINDS: ReadonlyArray<readonly InvocationKind[]> = [
  ['llm', 'embedding'],
  ['agent', 'tool_call'],
  ['workflow', 'step', 'retrieval'],
];

export class AttributionLedger {
  /** Span ids of runs the handler reported complete (its completion callback). */
  private readonly ended = new Set<string>();
  private readonly early: string[] = [];
  private readonly ports: MessageChannel[] = [];

  watch(handler: TelemetryHandler): void {
    handler.onCompletion((invocation) => void this.ended.add(spanIdOf(invocation)));
  }

  /** In process: what it is handed must be a run that has ended. */
  runOf(): Evaluator {
    return {
      name: RUN_OF,
      kinds: INVOCATION_KINDS,
      evaluate: (invocation) => {
        const id = spanIdOf(invocation);
        if (!this.ended.has(id)) this.early.push(id);
        return echo(RUN_OF, invocation);
      },
    };
  }

  /** The main side of one MessageChannel whose other end serves the echo. */
  remote(): Evaluator[] {
    const channel = new MessageChannel();
    this.ports.push(channel);
    serveEvaluations(channel.port2, [
      { name: REMOTE_ECHO, evaluate: (invocation) => echo(REMOTE_ECHO, invocation) },
    ]);
    return REMOTE_KINDS.map((kinds, i) =>
      remoteEvaluator(channel.port1, { name: `remote_${i}`, kinds }),
    );
  }

  close(): void {
    for (const { port1 } of this.ports) port1.close();
  }

  violations(t: TestTelemetry): string[] {
    const violations = this.early.map((id) => `evaluated span ${id} before its run ended`);
    const seen = new Set<string>();
    for (const record of t.logs()) {
      const name = record.attributes[ATTR_GEN_AI_EVALUATION_NAME];
      if (record.eventName !== 'gen_ai.evaluation.result' || !ECHOES.has(String(name))) continue;
      const label = record.attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL];
      const spanId = record.spanContext?.spanId;
      if (label !== spanId)
        violations.push(
          `${String(name)} result for span ${String(label)} landed on span ${spanId}`,
        );
      const key = `${String(name)}/${spanId}`;
      if (seen.has(key)) violations.push(`span ${spanId} got two ${String(name)} results`);
      seen.add(key);
    }
    return violations;
  }
}
