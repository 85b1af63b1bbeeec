-- The released rows of one dt: steps.sql followed by this SELECT. released_columns are the
-- released table's columns (lib/schema/released.ts), in its order, filled in when the queries are
-- loaded; dt is the partition, in the path only.
SELECT {{released_columns}}
FROM released_rows
