"""Field-key management across every domain: re-encrypting personal data under a new key."""
