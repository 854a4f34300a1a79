// How TypeScript is compiled, for the build and for Jest alike: decorator metadata is what
// NestJS's dependency injection and class-validator read at run time.
export const swcOptions = {
  module: { type: 'es6' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
};
