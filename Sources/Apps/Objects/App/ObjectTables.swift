import HearthStore

/// The CRDT objects' tables: each object's materialised state (read when used, never rebuilt
/// from the log) and, per author, the last counter it used and its latest change on the object.
enum ObjectTables {
    static let migrations = [
        StoreMigration(
            "1: objects and their authors",
            sql: """
                CREATE TABLE crdt_object (
                    object BLOB NOT NULL, kind TEXT NOT NULL,
                    creator BLOB, creator_seq INTEGER, creator_index INTEGER, title TEXT, created_hlc INTEGER,
                    state BLOB NOT NULL, waiting BLOB NOT NULL, ops INTEGER NOT NULL, last_hlc INTEGER NOT NULL,
                    PRIMARY KEY (object, kind)
                ) WITHOUT ROWID;
                CREATE INDEX crdt_object_by_creation ON crdt_object (created_hlc) WHERE creator IS NOT NULL;
                CREATE TABLE crdt_author (
                    object BLOB NOT NULL, kind TEXT NOT NULL, author BLOB NOT NULL,
                    counter INTEGER NOT NULL, seq INTEGER NOT NULL,
                    PRIMARY KEY (object, kind, author)
                ) WITHOUT ROWID;
                """)
    ]
}
