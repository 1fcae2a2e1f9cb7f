// The real-n8n harness: install (cache), pack, start, API client, stop. See server.ts for the overview.
export * from './api';
export * from './pack';
export * from './processes';
export * from './runtime';
export * from './server';
