-- The service catalogue and cases (docs/onestop-rules.md "Cases over HTTP").

-- Procedures are versioned: a change adds a row with the next version; cases keep the version they were opened under.
-- Documents are [{ "code", "name", "required" }], one checklist for a new application, one for a renewal.
CREATE TABLE procedures (
    code               text          NOT NULL CHECK (code ~ '^[a-z][a-z0-9-]{1,49}$'),
    version            integer       NOT NULL CHECK (version > 0),
    name_en            text          NOT NULL,
    name_zh            text          NOT NULL,
    responsible_office text          NOT NULL,
    fee_cny            numeric(12,2) NOT NULL CHECK (fee_cny >= 0),
    time_limit_days    integer       NOT NULL CHECK (time_limit_days BETWEEN 0 AND 2500),  -- working days
    documents_new      jsonb         NOT NULL DEFAULT '[]',
    documents_renewal  jsonb         NOT NULL DEFAULT '[]',
    created_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (code, version)
);

-- Presets (the sources name the procedures, 002:L1084 and 000:L502, not their documents or limits): documents are the
-- usual ones for each procedure at a Chinese government service hall; time limits follow the Administrative Licensing
-- Law's 20 working days for permits, same-day for consulting, and a few days for the rest. The SME Office revises them.
INSERT INTO procedures (code, version, name_en, name_zh, responsible_office, fee_cny, time_limit_days, documents_new, documents_renewal) VALUES
('business-registration', 1, 'Business registration', '企业登记', 'Administration for Market Regulation (ward branch)', 0, 3,
 '[{"code":"application-form","name":"Registration application form","required":true},
   {"code":"articles-of-association","name":"Articles of association","required":true},
   {"code":"legal-representative-id","name":"Legal representative''s identity document","required":true},
   {"code":"premises-proof","name":"Proof of business premises","required":true}]',
 '[{"code":"application-form","name":"Change or renewal application form","required":true},
   {"code":"business-licence","name":"Current business licence","required":true},
   {"code":"legal-representative-id","name":"Legal representative''s identity document","required":true}]'),
('approvals-permissions', 1, 'Approvals and permissions', '行政审批与许可', 'Administrative Approval Bureau', 0, 20,
 '[{"code":"application-form","name":"Permit application form","required":true},
   {"code":"business-licence","name":"Business licence","required":true},
   {"code":"legal-representative-id","name":"Legal representative''s identity document","required":true},
   {"code":"site-safety-documents","name":"Site, fire and safety documents","required":true},
   {"code":"environmental-assessment","name":"Environmental impact assessment","required":false}]',
 '[{"code":"application-form","name":"Permit renewal application form","required":true},
   {"code":"current-permit","name":"Current permit","required":true},
   {"code":"business-licence","name":"Business licence","required":true}]'),
('information-consulting', 1, 'Business information consulting', '经营信息咨询', 'SME Service Centre (ward counter)', 0, 0,
 '[]', '[]'),
('finance-consulting', 1, 'Finance consulting', '融资咨询', 'SME Service Centre, finance desk', 0, 5,
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"financial-statements","name":"Financial statements of the last three years","required":true},
   {"code":"funding-need","name":"Statement of the funding need and its purpose","required":true}]',
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"financial-statements","name":"Latest financial statements","required":true}]'),
('technology', 1, 'Technology support', '技术支持', 'Science and Technology Bureau', 0, 10,
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"technology-description","name":"Description of the technology need","required":true},
   {"code":"ip-certificates","name":"Patents or other IP certificates","required":false}]',
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"progress-report","name":"Progress report of the earlier support","required":true}]'),
('partnership', 1, 'Partnership matching', '合作对接', 'SME Service Centre, matching desk', 0, 10,
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"company-profile","name":"Company profile","required":true},
   {"code":"cooperation-need","name":"Statement of the cooperation sought","required":true}]',
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"cooperation-need","name":"Updated statement of the cooperation sought","required":true}]'),
('diagnosis', 1, 'Enterprise diagnosis', '企业诊断', 'SME Service Centre, advisory desk', 0, 10,
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"financial-statements","name":"Financial statements of up to three years","required":true},
   {"code":"consent-form","name":"Consent to share data with the advisor","required":true}]',
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"consent-form","name":"Consent to share data with the advisor","required":true}]'),
('training', 1, 'Training', '培训', 'SME Service Centre, training desk', 0, 5,
 '[{"code":"business-licence","name":"Business licence","required":true},
   {"code":"participant-list","name":"List of participants","required":true}]',
 '[{"code":"participant-list","name":"List of participants","required":true}]');

-- A case of an enterprise at its ward's counter for one procedure version. The checklist, the transition log and the
-- referrals are the domain's lists (services/OneStop/Domain/Case.cs) stored as jsonb; row_version counts changes.
CREATE TABLE cases (
    id                uuid        PRIMARY KEY,
    enterprise_id     uuid        NOT NULL REFERENCES enterprises (id),
    ward              text        NOT NULL,
    procedure_code    text        NOT NULL,
    procedure_version integer     NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('new', 'renewal')),
    state             text        NOT NULL CHECK (state IN ('Received', 'InProgress', 'WaitingForDocuments', 'Referred',
                                                            'Completed', 'Rejected', 'Withdrawn')),
    opened_at         timestamptz NOT NULL,
    opened_by         text        NOT NULL,
    time_limit_days   integer     NOT NULL,
    counts_from       date        NOT NULL,               -- the working day the clock counts from (Asia/Shanghai)
    due_date          date        NOT NULL,               -- Asia/Shanghai
    due_by            timestamptz NOT NULL,               -- end of the due date: overdue from then while open
    provisional       boolean     NOT NULL,
    documents         jsonb       NOT NULL,
    history           jsonb       NOT NULL DEFAULT '[]',
    referrals         jsonb       NOT NULL DEFAULT '[]',
    updated_at        timestamptz NOT NULL,
    row_version       integer     NOT NULL DEFAULT 1,
    FOREIGN KEY (procedure_code, procedure_version) REFERENCES procedures (code, version)
);
CREATE INDEX cases_ward_state ON cases (ward, state, opened_at);
CREATE INDEX cases_enterprise ON cases (enterprise_id);
CREATE INDEX cases_open_due ON cases (ward, due_by) WHERE state NOT IN ('Completed', 'Rejected', 'Withdrawn');
