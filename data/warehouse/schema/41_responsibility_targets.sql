-- Warehouse schema: responsibility targets (方案三(二) 压实工作责任: 各地对标责任目标, 做好任务分解).
-- Prefectures send each county's targets for a year, most often as wide tables. Every load is a batch and
-- a batch is a version: per area, indicator and year the newest loaded batch (up to the version asked
-- for) holds the target in force. Nothing is deleted, so any earlier version can still be shown, and a
-- rollback brings the version before it back.
-- noqa: disable=RF02,RF03

create table responsibility_target (
    area_code varchar not null,        -- a county's adcode, a prefecture's code (420200) or 420000 for the province
    area_level varchar not null,       -- county / prefecture / province
    indicator_id varchar not null references indicator (id),
    year integer not null,             -- the year the target is for
    value double not null,             -- in the catalog unit
    batch_id integer not null references batch (batch_id),
    row_seq bigint not null
);

-- The targets in force at version version_p (a batch id; null = the newest).
create macro responsibility_target_as_of(version_p) as table
    select
        t.area_code, t.area_level, t.indicator_id, t.year,
        arg_max(t.value, (t.batch_id, t.row_seq)) as value,
        max(t.batch_id) as batch_id,
        arg_max(b.is_demo, (t.batch_id, t.row_seq)) as is_demo
    from responsibility_target as t
    inner join batch as b on t.batch_id = b.batch_id
    where b.outcome = 'loaded' and (version_p is null or t.batch_id <= version_p)
    group by t.area_code, t.area_level, t.indicator_id, t.year;
