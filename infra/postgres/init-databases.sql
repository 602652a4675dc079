-- One database per service (each service owns its data and creates its own schema and extensions
-- in its migrations). Run once by the postgres image on an empty data volume
-- (docker-entrypoint-initdb.d). Without Docker, ./sme up creates the same databases through
-- infra/local/postgres.sh createdb; keep this list in step with the table at the top of ./sme.
CREATE DATABASE sme_onestop;
CREATE DATABASE sme_guarantee;
CREATE DATABASE sme_diagnosis;
CREATE DATABASE sme_matching;
CREATE DATABASE sme_stats;
