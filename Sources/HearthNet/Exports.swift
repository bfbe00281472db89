// Peer addresses, change keys and the mesh's settings are part of this module's API.
@_exported import HearthMachines
