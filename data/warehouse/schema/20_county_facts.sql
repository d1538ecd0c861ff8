-- Warehouse schema: county facts. Periods are DATEs: the first day of the month (monthly)
-- or of the year (yearly).

-- Revisions are new rows; county_value_current picks the newest per key.
create table county_value (
    adcode varchar not null references region (adcode),
    indicator_id varchar not null references indicator (id),
    period date not null,
    value double,
    status varchar not null,           -- 初步 / 最终
    batch_id integer not null references batch (batch_id),
    row_seq bigint not null,
    estimated boolean not null default false  -- the file marked the figure 预计/估计
);

create table county_industry (
    adcode varchar not null references region (adcode),
    year integer not null,
    rank integer not null,
    industry_code varchar not null references industry (code),
    batch_id integer not null
);
