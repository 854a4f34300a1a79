import { pageModel, type AdminContext } from '../admin-context.js';
import { safeReturn } from './form-page.js';

interface JobStatus {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  total: number | null;
  error: string | null;
}

/**
 * A long action's progress (`GET /api/jobs/:id` as the user). While it runs, the page asks again
 * every second (htmx swaps the progress alone); once it ends it says how, and leads back.
 */
export async function jobPage(c: AdminContext, id: string, returnTo: unknown) {
  const res = await c.api.get<JobStatus>(`/api/jobs/${encodeURIComponent(id)}`);
  if (!res.ok) return { error: res.error!, status: res.status };
  const job = res.body;
  const done = job.status === 'succeeded' || job.status === 'failed';
  const back = safeReturn(returnTo);
  const percent = job.total
    ? Math.min(100, Math.round((job.progress / job.total) * 100))
    : job.status === 'succeeded'
      ? 100
      : undefined;
  return pageModel(c, c.labels.t('job.title'), undefined, {
    id: job.id,
    status: job.status,
    statusLabel: c.labels.t(`job.status.${job.status}`, {}, job.status),
    running: !done,
    failed: job.status === 'failed',
    percent,
    progressText: job.total
      ? c.labels.t('job.progress', { done: job.progress, total: job.total })
      : c.labels.t('job.progressUnknown', { done: job.progress }),
    failure: job.error,
    self: `/admin/jobs/${encodeURIComponent(job.id)}${back ? `?return=${encodeURIComponent(back)}` : ''}`,
    backHref: back,
  });
}
