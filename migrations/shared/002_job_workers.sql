-- Up Migration
-- Beyond graphile-worker: a worker that is SIGKILLed leaves its jobs locked for four hours.
-- Every running worker beats here; jobs locked by a worker that stopped beating are freed.
CREATE TABLE wb_job_workers (
  jw_worker_id     text PRIMARY KEY,
  jw_heartbeat_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wb_job_workers_heartbeat ON wb_job_workers (jw_heartbeat_at);

-- Down Migration
DROP TABLE wb_job_workers;
