/**
 * What the evaluation worker checks: the library's offline built-ins and the LLM judge. Text
 * checks and the judge only look at turns that answered in text; a turn that only asked for
 * tools is checked by `tool_arguments` alone.
 */
import { lengthBounds, regexMatch, toolArguments, type Evaluator } from '../../src/index.js';
import { outputText } from '../../src/evaluation/index.js';
import { createLlmJudge } from '../../src/judges/index.js';
import { createJudgeModel } from './judge.js';

/** The library's text checks and judge would grade the empty text of a tool-call-only turn. */
function onTextAnswers(evaluator: Evaluator): Evaluator {
  return {
    name: evaluator.name,
    ...(evaluator.kinds ? { kinds: evaluator.kinds } : {}),
    evaluate: (inv, context) => (outputText(inv)?.trim() ? evaluator.evaluate(inv, context) : []),
  };
}

export function demoEvaluators(): Evaluator[] {
  return [
    toolArguments(),
    onTextAnswers(lengthBounds({ name: 'answer_length', min: 20, max: 400 })),
    onTextAnswers(
      regexMatch({ name: 'no_secrets', pattern: /sk-[A-Za-z0-9]{20,}/, mustMatch: false }),
    ),
    onTextAnswers(
      createLlmJudge({ model: createJudgeModel(), metrics: ['relevance', 'toxicity'] }),
    ),
  ];
}
