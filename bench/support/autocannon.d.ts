// autocannon ships no types; the benchmark uses a small part of it (see load.ts).
declare module 'autocannon';
