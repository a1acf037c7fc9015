export * from './object-ref';
export * from './customer-export';
export * from './listing';
export * from './batch';
