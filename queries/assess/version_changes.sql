-- What one version changed against the version before it: rules added, removed or altered
-- grain: one row per indicator whose rule differs
-- params: $version integer
-- returns: indicator_id varchar; name varchar; change varchar (added / removed / changed); weight_before double (分); weight_after double (分); method_before varchar; method_after varchar; target_before double; target_after double; floor_before double (分); floor_after double (分); cap_before double (分); cap_after double (分)
with before as (
    select r.*
    from assessment_rule as r
    where r.version_id = (
        select max(v.version_id) from assessment_version as v
        where v.version_id < $version
    )
),

after as (
    select r.*
    from assessment_rule as r
    where r.version_id = $version
)

select
    coalesce(a.indicator_id, b.indicator_id) as indicator_id,
    coalesce(i.name, a.indicator_id, b.indicator_id) as name,
    case when b.indicator_id is null then 'added' when a.indicator_id is null then 'removed' else 'changed' end
        as change,
    b.weight as weight_before, a.weight as weight_after,
    b.method as method_before, a.method as method_after,
    b.target_value as target_before, a.target_value as target_after,
    b.floor_points as floor_before, a.floor_points as floor_after,
    b.cap_points as cap_before, a.cap_points as cap_after
from after as a
full outer join before as b on a.indicator_id = b.indicator_id
left join indicator as i on coalesce(a.indicator_id, b.indicator_id) = i.id
where
    exists (select 1 from before)
    and (
        a.indicator_id is null or b.indicator_id is null
        or (a.weight, a.method, a.target_value, a.floor_points, a.cap_points)
        is distinct from (b.weight, b.method, b.target_value, b.floor_points, b.cap_points)
    )
order by change asc, name asc
