-- The plan's targets of one task area (or all) at their latest period: value, progress, on the path to 2027 or not
-- grain: one row per target
-- params: $area varchar (null = all task areas); $as_of date (the latest month shown)
-- returns: target_id varchar; label varchar; kind varchar; indicator_id varchar; frequency varchar; area varchar; area_name varchar; current_value double; target_value double; unit varchar; progress_pct double; met boolean; on_track boolean; expected_value double; baseline_value double; meeting integer; counted integer; period date; target_year integer; clause varchar; note varchar; is_demo boolean
select
    t.id as target_id, t.label, t.kind, t.indicator_id, i.frequency, i.area, a.name as area_name,
    m.current_value, t.value as target_value, t.unit,
    case
        when t.kind <> 'net_increase' then least(100.0 * m.current_value / nullif(t.value, 0), 100)
        -- A net increase is reached or not: a full bar or none.
        when m.current_value > 0 then 100.0 else 0.0
    end as progress_pct,
    case when t.comparator = '>' then m.current_value > t.value else m.current_value >= t.value end as met,
    m.on_track, m.expected_value, m.baseline_value,
    cast(m.meeting as integer) as meeting, cast(m.counted as integer) as counted, m.period,
    t.year as target_year, t.clause, t.note, m.is_demo
from target as t
inner join indicator as i on t.indicator_id = i.id
inner join area as a on i.area = a.id
left join target_measure as m on t.id = m.target_id and m.period_end <= $as_of
where $area is null or i.area = $area
qualify m.period is null or m.period = max(m.period) over (partition by t.id)
order by t.clause, t.id
