-- Step 3 of the rebuild of V022: the versioned table becomes `runs` (atomically: writers see one or the other).
EXCHANGE TABLES parallax.runs AND parallax.runs__versioned
