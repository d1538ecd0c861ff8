-- Warehouse schema: the 强县工程 assessment and 赛马 (方案三(一) 考核目标任务和评分细则; 二(一)1), its rules.
-- Editors save the weights and scoring rules as numbered versions (data/assessment.py); a saved
-- version never changes, so any past score is reproduced by scoring with the version in force then.
-- Version 1, the default, is seeded below from data/catalog/assessment_rules.csv (tests/test_assessment.py
-- keeps the two equal). Rebuilds carry every saved version over (data/build.py KEPT_SELECT/KEPT_INSERT).

create table assessment_version (
    version_id integer primary key,
    created_at timestamp not null,     -- in force from then until the next version
    created_by varchar not null,
    note varchar not null              -- what changed and why
);

create table assessment_rule (
    version_id integer not null,
    indicator_id varchar not null,
    weight double not null,            -- of 100; a county's shares are its weights over the weights it has values for
    method varchar not null,           -- minmax (between the province's lowest and highest) / rank / target
    target_value double,               -- method target: the value that earns 100 points
    floor_points double not null,      -- points are clamped to [floor_points, cap_points]
    cap_points double not null,
    clause varchar not null,           -- the plan clause the weight serves
    primary key (version_id, indicator_id)
);

insert into assessment_version
values (1, timestamp '2024-06-05 00:00:00', '系统（缺省）', '缺省评分细则：按方案各项任务设定权重，满分100分');

insert into assessment_rule values
(1, 'va_growth_ytd_pct', 15, 'minmax', null, 0, 100, '二(一)1'),
(1, 'output_year_yi', 10, 'rank', null, 0, 100, '二(二)1'),
(1, 'invest_growth_pct', 8, 'minmax', null, 0, 100, '二(一)1'),
(1, 'techinv_growth_pct', 7, 'minmax', null, 0, 100, '二(一)1'),
(1, 'growth_point_report_pct', 5, 'target', 100, 0, 100, '二(一)2'),
(1, 'above_scale_net_count', 8, 'minmax', null, 0, 100, '二(三)3'),
(1, 'srdi_count', 5, 'target', 1, 0, 100, '二(三)2'),
(1, 'champion_count', 5, 'target', 1, 0, 100, '二(三)2'),
(1, 'rd_active_share_pct', 8, 'minmax', null, 0, 100, '二(四)1'),
(1, 'digital_transform_pct', 8, 'target', 100, 0, 100, '二(五)3'),
(1, 'village_5g_pct', 4, 'target', 100, 0, 100, '二(五)1'),
(1, 'energy_intensity_change_pct', 8, 'minmax', null, 0, 100, '二(六)1'),
(1, 'solid_waste_util_pct', 4, 'minmax', null, 0, 100, '二(六)2'),
(1, 'projects_won_count', 5, 'rank', null, 0, 100, '三(三)');
