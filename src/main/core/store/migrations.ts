/** Schema steps, applied in order; an entry is never edited once released, only appended. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    file_path TEXT NOT NULL,
    file_name TEXT NOT NULL,
    wholesaler_id TEXT NOT NULL,
    target_database TEXT NOT NULL,
    target_collection TEXT NOT NULL,
    state TEXT NOT NULL,
    message TEXT,
    chunk_size INTEGER NOT NULL,
    rows_parsed INTEGER NOT NULL DEFAULT 0,
    rows_staged INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    rows_failed INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    chunks_written INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX jobs_by_state ON jobs(state);

  -- A rowid table: rows carry whole documents, too large for a WITHOUT ROWID b-tree to stay fast.
  CREATE TABLE staged_rows (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    row_no INTEGER NOT NULL,
    entity_code TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    doc TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'staged',
    UNIQUE (job_id, row_no)
  );
  CREATE INDEX staged_rows_by_status ON staged_rows(job_id, status, row_no);

  CREATE TABLE row_errors (
    id INTEGER PRIMARY KEY,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    row_no INTEGER,
    line_no INTEGER,
    stage TEXT NOT NULL,
    column_name TEXT,
    value TEXT,
    message TEXT NOT NULL,
    code TEXT,
    raw TEXT
  );
  CREATE INDEX row_errors_by_job ON row_errors(job_id, row_no);

  -- What MongoDB holds for a job's entities, read in one pass before a large sync.
  CREATE TABLE remote_hashes (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    content_hash TEXT,
    PRIMARY KEY (job_id, doc_id)
  ) WITHOUT ROWID;

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE secrets (
    key TEXT PRIMARY KEY,
    ciphertext BLOB NOT NULL
  );
  `,
  `
  -- Import profiles: a source's whole definition is one JSON document, validated by the contract.
  CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    definition TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  -- When a job's (or a batch's) snapshot of remote hashes was read: the parts of a split file
  -- share one snapshot instead of each reading the whole collection again.
  CREATE TABLE hash_snapshots (
    owner_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    taken_at INTEGER NOT NULL
  );

  ALTER TABLE jobs ADD COLUMN source_id TEXT;
  -- The source as it was when the job was created, limits resolved: what the job runs under.
  ALTER TABLE jobs ADD COLUMN profile TEXT;
  ALTER TABLE jobs ADD COLUMN file_sha256 TEXT;
  ALTER TABLE jobs ADD COLUMN alert TEXT;
  ALTER TABLE jobs ADD COLUMN batch_id TEXT;
  ALTER TABLE jobs ADD COLUMN batch_part INTEGER;
  ALTER TABLE jobs ADD COLUMN batch_total_parts INTEGER;
  ALTER TABLE jobs ADD COLUMN rows_repeated INTEGER NOT NULL DEFAULT 0;
  -- Jobs from before sources ran under what is now the default source, taken whole.
  UPDATE jobs SET profile = json_object(
    'name', 'default', 'sourceId', NULL, 'database', target_database, 'collection', target_collection,
    'wholesalerId', wholesaler_id, 'columns', json('[]'), 'unmapped', 'import', 'decimalSeparator', '.',
    'trim', json('true'), 'blanks', 'absent', 'duplicates', 'error', 'encoding', NULL, 'delimiter', NULL,
    'sheet', NULL, 'limits', json_object('maxBatchSize', 10000, 'warnBatchSize', 5000, 'chunkSize', chunk_size,
      'timeoutMinutes', 60, 'oversize', 'accept'));
  CREATE INDEX jobs_by_file ON jobs(file_sha256);

  -- One staged row per entity and file: a file that repeats an entity_code keeps one row, by the
  -- source's duplicate policy, so no entity is written twice for one file. file_job_id is the
  -- job the file was given to; the rows of a file split into batch parts belong to the parts.
  CREATE TABLE staged_rows_by_entity (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    file_job_id TEXT NOT NULL,
    row_no INTEGER NOT NULL,
    entity_code TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    doc TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'staged',
    UNIQUE (file_job_id, entity_code)
  );
  INSERT OR REPLACE INTO staged_rows_by_entity (job_id, file_job_id, row_no, entity_code, content_hash, doc, status)
    SELECT job_id, job_id, row_no, entity_code, content_hash, doc, status FROM staged_rows ORDER BY job_id, row_no;
  DROP TABLE staged_rows;
  ALTER TABLE staged_rows_by_entity RENAME TO staged_rows;
  -- Repeats the copy folded into one row (the last) are counted as such on jobs still to send.
  UPDATE jobs SET
    rows_repeated = rows_staged - (SELECT count(*) FROM staged_rows WHERE job_id = jobs.id),
    rows_staged = (SELECT count(*) FROM staged_rows WHERE job_id = jobs.id)
  WHERE state IN ('staged', 'waiting', 'syncing')
    AND rows_staged > (SELECT count(*) FROM staged_rows WHERE job_id = jobs.id);
  CREATE INDEX staged_rows_by_status ON staged_rows(job_id, status, row_no);
  `,
  `
  -- Snapshots of what MongoDB holds belong to a target (server, namespace, wholesaler), not a job,
  -- so that later syncs to it share them; they now also keep each document's version and writer.
  DROP TABLE remote_hashes;
  DROP TABLE hash_snapshots;
  CREATE TABLE hash_snapshots (
    target TEXT PRIMARY KEY,
    taken_at INTEGER NOT NULL,
    -- 0 while a sync is still reading it: others look up by _id meanwhile.
    complete INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE remote_hashes (
    target TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    content_hash TEXT,
    version INTEGER,
    writer TEXT,
    PRIMARY KEY (target, doc_id)
  ) WITHOUT ROWID;

  -- Which process works on a job, until when: a job is run by one process at a time, and one
  -- whose process died is taken over.
  ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
  ALTER TABLE jobs ADD COLUMN lease_expires_at INTEGER;
  -- A paused job goes back to this state when resumed.
  ALTER TABLE jobs ADD COLUMN paused_from TEXT;

  -- Sources and job profiles gain a history collection and the scheduler's limits (unset: the
  -- environment's defaults; jobs from before get the built-in ones).
  UPDATE sources SET definition = json_set(definition, '$.historyCollection', json('null'),
    '$.limits.concurrency', json('null'), '$.limits.rateLimitMax', json('null'),
    '$.limits.rateLimitDurationMs', json('null'), '$.limits.retries', json('null'));
  UPDATE jobs SET profile = json_set(profile, '$.historyCollection', json('null'),
    '$.limits.concurrency', 2, '$.limits.rateLimitMax', 30, '$.limits.rateLimitDurationMs', 60000,
    '$.limits.retries', 5);
  `,
  `
  -- Upload batches: the parts a sender splits a catalog into (from the import dialog or CLI, the
  -- JSON envelope or the file name), or imports of one source close in time (implicit). Not the
  -- batch_* columns, which are the parts one file was split into by size.
  ALTER TABLE jobs ADD COLUMN upload_batch_id TEXT;
  ALTER TABLE jobs ADD COLUMN upload_part INTEGER;
  ALTER TABLE jobs ADD COLUMN upload_total_parts INTEGER;
  ALTER TABLE jobs ADD COLUMN upload_total_items INTEGER;
  ALTER TABLE jobs ADD COLUMN upload_origin TEXT;
  -- The file's header as read (a JSON list): the columns an export of its error rows gives back.
  ALTER TABLE jobs ADD COLUMN header TEXT;
  ALTER TABLE jobs ADD COLUMN parent_job_id TEXT;
  ALTER TABLE jobs ADD COLUMN rows_recovered INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX jobs_by_upload_batch ON jobs(upload_batch_id, upload_part);
  CREATE INDEX jobs_by_parent ON jobs(parent_job_id) WHERE parent_job_id IS NOT NULL;
  CREATE INDEX jobs_by_target ON jobs(wholesaler_id, target_database, target_collection);

  -- Each error row keeps its cells (a JSON list), its entity_code, its message with the values
  -- taken out (to group by), and the retry job that got it into MongoDB after all.
  ALTER TABLE row_errors ADD COLUMN fields TEXT;
  ALTER TABLE row_errors ADD COLUMN entity_code TEXT;
  ALTER TABLE row_errors ADD COLUMN message_group TEXT;
  ALTER TABLE row_errors ADD COLUMN recovered_by TEXT;
  -- The retry job in which the row failed again: its own error row is the one to fix now.
  ALTER TABLE row_errors ADD COLUMN superseded_by TEXT;
  UPDATE row_errors SET message_group = message_group(message);
  CREATE INDEX row_errors_by_entity ON row_errors(entity_code) WHERE recovered_by IS NULL;
  -- Counts and groups of the rows still to fix, read from the index alone.
  CREATE INDEX row_errors_outstanding ON row_errors(job_id, message_group, stage, column_name)
    WHERE recovered_by IS NULL AND superseded_by IS NULL;
  `,
  `
  -- A job as the app shows it: with the rows "Retry failed rows" would send (rows MongoDB refused,
  -- and rows a failed sync never sent), less those a retry import has since recovered or failed
  -- again. Rows that failed validation are not staged, so they never count.
  CREATE VIEW job_views AS SELECT jobs.*,
    CASE WHEN jobs.state IN ('completed_with_errors', 'failed') THEN (
      SELECT count(*) FROM staged_rows AS s WHERE s.job_id = jobs.id AND s.status IN ('failed', 'staged')
        AND NOT EXISTS (SELECT 1 FROM row_errors AS e WHERE e.job_id = s.job_id AND e.row_no = s.row_no
          AND (e.recovered_by IS NOT NULL OR e.superseded_by IS NOT NULL))
    ) ELSE 0 END AS rows_retryable
  FROM jobs;
  `,
  `
  -- The order of queued work across machines: the envelope's timestamp, else when the job was
  -- queued (ms since 1970). A write applies only over a document queued no later.
  ALTER TABLE jobs ADD COLUMN queued_at INTEGER;
  UPDATE jobs SET queued_at = CAST(strftime('%s', created_at) AS INTEGER) * 1000;
  -- Rows whose entity MongoDB holds from work queued later: shown, not sent, not an error.
  ALTER TABLE jobs ADD COLUMN rows_superseded INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE remote_hashes ADD COLUMN queued_at INTEGER;
  -- The document as the snapshot read it (Extended JSON): its fields decide whether a row is unchanged.
  ALTER TABLE remote_hashes ADD COLUMN document TEXT;
  -- The versions a chunk planned, recorded before it is sent: after a crash they tell a write of
  -- ours that landed from one another writer made since.
  CREATE TABLE chunk_flights (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    planned_version INTEGER NOT NULL,
    PRIMARY KEY (job_id, doc_id)
  ) WITHOUT ROWID;
  `,
  `
  -- A chunk's planned versions as one row a piece, {doc_id: version} in JSON: planning a row a
  -- document cost more than sending the piece.
  CREATE TABLE chunk_plans (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    versions TEXT NOT NULL
  );
  CREATE INDEX chunk_plans_by_job ON chunk_plans(job_id);
  INSERT INTO chunk_plans (job_id, versions)
    SELECT job_id, json_group_object(doc_id, planned_version) FROM chunk_flights GROUP BY job_id;
  DROP TABLE chunk_flights;
  -- Snapshots now keep each document as BSON, not Extended JSON: the old ones are read again.
  DELETE FROM remote_hashes;
  DELETE FROM hash_snapshots;
  `,
];
