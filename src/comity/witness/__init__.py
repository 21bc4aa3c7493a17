"""Witnesses: member states' servers that cosign the ledger's checkpoints only when shown that
the ledger grew by appending (C2SP ``tlog-witness``), the organisation's policy of how many must
cosign (C2SP ``tlog-policy``), publishing, auditing, and offline proofs (C2SP ``tlog-proof``).

No witness trusts the secretariat: each keeps, in its own small database, the last checkpoint it
cosigned for the ledger, and cosigns a new one only with a consistency proof from that one. An
operator who rewrites a row and signs a fresh checkpoint with the log's key gets no cosignature,
so nothing is published, and ``comity audit`` shows the two signed checkpoints as evidence.
"""
