-- Administrative villages of the counties the filters keep, one year: 5G reached and fibre over their natural villages
-- grain: one row per administrative village
-- params: $year integer; $adcode varchar (null = every county the filters keep); $gaps_only boolean (only villages without 5G or with natural villages fibre does not reach); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: village_code varchar; village_name varchar; township varchar; adcode varchar; county varchar; prefecture varchar; has_5g boolean; natural_villages integer (个); fibre_natural_villages integer (个); fibre_pct double (%); is_demo boolean
select
    v.village_code, v.village_name, v.township, v.adcode, r.name as county, r.prefecture, v.has_5g,
    v.natural_villages, v.fibre_natural_villages,
    round(100.0 * v.fibre_natural_villages / nullif(v.natural_villages, 0), 1) as fibre_pct,
    b.is_demo
from village as v
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on v.adcode = r.adcode
inner join batch as b on v.batch_id = b.batch_id
where
    r.in_filter and v.year = $year
    and ($adcode is null or v.adcode = $adcode)
    and (not $gaps_only or not v.has_5g or v.fibre_natural_villages < v.natural_villages)
order by r.prefecture_code, v.adcode, v.village_code
