-- Warehouse schema: long, narrow facts keyed by codes; dimensions carry names.
-- Periods are DATEs: the first day of the month (monthly) or of the year (yearly).

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
    outcome varchar not null,          -- loaded / rejected / rolled_back
    is_demo boolean not null
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
    user_defined boolean not null default false
);

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

-- Revisions are new rows; county_value_current picks the newest per key.
create table county_value (
    adcode varchar not null references region (adcode),
    indicator_id varchar not null references indicator (id),
    period date not null,
    value double,
    status varchar not null,           -- 初步 / 最终
    batch_id integer not null references batch (batch_id),
    row_seq bigint not null
);

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

create table growth_point (
    project_id varchar primary key,
    project_name varchar not null,
    adcode varchar not null references region (adcode),
    industry_code varchar references industry (code),
    expected_output_yi double not null,
    status varchar not null,           -- 在建 / 投产 / 达效
    start_month date,
    lon double,
    lat double,
    batch_id integer not null
);

create table growth_point_report (
    project_id varchar not null references growth_point (project_id),
    period date not null,
    reported boolean not null,
    batch_id integer not null
);

create table county_industry (
    adcode varchar not null references region (adcode),
    year integer not null,
    rank integer not null,
    industry_code varchar not null references industry (code),
    batch_id integer not null
);

create view county_value_current as
select cv.adcode, cv.indicator_id, cv.period, cv.value, i.unit, cv.status, cv.batch_id, b.is_demo
from county_value as cv
inner join indicator as i on cv.indicator_id = i.id
inner join batch as b on cv.batch_id = b.batch_id
where b.outcome = 'loaded'
qualify row_number() over (
    partition by cv.adcode, cv.indicator_id, cv.period order by cv.batch_id desc, cv.row_seq desc
) = 1;

-- The global filters of every page, in one place: which counties a view keeps.
-- '武鄂黄黄' as the circle keeps the core of the 武汉都市圈.
-- Macro parameters are not columns: sqlfluff must not qualify them.
-- noqa: disable=RF03,AM04
create macro region_in_filter(prefecture_code_p, metro_circle_p, county_type_p, in_scope_only_p) as table
    select
        r.*,
        (prefecture_code_p is null or r.prefecture_code = prefecture_code_p)
        and (
            metro_circle_p is null or r.metro_circle = metro_circle_p
            or (metro_circle_p = '武鄂黄黄' and r.wehh_core)
        )
        and (county_type_p is null or r.county_type = county_type_p)
        and (not coalesce(in_scope_only_p, false) or r.in_scope) as in_filter
    from region as r;
-- noqa: enable=all
