/**
 * When the page refresh drain runs next (issue 18 point 3): a batch of `pages` refreshed at
 * `rate` pages per second occupies pages/rate seconds from the time the batch started, so the
 * next batch is due then. Measured from the start, a slow host does not slow the rate further
 * (a due time already past runs at once). `rate` 0 or absent: no pacing (null: run now).
 */
export function nextDrainRunAt (startedAt: Date, pages: number, rate: number | undefined): Date | null {
  if (rate === undefined || rate <= 0 || !Number.isFinite(rate) || pages <= 0) return null
  return new Date(startedAt.getTime() + Math.ceil(pages * 1000 / rate))
}
