// Contract-faithful Zendesk and Braze simulators for tests, benchmarks and `npm start`'s sandbox mode.
export * from './braze';
export * from './zendesk';
export { SANDBOX_CAMPAIGNS, startSandbox } from './sandbox';
export type { Sandbox, SandboxOptions } from './sandbox';
export { FaultInjector } from './shared/faults';
export type { Fault, FaultRate, ScriptedFault } from './shared/faults';
export { ManualClock } from './shared/clock';
export { findRequests } from './shared/requestLog';
export type { RequestFilter, SimRequest } from './shared/requestLog';
export { startReceiver } from './shared/receiver';
export type { Receiver, ReceivedRequest, ScriptedAnswer } from './shared/receiver';
