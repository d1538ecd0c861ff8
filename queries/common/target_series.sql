-- The plan's targets of one task area (or all) at every period, with the straight path to the 2027 target
-- grain: one row per target and period
-- params: $area varchar (null = all task areas); $as_of date (the latest month shown)
-- returns: target_id varchar; label varchar; kind varchar; unit varchar; period date; period_end date; current_value double; expected_value double; baseline_value double; target_value double; target_year integer; on_track boolean; is_demo boolean
select
    t.id as target_id, t.label, t.kind, t.unit, m.period, m.period_end,
    m.current_value, m.expected_value, m.baseline_value,
    t.value as target_value, t.year as target_year, m.on_track, m.is_demo
from target as t
inner join indicator as i on t.indicator_id = i.id
inner join target_measure as m on t.id = m.target_id
where ($area is null or i.area = $area) and m.period_end <= $as_of
order by t.clause, t.id, m.period
