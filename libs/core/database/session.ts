/**
 * Settings of every connection the server opens. List endpoints stop after one page; a parallel
 * plan's start-up (workers, a guess of how many rows it must read) costs more than it saves
 * there — measured in docs/access.md.
 */
export const SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0';
