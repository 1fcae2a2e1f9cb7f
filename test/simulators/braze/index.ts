export { BrazeSimulator, startBrazeSimulator } from './server';
export type { BrazeSimulatorOptions } from './server';
export { inboundSmsBody, sendInboundSms } from './inboundSms';
export type { InboundAttempt, InboundSms, InboundTarget, RetryOptions } from './inboundSms';
export { renderBrazeLiquid, toStandardLiquid } from './liquid';
export { RECIPIENT_LIMIT } from './campaigns';
export { TRACK_LIMIT } from './users';
export * from './types';
