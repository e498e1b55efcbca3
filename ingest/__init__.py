"""Files -> normalized text -> clause tree + tables -> facts -> index."""
