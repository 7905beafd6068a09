export * from './types.js';
export * from './errors.js';
export * from './transport.js';
export * from './browser-transport.js';
export * from './auth.js';
export * from './client.js';
