-- The walk-in queue of each ward's counter (docs/onestop-rules.md "Counter tickets").
CREATE TABLE counter_tickets (
    id                 uuid PRIMARY KEY,
    ward               text        NOT NULL,
    day                date        NOT NULL,               -- Asia/Shanghai date of issue
    sequence           integer     NOT NULL CHECK (sequence > 0),
    number             text        NOT NULL,               -- "HP-017"
    reason             text        NOT NULL,
    enterprise_id      uuid        NULL REFERENCES enterprises (id),
    state              text        NOT NULL CHECK (state IN ('Waiting', 'Called', 'Serving', 'Done', 'NoShow')),
    issued_at          timestamptz NOT NULL,
    called_at          timestamptz NULL,
    service_started_at timestamptz NULL,
    finished_at        timestamptz NULL,
    staff              text        NULL,
    counter            text        NULL,
    CONSTRAINT counter_tickets_number_unique UNIQUE (ward, day, sequence)
);
CREATE INDEX counter_tickets_open ON counter_tickets (ward, day, sequence) WHERE state IN ('Waiting', 'Called', 'Serving');

-- The last number issued per ward and day: one upsert hands out the next, so two clerks never share a number.
CREATE TABLE counter_ticket_sequences (
    ward          text    NOT NULL,
    day           date    NOT NULL,
    last_sequence integer NOT NULL,
    PRIMARY KEY (ward, day)
);
