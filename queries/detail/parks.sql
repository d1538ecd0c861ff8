-- Industrial parks in the counties the filters keep, with one year's output, tax and 亩均 figures
-- grain: one row per park
-- params: $adcode varchar (null = every county the filters keep); $period date (first day of the year); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: park_id varchar; park_name varchar; adcode varchar; county varchar; prefecture varchar; park_kind varchar; park_level varchar; parent_park_id varchar; developed_area_mu double (亩); output_yi double (亿元); tax_yi double (亿元); output_per_mu_wan double (万元/亩); tax_per_mu_wan double (万元/亩); chem_output_yi double (亿元); compliance_score double (分, of 7); lon double; lat double; is_demo boolean
with values_of_year as (
    select
        park_id,
        max(value) filter (where indicator_id = 'park_output_yi') as output_yi,
        max(value) filter (where indicator_id = 'park_tax_yi') as tax_yi,
        max(value) filter (where indicator_id = 'chem_park_output_yi') as chem_output_yi,
        max(value) filter (where indicator_id = 'chem_park_compliance_score') as compliance_score
    from park_value
    where period = $period
    group by park_id
)

select
    p.park_id, p.park_name, p.adcode, r.name as county, r.prefecture, p.park_kind, p.park_level,
    p.parent_park_id, p.developed_area_mu, v.output_yi, v.tax_yi,
    1e4 * v.output_yi / nullif(p.developed_area_mu, 0) as output_per_mu_wan,
    1e4 * v.tax_yi / nullif(p.developed_area_mu, 0) as tax_per_mu_wan,
    v.chem_output_yi, v.compliance_score, p.lon, p.lat, b.is_demo
from park as p
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on p.adcode = r.adcode
inner join batch as b on p.batch_id = b.batch_id
left join values_of_year as v on p.park_id = v.park_id
where r.in_filter and ($adcode is null or p.adcode = $adcode)
order by output_per_mu_wan desc nulls last
