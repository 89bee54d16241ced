"""Writing the breakdown out: the official Excel attachment (and later PDF)."""
