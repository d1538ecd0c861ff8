-- Warehouse schema: records behind the county figures — growth point projects and their monthly reports, villages.

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

-- Administrative villages and their natural villages: the records behind 行政村5G通达率 and 自然村光纤通达率.
create table village (
    village_code varchar not null,     -- 12-digit 统计用区划代码; its first six digits are the county's adcode
    village_name varchar not null,
    adcode varchar not null references region (adcode),
    township varchar not null,
    year integer not null,
    has_5g boolean not null,
    natural_villages integer not null,
    fibre_natural_villages integer not null,
    batch_id integer not null,
    primary key (village_code, year)
);
