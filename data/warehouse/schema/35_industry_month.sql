-- Warehouse schema: county figures by industry, summed from the firm records when a warehouse is published
-- (data/warehouse/industry.py), so no click scans firm-month rows.
-- noqa: disable=RF02,RF03

-- One row per county, GB/T 4754 division and month with 规上 firms reporting output (规上工业总产值, output_yi).
-- 增速 is on comparable firms: this year's firms that also reported in the same month a year earlier,
-- against those firms' own months then (comparable_* over base_*).
create table industry_month (
    adcode varchar not null,
    division varchar not null,
    period date not null,
    firm_count integer not null,
    output_yi double not null,          -- 当月
    output_ytd_yi double not null,      -- 1–N月
    comparable_ytd_yi double not null,  -- 1–N月 of the firms with a month a year earlier
    base_ytd_yi double not null,        -- those firms' 1–N月 a year earlier
    batch_id integer not null,          -- the newest batch behind the figure
    is_demo boolean not null,
    primary key (adcode, division, period)
);

-- The measures (catalog kind 'industry') of every industry_choice for every county-level unit and month the
-- firm records cover, written with industry_month from the view industry_figure_source: a page's click
-- reads one industry's rows instead of summing divisions and unpivoting.
create table industry_figure (
    industry_id varchar not null,
    adcode varchar not null,
    indicator_id varchar not null,
    period date not null,
    value double,
    batch_id integer not null,
    is_demo boolean not null
);
-- noqa: enable=all
