-- What each Parallax service may do in ClickHouse (SECURITY.md), defined once: a real server runs these statements
-- (Warehouse.grantAccess, as an administrator, which then creates each role's user with its configured password),
-- and the embedded engine's front reads them to enforce the same grants. Only the privilege names the front knows
-- may appear here (it refuses to start otherwise). No role holds SYSTEM, KILL QUERY, DROP DATABASE, access
-- management or any source (FILE, URL, REMOTE, S3, ...), which table functions need.

-- Ad-hoc queries, the CI gate: reads only.
CREATE ROLE IF NOT EXISTS parallax_reader;
GRANT SELECT, SHOW TABLES, SHOW COLUMNS ON parallax.* TO parallax_reader;

-- The sink: every topic into its table. DESCRIBE tells it a table's columns.
CREATE ROLE IF NOT EXISTS parallax_sink;
GRANT SHOW COLUMNS ON parallax.* TO parallax_sink;
GRANT INSERT ON parallax.inference_events TO parallax_sink;
GRANT INSERT ON parallax.device_samples TO parallax_sink;
GRANT INSERT ON parallax.runs TO parallax_sink;
GRANT INSERT ON parallax.dead_letters TO parallax_sink;
GRANT INSERT ON parallax.latency_windows TO parallax_sink;
GRANT INSERT ON parallax.throttle_episodes TO parallax_sink;
GRANT INSERT ON parallax.divergence_pairs TO parallax_sink;
GRANT INSERT ON parallax.divergence_windows TO parallax_sink;
GRANT INSERT ON parallax.alerts TO parallax_sink;

-- The UI (and the report tool): reads, and writes the tables of its users' own actions.
CREATE ROLE IF NOT EXISTS parallax_ui;
GRANT SELECT, SHOW TABLES, SHOW COLUMNS ON parallax.* TO parallax_ui;
GRANT INSERT ON parallax.alert_overrides TO parallax_ui;
GRANT INSERT ON parallax.cost_models TO parallax_ui;
GRANT INSERT ON parallax.recommendations TO parallax_ui;
GRANT INSERT ON parallax.reports TO parallax_ui;
-- Change points over runs: the UI's background analysis and the report tool write them; operators mark them expected.
GRANT INSERT ON parallax.change_points TO parallax_ui;
GRANT INSERT ON parallax.change_point_expectations TO parallax_ui;
-- Runs' figures, kept by whoever reads them first once a run has settled (the gate's reader role keeps none).
GRANT INSERT ON parallax.run_figures TO parallax_ui;

-- Migrations and replay's shadow tables (created, filled from the live ones, exchanged, dropped): DDL on parallax only.
CREATE ROLE IF NOT EXISTS parallax_migrator;
GRANT CREATE DATABASE, CREATE TABLE, CREATE VIEW, ALTER, DROP TABLE, DROP VIEW, TRUNCATE, OPTIMIZE, SELECT, INSERT,
    SHOW TABLES, SHOW COLUMNS ON parallax.* TO parallax_migrator;
