namespace DicomAiNode.Storage;

/// <summary>
/// The database schema as an ordered list of migrations; <c>PRAGMA user_version</c> records the last one applied.
/// Never edit a released migration: append a new one. Times are UTC milliseconds since the Unix epoch.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE studies (
                study_instance_uid TEXT PRIMARY KEY,
                state              TEXT NOT NULL CHECK (state IN ('receiving','ready','processing','done','failed')),
                calling_ae         TEXT NOT NULL,
                first_received_at  INTEGER NOT NULL,
                last_received_at   INTEGER NOT NULL,
                ready_at           INTEGER,
                processed_at       INTEGER,
                rerun_requested    INTEGER NOT NULL DEFAULT 0,
                late_instances     INTEGER NOT NULL DEFAULT 0,
                error              TEXT
            );
            CREATE INDEX studies_by_state ON studies (state, last_received_at);

            CREATE TABLE series (
                series_instance_uid TEXT PRIMARY KEY,
                study_instance_uid  TEXT NOT NULL REFERENCES studies (study_instance_uid),
                instance_count      INTEGER NOT NULL,
                first_received_at   INTEGER NOT NULL,
                last_received_at    INTEGER NOT NULL,
                processed_through   INTEGER
            );
            CREATE INDEX series_by_study ON series (study_instance_uid);

            CREATE TABLE instances (
                sop_instance_uid    TEXT PRIMARY KEY,
                sop_class_uid       TEXT NOT NULL,
                study_instance_uid  TEXT NOT NULL REFERENCES studies (study_instance_uid),
                series_instance_uid TEXT NOT NULL REFERENCES series (series_instance_uid),
                path                TEXT NOT NULL,
                size                INTEGER NOT NULL,
                calling_ae          TEXT NOT NULL,
                received_at         INTEGER NOT NULL,
                transfer_syntax_uid TEXT NOT NULL
            );
            CREATE INDEX instances_by_series ON instances (series_instance_uid);
            CREATE INDEX instances_by_study ON instances (study_instance_uid);

            CREATE TABLE jobs (
                id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                study_instance_uid  TEXT NOT NULL REFERENCES studies (study_instance_uid),
                series_instance_uid TEXT NOT NULL REFERENCES series (series_instance_uid),
                rule_name           TEXT NOT NULL,
                state               TEXT NOT NULL CHECK (state IN ('pending','running','done','failed')),
                attempts            INTEGER NOT NULL DEFAULT 0,
                error               TEXT,
                created_at          INTEGER NOT NULL,
                updated_at          INTEGER NOT NULL,
                UNIQUE (series_instance_uid, rule_name)
            );
            CREATE INDEX jobs_by_state ON jobs (state, id);

            CREATE TABLE outbox (
                id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                job_id              INTEGER REFERENCES jobs (id),
                study_instance_uid  TEXT NOT NULL,
                destination_ae      TEXT NOT NULL,
                file_path           TEXT NOT NULL,
                sop_instance_uid    TEXT NOT NULL,
                state               TEXT NOT NULL CHECK (state IN ('pending','sending','delivered','dead','discarded')),
                attempts            INTEGER NOT NULL DEFAULT 0,
                next_attempt_at     INTEGER NOT NULL,
                last_error          TEXT,
                created_at          INTEGER NOT NULL,
                updated_at          INTEGER NOT NULL,
                delivered_at        INTEGER,
                UNIQUE (destination_ae, sop_instance_uid)
            );
            CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
            """),
        // Retention: the purge looks up a study's jobs and outbox entries, and checks that a spool file about to be
        // deleted is not the file of an instance received again meanwhile. file_deletions is the purge's journal: the
        // files of a purged study, deleted after the commit that removed its rows (a crash in between leaves the
        // journal for the next check, neither rows pointing at missing files nor orphaned files).
        (2, """
            CREATE INDEX jobs_by_study ON jobs (study_instance_uid);
            CREATE INDEX outbox_by_study ON outbox (study_instance_uid);
            CREATE INDEX instances_by_path ON instances (path);

            CREATE TABLE file_deletions (
                id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                study_instance_uid TEXT NOT NULL,
                path               TEXT NOT NULL,
                kind               TEXT NOT NULL CHECK (kind IN ('spool','results')),
                queued_at          INTEGER NOT NULL
            );
            """),
    ];

    public static int Latest => All[^1].Version;
}
