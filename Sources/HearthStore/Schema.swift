/// The SQL of each migration, in order. A released migration is never edited; add a new one.
enum Schema {
    static let version1 = """
        CREATE TABLE change (
            author BLOB NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL,
            body BLOB NOT NULL, signature BLOB NOT NULL,
            PRIMARY KEY (author, seq)
        ) WITHOUT ROWID;
        CREATE TABLE head (author BLOB PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE profile (
            author BLOB PRIMARY KEY, display_name TEXT NOT NULL, hlc INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE channel (
            name TEXT PRIMARY KEY, topic TEXT NOT NULL, topic_hlc INTEGER NOT NULL,
            topic_author BLOB NOT NULL, created_hlc INTEGER NOT NULL,
            creator BLOB NOT NULL, creator_seq INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE message (
            author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
            channel TEXT NOT NULL, hlc INTEGER NOT NULL, text TEXT NOT NULL,
            reply_author BLOB, reply_seq INTEGER, reply_idx INTEGER,
            root_author BLOB, root_seq INTEGER, root_idx INTEGER,
            reply_count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (author, seq, idx)
        ) WITHOUT ROWID;
        CREATE INDEX message_by_channel ON message (channel, hlc, author, seq, idx);
        CREATE INDEX message_by_root ON message (root_author, root_seq, root_idx)
            WHERE root_author IS NOT NULL;
        CREATE INDEX message_by_seq ON message (seq, idx);
        CREATE TABLE peer (
            node_id BLOB PRIMARY KEY, display_name TEXT NOT NULL, address TEXT NOT NULL,
            last_seen REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """
}
