-- Who deleted a report. The UI only inserts (access.sql), and a deletion keeps its trail: a deleted report is a newer
-- row of its id with deleted_by set and no html, which FINAL keeps and the listings leave out.
ALTER TABLE parallax.reports ADD COLUMN IF NOT EXISTS deleted_by String DEFAULT '' AFTER html
