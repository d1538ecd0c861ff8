-- Every loaded named list (名单) with its members by outcome, within the prefecture filter
-- grain: one row per list name
-- params: $prefecture varchar (null = all)
-- returns: list_name varchar; kind varchar; members integer (个); in_county integer (个); prefecture_only integer (个); unresolved integer (个); latest_year integer; batch_id integer
select
    m.list_name,
    any_value(m.kind) as kind,
    cast(count(*) as integer) as members,
    cast(count(*) filter (where m.adcode is not null) as integer) as in_county,
    cast(count(*) filter (where m.adcode is null and m.prefecture_code is not null) as integer) as prefecture_only,
    cast(count(*) filter (where m.prefecture_code is null) as integer) as unresolved,
    max(m.year) as latest_year,
    max(m.batch_id) as batch_id
from list_member as m
where $prefecture is null or m.prefecture_code = $prefecture or m.prefecture_code is null
group by m.list_name
order by max(m.batch_id) desc, m.list_name
