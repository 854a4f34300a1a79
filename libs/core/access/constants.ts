/** The root of the scope tree; every other node descends from it. */
export const SYSTEM_NODE_ID = '00000000-0000-7000-8000-000000000000';
