-- Live counts of registered enterprises, fed by OneStop's EnterpriseRegistered events.
CREATE TABLE enterprise_counts (
    ward             text    NOT NULL,
    industry_section char(1) NOT NULL,
    enterprises      integer NOT NULL CHECK (enterprises >= 0),
    PRIMARY KEY (ward, industry_section)
);
