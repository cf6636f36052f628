export * from './bounds';
export * from './text';
export * from './primitives';
export * from './documents';
export * from './collections';
export * from './wire';
