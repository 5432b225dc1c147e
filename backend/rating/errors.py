"""Error codes the rating domain answers with. None yet: rating reads what is stored and a card
in force always exists (the province's is reference data, loaded by ``cic migrate``); the card
editor's validation errors will be listed here (tests/platform/test_error_codes.py keeps the
list equal to the codes raised)."""

ERROR_CODES: frozenset[str] = frozenset()
