"""Numbered schema migrations, each applied once, in its own transaction.

``PRAGMA user_version`` holds the number of the last migration applied; ``PRAGMA
application_id`` marks the file as a Relance database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x52454C41  # "RELA"

Migration = Callable[[sqlite3.Connection], None]


def m001_initial(conn: sqlite3.Connection) -> None:
    """The whole data model of DESIGN.md."""
    run_script(conn, _INITIAL_SCHEMA)


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one inside the current transaction.

    ``executescript`` would commit first, breaking the one-transaction-per-migration rule.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:60]}")


# Dates are ISO text (YYYY-MM-DD), instants ISO text in UTC (YYYY-MM-DDTHH:MM:SS),
# money integer cents. Every table a person edits carries version/created/updated.
_EDITED = """
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now')),
    created_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now')),
    updated_by TEXT NOT NULL DEFAULT ''
"""

_CONSENT = """
    consent_{ch} TEXT NOT NULL DEFAULT 'unknown' CHECK (consent_{ch} IN ('yes','no','unknown')),
    consent_{ch}_on TEXT,
    consent_{ch}_source TEXT NOT NULL DEFAULT '',
"""

_INITIAL_SCHEMA = f"""
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('sales','aftersales','manager','admin')),
    active INTEGER NOT NULL DEFAULT 1,
    {_EDITED}
);

CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    external_id TEXT UNIQUE,
    kind TEXT NOT NULL DEFAULT 'prospect' CHECK (kind IN ('prospect','client','former')),
    civility TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    first_name TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    birth_year INTEGER,
    birth_date TEXT,
    situation TEXT NOT NULL DEFAULT '',
    profession TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    phone2 TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT '' CHECK (origin IN
        ('','web_lead','showroom','phone','contest','referral','dms','aftersales','import')),
    assigned_user_id INTEGER REFERENCES users(id),
    {_CONSENT.format(ch="phone")}
    {_CONSENT.format(ch="sms")}
    {_CONSENT.format(ch="email")}
    {_CONSENT.format(ch="post")}
    abc_segment TEXT CHECK (abc_segment IN ('A','B','C')),
    last_contact_on TEXT,
    last_inbound_on TEXT,
    anonymized_at TEXT,
    {_EDITED}
);
CREATE INDEX clients_assigned ON clients(assigned_user_id);
CREATE INDEX clients_updated ON clients(updated_at);
CREATE INDEX clients_phone ON clients(phone) WHERE phone <> '';

CREATE TABLE vehicles (
    id INTEGER PRIMARY KEY,
    client_id INTEGER REFERENCES clients(id),
    make TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    version_name TEXT NOT NULL DEFAULT '',
    energy TEXT NOT NULL DEFAULT '',
    plate TEXT NOT NULL DEFAULT '',
    vin TEXT UNIQUE,
    first_registration_on TEXT,
    delivered_on TEXT,
    condition TEXT NOT NULL DEFAULT 'new' CHECK (condition IN ('new','used')),
    sold_here INTEGER NOT NULL DEFAULT 1,
    mileage INTEGER,
    mileage_on TEXT,
    status TEXT NOT NULL DEFAULT 'owned' CHECK (status IN ('owned','sold','scrapped')),
    {_EDITED}
);
CREATE INDEX vehicles_client ON vehicles(client_id);
CREATE INDEX vehicles_plate ON vehicles(plate) WHERE plate <> '';
CREATE INDEX vehicles_delivered ON vehicles(delivered_on);
CREATE INDEX vehicles_registration ON vehicles(first_registration_on);

CREATE TABLE financings (
    id INTEGER PRIMARY KEY,
    vehicle_id INTEGER REFERENCES vehicles(id),
    client_id INTEGER NOT NULL REFERENCES clients(id),
    external_id TEXT UNIQUE,
    mode TEXT NOT NULL CHECK (mode IN ('cash','loan','loa','lld')),
    lender TEXT NOT NULL DEFAULT '',
    start_on TEXT NOT NULL,
    duration_months INTEGER NOT NULL DEFAULT 0 CHECK (duration_months >= 0),
    end_on TEXT,
    monthly_payment_cents INTEGER,
    residual_cents INTEGER,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed','renewed','cancelled')),
    {_EDITED}
);
CREATE INDEX financings_client ON financings(client_id);
CREATE INDEX financings_vehicle ON financings(vehicle_id);
CREATE INDEX financings_end ON financings(end_on);
CREATE INDEX financings_start ON financings(start_on);

CREATE TABLE wishes (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    model TEXT NOT NULL DEFAULT '',
    segment TEXT NOT NULL DEFAULT '',
    energy TEXT NOT NULL DEFAULT '',
    budget_cents INTEGER,
    horizon_on TEXT,
    needs TEXT NOT NULL DEFAULT '',
    {_EDITED}
);
CREATE INDEX wishes_client ON wishes(client_id);

CREATE TABLE leads (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    external_id TEXT UNIQUE,
    source TEXT NOT NULL CHECK (source IN ('brand_site','contest','phone','walk_in','partner')),
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','in_progress','handled','lost')),
    assigned_user_id INTEGER REFERENCES users(id),
    subject TEXT NOT NULL DEFAULT '',
    {_EDITED}
);
CREATE INDEX leads_client ON leads(client_id);
CREATE INDEX leads_status ON leads(status, received_at);

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    external_id TEXT UNIQUE,
    vehicle_offered TEXT NOT NULL DEFAULT '',
    amount_cents INTEGER,
    handed_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','refused','expired')),
    user_id INTEGER REFERENCES users(id),
    {_EDITED}
);
CREATE INDEX proposals_client ON proposals(client_id);
CREATE INDEX proposals_handed ON proposals(handed_on);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'phone',
    target TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT,
    cost_cents INTEGER NOT NULL DEFAULT 0,
    {_EDITED}
);

CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    rule_id TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    occurrence_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    valid_until TEXT,
    tier INTEGER NOT NULL CHECK (tier BETWEEN 0 AND 9),
    channel TEXT NOT NULL DEFAULT 'phone',
    reason TEXT NOT NULL DEFAULT '',
    reason_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open','done','snoozed','dismissed','expired')),
    snoozed_until TEXT,
    dismissed_reason TEXT NOT NULL DEFAULT '',
    held_reason TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    assigned_user_id INTEGER REFERENCES users(id),
    claimed_by TEXT,
    claimed_at TEXT,
    campaign_id INTEGER REFERENCES campaigns(id),
    handled_at TEXT,
    handled_by TEXT,
    {_EDITED},
    UNIQUE (rule_id, subject_kind, subject_id, occurrence_on)
);
CREATE INDEX reminders_queue ON reminders(status, tier, due_on);
CREATE INDEX reminders_client ON reminders(client_id);
CREATE INDEX reminders_assigned ON reminders(assigned_user_id, status, tier, due_on);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    at TEXT NOT NULL,
    user_login TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL CHECK (channel IN ('phone','email','sms','visit','letter')),
    direction TEXT NOT NULL DEFAULT 'out' CHECK (direction IN ('in','out')),
    outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('','reached','no_answer','voicemail',
        'wrong_number','appointment','not_interested','sale','callback')),
    note TEXT NOT NULL DEFAULT '',
    next_action_on TEXT,
    reminder_id INTEGER REFERENCES reminders(id),
    campaign_id INTEGER REFERENCES campaigns(id),
    {_EDITED}
);
CREATE INDEX contacts_client ON contacts(client_id, at);
CREATE INDEX contacts_campaign ON contacts(campaign_id) WHERE campaign_id IS NOT NULL;

CREATE TABLE repair_orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    opened_on TEXT NOT NULL,
    client_id INTEGER REFERENCES clients(id),
    vehicle_id INTEGER REFERENCES vehicles(id),
    mileage INTEGER,
    revenue_cents INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'maintenance',
    {_EDITED}
);
CREATE INDEX repair_orders_client ON repair_orders(client_id, opened_on);
CREATE INDEX repair_orders_vehicle ON repair_orders(vehicle_id, opened_on);
CREATE INDEX repair_orders_opened ON repair_orders(opened_on);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    opened_on TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'phone',
    subject TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','resolved','closed')),
    resolution TEXT NOT NULL DEFAULT '',
    resolved_on TEXT,
    user_login TEXT NOT NULL DEFAULT '',
    {_EDITED}
);
CREATE INDEX complaints_client ON complaints(client_id);
CREATE INDEX complaints_status ON complaints(status);

CREATE TABLE action_plan_items (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    client_id INTEGER REFERENCES clients(id),
    segment TEXT NOT NULL DEFAULT '',
    owner_login TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',
    months TEXT NOT NULL DEFAULT '',
    horizon TEXT NOT NULL DEFAULT 'short' CHECK (horizon IN ('short','medium','long')),
    priority INTEGER NOT NULL DEFAULT 2,
    budget_expenses_cents INTEGER NOT NULL DEFAULT 0,
    budget_revenue_cents INTEGER NOT NULL DEFAULT 0,
    current_revenue_cents INTEGER NOT NULL DEFAULT 0,
    target_revenue_cents INTEGER NOT NULL DEFAULT 0,
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    results TEXT NOT NULL DEFAULT '',
    {_EDITED}
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now')),
    user_login TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id INTEGER,
    field TEXT NOT NULL DEFAULT '',
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_row ON audit(table_name, row_id);

CREATE TABLE rule_runs (
    day TEXT PRIMARY KEY,
    ran_at TEXT NOT NULL,
    raised INTEGER NOT NULL DEFAULT 0,
    expired INTEGER NOT NULL DEFAULT 0
);
"""

def m002_rule_indexes(conn: sqlite3.Connection) -> None:
    """Indexes the rules engine's window queries use, so a daily run reads days, not tables."""
    run_script(conn, _RULE_INDEXES)


# financings_middle: the mid-contract date, SQLite's month arithmetic (the engine widens the
# window by a few days and recomputes it with relativedelta).
_RULE_INDEXES = """
CREATE INDEX financings_middle
    ON financings(date(start_on, '+' || (duration_months / 2) || ' months'));
CREATE INDEX complaints_opened ON complaints(opened_on);
CREATE INDEX complaints_resolved ON complaints(resolved_on) WHERE resolved_on IS NOT NULL;
CREATE INDEX leads_received ON leads(received_at);
CREATE INDEX reminders_validity ON reminders(status, valid_until);
CREATE INDEX reminders_rule_occurrence ON reminders(rule_id, occurrence_on);
"""


def m003_reports(conn: sqlite3.Connection) -> None:
    """What the reports need beyond the data: a campaign's margin rate, the days a manager says
    the workshop was open, and the market's averages to compare visits with."""
    run_script(conn, _REPORTS_SCHEMA)


_REPORTS_SCHEMA = """
ALTER TABLE campaigns ADD COLUMN margin_rate_bp INTEGER
    CHECK (margin_rate_bp IS NULL OR margin_rate_bp BETWEEN 1 AND 10000);

-- RFM and ABC add up each client's revenue: with the revenue in the index, one ordered index
-- scan does it, with no table lookups and no sort. It serves every (client_id, opened_on) lookup
-- the index it replaces did.
CREATE INDEX repair_orders_client_revenue ON repair_orders(client_id, opened_on, revenue_cents);
DROP INDEX repair_orders_client;

CREATE TABLE workshop_days (
    year INTEGER PRIMARY KEY,
    days_open INTEGER NOT NULL CHECK (days_open BETWEEN 1 AND 366),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now')),
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE market_averages (
    dimension TEXT NOT NULL CHECK (dimension IN ('age','mileage')),
    band TEXT NOT NULL,
    share_bp INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now')),
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (dimension, band)
);
"""


def m004_imports(conn: sqlite3.Connection) -> None:
    """Import runs: how far a file got, so a killed import resumes where it stopped."""
    run_script(conn, """
CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_key TEXT NOT NULL,
    user_login TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    records_done INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    reject_path TEXT NOT NULL DEFAULT '',
    reject_offset INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_runs_file ON import_runs(file_key, finished_at);
""")


def m005_search(conn: sqlite3.Connection) -> None:
    """Find before create: the search keys, their FTS5 trigram index, the queue that keeps them
    current whoever writes, confirmed homonyms, and merged clients."""
    run_script(conn, _SEARCH_SCHEMA)


# client_keys holds what Python computed from a client (folded, phonetic); lookup_keys the exact
# keys (tel:, mail:, plate:, vin:, ext:) several per client. Plain SQL cannot fold accents the
# way the query does, so triggers only queue the client in search_queue; store.search_index
# drains the queue (every store write does, and a search does before reading).
_SEARCH_SCHEMA = """
ALTER TABLE clients ADD COLUMN merged_into INTEGER REFERENCES clients(id);

CREATE TABLE client_keys (
    client_id INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    last_key TEXT NOT NULL,
    first_key TEXT NOT NULL,
    last_rev TEXT NOT NULL,
    last_phon TEXT NOT NULL,
    first_phon TEXT NOT NULL,
    birth_year INTEGER,
    postcode TEXT NOT NULL DEFAULT ''
);
CREATE INDEX client_keys_last ON client_keys(last_key, first_key);
CREATE INDEX client_keys_first ON client_keys(first_key, last_key);
CREATE INDEX client_keys_first_rev ON client_keys(first_key, last_rev);
CREATE INDEX client_keys_phon ON client_keys(last_phon, first_phon);

CREATE VIRTUAL TABLE client_fts USING fts5(
    name, content='client_keys', content_rowid='client_id', tokenize='trigram'
);

CREATE TABLE lookup_keys (
    key TEXT NOT NULL,
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    PRIMARY KEY (key, client_id)
) WITHOUT ROWID;
CREATE INDEX lookup_keys_client ON lookup_keys(client_id);

-- every first- and last-name key ever indexed (append-only; a stale one only costs a lookup): a
-- typo in a name is corrected against them before an exact index lookup.
CREATE TABLE first_name_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE last_name_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);

CREATE TABLE search_queue (client_id INTEGER PRIMARY KEY);

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    INSERT OR IGNORE INTO search_queue(client_id) VALUES (new.id);
END;
CREATE TRIGGER clients_search_update AFTER UPDATE OF
    last_name, first_name, company, phone, phone2, email, external_id, postcode, birth_year,
    anonymized_at, merged_into ON clients BEGIN
    INSERT OR IGNORE INTO search_queue(client_id) VALUES (new.id);
END;
CREATE TRIGGER clients_search_delete BEFORE DELETE ON clients BEGIN
    INSERT INTO client_fts(client_fts, rowid, name)
        SELECT 'delete', client_id, name FROM client_keys WHERE client_id = old.id;
    DELETE FROM client_keys WHERE client_id = old.id;
    DELETE FROM lookup_keys WHERE client_id = old.id;
    DELETE FROM search_queue WHERE client_id = old.id;
END;
CREATE TRIGGER vehicles_search_insert AFTER INSERT ON vehicles
    WHEN new.client_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO search_queue(client_id) VALUES (new.client_id);
END;
CREATE TRIGGER vehicles_search_update AFTER UPDATE OF plate, vin, client_id ON vehicles BEGIN
    INSERT OR IGNORE INTO search_queue(client_id)
        SELECT new.client_id WHERE new.client_id IS NOT NULL
        UNION SELECT old.client_id WHERE old.client_id IS NOT NULL;
END;
CREATE TRIGGER vehicles_search_delete AFTER DELETE ON vehicles
    WHEN old.client_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO search_queue(client_id) VALUES (old.client_id);
END;

CREATE TABLE homonyms (
    client_id INTEGER NOT NULL REFERENCES clients(id),
    other_id INTEGER NOT NULL REFERENCES clients(id),
    confirmed_by TEXT NOT NULL DEFAULT '',
    confirmed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now')),
    PRIMARY KEY (client_id, other_id),
    CHECK (client_id < other_id)
) WITHOUT ROWID;
"""


def m006_queue_index(conn: sqlite3.Connection) -> None:
    """The first page of the queue, its counts per tier and its overdue count read one index.

    Partial (only what can be called: open or snoozed) and covering for the counts, in the
    queue's order (tier, due date) behind the held/callable split, so that the first page is a
    range read whatever the size of the file; it replaces reminders(status, tier, due_on), whose
    order the status OR-condition of the queue could not use. Claims get a small partial index:
    closing the app gives back its claims without scanning every reminder.
    """
    run_script(conn, """
CREATE INDEX reminders_callable ON reminders(held_reason, tier, due_on, status, snoozed_until)
    WHERE status IN ('open', 'snoozed');
DROP INDEX reminders_queue;
CREATE INDEX reminders_claimed ON reminders(claimed_by) WHERE claimed_by IS NOT NULL;
""")


def m007_lighter_reminders(conn: sqlite3.Connection) -> None:
    """Fewer index entries per reminder the engine raises, contacts found by reminder, and
    financings by the engine's own mid-contract day.

    The engine no longer reads reminders by (rule, occurrence): its insert is keyed by the
    unique occurrence key. The owner's queue and the expiry read only what can be called, so
    their indexes become partial, in the queue's order behind the held/callable split, and the
    reminders raised already expired cost them nothing. Deleting a reminder (erasure, merge)
    checked every contact for a reference to it: now an index probe.
    """
    run_script(conn, """
DROP INDEX reminders_rule_occurrence;
DROP INDEX reminders_validity;
CREATE INDEX reminders_validity ON reminders(valid_until) WHERE status IN ('open', 'snoozed');
DROP INDEX reminders_assigned;
CREATE INDEX reminders_assigned ON reminders(assigned_user_id, held_reason, tier, due_on)
    WHERE status IN ('open', 'snoozed');
CREATE INDEX contacts_reminder ON contacts(reminder_id) WHERE reminder_id IS NOT NULL;
DROP INDEX financings_middle;
""")
    # the mid-contract day as the engine counts it (store.facts: add_months_sql), months
    # clamped: 31 August + 6 months is 28 February, where SQLite's '+6 months' gives 3 March
    run_script(conn, """
CREATE INDEX financings_middle ON financings(min(
    date(date(start_on, 'start of month', (duration_months / 2) || ' months'),
         (CAST(strftime('%d', start_on) AS INTEGER) - 1) || ' days'),
    date(date(start_on, 'start of month', (duration_months / 2) || ' months'), '+1 month', '-1 day')));
""")


def m008_deferred_indexes(conn: sqlite3.Connection) -> None:
    """The indexes a large import sets aside while it fills their table (store.deferred_indexes):
    their definitions, so that a killed import's are built again."""
    run_script(conn, """
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    sql TEXT NOT NULL
);
""")


FINANCINGS_CLIENT = "CREATE INDEX financings_client ON financings(client_id, status, end_on)"


def m009_financings_client_covering(conn: sqlite3.Connection) -> None:
    """A client's contracts indexed with their status and end: « has an ongoing contract », which
    the engine asks of every phone reminder of a consumer whose consent is unknown, reads the
    index alone instead of each contract's row (a full run over a million clients: 13.3 s ->
    12.4 s, medians of three). Queries by client alone read the same index by its first column.

    An import that has the table's indexes aside (store.deferred_indexes) finds this one built
    when it ends, and leaves it: it builds only those missing.
    """
    run_script(conn, f"DROP INDEX IF EXISTS financings_client;\n{FINANCINGS_CLIENT};\n")


MIGRATIONS: list[Migration] = [
    m001_initial, m002_rule_indexes, m003_reports, m004_imports, m005_search, m006_queue_index,
    m007_lighter_reminders,
    m008_deferred_indexes,
    m009_financings_client_covering,
]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The number of the last migration applied to this database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations this database lacks, each in its own transaction; return their numbers."""
    applied: list[int] = []
    if schema_version(conn) >= LATEST_VERSION:
        return applied  # the common case takes no lock: fifty sessions open the same file
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)  # read under the write lock: two sessions may race
            if current >= LATEST_VERSION:
                conn.execute("ROLLBACK")
                return applied
            number = current + 1
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version={number}")
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(number)
