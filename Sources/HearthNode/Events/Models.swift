/// The JSON shapes of the node's own API answers (status, peers) live in `HearthModels`, which the
/// CLI uses without linking the node; whoever imports the node sees them too.
@_exported import HearthModels
