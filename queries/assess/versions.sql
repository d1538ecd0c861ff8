-- The saved versions of the assessment's weights and scoring rules, newest first
-- grain: one row per version
-- params: none
-- returns: version_id integer; created_at timestamp; created_by varchar; note varchar; rules integer (项); weight_total double (分)
select
    v.version_id, v.created_at, v.created_by, v.note,
    cast(count(r.indicator_id) as integer) as rules,
    sum(r.weight) as weight_total
from assessment_version as v
left join assessment_rule as r on v.version_id = r.version_id
group by v.version_id, v.created_at, v.created_by, v.note
order by v.version_id desc
