-- Warehouse schema, part 7: named lists (名单) of parks and enterprises as the department receives them,
-- identified by name, each row placed in a county, kept at its prefecture, or left unplaced, and how.
-- A list is loaded as a batch: rolled back whole; loading a list of the same name again replaces it.

create table list_row (
    batch_id integer not null,
    row_number integer not null,        -- the row in the file as the user sees it
    list_name varchar not null,         -- e.g. 湖北省化工园区名单
    kind varchar not null,              -- park / enterprise
    name varchar not null,
    name_key varchar not null,          -- the name folded for matching (name_match.name_key)
    adcode varchar,                     -- null when not placed in a county
    prefecture_code varchar,            -- null when not even the prefecture is known
    resolution varchar not null,        -- region_column / assigned / directory / name / address / prefecture_only / unresolved
    region_text varchar,                -- the region cells as written
    address varchar,
    category varchar,                   -- 类别
    level varchar,                      -- 级别
    list_batch varchar,                 -- 批次
    year integer,
    primary key (batch_id, row_number)
);

-- The members of every list, from the newest loaded batch of each list name.
create view list_member as
with latest as (
    select r.list_name, max(r.batch_id) as batch_id
    from list_row as r
    inner join batch as b on r.batch_id = b.batch_id
    where b.outcome = 'loaded'
    group by r.list_name
)

select
    r.list_name, r.kind, r.name, r.adcode, r.prefecture_code, r.resolution,
    r.category, r.level, r.list_batch, r.year, r.batch_id, r.row_number
from list_row as r
inner join latest as l on r.list_name = l.list_name and r.batch_id = l.batch_id;
