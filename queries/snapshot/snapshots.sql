-- The saved meeting snapshots, newest first
-- grain: one row per snapshot
-- params: none
-- returns: snapshot_id integer; name varchar; as_of date; created_at timestamp; created_by varchar; note varchar; indicators integer (个); is_demo boolean
select
    s.snapshot_id, s.name, s.as_of, s.created_at, s.created_by, s.note,
    cast(count(distinct v.indicator_id) as integer) as indicators,
    any_demo(v.is_demo) as is_demo
from snapshot as s
left join snapshot_value as v on s.snapshot_id = v.snapshot_id
group by all
order by s.as_of desc, s.created_at desc
