// The kine-style log table. Every write is a row; the row id is the revision. A row that creates a key
// has created = 1; a row that deletes one has deleted = 1 and keeps the deleted value in `value`.
// old_value is the value before this write (for watch events' prevKv). lease: expiry in ms since the
// epoch, 0 for none. UNIQUE(name, prev_revision) makes two writers racing from one revision collide.

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS kine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  lease INTEGER NOT NULL,
  value TEXT,
  old_value TEXT
);
CREATE INDEX IF NOT EXISTS kine_name_id ON kine (name, id);
CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision ON kine (name, prev_revision);
CREATE TABLE IF NOT EXISTS kine_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
INSERT INTO sqlite_sequence (name, seq) SELECT 'kine', 1 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'kine');
`;

export interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  lease: number;
  value: string | null;
  old_value: string | null;
}
