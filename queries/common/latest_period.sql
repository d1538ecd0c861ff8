-- One indicator's latest period complete at a month: a month once reached, a year once its December is
-- grain: one row (period null when the indicator has no period complete by $as_of)
-- params: $indicator varchar; $as_of date; $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: period date
-- period_end is the schema's one rule (macro period_end in 05_rules.sql), applied by the view.
select max(period) as period
from county_figures($industry)
where indicator_id = $indicator and period_end <= $as_of
