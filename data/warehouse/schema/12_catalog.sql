-- Warehouse schema: what: the task areas, the indicator catalog with its aliases, honours and the plan's targets.

create table area (id varchar primary key, name varchar not null, clause varchar, sort_order integer);

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
