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
];
