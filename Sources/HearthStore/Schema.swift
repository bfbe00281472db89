/// The SQL of the core's migrations, in order. A released migration is never edited; add a new one.
/// Apps bring their own tables (`StoreMigration`), applied after these.
enum Schema {
    /// The first migration of protocol 1's databases: a file that has it holds changes this
    /// version cannot read (`HearthStore.init` refuses it).
    static let protocolOneMigration = "v1: op log, chat, peers, settings"

    static let core = [
        (
            "core 1: change log, heads, payloads, deferred ops",
            """
            CREATE TABLE change (
                author BLOB NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL,
                body BLOB NOT NULL, signature BLOB NOT NULL,
                PRIMARY KEY (author, seq)
            ) WITHOUT ROWID;
            CREATE TABLE head (author BLOB PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
            -- The payload of op (author, seq, idx); data NULL once redacted.
            CREATE TABLE payload (
                author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB,
                PRIMARY KEY (author, seq, idx)
            ) WITHOUT ROWID;
            -- Ops of kinds no registered app knew when they were applied, in the order they were.
            CREATE TABLE deferred_op (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, kind TEXT NOT NULL
            );
            CREATE INDEX deferred_op_by_kind ON deferred_op (kind, position);
            """
        ),
        (
            "core 2: node state",
            """
            -- Facts about this node's own use of the database: the identity that writes it, and
            -- whether it has learnt its own log from peers (Protocol/sync.md, "A node's own log").
            CREATE TABLE node_state (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
            """
        ),
        (
            "core 3: deferred ops by key",
            """
            -- An app asks whether an op it needs was deferred (it then defers the op that needs it).
            CREATE INDEX deferred_op_by_key ON deferred_op (author, seq, idx);
            """
        ),
        (
            "core 4: heads read from the change log",
            """
            -- Each author's head is its highest seq in `change` (a change goes in only after its
            -- author's previous one); a table of heads cost every commit one more page in the WAL.
            DROP TABLE head;
            """
        ),
    ]
}
