-- Warehouse schema: the build's meta data and the batch log, one row per file loaded.
-- Long, narrow facts keyed by codes (the other files); dimensions carry names.

create table meta (key varchar primary key, value varchar not null);

create table batch (
    batch_id integer primary key,
    dataset varchar not null,
    file_name varchar not null,
    checksum varchar not null,
    raw_path varchar,
    loaded_by varchar not null,
    loaded_at timestamp not null,
    rows_read integer not null,
    rows_loaded integer not null,
    outcome varchar not null,          -- loaded / rolled_back
    is_demo boolean not null,
    sheet varchar,
    layout varchar,                    -- 模板 / 长表 / 宽表
    rows_rejected integer not null default 0,
    rejected_path varchar,             -- the rejected rows with their reasons (xlsx), when valid rows only were loaded
    options varchar,                   -- what the user told the import (period, column mappings), as JSON
    rolled_back_at timestamp,
    rolled_back_by varchar
);
