-- Step 5 of the rebuild of V022: the old table, now named runs__versioned, which nothing writes to any more.
DROP TABLE IF EXISTS parallax.runs__versioned
