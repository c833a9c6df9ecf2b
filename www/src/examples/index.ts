// The examples gallery: one runnable state machine per common Step Functions use, each with its input
// and mocked Task responses. Every text is what the editors are loaded with, as is.
import orderSaga from './order-saga.json';
import humanApproval from './human-approval.json';
import dataPipelineMap from './data-pipeline-map.json';
import mlTrainingChoice from './ml-training-choice.json';
import retriesBackoffJitter from './retries-backoff-jitter.json';
import parallelFanout from './parallel-fanout.json';
import standardVsExpress from './standard-vs-express.json';
import orderJsonata from './order-jsonata.json';
import scriptedMocks from './scripted-mocks.json';

export interface Example {
  id: string;
  title: string;
  description: string;
  /** Definition JSON text, pretty-printed with 2 spaces. */
  definition: string;
  /** Execution input JSON text. */
  input: string;
  /** Mocks JSON text (a MockConfigFile, or state name -> list of responses), "" for none. */
  mocks: string;
  /** Run as an EXPRESS state machine. */
  express: boolean;
}

export const examples: Example[] = [
  orderSaga,
  humanApproval,
  dataPipelineMap,
  mlTrainingChoice,
  retriesBackoffJitter,
  parallelFanout,
  standardVsExpress,
  orderJsonata,
  scriptedMocks,
];
