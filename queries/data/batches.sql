-- Every load into the warehouse, newest first, with what it brought and whether it is still current
-- grain: one row per batch
-- params: none
-- returns: batch_id integer; dataset varchar; file_name varchar; sheet varchar; layout varchar; loaded_by varchar; loaded_at timestamp; rows_read integer; rows_loaded integer; rows_rejected integer; outcome varchar; rolled_back_at timestamp; rolled_back_by varchar; is_demo boolean; rejected_path varchar
select
    batch_id, dataset, file_name, sheet, layout, loaded_by, loaded_at, rows_read, rows_loaded, rows_rejected,
    outcome, rolled_back_at, rolled_back_by, is_demo, rejected_path
from batch
order by batch_id desc
