-- Warehouse schema: where: prefectures, the 103 county-level units and their other spellings; industries.

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

-- What the industry filter offers: the plan's named industries (catalog industry_groups.csv), then every
-- GB/T 4754 manufacturing division; industry_member lists the divisions each one sums (a division: itself).
create table industry_choice (
    id varchar primary key, name varchar not null, kind varchar not null,  -- 产业 (the plan's) / 大类
    clause varchar, note varchar, sort_order integer not null
);
create table industry_member (
    industry_id varchar not null references industry_choice (id),
    division varchar not null references industry (code),
    primary key (industry_id, division)
);
