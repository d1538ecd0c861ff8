-- What the warehouse holds: when it was built, whether any loaded batch is demo data, the latest month
-- grain: one row
-- params: none
-- returns: built_at varchar; has_demo boolean; latest_month date; batches integer; schema_version varchar; only_demo boolean
select
    (
        select value from meta
        where key = 'built_at'
    ) as built_at,
    (
        select any_demo(is_demo) from batch
        where outcome = 'loaded'
    ) as has_demo,
    (
        select max(v.period) from county_value_current as v
        inner join indicator as i on v.indicator_id = i.id
        where i.frequency = 'monthly'
    ) as latest_month,
    (
        select cast(count(*) as integer) from batch
        where outcome = 'loaded'
    ) as batches,
    (
        select value from meta
        where key = 'schema_version'
    ) as schema_version,
    coalesce((
        select bool_and(is_demo) from batch
        where outcome = 'loaded'
    ), true) as only_demo
