-- 强县工程 assessment score of every prefecture in one month (the mean of its counties in the filter), ranked, against the month before and a meeting snapshot
-- grain: one row per prefecture with a county in the filter
-- params: $version integer; $period date; $snapshot integer (null = none); $cut_high double (null = thirds); $cut_low double (null = thirds); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: prefecture_code varchar; prefecture varchar; counties integer (个, in the filter and scored); value double (分, mean of the counties' scores); prev_value double (分); snapshot_value double (分, scored with the version in force when the snapshot was saved); snapshot_version integer; leader varchar (its best-scoring county); is_demo boolean; rank integer; prev_rank integer; snapshot_rank integer; ranked_count integer; tier integer (1 先进, 2 中游, 3 后进)
with regions as (
    select * from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only)
    where in_filter
),

county as (
    select r.prefecture_code, r.prefecture, r.short_name, s.*  -- noqa: AM04
    from regions as r
    inner join assessment_compared($version, $period, $snapshot) as s on r.adcode = s.adcode
),

prefectures as (
    select
        prefecture_code, prefecture,
        count(score) as counties,
        avg(score) as value,
        avg(prev_score) as prev_value,
        avg(snapshot_score) as snapshot_value,
        arg_max(short_name, score) as leader,
        bool_or(is_demo) as is_demo,
        any_value(snapshot_version) as snapshot_version
    from county
    group by prefecture_code, prefecture
),

ranked as (
    select
        *,
        rank() over (order by value desc) as rank_all,
        count(value) over () as ranked_count_all,
        cume_dist() over (order by value desc) as share,
        case when prev_value is not null then rank() over (order by prev_value desc nulls last) end as prev_rank_all,
        case when snapshot_value is not null then rank() over (order by snapshot_value desc nulls last) end
            as snapshot_rank_all
    from prefectures
)

select
    prefecture_code, prefecture, cast(counties as integer) as counties, value, prev_value, snapshot_value,
    snapshot_version, leader, is_demo,
    cast(case when value is not null then rank_all end as integer) as rank,
    cast(prev_rank_all as integer) as prev_rank,
    cast(snapshot_rank_all as integer) as snapshot_rank,
    cast(ranked_count_all as integer) as ranked_count,
    tier_by_cuts(value, share, $cut_high, $cut_low) as tier
from ranked
order by rank nulls last, prefecture_code
