"""The server's tables, as numbered migrations: ``db init`` applies them all, ``db migrate``
those a server lacks, each in its own transaction with the version it brings.

Everything lives in the ``annotator`` schema of the project's database. A server whose schema
is newer than this program knows is refused: an older annotator would write rows the newer
one does not expect.
"""

from __future__ import annotations

import psycopg

from annotator.problems import UserError

# Taken by a migration for its transaction, so two `db migrate` at once run one after the other.
_MIGRATION_LOCK = 0x616E6E6F  # "anno"


# One change in: stored once (by its change id), ordered by the sequence; the latest arrival
# becomes the head, and a head from another client that the sender had not seen (its seq is
# above p_seen, the server's last seq when the sender last read from it) is reported as a
# conflict, its change kept in the history. Migrations 1 and 4 both write it (4 without the
# NOTIFY 1 sent): one definition, so the two can never drift apart but in that line.
def _submit(create: str, after: str) -> str:
    return f"""
{create} FUNCTION annotator.submit(p_change text, p_journal text, p_doc_id text, p_client text,
                                 p_seen bigint, p_record jsonb, p_text text)
RETURNS TABLE (seq bigint, superseded bigint, fresh boolean)
LANGUAGE plpgsql AS $$
DECLARE
    new_seq bigint;
    old annotator.heads%ROWTYPE;
    doc_hash text;
    own_text text;
    lost bigint;
BEGIN
    SELECT d.text_hash INTO doc_hash FROM annotator.documents d WHERE d.doc_id = p_doc_id;
    IF doc_hash IS DISTINCT FROM p_record->>'text_hash' THEN
        own_text := coalesce(p_text, (
            SELECT c.text FROM annotator.changes c
            WHERE c.journal = p_journal AND c.doc_id = p_doc_id AND c.text IS NOT NULL
              AND c.record->>'text_hash' = p_record->>'text_hash'
            ORDER BY c.seq DESC LIMIT 1));
    END IF;
    INSERT INTO annotator.changes AS c (change, journal, doc_id, client, record, text)
    VALUES (p_change, p_journal, p_doc_id, p_client, p_record, own_text)
    ON CONFLICT (change) DO NOTHING
    RETURNING c.seq INTO new_seq;
    IF new_seq IS NULL THEN  -- sent before: stored once
        RETURN QUERY
            SELECT c.seq, NULL::bigint, false FROM annotator.changes c WHERE c.change = p_change;
        RETURN;
    END IF;
    SELECT * INTO old FROM annotator.heads h
    WHERE h.journal = p_journal AND h.doc_id = p_doc_id FOR UPDATE;
    IF FOUND THEN
        IF old.seq < new_seq THEN
            IF old.client <> p_client AND old.seq > p_seen THEN
                INSERT INTO annotator.conflicts VALUES (p_journal, p_doc_id, new_seq, old.seq);
                lost := old.seq;
            END IF;
            UPDATE annotator.heads h
            SET seq = new_seq, change = p_change, client = p_client,
                status = p_record->>'status', record = p_record, text = own_text
            WHERE h.journal = p_journal AND h.doc_id = p_doc_id;
        END IF;
    ELSE
        INSERT INTO annotator.heads AS h
        VALUES (p_journal, p_doc_id, new_seq, p_change, p_client, p_record->>'status',
                p_record, own_text)
        ON CONFLICT (journal, doc_id) DO UPDATE
        SET seq = excluded.seq, change = excluded.change, client = excluded.client,
            status = excluded.status, record = excluded.record, text = excluded.text
        WHERE h.seq < excluded.seq;
    END IF;
{after}    RETURN QUERY SELECT new_seq, lost, true;
END
$$;
"""


_TABLES = """
CREATE SCHEMA annotator;
CREATE TABLE annotator.schema_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                                       version integer NOT NULL);
-- The project file's settings (labels, routing) as the program reads them.
CREATE TABLE annotator.settings (key text PRIMARY KEY, value jsonb NOT NULL);
-- The corpus: every text as loaded (never normalised), in corpus order.
CREATE TABLE annotator.documents (
    doc_id text PRIMARY KEY,
    position integer NOT NULL,
    text text NOT NULL,
    text_hash text NOT NULL,
    meta jsonb NOT NULL DEFAULT '{}'
);
-- Every change ever received, in the order the server received them (seq): the history.
CREATE TABLE annotator.changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    change text NOT NULL UNIQUE,
    journal text NOT NULL,
    doc_id text NOT NULL,
    writer text NOT NULL DEFAULT session_user,
    client text NOT NULL,
    record jsonb NOT NULL,
    -- the record's text, only when it is not the document's (a record made before drift)
    text text,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX changes_by_document ON annotator.changes (journal, doc_id, seq);
-- The latest change of each journal's document: what the journal's reader would load.
CREATE TABLE annotator.heads (
    journal text NOT NULL,
    doc_id text NOT NULL,
    seq bigint NOT NULL,
    change text NOT NULL,
    client text NOT NULL,
    status text NOT NULL,
    record jsonb NOT NULL,
    text text,
    PRIMARY KEY (journal, doc_id)
);
-- A change that replaced one made on another machine its sender had not seen.
CREATE TABLE annotator.conflicts (
    journal text NOT NULL,
    doc_id text NOT NULL,
    kept bigint NOT NULL,
    superseded bigint NOT NULL,
    PRIMARY KEY (journal, doc_id, superseded)
);

""" + _submit("CREATE", "    PERFORM pg_notify('annotator_changes', p_journal);\n")

# Who may write what, enforced by the server: every person logs in as their own role (the
# annotator name is the role: session_user), a member of annotator_member; leads are also
# members of annotator_lead. Everyone reads what routing, progress and training need; a role
# writes only its own journal's rows, and only a lead writes gold. The roles belong to the
# cluster, so they are made only when missing.
_WHO_WRITES = """
DO $$ BEGIN
    CREATE ROLE annotator_member NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
    CREATE ROLE annotator_lead NOLOGIN IN ROLE annotator_member;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
CREATE FUNCTION annotator.may_write(journal text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN journal = 'gold'
                THEN pg_has_role(session_user, 'annotator_lead', 'MEMBER')
                ELSE journal = session_user END
$$;
GRANT USAGE ON SCHEMA annotator TO annotator_member;
GRANT SELECT ON ALL TABLES IN SCHEMA annotator TO annotator_member;
GRANT INSERT ON annotator.changes, annotator.conflicts TO annotator_member;
GRANT INSERT, UPDATE ON annotator.heads TO annotator_member;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA annotator TO annotator_member;
ALTER TABLE annotator.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE annotator.heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE annotator.conflicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON annotator.changes FOR SELECT USING (true);
CREATE POLICY own_rows ON annotator.changes FOR INSERT
    WITH CHECK (annotator.may_write(journal) AND writer = session_user);
CREATE POLICY everyone_reads ON annotator.heads FOR SELECT USING (true);
CREATE POLICY own_rows ON annotator.heads FOR INSERT WITH CHECK (annotator.may_write(journal));
CREATE POLICY own_rows_change ON annotator.heads FOR UPDATE
    USING (annotator.may_write(journal)) WITH CHECK (annotator.may_write(journal));
CREATE POLICY everyone_reads ON annotator.conflicts FOR SELECT USING (true);
CREATE POLICY own_rows ON annotator.conflicts FOR INSERT
    WITH CHECK (annotator.may_write(journal));
"""

# Both versions of annotator.report share their signature and their first step: the lease
# setting read, and the document's routing row locked so that reports on it run one at a time.
_REPORT_SIGNATURE = """\
CREATE FUNCTION annotator.report(p_annotator text, p_doc_id text, p_status text,
                                 p_seconds double precision, p_now double precision)
"""
_REPORT_LOCK = """    SELECT value::double precision INTO lease
    FROM annotator.routing_meta WHERE key = 'lease_seconds';
    PERFORM 1 FROM annotator.routing r WHERE r.doc_id = p_doc_id FOR UPDATE;
"""

# What a report does to the routing, in both versions of annotator.report (migrations 3 and 4,
# which differ only in what they return and notify): the annotator's work on the document
# marked (lease, status, time; done or not), and the document's count of finished work with
# its place in the review queue moved when that changed.
_REPORT_WORK = """
    INSERT INTO annotator.work AS w
        (doc_id, annotator, routed_at, lease_until, touched, status, seconds, done_at)
    VALUES (p_doc_id, p_annotator, p_now,
            CASE WHEN finished THEN NULL ELSE p_now + coalesce(lease, 1800) END,
            true, p_status, p_seconds, CASE WHEN finished THEN p_now END)
    ON CONFLICT (doc_id, annotator) DO UPDATE SET
        lease_until = excluded.lease_until, touched = true, status = excluded.status,
        seconds = excluded.seconds,
        done_at = CASE WHEN excluded.done_at IS NULL THEN NULL
                       ELSE coalesce(w.done_at, excluded.done_at) END;
    IF finished <> was_done THEN
        UPDATE annotator.routing r SET done = r.done + CASE WHEN finished THEN 1 ELSE -1 END
        WHERE r.doc_id = p_doc_id;
        UPDATE annotator.routing r SET ready_at = p_now
        WHERE r.doc_id = p_doc_id AND r.done >= r.need AND r.ready_at IS NULL;
        UPDATE annotator.routing r SET ready_at = NULL
        WHERE r.doc_id = p_doc_id AND r.done < r.need;
    END IF;
"""

# Routing on the server (annotator.team.store's TeamStore): documents handed out with overlap
# and leases. A claim locks the document's row (FOR UPDATE SKIP LOCKED), so claims from many
# machines never wait on each other nor take the same slot twice. Times are the clients'
# clocks in seconds (leases are the routing's, not an order of changes: that is the sequence).
# A change that arrives is reported to routing by submit itself: work that arrives late (a
# lease lapsed while its holder was offline) still counts.
_ROUTING = (
    """
CREATE TABLE annotator.routing_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE annotator.team (
    name text PRIMARY KEY,
    position integer NOT NULL,
    active boolean NOT NULL DEFAULT true
);
CREATE TABLE annotator.routing (
    doc_id text PRIMARY KEY,
    position integer NOT NULL,
    need integer NOT NULL,
    shuffle bigint NOT NULL,
    priority double precision,
    active boolean NOT NULL DEFAULT true,
    done integer NOT NULL DEFAULT 0,
    ready_at double precision,
    reviewed_by text,
    reviewed_at double precision
);
CREATE INDEX routing_open ON annotator.routing (position) WHERE done < need;
CREATE INDEX routing_ready ON annotator.routing (ready_at, position)
    WHERE ready_at IS NOT NULL AND reviewed_by IS NULL;
CREATE TABLE annotator.work (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id text NOT NULL,
    annotator text NOT NULL,
    routed_at double precision NOT NULL,
    lease_until double precision,
    touched boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'new',
    seconds double precision NOT NULL DEFAULT 0,
    done_at double precision,
    UNIQUE (doc_id, annotator)
);
CREATE INDEX work_of ON annotator.work (annotator);

"""
    + _REPORT_SIGNATURE
    + """RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    finished boolean := p_status IN ('accepted', 'flagged', 'rejected');
    was_done boolean;
    lease double precision;
BEGIN
"""
    + _REPORT_LOCK
    + """    SELECT w.done_at IS NOT NULL INTO was_done
    FROM annotator.work w WHERE w.doc_id = p_doc_id AND w.annotator = p_annotator;
    was_done := coalesce(was_done, false);
"""
    + _REPORT_WORK
    + """    PERFORM pg_notify('annotator_progress', p_doc_id);
END
$$;

CREATE FUNCTION annotator.mark_reviewed(p_reviewer text, p_doc_id text, p_now double precision)
RETURNS void LANGUAGE sql AS $$
    UPDATE annotator.routing SET reviewed_by = p_reviewer, reviewed_at = p_now
    WHERE doc_id = p_doc_id;
    SELECT pg_notify('annotator_progress', p_doc_id);
$$;

CREATE FUNCTION annotator.submit(p_change text, p_journal text, p_doc_id text, p_client text,
                                 p_seen bigint, p_record jsonb, p_text text,
                                 p_now double precision)
RETURNS TABLE (seq bigint, superseded bigint, fresh boolean)
LANGUAGE plpgsql AS $$
DECLARE
    answer record;
BEGIN
    SELECT * INTO answer  -- the first version of submit: store the change, move the head
    FROM annotator.submit(p_change, p_journal, p_doc_id, p_client, p_seen, p_record, p_text);
    IF answer.fresh AND EXISTS (SELECT 1 FROM annotator.routing r WHERE r.doc_id = p_doc_id)
       AND EXISTS (SELECT 1 FROM annotator.heads h
                   WHERE h.journal = p_journal AND h.doc_id = p_doc_id AND h.change = p_change)
    THEN
        IF p_journal <> 'gold' THEN
            PERFORM annotator.report(p_journal, p_doc_id, p_record->>'status',
                                     coalesce((p_record->>'seconds')::double precision, 0), p_now);
        ELSIF p_record->>'status' IN ('accepted', 'flagged', 'rejected') THEN
            PERFORM annotator.mark_reviewed(p_record->>'annotator', p_doc_id, p_now);
        END IF;
    END IF;
    RETURN QUERY SELECT answer.seq, answer.superseded, answer.fresh;
END
$$;

GRANT SELECT, INSERT, UPDATE ON annotator.routing_meta, annotator.team, annotator.routing,
    annotator.work TO annotator_member;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA annotator TO annotator_member;
ALTER TABLE annotator.work ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON annotator.work FOR SELECT USING (true);
CREATE POLICY own_rows ON annotator.work FOR INSERT WITH CHECK (annotator.may_write(annotator));
CREATE POLICY own_rows_change ON annotator.work FOR UPDATE
    USING (annotator.may_write(annotator) OR pg_has_role(session_user, 'annotator_lead', 'MEMBER'));
"""
)

# A change in one round trip, and no NOTIFY in a durable transaction. Every NOTIFY takes one
# lock for the whole cluster from before its transaction's commit is written to disk until it
# ends, so transactions that notify commit one after another, each waiting for its own flush.
# Nothing here notifies any more: submit no longer notifies each change (nobody listened to
# annotator_changes), report and mark_reviewed say whether the figures moved (a document
# finished or unfinished, touched the first time) and the client notifies after the commit
# (team/postgres/notify.py). submit_batch stores a batch in one statement: one round trip and
# one commit per batch, not three.
_ONE_TRIP = (
    _submit("CREATE OR REPLACE", "")
    + """

DROP FUNCTION annotator.report(text, text, text, double precision, double precision);
"""
    + _REPORT_SIGNATURE
    + """RETURNS boolean LANGUAGE plpgsql AS $$  -- whether the figures moved
DECLARE
    finished boolean := p_status IN ('accepted', 'flagged', 'rejected');
    was_done boolean;
    was_touched boolean;
    lease double precision;
BEGIN
"""
    + _REPORT_LOCK
    + """    SELECT w.done_at IS NOT NULL, w.touched INTO was_done, was_touched
    FROM annotator.work w WHERE w.doc_id = p_doc_id AND w.annotator = p_annotator;
    was_done := coalesce(was_done, false);
    was_touched := coalesce(was_touched, false);
"""
    + _REPORT_WORK
    + """    RETURN finished <> was_done OR NOT was_touched;
END
$$;

CREATE FUNCTION annotator.submit_batch(p_journal text, p_client text, p_seen bigint,
                                       p_now double precision, p_changes text[],
                                       p_docs text[], p_records jsonb[], p_texts text[])
RETURNS TABLE (superseded bigint, fresh boolean, moved boolean)
LANGUAGE plpgsql AS $$
DECLARE
    answer record;
    rec jsonb;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_changes, 1), 0) LOOP  -- in the journal's order
        rec := p_records[i];
        SELECT * INTO answer FROM annotator.submit(p_changes[i], p_journal, p_docs[i], p_client,
                                                   p_seen, rec, p_texts[i]);
        superseded := answer.superseded;
        fresh := answer.fresh;
        moved := false;
        -- A change that arrives is reported to routing (late work still counts), as the
        -- routing's submit did.
        IF answer.fresh AND EXISTS (SELECT 1 FROM annotator.routing r WHERE r.doc_id = p_docs[i])
           AND EXISTS (SELECT 1 FROM annotator.heads h WHERE h.journal = p_journal
                       AND h.doc_id = p_docs[i] AND h.change = p_changes[i])
        THEN
            IF p_journal <> 'gold' THEN
                moved := annotator.report(p_journal, p_docs[i], rec->>'status',
                                          coalesce((rec->>'seconds')::double precision, 0),
                                          p_now);
            ELSIF rec->>'status' IN ('accepted', 'flagged', 'rejected') THEN
                UPDATE annotator.routing r SET reviewed_by = rec->>'annotator',
                       reviewed_at = p_now WHERE r.doc_id = p_docs[i];
                moved := true;
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
CREATE OR REPLACE FUNCTION annotator.mark_reviewed(p_reviewer text, p_doc_id text,
                                                   p_now double precision)
RETURNS void LANGUAGE sql AS $$
    UPDATE annotator.routing SET reviewed_by = p_reviewer, reviewed_at = p_now
    WHERE doc_id = p_doc_id;
$$;
GRANT EXECUTE ON FUNCTION annotator.submit_batch, annotator.report TO annotator_member;
"""
)

# A claim in one statement: one round trip and one commit instead of seven round trips (with 8
# annotators on 2 cores each round trip waits for the CPU: 1 ms median, 10 ms p99). The same
# steps as the client took them: the annotator must be in the team; claims of one annotator
# wait for each other (their quota); the first open row in the routing's order that no other
# claim holds is locked (FOR UPDATE SKIP LOCKED), and checked again in a fresh snapshot once
# held (each statement of a volatile function takes one), so a document is never handed to
# more annotators than it needs. outcome: 'claimed'; 'none' (nothing left for them, or their
# quota reached); 'busy' (only rows other claims hold are open: ask again shortly, as one of
# those may leave room); 'not in team'.
_CLAIM = """
CREATE FUNCTION annotator.claim(p_annotator text, p_now double precision,
                                p_lease double precision, p_quota integer, p_order text)
RETURNS TABLE (claimed text, outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    open_for constant text := $q$
        d.active AND d.done < d.need
        AND NOT EXISTS (SELECT 1 FROM annotator.work w
                        WHERE w.doc_id = d.doc_id AND w.annotator = $1)
        AND d.done + (SELECT count(*) FROM annotator.work w WHERE w.doc_id = d.doc_id
                      AND w.done_at IS NULL AND w.lease_until > $2) < d.need
        AND d.doc_id <> ALL($3)$q$;
    ordering constant text := CASE p_order
        WHEN 'corpus' THEN 'd.position'
        WHEN 'shuffle' THEN 'd.shuffle, d.position'
        WHEN 'uncertain' THEN 'd.priority IS NULL, d.priority DESC, d.position' END;
    passed text[] := '{}';
    picked text;
    still boolean;
BEGIN
    IF ordering IS NULL THEN
        RAISE EXCEPTION 'no such order of handing out: %', p_order USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM annotator.team t WHERE t.name = p_annotator AND t.active) THEN
        RETURN QUERY SELECT NULL::text, 'not in team'::text;
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('claim ' || p_annotator));
    IF p_quota IS NOT NULL AND (SELECT count(*) FROM annotator.work w
                                WHERE w.annotator = p_annotator
                                AND (w.done_at IS NOT NULL OR w.lease_until > p_now)) >= p_quota
    THEN
        RETURN QUERY SELECT NULL::text, 'none'::text;
        RETURN;
    END IF;
    LOOP
        -- Rows another claim holds are skipped, not waited for.
        EXECUTE 'SELECT d.doc_id FROM annotator.routing d WHERE ' || open_for
                || ' ORDER BY ' || ordering || ' LIMIT 1 FOR UPDATE OF d SKIP LOCKED'
            INTO picked USING p_annotator, p_now, passed;
        IF picked IS NULL THEN
            EXECUTE 'SELECT d.doc_id FROM annotator.routing d WHERE ' || open_for || ' LIMIT 1'
                INTO picked USING p_annotator, p_now, passed;
            RETURN QUERY SELECT NULL::text,
                CASE WHEN picked IS NULL THEN 'none' ELSE 'busy' END::text;
            RETURN;
        END IF;
        -- Held now: a new snapshot sees every claim of it that committed before.
        EXECUTE 'SELECT true FROM annotator.routing d WHERE d.doc_id = $4 AND ' || open_for
            INTO still USING p_annotator, p_now, passed, picked;
        EXIT WHEN still;  -- (EXECUTE leaves FOUND as it was)
        passed := passed || picked;
    END LOOP;
    INSERT INTO annotator.work (doc_id, annotator, routed_at, lease_until)
    VALUES (picked, p_annotator, p_now, p_now + p_lease);
    RETURN QUERY SELECT picked, 'claimed'::text;
END
$$;
GRANT EXECUTE ON FUNCTION annotator.claim TO annotator_member;
"""

# (version, what it brings, SQL); append only: a released migration is never edited.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "documents, changes and their heads", _TABLES),
    (2, "who may write what (row-level security)", _WHO_WRITES),
    (3, "routing: documents handed out with overlap and leases", _ROUTING),
    (4, "a change in one round trip; no NOTIFY inside a durable commit", _ONE_TRIP),
    (5, "a claim in one round trip", _CLAIM),
)
LATEST = MIGRATIONS[-1][0]


def server_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The schema version on the server; 0 for a database without annotator's tables."""
    found = conn.execute("SELECT to_regclass('annotator.schema_version')").fetchone()
    if found is None or found[0] is None:
        return 0
    row = conn.execute("SELECT version FROM annotator.schema_version").fetchone()
    return int(str(row[0])) if row else 0


def _refuse_newer(version: int) -> None:
    if version > LATEST:
        raise UserError(
            f"the server's schema is version {version}, newer than this annotator knows "
            f"({LATEST}); upgrade annotator on this machine (pip install -U annotator)"
        )


def check_current(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """UserError unless the server holds exactly the schema this program writes."""
    version = server_version(conn)
    _refuse_newer(version)
    if version == 0:
        raise UserError("the server holds no annotator project yet; run `annotator db init`")
    if version < LATEST:
        raise UserError(
            f"the server's schema is version {version}; this annotator writes {LATEST}: "
            "run `annotator db migrate` (a lead, once)"
        )


def migrate(conn: psycopg.Connection[tuple[object, ...]], until: int = LATEST) -> list[str]:
    """Apply every migration the server lacks (up to ``until``), each in its own transaction;
    what was done."""
    done = []
    for version, what, sql in MIGRATIONS[:until]:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            current = server_version(conn)
            _refuse_newer(current)
            if current >= version:
                continue
            conn.execute(sql)
            conn.execute(
                "INSERT INTO annotator.schema_version (version) VALUES (%s) "
                "ON CONFLICT (only_row) DO UPDATE SET version = excluded.version",
                (version,),
            )
            done.append(f"schema {version}: {what}")
    return done
