// class-transformer keeps `@Type` metadata in this module and declares no types for the path (see dto-check.ts).
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: unknown;
}
