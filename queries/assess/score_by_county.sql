-- 强县工程 assessment score of every county in one month, ranked among the counties the filters keep, against the month before and a meeting snapshot
-- grain: one row per adcode (all 103; in_filter marks the counties the filters keep)
-- params: $version integer; $period date; $snapshot integer (null = none); $cut_high double (null = thirds); $cut_low double (null = thirds); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; name varchar; short_name varchar; prefecture varchar; metro_circle varchar; county_type varchar; in_filter boolean; value double (分, the score); scored integer (rules with a value); rules integer; prev_value double (分); snapshot_value double (分, scored with the version in force when the snapshot was saved); snapshot_version integer; is_demo boolean; rank integer; prev_rank integer; snapshot_rank integer; ranked_count integer; tier integer (1 先进, 2 中游, 3 后进: thirds, or score ≥ $cut_high / ≥ $cut_low)
with regions as (
    select * from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only)
),

joined as (
    select
        r.adcode, r.name, r.short_name, r.prefecture, r.metro_circle, r.county_type, r.in_filter,
        s.score as value, s.scored, s.rules, s.prev_score as prev_value, s.snapshot_score as snapshot_value,
        s.is_demo, s.snapshot_version
    from regions as r
    inner join assessment_compared($version, $period, $snapshot) as s on r.adcode = s.adcode
),

ranked as (
    select
        adcode,
        rank() over (order by value desc) as rank,
        count(*) over () as ranked_count,
        cume_dist() over (order by value desc) as share
    from joined
    where in_filter and value is not null
),

earlier as (  -- ranks then, among the counties in the filter with a score then
    select
        adcode,
        case when prev_value is not null then rank() over (order by prev_value desc nulls last) end as prev_rank,
        case when snapshot_value is not null then rank() over (order by snapshot_value desc nulls last) end
            as snapshot_rank
    from joined
    where in_filter
)

select
    j.*,
    cast(k.rank as integer) as rank,
    cast(e.prev_rank as integer) as prev_rank,
    cast(e.snapshot_rank as integer) as snapshot_rank,
    cast(k.ranked_count as integer) as ranked_count,
    tier_by_cuts(j.value, k.share, $cut_high, $cut_low) as tier  -- only for a ranked county: k.share
from joined as j
left join ranked as k on j.adcode = k.adcode
left join earlier as e on j.adcode = e.adcode
order by k.rank nulls last, j.adcode
