// Completion of the Amazon States Language's vocabulary: state types after "Type", field names
// where a key starts. Spelling only; whether a field fits a state is the engine's validation.

import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { StateTypes } from '../engine/api';

const comparisons = ['String', 'Numeric', 'Timestamp'].flatMap((kind) =>
  ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'].flatMap((op) => [
    `${kind}${op}`,
    `${kind}${op}Path`,
  ]),
);

const fieldNames = [
  // the state machine
  'Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage',
  // every state
  'Type', 'Next', 'End', 'InputPath', 'OutputPath', 'Output', 'Assign',
  // Pass, Task, Parallel, Map
  'Result', 'ResultPath', 'ResultSelector', 'Parameters', 'Arguments', 'Retry', 'Catch',
  'Resource', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials',
  // retriers and catchers
  'ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy',
  // Choice
  'Choices', 'Default', 'Variable', 'Condition', 'And', 'Or', 'Not', ...comparisons,
  'BooleanEquals', 'BooleanEqualsPath', 'StringMatches',
  'IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp',
  // Wait
  'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath',
  // Fail
  'Error', 'ErrorPath', 'Cause', 'CausePath',
  // Parallel, Map
  'Branches', 'ItemProcessor', 'ProcessorConfig', 'Mode', 'ExecutionType', 'Iterator',
  'ItemsPath', 'Items', 'ItemSelector', 'ItemReader', 'ItemBatcher', 'ResultWriter',
  'MaxConcurrency', 'MaxConcurrencyPath', 'ToleratedFailurePercentage', 'ToleratedFailureCount',
  'Label',
];

const typeOptions: Completion[] = StateTypes.map((label) => ({ label, type: 'enum', detail: 'state type' }));
const fieldOptions: Completion[] = fieldNames.map((label) => ({ label, type: 'property' }));

type Rule = [RegExp, Completion[]];

/** The word to complete and what it is, judged from the text before the cursor on its line. */
function source(rules: Rule[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    for (const [pattern, options] of rules) {
      const word = pattern.exec(before)?.[1];
      if (word === undefined) continue;
      if (!word && !context.explicit) return null;
      return { from: context.pos - word.length, options, validFor: /^\w*$/ };
    }
    return null;
  };
}

export const completeJson = source([
  [/"Type"\s*:\s*"(\w*)$/, typeOptions],
  [/(?:^|[{,])\s*"(\w*)$/, fieldOptions],
]);

export const completeYaml = source([
  [/^\s*(?:-\s+)?Type:\s*["']?(\w*)$/, typeOptions],
  [/^\s*(?:-\s+)?(\w*)$/, fieldOptions],
]);
