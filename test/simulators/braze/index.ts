export { BrazeSimulator, startBrazeSimulator } from './server';
export type { BrazeSimulatorOptions } from './server';
export { INBOUND_WEBHOOK_BODY, inboundSmsBody, postInboundWebhook, renderInboundBody, sendInboundSms } from './inboundSms';
export type { InboundAttempt, InboundMessage, InboundSms, InboundTarget, InboundWebhookBody, RetryOptions } from './inboundSms';
export { renderBrazeLiquid, toStandardLiquid } from './liquid';
export { CAMPAIGN_PAGE_SIZE, RECIPIENT_LIMIT } from './campaigns';
export { TRACK_LIMIT } from './users';
export * from './types';
