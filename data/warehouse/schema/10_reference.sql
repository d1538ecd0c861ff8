-- Warehouse schema, part 1: dimensions, catalog, targets and the batch log.
-- Long, narrow facts keyed by codes; dimensions carry names.

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

create table area (id varchar primary key, name varchar not null, clause varchar, sort_order integer);

create table prefecture (
    code varchar primary key, name varchar not null, short_name varchar not null,
    metro_circle varchar not null, wehh_core boolean not null
);

create table region (
    adcode varchar primary key,
    name varchar not null,
    short_name varchar not null,
    prefecture_code varchar not null references prefecture (code),
    prefecture varchar not null,
    county_type varchar not null,
    metro_circle varchar not null,
    wehh_core boolean not null,
    in_scope boolean not null,
    network_programme boolean not null
);

create table region_alias (alias varchar primary key, adcode varchar not null references region (adcode));

create table industry (code varchar primary key, name varchar not null);

create table indicator (
    id varchar primary key,
    area varchar not null references area (id),
    name varchar not null,
    unit varchar not null,
    grain varchar not null,
    frequency varchar not null,
    measure varchar not null,
    direction varchar not null,
    kind varchar not null,
    clause varchar not null,
    source varchar not null,
    definition varchar not null,
    sort_order integer not null,
    user_defined boolean not null default false,
    value_min double,                  -- values outside [value_min, value_max] are refused at import
    value_max double
);

-- Other spellings of indicator names that statistics tables use (工业增加值增速 for 规上工业增加值增速).
create table indicator_alias (alias varchar primary key, indicator_id varchar not null references indicator (id));

create table honour_indicator (
    honour varchar not null, tier varchar not null, indicator_id varchar not null references indicator (id),
    primary key (honour, tier)
);

create table target (
    id varchar primary key,
    indicator_id varchar not null references indicator (id),
    label varchar not null,
    kind varchar not null,             -- count_regions / coverage / count_parks / sum_since_2024 / net_increase
    scope varchar not null,            -- all / in_scope
    comparator varchar not null,
    threshold double,
    value double not null,
    unit varchar not null,
    year integer not null,
    clause varchar not null,
    note varchar not null
);
