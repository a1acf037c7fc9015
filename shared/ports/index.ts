export * from './object-store';
export * from './warehouse';
export * from './executions';
export * from './log';
export * from './errors';
