-- How one county's assessment score in one month is made: each rule's value, points, weight and contribution (they sum to the score)
-- grain: one row per rule of the version
-- params: $version integer; $period date; $adcode varchar
-- returns: indicator_id varchar; name varchar; unit varchar; frequency varchar; direction varchar; clause varchar; method varchar; weight double (分); target_value double; floor_points double (分); cap_points double (分); period date; value double; worst_value double (province's worst); best_value double (province's best); place integer (名); counted integer (counties with a value); raw_points double (分, before floor and cap); points double (分); share_pct double (%, of the weights the county has values for); contribution double (分); score double (分, the county's score: the sum of the contributions); is_demo boolean
select
    p.indicator_id, p.name, p.unit, i.frequency, i.direction, p.clause, p.method, p.weight, p.target_value,
    p.floor_points, p.cap_points, p.period, p.value, p.worst_value, p.best_value,
    cast(p.place as integer) as place,
    cast(p.n as integer) as counted,
    p.raw_points, p.points,
    100 * p.share as share_pct,
    p.contribution,
    round(sum(p.contribution) over (), 2) as score,
    coalesce(p.is_demo, false) as is_demo
from assessment_points($version, $period, $period, null) as p
inner join indicator as i on p.indicator_id = i.id
where p.adcode = $adcode and p.month = $period
order by p.contribution desc nulls last, i.sort_order asc
