-- One indicator's periods complete at a month (a month once reached, a year once its December is), oldest first
-- grain: one row per period
-- params: $indicator varchar; $as_of date; $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: period date
-- The timeline's stops; the same rule as common/latest_period (macro period_end in 05_rules.sql, via the view).
select distinct period
from county_figures($industry)
where indicator_id = $indicator and period_end <= $as_of
order by period
