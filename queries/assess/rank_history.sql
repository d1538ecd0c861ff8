-- Every month's assessment rank of the counties in the 强县工程 scope, from the plan's first month (2024年1月) to the as-of month: the ground of the key-county list
-- grain: one row per month and adcode in scope with a score
-- params: $version integer; $as_of date
-- returns: month date; adcode varchar; name varchar; short_name varchar; prefecture varchar; score double (分); rank integer (名, 1 the best); ranked_count integer (个); is_demo boolean
with scores as (
    select s.month, s.adcode, s.score, s.is_demo
    from assessment_score_month as s
    inner join region as r on s.adcode = r.adcode
    where
        s.version_id = $version and s.month between date '2024-01-01' and $as_of
        and r.in_scope and s.score is not null
)

select
    s.month, s.adcode, r.name, r.short_name, r.prefecture, s.score,
    cast(rank() over (partition by s.month order by s.score desc) as integer) as rank,
    cast(count(*) over (partition by s.month) as integer) as ranked_count,
    s.is_demo
from scores as s
inner join region as r on s.adcode = r.adcode
order by s.month asc, rank asc, s.adcode asc
