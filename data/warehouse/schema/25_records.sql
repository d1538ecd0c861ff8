-- Warehouse schema: records behind the county figures — parks and enterprises with their values and honours.

create table park (
    park_id varchar primary key,
    park_name varchar not null,
    adcode varchar not null references region (adcode),
    park_kind varchar not null,        -- 综合 / 化工
    parent_park_id varchar,
    park_level varchar,
    planned_area_mu double,
    developed_area_mu double not null,
    lon double,
    lat double,
    batch_id integer not null
);

create table park_value (
    park_id varchar not null references park (park_id),
    indicator_id varchar not null references indicator (id),
    period date not null,
    value double,
    batch_id integer not null
);

create table enterprise (
    enterprise_id varchar primary key,
    enterprise_name varchar not null,
    adcode varchar not null references region (adcode),
    industry_code varchar references industry (code),
    above_scale boolean,
    lon double,
    lat double,
    batch_id integer not null
);

create table enterprise_value (
    enterprise_id varchar not null,
    indicator_id varchar not null,
    period date not null,
    value double,
    batch_id integer not null
);

create table enterprise_honour (
    enterprise_id varchar not null references enterprise (enterprise_id),
    honour varchar not null,
    tier varchar not null,
    year_awarded integer not null,
    batch_id integer not null
);
