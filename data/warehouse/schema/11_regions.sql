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
