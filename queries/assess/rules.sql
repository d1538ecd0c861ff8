-- The weights and scoring rules of one version, with each indicator's name, unit, direction and task area
-- grain: one row per rule
-- params: $version integer
-- returns: indicator_id varchar; name varchar; unit varchar; direction varchar; area_name varchar; source varchar; weight double (分); share_pct double (%, of the version's weights); method varchar; target_value double; floor_points double (分); cap_points double (分); clause varchar; in_catalog boolean
select
    r.indicator_id,
    coalesce(i.name, r.indicator_id) as name,
    i.unit, i.direction, a.name as area_name, i.source,
    r.weight,
    100 * r.weight / sum(r.weight) over () as share_pct,
    r.method, r.target_value, r.floor_points, r.cap_points, r.clause,
    i.id is not null as in_catalog
from assessment_rule as r
left join indicator as i on r.indicator_id = i.id
left join area as a on i.area = a.id
where r.version_id = $version
order by a.sort_order asc nulls last, i.sort_order asc nulls last, r.indicator_id asc
