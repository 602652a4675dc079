-- Peer comparison reads the latest diagnosis of every enterprise of one industry division (GB/T 4754: letter + two digits).
CREATE INDEX diagnoses_by_division ON diagnoses (left(industry_code, 3), enterprise_id, number DESC);
